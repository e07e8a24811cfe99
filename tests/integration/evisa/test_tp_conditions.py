"""A Technical Professional's e-Visa names the trade in its conditions of stay (rules.md criterion 11):
on the PDF, in both signed tokens, and on the verification page in the reader's language."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from asmtp.cases.models import Application
from asmtp.domain.evisa_token import View
from asmtp.evisa.documents import render_evisa_pdf
from asmtp.evisa.services import issue_evisa, verify_evisa
from asmtp.evisa.views import condition_text
from tests.integration.evisa.factories import approved_case

pytestmark = pytest.mark.django_db

ISSUED = dt.date(2026, 3, 20)


def _pdf_text(pdf: bytes, folder: Path) -> str:
    (folder / "evisa.pdf").write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(folder / "evisa.pdf"), "-"], check=True, capture_output=True, text=True).stdout


def _issued(applicant, officer, senior_officer, employer_staff, *, stream: str):
    case = approved_case(applicant, officer, senior_officer, offer_by=employer_staff, with_fee=True)
    Application.objects.filter(pk=case.pk).update(stream=stream, employment_data={**case.employment_data, "tp_trade": "nurse"})
    return issue_evisa(case.pk, officer, today=ISSUED)[0]


def test_a_technical_professionals_evisa_states_the_trade_in_english_and_traditional_chinese(
    applicant, officer, senior_officer, employer_staff, tmp_path
):
    evisa = _issued(applicant, officer, senior_officer, employer_staff, stream="technical_professional")
    assert evisa.tp_trade == "nurse"
    text = "".join(_pdf_text(render_evisa_pdf(evisa, View.FULL), tmp_path).split())
    assert "asNurse,atradeoftheTPList,andmuststayinthistrade" in text
    assert "「技術專才清單」的護士工作，必須留在此工種" in text


def test_both_signed_tokens_carry_the_trade_and_the_verification_page_names_it_in_the_readers_language(
    applicant, officer, senior_officer, employer_staff
):
    evisa = _issued(applicant, officer, senior_officer, employer_staff, stream="technical_professional")
    for token in (evisa.token_full, evisa.token_work):
        claims = verify_evisa(token, channel="api", today=ISSUED).verification.claims
        assert claims is not None and claims.trade == "nurse"
    with translation.override("zh-hans"):
        assert "“技术专才清单”的护士工作，必须留在此工种" in condition_text(claims)
    with translation.override("en"):
        assert "admitted to work as Nurse" in condition_text(claims)


def test_a_general_stream_evisa_names_no_trade(applicant, officer, senior_officer, employer_staff, tmp_path):
    evisa = _issued(applicant, officer, senior_officer, employer_staff, stream="general")
    assert evisa.tp_trade == ""
    assert "TP List" not in _pdf_text(render_evisa_pdf(evisa, View.FULL), tmp_path)
    claims = verify_evisa(evisa.token_full, channel="api", today=ISSUED).verification.claims
    assert claims is not None and claims.trade is None
