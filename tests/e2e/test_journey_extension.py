"""Journey (d), in English, in a real browser: the holder of an e-Visa whose limit of stay is two
months away applies for an extension from the status page of the grant, submits the form filled
in from the grant, an officer recommends, a senior officer approves, the fee is recorded and the
new e-Visa carries the new limit of stay.

Today is the real date: the extension window (3 months before the limit, from 1 March 2026) is
open for a limit two months ahead. The grant is made through the project's use cases; every
later step goes through the pages, and the database is read only to check what the pages did.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from asmtp.cases.models import Application
from asmtp.domain.lifecycle import add_months
from tests.e2e.journeys import (
    applicant_completes_the_form,
    fee_paid_at_the_counter_and_e_visa_issued,
    holder_downloads_the_e_visa,
    holder_of_an_e_visa,
    officers_approve,
    signed_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGE = "en"


def says_limit_of_stay(text: str, day: dt.date) -> bool:
    return any(f"Limit of stay: {shown}." in text for shown in (day.isoformat(), f"{day.day} {day:%b %Y}"))


def test_a_holder_extends_the_stay_from_the_status_page_and_the_new_e_visa_carries_the_new_limit(
    browser, live_server, applicant, employer_staff, officer, senior_officer, run_jobs, tmp_path
):
    limit = add_months(dt.date.today(), 2)
    grant = holder_of_an_e_visa(applicant, employer_staff, officer, senior_officer, limit_of_stay_on=limit)

    holder = signed_in(browser, live_server, applicant.email, LANGUAGE)
    holder.goto(f"/{LANGUAGE}/portal/")
    holder.get_by_role("link", name=grant.reference).click()
    status_page = holder.locator("main").inner_text()
    assert says_limit_of_stay(status_page, limit)
    assert "You can apply to extend your stay now, in the 3 months before your limit of stay" in status_page
    holder.get_by_role("button", name="Apply for an extension of stay").click()

    extension = applicant_completes_the_form(holder, LANGUAGE, tmp_path, particulars=False)
    assert extension.kind == "extension" and extension.previous == grant
    run_jobs()

    officers_approve(browser, live_server, extension, officer, senior_officer, LANGUAGE)
    fee_paid_at_the_counter_and_e_visa_issued(browser, live_server, extension, officer, LANGUAGE)
    run_jobs()

    extension = Application.objects.get(pk=extension.pk)
    months = extension.assessments.latest("id").result["stay"]["extension_months"][0]
    new_limit = add_months(limit, months)  # the extension runs on from the old limit, not from today
    assert extension.limit_of_stay_on == new_limit

    holder.goto(f"/{LANGUAGE}/portal/applications/{extension.pk}/")
    assert says_limit_of_stay(holder.locator("main").inner_text(), new_limit)
    holder.goto(f"/{LANGUAGE}/portal/applications/{grant.pk}/")  # the stay extended is not offered again
    assert holder.get_by_role("button", name="Apply for an extension of stay").count() == 0
    pdf = holder_downloads_the_e_visa(holder, extension, LANGUAGE)
    # pypdf reads the embedded CJK font's two-byte codes with a NUL before each Latin letter.
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\x00", "")
    assert new_limit.isoformat() in text and limit.isoformat() not in text
    assert holder.console_errors == []
