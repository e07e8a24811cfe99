"""Fees in a real browser: the applicant's bill with its FPS code (zh-Hans), and an officer
uploading the bank's camt.053 statement and seeing the exceptions queue (en)."""

from __future__ import annotations

import pytest

from asmtp.payments.models import Bill
from tests.e2e.conftest import save_screenshot, sign_in
from tests.integration.evisa.factories import CHILD, SPOUSE
from tests.integration.payments.statements import camt053, submitted_case
from tests.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_applicant_sees_each_persons_fee_and_a_scannable_fps_code(page, applicant):
    case = submitted_case(applicant, dependants=(SPOUSE, CHILD))
    bill = Bill.objects.get(application=case)

    sign_in(page, applicant.email, PASSWORD, "zh-hans")
    page.goto(f"/zh-hans/payments/case/{case.pk}/")

    rows = page.locator("table.fee-lines tbody tr")
    assert rows.count() == 3
    assert "李伟（主申请人）" in rows.nth(0).inner_text() and "王芳" in rows.nth(1).inner_text()
    qr = page.locator("img.fps-qr")
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")
    assert bill.reference in page.locator("main").inner_text()
    save_screenshot(page, "fees-bill-fps-zh-hans.png")


def test_an_officer_reconciles_a_statement_and_sees_what_did_not_match(page, applicant, other_applicant, officer):
    paid = Bill.objects.get(application=submitted_case(applicant, dependants=(SPOUSE,)))
    short = Bill.objects.get(application=submitted_case(other_applicant))
    statement = camt053(
        {"amount": "1200.00", "reference": paid.reference},
        {"amount": "500.00", "reference": short.reference},
        {"amount": "600.00", "reference": "VISA FEE CHAN TAI MAN"},
    )

    sign_in(page, officer.email, PASSWORD, "en")
    page.goto("/en/payments/statements/")
    page.set_input_files("input[type=file]", {"name": "statement-2026-03-03.xml", "mimeType": "text/xml", "buffer": statement})
    page.get_by_role("button", name="Upload and reconcile").click()
    page.wait_for_url("**/payments/statements/")
    assert "1 payments matched, 2 exceptions" in page.locator(".messages").inner_text()

    page.goto("/en/payments/exceptions/")
    queue = page.locator("table.exceptions tbody tr")
    assert queue.count() == 2
    assert "The amount differs from the bill" in queue.nth(0).inner_text()
    assert "No bill has this reference" in queue.nth(1).inner_text()
    save_screenshot(page, "fees-exceptions-queue-en.png")
    paid.refresh_from_db()
    assert paid.status == "paid"
