"""The e-Visa PDF's QR codes: each token encoded once per process, however often it is downloaded."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import segno

from asmtp.domain.evisa_token import View
from asmtp.evisa import documents


def _evisa() -> SimpleNamespace:
    return SimpleNamespace(
        number="EV2025000123", name_en="LI, Wei", name_zh="李伟", date_of_birth=dt.date(1990, 5, 17),
        travel_document="C12345678", relationship="", condition="any_employment", employer_name="",
        principal=None, limit_of_stay_on=dt.date(2028, 6, 30), issued_on=dt.date(2025, 7, 1),
        key_id="k1", token_full="FULL-" + "A" * 200, token_work="WORK-" + "B" * 180,
    )


def test_downloading_both_views_twice_encodes_each_qr_code_once(monkeypatch):
    encoded, original = [], segno.make

    def make(content, **options):
        encoded.append(content)
        return original(content, **options)

    monkeypatch.setattr(documents.segno, "make", make)
    documents._qr_png.cache_clear()
    evisa = _evisa()

    pdfs = [documents.render_evisa_pdf(evisa, view) for view in (View.FULL, View.WORK, View.FULL, View.WORK)]

    assert sorted(encoded) == [evisa.token_full, evisa.token_work]
    assert pdfs[0] != pdfs[1] and all(pdf.startswith(b"%PDF") for pdf in pdfs)
