"""The fee pages: the applicant's bill with a scannable FPS code, receipts as PDF, and the
officers' statement upload and exceptions queue."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from asmtp.domain.fps_qr import read_fps_payload
from asmtp.payments.models import Bill, StatementEntry
from tests.integration.evisa.factories import CHILD, SPOUSE
from tests.integration.payments.statements import camt053, submitted_case

pytestmark = pytest.mark.django_db


def test_the_bill_names_each_person_whose_fee_it_lists(client, applicant):
    case = submitted_case(applicant, dependants=(SPOUSE, CHILD))
    client.force_login(applicant)

    page = client.get(f"/zh-hans/payments/case/{case.pk}/").content.decode()

    assert "李伟" in page and "王芳" in page and "李晓明" in page
    assert page.count("港币600元") == 3 and "港币1,800元" in page


def test_the_fps_code_on_the_page_decodes_to_the_bills_payment(client, applicant, settings):
    settings.ASMTP_FPS_ID = "7654321"
    case = submitted_case(applicant, dependants=(SPOUSE,))
    bill = Bill.objects.get(application=case)
    client.force_login(applicant)

    image = client.get(f"/en/payments/bills/{bill.reference}/fps.png")

    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.content)))
    payment = read_fps_payload(decoded[0].text)
    assert (payment.fps_id, payment.amount_hkd, payment.reference) == ("7654321", 1200, bill.reference)


def test_someone_elses_bill_is_not_found(client, applicant, django_user_model):
    case = submitted_case(applicant)
    bill = Bill.objects.get(application=case)
    other = django_user_model.objects.create_user(username="other", email="o@example.com", password="x", role="applicant")
    client.force_login(other)

    assert client.get(f"/en/payments/case/{case.pk}/").status_code == 404
    assert client.get(f"/en/payments/bills/{bill.reference}/fps.png").status_code == 404


def test_the_receipt_pdf_shows_its_number_and_amount_in_the_applicants_language(client, applicant, officer):
    case = submitted_case(applicant, dependants=(SPOUSE,))
    bill = Bill.objects.get(application=case)
    client.force_login(officer)
    client.post(f"/en/payments/bills/{bill.reference}/counter/")
    bill.refresh_from_db()
    client.force_login(applicant)

    pdf = client.get(f"/en/payments/receipts/{bill.receipt_number}.pdf")

    # pypdf reads the embedded CJK face's two-byte codes with a NUL before each character.
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).replace("\x00", "")
    assert bill.receipt_number in text and "HK$1,200" in text
    assert "收据" in text and "王芳" in text  # the case's language is Simplified Chinese


def test_an_officer_uploads_a_statement_and_sees_the_exceptions(client, applicant, officer):
    bill = Bill.objects.get(application=submitted_case(applicant))
    client.force_login(officer)
    statement = io.BytesIO(camt053({"amount": "600.00", "reference": bill.reference}, {"amount": "300.00", "reference": "FEE LI"}))
    statement.name = "statement.xml"

    response = client.post("/en/payments/statements/", {"file": statement}, follow=True)

    assert "1 payments matched, 1 exceptions" in response.content.decode()
    queue = client.get("/en/payments/exceptions/").content.decode()
    assert "FEE LI" in queue and "No bill has this reference" in queue
    entry = StatementEntry.objects.get(status="exception")
    client.post(f"/en/payments/exceptions/{entry.pk}/resolve/", {"note": "Returned to the payer", "bill_reference": ""})
    assert StatementEntry.objects.get(pk=entry.pk).status == "resolved"


def test_an_applicant_cannot_reach_the_officers_pages(client, applicant):
    client.force_login(applicant)

    assert client.get("/en/payments/statements/").status_code == 404
    assert client.get("/en/payments/exceptions/").status_code == 404
