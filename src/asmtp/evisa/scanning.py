"""Finding e-Visa QR codes in a PDF or a picture, with a real decoder (zxing-cpp).

No Django here: the offline `asmtp evisa verify` command uses this module with nothing but the
published keys file. PDFs are rendered page by page with poppler's `pdftoppm` (Debian package
poppler-utils), so a scan or a re-saved copy works as well as the PDF the service issued.

The verify page is public, so every step is bounded before it starts: a PDF is first read with
bounded work (`asmtp.security.pdf_structure`: encrypted, damaged or over-complex files and pages
past 1.2 metres are refused); its first pages are rendered in grey with their long side scaled to
a fixed number of pixels, whatever size the page claims, first small (an issued e-Visa decodes at
about 100 dpi) and only if no code is found a second time larger; `pdftoppm` runs under a CPU and
an address-space limit (`prlimit`) and a wall-clock timeout. An image's size is read from its
header before any pixel is decoded; a large JPEG is decoded at a reduced scale, anything else
past the pixel budget is refused.
"""

from __future__ import annotations

import io
import resource
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

import zxingcpp
from PIL import Image

from asmtp.domain.evisa_token import PREFIX
from asmtp.security.pdf_structure import PdfUnreadable, read_structure

MAX_PAGES = 3  # an e-Visa is one page; a few more allow a cover sheet
# The long side of a rendered page, in pixels: on A4, about 100 dpi and then about 200 dpi.
RENDER_LONG_SIDES = (1200, 2400)
MAX_PAGE_SIDE_POINTS = 3456  # 1.2 metres: larger than A0, and larger than any e-Visa print
MAX_IMAGE_PIXELS = 40_000_000  # what an image may claim in its header; more is refused unread
DECODE_PIXELS = 16_000_000  # what is decoded: a larger JPEG is decoded at 1/2, 1/4 or 1/8 scale
PDFTOPPM_CPU_SECONDS = 1  # an issued e-Visa renders in about a tenth of that
PDFTOPPM_MEMORY_BYTES = 256 * 1024 * 1024
PDFTOPPM_TIMEOUT_SECONDS = 5


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
    """The picture in grey, its size checked from the header before any pixel is decoded."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        previous, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, MAX_IMAGE_PIXELS
        try:
            # The header only; and only the formats the page offers (never EPS, which runs Ghostscript).
            image = Image.open(io.BytesIO(content), formats=["PNG", "JPEG"])
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ScanError("image_too_large", f"{width} x {height} pixels")
            if width * height > DECODE_PIXELS:
                if image.format != "JPEG":
                    raise ScanError("image_too_large", f"{width} x {height} pixels, not a JPEG")
                scale = 2
                while (width // scale) * (height // scale) > DECODE_PIXELS and scale < 8:
                    scale *= 2
                image.draft("L", (width // scale, height // scale))  # JPEG decodes at 1/scale directly
                if image.size[0] * image.size[1] > DECODE_PIXELS:
                    raise ScanError("image_too_large", f"{width} x {height} pixels")
            image.load()
            return image
        except ScanError:
            raise
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise ScanError("image_too_large", str(exc)) from exc
        except Exception as exc:  # Pillow raises many kinds on hostile input: each means unreadable
            raise ScanError("unreadable_file", f"not a PDF or an image this service reads: {exc!r}") from exc
        finally:
            Image.MAX_IMAGE_PIXELS = previous


def _check_pdf(content: bytes) -> None:
    try:
        structure = read_structure(content, first_pages=MAX_PAGES)
    except PdfUnreadable as unreadable:
        code = {"encrypted": "protected_file", "too_complex": "file_too_complex"}.get(unreadable.code, "unreadable_file")
        raise ScanError(code, f"the PDF cannot be read: {unreadable}") from unreadable
    if any(side > MAX_PAGE_SIDE_POINTS for size in structure.page_sizes for side in size):
        raise ScanError("page_too_large", f"page sizes {structure.page_sizes}")


def _limited(command: list[str]) -> list[str]:
    """The command under a CPU-time and address-space limit, set by util-linux's `prlimit`."""
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        return command  # `_set_limits` then limits the child before it runs the command
    return [prlimit, f"--cpu={PDFTOPPM_CPU_SECONDS}", f"--as={PDFTOPPM_MEMORY_BYTES}", "--", *command]


def _set_limits() -> None:  # pragma: no cover - runs in the child, only where prlimit is missing
    resource.setrlimit(resource.RLIMIT_CPU, (PDFTOPPM_CPU_SECONDS, PDFTOPPM_CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (PDFTOPPM_MEMORY_BYTES, PDFTOPPM_MEMORY_BYTES))


def pdf_page_images(content: bytes, long_side: int = RENDER_LONG_SIDES[-1]) -> list[Image.Image]:
    """The first pages of a PDF rendered in grey, each page's long side `long_side` pixels."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise ScanError("no_pdf_renderer", "pdftoppm is not installed (Debian package poppler-utils)")
    with tempfile.TemporaryDirectory(prefix="evisa-scan-") as folder:
        source = Path(folder) / "upload.pdf"
        source.write_bytes(content)
        command = [pdftoppm, "-gray", "-scale-to", str(long_side), "-f", "1", "-l", str(MAX_PAGES), str(source), str(Path(folder) / "page")]
        try:
            subprocess.run(  # noqa: S603 — a fixed program and arguments; the file is ours
                _limited(command),
                check=True,
                capture_output=True,
                timeout=PDFTOPPM_TIMEOUT_SECONDS,
                preexec_fn=None if shutil.which("prlimit") else _set_limits,
            )
        except subprocess.CalledProcessError as exc:
            # Killed by its CPU or memory limit (a signal), or refused the file (exit status 1-99).
            code = "file_too_complex" if exc.returncode < 0 else "unreadable_file"
            raise ScanError(code, f"the PDF could not be rendered (status {exc.returncode})") from exc
        except subprocess.TimeoutExpired as exc:
            raise ScanError("file_too_complex", "rendering the PDF took too long") from exc
        images = []
        for page in sorted(Path(folder).glob("page*.pgm")):
            with Image.open(page) as picture:
                if picture.size[0] * picture.size[1] > long_side * long_side:
                    raise ScanError("file_too_complex", f"a page rendered to {picture.size}")
                picture.load()
                images.append(picture.copy())
        return images


def tokens_in_file(content: bytes) -> list[str]:
    """Every e-Visa token in a PDF or image file, without repeats, in page order.

    A PDF is rendered small first and larger only when the small rendering shows no code. Any
    failure on a hostile file is a `ScanError` the page can explain, never an error page."""
    try:
        return _tokens_in_file(content)
    except ScanError:
        raise
    except Exception as exc:  # a public page reading anyone's file: every failure gets an answer
        raise ScanError("unreadable_file", f"the file could not be read: {exc!r}") from exc


def _tokens_in_file(content: bytes) -> list[str]:
    if not content.startswith(b"%PDF-"):
        return _tokens_in_images([_open_image(content)])
    _check_pdf(content)
    tokens: list[str] = []
    for long_side in RENDER_LONG_SIDES:
        tokens = _tokens_in_images(pdf_page_images(content, long_side))
        if tokens:
            break
    return tokens


def _tokens_in_images(images: list[Image.Image]) -> list[str]:
    tokens: list[str] = []
    for image in images:
        tokens.extend(token for token in tokens_in_image(image) if token not in tokens)
    return tokens
