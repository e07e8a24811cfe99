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
    fee_paid_at_the_counter_and_e_visa_issued,
    holder_downloads_the_e_visa,
    officers_approve,
    signed_in,
)
from tests.integration.employers.factories import pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGE = "zh-hant"


def employer_files_an_offer_and_invites(employer, applicant_email, tmp_path) -> str:
    employer.goto(f"/{LANGUAGE}/employer/")
    employer.get_by_role("link", name="遞交新聘用").click()
    employer.fill("input[name=post_title]", "數據科學家")
    employer.fill("input[name=occupation]", "Data scientist")
    employer.fill("textarea[name=duties]", "建立港口物流預測模型。")
    employer.fill("input[name=monthly_salary_hkd]", "52000")
    employer.fill("input[name=contract_months]", "24")
    employer.fill("textarea[name=why_not_filled_locally]", "六個月內未能在本地聘得具相關經驗的人選。")
    employer.check("input[name=local_recruitment_evidence]")
    employer.fill("textarea[name=local_recruitment_details]", "2026年1月至6月於求職網站招聘：9名申請人，均不合適。")
    employer.get_by_role("button", name="儲存並繼續上載文件").click()
    employer.wait_for_url(re.compile(rf"/{LANGUAGE}/employer/offers/\d+/$"))
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(pdf_bytes())
    for kind in ("br_certificate", "employment_contract", "recruitment_evidence"):
        employer.select_option("select[name=kind]", kind)
        employer.set_input_files("input[name=file]", str(scan))
        employer.get_by_role("button", name="上載", exact=True).click()
        employer.wait_for_load_state()
    assert employer.locator(".checklist .todo").count() == 0
    employer.get_by_role("button", name="遞交聘用").click()
    code = employer.locator("#offer-code").inner_text().strip()
    employer.fill("input[name=email]", applicant_email)
    employer.select_option("select[name=language]", LANGUAGE)
    employer.get_by_role("button", name="發送邀請").click()
    employer.get_by_text(f"邀請已發送至 {applicant_email}。").wait_for()
    return code


def test_an_applicant_invited_by_an_employer_applies_with_the_offer_code_and_receives_an_e_visa_naming_the_employer(
    browser, live_server, applicant, employer_staff, officer, senior_officer, mailoutbox, run_jobs, tmp_path
):
    employer = signed_in(browser, live_server, employer_staff.email, LANGUAGE)
    code = employer_files_an_offer_and_invites(employer, applicant.email, tmp_path)

    run_jobs()  # the invitation goes out by e-mail, with a link that carries the code
    link = re.search(rf"https?://\S+/{LANGUAGE}/employer/link/\?code=\w+", mailoutbox[-1].body).group(0)

    person = signed_in(browser, live_server, applicant.email, LANGUAGE)
    person.goto(re.sub(r"^https?://[^/]+", "", link))
    assert person.locator("input[name=code]").input_value() == code
    person.get_by_label("一宗新申請").check()
    person.get_by_role("button", name="加入聘用").click()
    person.get_by_role("heading", name="僱主的聘用已加入您的申請").wait_for()
    assert "Harbour Analytics Limited" in person.locator("main").inner_text()
    person.get_by_role("link", name="繼續我的申請").click()
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

