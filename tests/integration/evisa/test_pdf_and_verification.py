"""The issue's "done when": the rendered PDF is read back with real tools and its QR codes verify."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from asmtp.domain.evisa_token import PREFIX, Result, View
from asmtp.evisa.documents import render_evisa_pdf
from asmtp.evisa.services import issue_evisa, revoke_evisa, verify_evisa
from tests.integration.evisa.factories import CHILD, SPOUSE, approved_case

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 1)


def qr_texts_in_pdf(pdf: bytes, folder: Path) -> list[str]:
    """Render the PDF with poppler and decode every QR code with zxing-cpp: no help from our own code."""
    (folder / "evisa.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(folder / "evisa.pdf"), str(folder / "page")], check=True)
    texts = []
    for page in sorted(folder.glob("page*.png")):
        with Image.open(page) as image:
            texts += [code.text for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
    return texts


def pdf_text(pdf: bytes, folder: Path) -> str:
    (folder / "text.pdf").write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(folder / "text.pdf"), "-"], check=True, capture_output=True, text=True).stdout


def flip_one_character(token: str) -> str:
    """Change one character of the signed part (not the prefix) to another base45 character."""
    position = len(PREFIX) + 40
    replacement = "A" if token[position] != "A" else "B"
    return token[:position] + replacement + token[position + 1 :]


@pytest.fixture
def principal_evisa(applicant, officer, senior_officer, employer_staff):
    case = approved_case(applicant, officer, senior_officer, offer_by=employer_staff, dependants=(SPOUSE,), with_fee=True)
    return issue_evisa(case.pk, officer, today=dt.date(2026, 3, 20))[0]


def test_qr_code_decoded_from_the_rendered_pdf_verifies_and_a_flipped_byte_is_not_genuine(principal_evisa, tmp_path):
    texts = qr_texts_in_pdf(render_evisa_pdf(principal_evisa), tmp_path)

    assert principal_evisa.token_full in texts
    assert verify_evisa(principal_evisa.token_full, channel="web", today=TODAY).result is Result.VALID
    tampered = flip_one_character(principal_evisa.token_full)
    assert tampered != principal_evisa.token_full
    assert verify_evisa(tampered, channel="web", today=TODAY).result is Result.NOT_GENUINE


def test_full_pdf_carries_both_codes_and_the_right_to_work_code_withholds_the_date_of_birth(principal_evisa, tmp_path):
    texts = qr_texts_in_pdf(render_evisa_pdf(principal_evisa), tmp_path)
    work = verify_evisa(principal_evisa.token_work, channel="web", today=TODAY).verification

    assert set(texts) == {principal_evisa.token_full, principal_evisa.token_work}
    assert work.result is Result.VALID
    assert work.claims is not None and work.claims.view is View.WORK
    assert "date_of_birth" not in work.disclosed()
    assert "travel_document" not in work.disclosed()
    assert work.disclosed()["employer"] == "Harbour Analytics Limited"


def test_right_to_work_pdf_has_only_the_work_code_and_no_date_of_birth_in_its_text(principal_evisa, tmp_path):
    pdf = render_evisa_pdf(principal_evisa, View.WORK)

    assert qr_texts_in_pdf(pdf, tmp_path) == [principal_evisa.token_work]
    text = pdf_text(pdf, tmp_path)
    assert "1990-05-17" not in text
    assert "C12345678" not in text


def test_text_extracted_from_the_pdf_contains_the_holders_chinese_name(principal_evisa, tmp_path):
    text = pdf_text(render_evisa_pdf(principal_evisa), tmp_path)

    assert "李伟" in text
    assert "LI, Wei" in text
    assert "海港分析" not in text  # the employer is named in English on the permit, as filed
    assert "Harbour Analytics Limited" in text


def test_a_revoked_evisa_verifies_as_revoked_and_takes_the_dependants_with_it(principal_evisa, officer):
    spouse = principal_evisa.dependant_evisas.get()

    revoke_evisa(principal_evisa.number, officer, "Employment ended; employer notified the department.")

    assert verify_evisa(principal_evisa.token_full, channel="api", today=TODAY).result is Result.REVOKED
    assert verify_evisa(spouse.token_work, channel="api", today=TODAY).result is Result.REVOKED


def test_dependants_pdf_names_the_principals_evisa_in_text_and_token(applicant, officer, senior_officer, tmp_path):
    case = approved_case(applicant, officer, senior_officer, dependants=(SPOUSE, CHILD), with_fee=True)
    principal, _spouse, child = issue_evisa(case.pk, officer, today=dt.date(2026, 3, 20))

    text = pdf_text(render_evisa_pdf(child), tmp_path)
    verification = verify_evisa(child.token_full, channel="web", today=TODAY).verification

    assert "李晓明" in text
    assert principal.number in text
    assert verification.disclosed()["principal_number"] == principal.number
    assert verification.disclosed()["relationship"] == "child"
