"""Writes the hostile upload fixtures beside this file: `python tests/security/hostile/make_hostile.py`.

Each file is small and deterministic, so the set is committed and reviewed like code. Files
that are large by nature (the size limit plus one byte, 101 files) are made by the tests.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def minimal_pdf(extra_catalog: bytes = b"", trailer_tail: bytes = b"") -> bytes:
    """A one-page PDF written by hand, with cross-reference offsets computed."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + extra_catalog + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out) + trailer_tail


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int, height: int, idat: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def small_png() -> bytes:
    rows = b"".join(b"\x00" + b"\x80" * 8 for _ in range(8))
    return png(8, 8, zlib.compress(rows))


def small_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 16), (20, 120, 200)).save(out, format="JPEG")
    return out.getvalue()


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.html", "<script>alert(document.cookie)</script>")
    return out.getvalue()


def decompression_bomb() -> bytes:
    """8,000 × 8,000 grey pixels (64 MB when decoded) in about 60 KB."""
    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * 8000
    idat = b"".join(compressor.compress(row) for _ in range(8000)) + compressor.flush()
    return png(8000, 8000, idat)


FILES: dict[str, bytes] = {
    # A PDF that runs JavaScript when opened (and is also readable as a script: a polyglot).
    "polyglot-pdf-javascript.pdf": minimal_pdf(b"/OpenAction << /S /JavaScript /JS (app.alert\\('pwned'\\)) >> ")
    + b"/*<script>alert(1)</script>*/\n",
    # A PDF that asks the reader to start a program, the name hidden with a #xx escape.
    "launch-action.pdf": minimal_pdf(b"/OpenAction << /S /L#61unch /F (cmd.exe) >> "),
    # A real JPEG with a ZIP archive appended after its end-of-image marker.
    "jpeg-with-zip.jpg": small_jpeg() + zip_bytes(),
    # A PNG with data after IEND.
    "png-with-trailer.png": small_png() + b"<?php system($_GET['c']); ?>",
    # A PDF with an HTML page after %%EOF.
    "pdf-with-trailer.pdf": minimal_pdf(trailer_tail=b"<html><body><script>alert(1)</script></body></html>\n"),
    # A PNG declaring 50,000 × 50,000 pixels (2.5 gigapixels) in a few dozen bytes.
    "pixel-flood.png": png(50_000, 50_000, zlib.compress(b"\x00" * 64)),
    "decompression-bomb.png": decompression_bomb(),
    # The EICAR antivirus test string, named as a PDF.
    "eicar.pdf": EICAR,
    # Scripts and markup pretending to be images.
    "svg-disguised.png": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>',
    "html-disguised.jpg": b"<!doctype html><html><script>fetch('/en/portal/').then(r=>r.text())</script></html>",
    # A Windows executable named as a PDF.
    "executable.pdf": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00",
    # A real PNG named as a PDF: the extension does not match the content.
    "png-named.pdf": small_png(),
    # A GIF named as a JPEG.
    "gif-named.jpg": b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
    "empty.pdf": b"",
}


def main() -> None:
    for name, content in FILES.items():
        (HERE / name).write_bytes(content)
    print(f"wrote {len(FILES)} files to {HERE}")


if __name__ == "__main__":
    main()
