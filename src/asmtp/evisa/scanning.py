"""Finding e-Visa QR codes in a PDF or a picture, with a real decoder (zxing-cpp).

No Django here: the offline `asmtp evisa verify` command uses this module with nothing but the
published keys file. PDFs are rendered page by page with poppler's `pdftoppm` (Debian package
poppler-utils), so a scan or a re-saved copy works as well as the PDF the service issued.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

import zxingcpp
from PIL import Image

from asmtp.domain.evisa_token import PREFIX

MAX_PAGES = 3  # an e-Visa is one page; a few more allow a cover sheet
RENDER_DPI = 200
MAX_IMAGE_PIXELS = 40_000_000  # a 12-megapixel phone photo is well inside; a decompression bomb is not
PDFTOPPM_TIMEOUT_SECONDS = 30


class ScanError(Exception):
    """The file could not be read as a PDF or an image; `code` maps to a message."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


def tokens_in_image(image: Image.Image) -> list[str]:
    """The e-Visa tokens among the QR codes in one picture, in reading order."""
    found = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))
    return [barcode.text.strip() for barcode in found if barcode.text.strip().upper().startswith(PREFIX)]


def _open_image(content: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            previous, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, MAX_IMAGE_PIXELS
            image = Image.open(io.BytesIO(content))
            image.load()
            return image
        except (OSError, ValueError, Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise ScanError("unreadable_file", f"not a PDF or an image this service reads: {exc}") from exc
        finally:
            Image.MAX_IMAGE_PIXELS = previous


def pdf_page_images(content: bytes) -> list[Image.Image]:
    """The first pages of a PDF rendered to pictures."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise ScanError("no_pdf_renderer", "pdftoppm is not installed (Debian package poppler-utils)")
    with tempfile.TemporaryDirectory(prefix="evisa-scan-") as folder:
        source = Path(folder) / "upload.pdf"
        source.write_bytes(content)
        try:
            subprocess.run(  # noqa: S603 — a fixed program and arguments; the file is ours
                [pdftoppm, "-png", "-r", str(RENDER_DPI), "-f", "1", "-l", str(MAX_PAGES), str(source), str(Path(folder) / "page")],
                check=True,
                capture_output=True,
                timeout=PDFTOPPM_TIMEOUT_SECONDS,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise ScanError("unreadable_file", "the PDF could not be rendered") from exc
        images = []
        for page in sorted(Path(folder).glob("page*.png")):
            with Image.open(page) as picture:
                picture.load()
                images.append(picture.copy())
        return images


def tokens_in_file(content: bytes) -> list[str]:
    """Every e-Visa token in a PDF or image file, without repeats, in page order."""
    images = pdf_page_images(content) if content.startswith(b"%PDF-") else [_open_image(content)]
    tokens: list[str] = []
    for image in images:
        tokens.extend(token for token in tokens_in_image(image) if token not in tokens)
    return tokens
