"""Small real files and identity numbers for the portal's tests (no database)."""

from __future__ import annotations

import datetime as dt
import io

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def mainland_id(born: dt.date, *, address: str = "110105", sequence: str = "002") -> str:
    """A valid Mainland Resident ID number (GB 11643-1999) for someone born on `born`."""
    body = f"{address}{born:%Y%m%d}{sequence}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(kind: str = "PNG") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format=kind)
    return out.getvalue()
