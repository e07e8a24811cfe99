"""Journey (b), in Traditional Chinese, in a real browser: an employer files an offer and invites
the applicant; the applicant links the offer code, completes and submits a new application; an
officer recommends, a senior officer approves, the fee is paid at the counter, the e-Visa is
issued and its conditions of stay name the employer.

Only the accounts are made beforehand (personas); every step a person takes goes through the
product's pages, and the database is read only to check what the pages did.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.e2e.journeys import (
    applicant_completes_the_form,
    employer_files_an_offer_and_invites,
    fee_paid_at_the_counter_and_e_visa_issued,
    holder_downloads_the_e_visa,
    officers_approve,
    say,
    signed_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGE = "zh-hant"


def test_an_applicant_invited_by_an_employer_applies_with_the_offer_code_and_receives_an_e_visa_naming_the_employer(
    browser, live_server, applicant, employer_staff, officer, senior_officer, mailoutbox, run_jobs, tmp_path
):
    employer = signed_in(browser, live_server, employer_staff.email, LANGUAGE)
    code = employer_files_an_offer_and_invites(
        employer, LANGUAGE, applicant.email, tmp_path, post_title="數據科學家", duties="建立港口物流預測模型。",
        why_not_local="六個月內未能在本地聘得具相關經驗的人選。", recruitment="2026年1月至6月於求職網站招聘：9名申請人，均不合適。",
    )

    run_jobs()  # the invitation goes out by e-mail, with a link that carries the code
    link = re.search(rf"https?://\S+/{LANGUAGE}/employer/link/\?code=\w+", mailoutbox[-1].body).group(0)

    person = signed_in(browser, live_server, applicant.email, LANGUAGE)
    person.goto(re.sub(r"^https?://[^/]+", "", link))
    assert person.locator("input[name=code]").input_value() == code
    person.get_by_label(say(LANGUAGE, "A new application")).check()
    person.get_by_role("button", name=say(LANGUAGE, "Add the offer")).click()
    person.get_by_role("heading", name=say(LANGUAGE, "The employer's offer is on your application")).wait_for()
    assert "Harbour Analytics Limited" in person.locator("main").inner_text()
    person.get_by_role("link", name=say(LANGUAGE, "Continue my application")).click()
    person.locator("main table a").first.click()

    case = applicant_completes_the_form(person, LANGUAGE, tmp_path)
    assert case.kind == "entry" and case.offer.code == code
    assert case.language == LANGUAGE  # the letters follow the page the application was started from
    run_jobs()  # the acknowledgement, and the rules run on the new case

    officers_approve(browser, live_server, case, officer, senior_officer, LANGUAGE)
    fee_paid_at_the_counter_and_e_visa_issued(browser, live_server, case, officer, LANGUAGE)
    run_jobs()

    pdf = holder_downloads_the_e_visa(person, case, LANGUAGE)
    # pypdf reads the embedded CJK font's two-byte codes with a NUL before each Latin letter.
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\x00", "")
    assert "Employment only with Harbour Analytics Limited" in text
    assert "只可受僱於Harbour Analytics Limited" in text

