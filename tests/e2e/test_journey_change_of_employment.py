"""Journey (c), in English, in a real browser: the holder of an e-Visa tied to one employer
changes employment. The new employer files an offer and sends its code; the holder starts the
change of employment from the status page of the grant, enters the code, submits the
application filled in from the grant; an officer recommends, a senior officer approves, the fee
is recorded and the new e-Visa names the new employer.

The holder's first grant is made through the project's use cases; every later step goes through
the pages, and the database is read only to check what the pages did.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from asmtp.cases.models import Application
from tests.e2e.journeys import (
    applicant_completes_the_form,
    employer_files_an_offer_and_invites,
    fee_paid_at_the_counter_and_e_visa_issued,
    holder_downloads_the_e_visa,
    holder_of_an_e_visa,
    officers_approve,
    signed_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGE = "en"


def test_a_holder_changes_employer_from_the_status_page_and_the_new_e_visa_names_the_new_employer(
    browser, live_server, applicant, employer_staff, other_company_staff, officer, senior_officer, mailoutbox, run_jobs,
    tmp_path,
):
    grant = holder_of_an_e_visa(applicant, employer_staff, officer, senior_officer)
    assert grant.evisas.get(dependant__isnull=True).employer_name == "Harbour Analytics Limited"

    new_employer = signed_in(browser, live_server, other_company_staff.email, LANGUAGE)
    code = employer_files_an_offer_and_invites(
        new_employer, LANGUAGE, applicant.email, tmp_path, post_title="Quantitative Analyst",
        duties="Model credit risk for retail lending.", why_not_local="No local candidate with the modelling experience.",
        recruitment="JobsDB, Jan–Jun 2026: 7 applicants, none suitable.",
    )
    run_jobs()
    assert code in mailoutbox[-1].body

    holder = signed_in(browser, live_server, applicant.email, LANGUAGE)
    holder.goto(f"/{LANGUAGE}/portal/")
    holder.get_by_role("link", name=grant.reference).click()
    holder.get_by_role("link", name="Apply for a change of employment").click()
    holder.fill("input[name=code]", code)
    assert holder.get_by_label(f"A change of employment after my approved application {grant.reference}").is_checked()
    holder.get_by_role("button", name="Add the offer").click()
    holder.get_by_role("heading", name="The employer's offer is on your application").wait_for()
    main = holder.locator("main").inner_text()
    assert "This is a change of employment" in main and "Kowloon Fintech Limited" in main
    holder.get_by_role("link", name="Continue my application").click()
    holder.get_by_role("link", name=re.compile(r"^Draft #\d+$")).click()

    change = applicant_completes_the_form(holder, LANGUAGE, tmp_path, particulars=False)
    assert change.kind == "change_of_employment" and change.previous == grant
    assert change.offer.company.name_en == "Kowloon Fintech Limited"
    run_jobs()

    officers_approve(browser, live_server, change, officer, senior_officer, LANGUAGE)
    fee_paid_at_the_counter_and_e_visa_issued(browser, live_server, change, officer, LANGUAGE)
    run_jobs()

    change = Application.objects.get(pk=change.pk)
    assert change.limit_of_stay_on == grant.limit_of_stay_on  # a new employer does not restart the stay
    pdf = holder_downloads_the_e_visa(holder, change, LANGUAGE)
    # pypdf reads the embedded CJK font's two-byte codes with a NUL before each Latin letter.
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\x00", "")
    assert "Employment only with Kowloon Fintech Limited" in text
    assert "Harbour Analytics" not in text
    assert holder.console_errors == [] and new_employer.console_errors == []
