"""Screening uploaded files for what a content-type check alone lets through.

`asmtp.cases.documents` decides what a file *is* (PDF, JPEG or PNG, parsed whole). Before that,
`screen_upload` refuses files that are dangerous or deceptive even when they parse: names
that hide their real extension (CR/LF, right-to-left override), an extension that names a
different type from the content, images that would take gigabytes to decode (pixel floods,
decompression bombs), PDFs read object by object through pypdf (`pdf_structure`, compressed
object streams included) that carry scripts, launch programs, embed files or act by themselves
on opening, encrypted, truncated, over-large or over-complex PDFs (page and flate bombs), data
hidden after the end of an image or PDF or a ZIP archive riding inside (polyglots), and known
malware (the EICAR test string, and ClamAV when `ASMTP_CLAMD_SOCKET` is set). After the type
check, `strip_metadata` keeps only the image chunks and segments a viewer needs, dropping EXIF,
XMP, text and private chunks (GPS position, camera serial numbers, HTML riding in a PNG)
without re-encoding the pixels.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from asmtp.security import clamd
from asmtp.security.pdf_structure import PdfUnreadable, read_structure

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
EXTENSIONS = {".pdf": PDF, ".jpg": JPEG, ".jpeg": JPEG, ".jpe": JPEG, ".png": PNG}
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
# Format and bidirectional-control characters make "photo‮gpj.exe" display as "photoexe.jpg".
_BIDI = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"}
# PDF features that run code or open other things; names may hide letters as #xx escapes.
_ACTIVE_PDF = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA|SubmitForm|ImportData|GoToE)\b")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
MAX_PDF_PAGES = 300
# A0 paper is 2,384 × 3,370 points; a side past 1.2 metres is no document, but a rendering bomb.
MAX_PAGE_SIDE_POINTS = 3456

MESSAGES: dict[str, Promise] = {
    "bad_name": _("The file name contains hidden control characters. Rename the file using ordinary letters and numbers, then upload it again."),
    "wrong_extension": _("The file's name says it is one type but its content is another. Save the document again as a PDF, JPEG or PNG and upload that copy."),
    "too_many_pixels": _("The image is too large to open (more than %(megapixels)s million pixels). Scan or photograph it at a lower resolution and upload it again."),
    "active_content": _("This PDF contains scripts, attachments or actions that are not allowed. Print it to a new PDF or scan the paper copy, then upload that."),
    "hidden_content": _("The file has extra data hidden after its end. Save or scan the document again and upload the new copy."),
    "malware": _("The file was refused because our virus check found a threat in it. Do not upload it again; scan the paper document instead."),
    "scanner_unavailable": _("We cannot check files for viruses at the moment, so nothing can be uploaded. Please try again in a few minutes."),
    "encrypted": _("This PDF is protected by a password or encrypted, so it cannot be checked. Save or print it again without protection and upload that copy."),
    "too_complex": _("This PDF is too complex to check (too many pages, objects or compressed data). Print it to a new PDF or scan the paper copy, then upload that."),
    "page_too_large": _("A page of this PDF is larger than any paper size (more than 1.2 metres). Save it at its paper size, such as A4, and upload it again."),
    "too_many_files": _("Too many files were sent at once. Upload at most %(count)s files at a time."),
    "request_too_large": _("What was sent is too large. Upload files one at a time, each at most %(limit)s MB."),
}


class UploadRefused(Exception):
    """A file refused by screening; `code` keys MESSAGES."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def message_for(code: str) -> str:
    values = {
        "megapixels": max_pixels() // 1_000_000,
        "count": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        "limit": max(1, settings.ASMTP_UPLOAD_MAX_BYTES // (1024 * 1024)),
    }
    return str(MESSAGES[code]) % values


def max_pixels() -> int:
    return int(getattr(settings, "ASMTP_UPLOAD_MAX_PIXELS", 40_000_000))


def screen_upload(data: bytes, original_name: str) -> None:
    """Refuse (UploadRefused) a file whose name, structure or content is hostile."""
    check_name(original_name)
    check_malware(data)
    declared = declared_type(original_name)
    actual = _signature_type(data)
    if declared is not None and actual is not None and declared != actual:
        raise UploadRefused("wrong_extension")
    if actual is not None and zipfile.is_zipfile(io.BytesIO(data)):
        raise UploadRefused("hidden_content")  # a PDF or image that is also a ZIP archive (a polyglot)
    if actual == PDF:
        check_pdf(data)
    elif actual in (JPEG, PNG):
        check_image(data, actual)


def check_name(name: str) -> None:
    if any(ch in _BIDI or unicodedata.category(ch) in {"Cc", "Cf"} for ch in name):
        raise UploadRefused("bad_name")


def declared_type(name: str) -> str | None:
    """The type a file name claims by its extension; None for no extension. Unknown ones refused."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    if "." not in base.strip("."):
        return None
    extension = "." + base.rsplit(".", 1)[-1].lower()
    if extension not in EXTENSIONS:
        raise UploadRefused("wrong_extension")
    return EXTENSIONS[extension]


def check_malware(data: bytes) -> None:
    if EICAR in data:
        raise UploadRefused("malware")
    socket_path = getattr(settings, "ASMTP_CLAMD_SOCKET", "")
    if socket_path:
        try:
            verdict = clamd.scan(data, socket_path)
        except clamd.ScannerUnavailable as error:
            # Fail closed: with a scanner configured, an unscanned file is not stored.
            raise UploadRefused("scanner_unavailable") from error
        if verdict.infected:
            raise UploadRefused("malware")


def _signature_type(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def check_pdf(data: bytes) -> None:
    """Refuse a PDF that is active, hidden, truncated, encrypted, damaged, a bomb or too complex."""
    names = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)
    if _ACTIVE_PDF.search(names):  # cheap first look; the parse below sees inside object streams
        raise UploadRefused("active_content")
    end = data.rfind(b"%%EOF")
    if end == -1:
        raise UploadRefused("damaged")  # truncated: a PDF ends with %%EOF
    # Incremental saves append after an %%EOF, so only bytes after the last one count.
    if data[end + 5 :].strip(b"\r\n\t \x00"):
        raise UploadRefused("hidden_content")
    try:
        structure = read_structure(data, first_pages=MAX_PDF_PAGES)
    except PdfUnreadable as unreadable:
        raise UploadRefused(unreadable.code) from None
    if structure.active:
        raise UploadRefused("active_content")
    if structure.page_count > MAX_PDF_PAGES:
        raise UploadRefused("too_complex")
    if any(side > MAX_PAGE_SIDE_POINTS for size in structure.page_sizes for side in size):
        raise UploadRefused("page_too_large")


def check_image(data: bytes, content_type: str) -> None:
    width, height = image_size(data)
    if width * height > max_pixels():
        raise UploadRefused("too_many_pixels")
    end = _png_end(data) if content_type == PNG else _jpeg_end(data)
    if end is None:
        raise UploadRefused("damaged")  # truncated: no end-of-image marker
    if data[end:].strip(b"\r\n\t \x00"):
        raise UploadRefused("hidden_content")


def image_size(data: bytes) -> tuple[int, int]:
    """Declared width and height, read from the header without decoding any pixels."""
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        # Pillow warns (and past twice its own limit raises) on huge images; ours is the limit.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                return image.size
        except Image.DecompressionBombError:
            return (max_pixels() + 1, 1)
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            return (0, 0)  # unreadable: the content check that follows says so


def _png_chunks(data: bytes) -> Iterator[tuple[bytes, int, int]]:
    position = 8
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        end = position + 12 + length
        yield kind, position, end
        if kind == b"IEND" or end > len(data):
            return
        position = end


def _png_end(data: bytes) -> int | None:
    for kind, _start, end in _png_chunks(data):
        if kind == b"IEND":
            return end
    return None


def _jpeg_segments(data: bytes) -> Iterator[tuple[int, int, int]]:
    """(marker, start, end) of each header segment up to the start of scan."""
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
            continue
        length = struct.unpack(">H", data[position + 2 : position + 4])[0]
        yield marker, position, position + 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            return
        position += 2 + length


def _jpeg_end(data: bytes) -> int | None:
    end = data.rfind(b"\xff\xd9")
    return None if end == -1 else end + 2


# Metadata carriers: JPEG APP1 (EXIF, XMP), APP12-APP15 and comments. PNG keeps only the chunks
# that describe pixels: text, EXIF, time and private chunks (where HTML or a script can ride) go.
_JPEG_METADATA = {0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xFE}
_PNG_PIXEL_CHUNKS = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"pHYs", b"bKGD"}


def strip_metadata(data: bytes, content_type: str) -> bytes:
    """The image without EXIF/XMP/text metadata, pixels untouched; other types unchanged."""
    if content_type == PNG:
        kept = [data[:8]] + [data[start:end] for kind, start, end in _png_chunks(data) if kind in _PNG_PIXEL_CHUNKS]
        return b"".join(kept)
    if content_type == JPEG:
        parts = [data[:2]]
        scan_start = 2
        for marker, start, end in _jpeg_segments(data):
            if marker not in _JPEG_METADATA:
                parts.append(data[start:end])
            scan_start = end
        parts.append(data[scan_start:])
        return b"".join(parts)
    return data
