"""Steps the cross-role journeys share (tests/e2e/test_journey_*.py), each through the pages.

Every step is what one person does in their own browser: an applicant completing the form, an
officer and a senior officer deciding, an officer recording the fee and issuing the e-Visa. The
words pressed are the page's own, in the journey's language, so an untranslated button fails.
"""

from __future__ import annotations

import re
from pathlib import Path

from asmtp.cases.models import Application
from tests.personas import PASSWORD
from tests.unit.portal.samples import image_bytes, pdf_bytes

WORDS = {
    "en": {
        "find": "Find", "search": "Find a case by reference, name, or ID or travel document number",
        "claim": "Claim this case", "claimed": "You have claimed the case.",
        "assess": re.compile("^(Run the eligibility rules|Re-assess under the current policy)$"),
        "assessed": "The assessment is recorded.",
        "recommend_approval": "Recommend approval", "record_recommendation": "Record the recommendation",
        "recommended": "Your recommendation is recorded and waits for a second officer.",
        "approve": "Approve", "record_decision": "Record the decision", "decided": "The decision is recorded.",
        "evisa_page": "Open the fee and e-Visa page", "awaiting_fee": "Awaiting the fee", "ready_to_issue": "Ready to issue",
        "counter": "Record the issuance fee paid at the counter", "fee_recorded": "The issuance fee is recorded.",
        "issue": "Issue the e-Visas", "issued": "The e-Visas are issued.",
        "download": "Download your e-Visa", "full_copy": "Full copy (PDF)",
    },
    "zh-hant": {
        "find": "尋找", "search": "按檔案編號、姓名或身份證明文件號碼尋找個案",
        "claim": "接手此個案", "claimed": "您已接手此個案。",
        "assess": re.compile("^(執行資格評估|按現行政策重新評估)$"),
        "assessed": "評估已記錄。",
        "recommend_approval": "建議批准", "record_recommendation": "記錄建議",
        "recommended": "您的建議已記錄，正等待第二位主任決定。",
        "approve": "批准", "record_decision": "記錄決定", "decided": "決定已記錄。",
        "evisa_page": "開啟繳費及電子簽證頁面", "awaiting_fee": "待繳費", "ready_to_issue": "可簽發",
        "counter": "記錄在櫃位繳付的簽發費用", "fee_recorded": None, "issue": "簽發電子簽證", "issued": None,
        "download": "下載電子簽證", "full_copy": None,
    },
}


def _expected_noise(url: str) -> bool:
    # The site has no favicon; every other console error fails the journey.
    return url.endswith("/favicon.ico")


def signed_in(browser, live_server, email: str, language: str):
    """A browser of one's own, signed in through the sign-in page in the journey's language."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"{msg.text} {(msg.location or {}).get('url', '')}")
            if msg.type == "error" and not _expected_noise((msg.location or {}).get("url", "")) else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    page.goto(f"/{language}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def _save_and_continue(page, following: str) -> None:
    page.click("button[name=save_and_continue]")
    page.wait_for_url(re.compile(following))


def applicant_completes_the_form(page, language: str, tmp_path: Path, *, particulars: bool = True) -> Application:
    """From a draft's first step to the status page: each step saved, documents uploaded, submitted.

    `particulars=False` keeps the personal and education answers the draft was opened with (a
    change of employment or an extension is filled in from the grant) and saves them unchanged.
    """
    page.wait_for_url(re.compile(rf"/{language}/portal/applications/\d+/step/personal/$"))
    if particulars:
        page.fill("#id_name_en", "LI Wei")
        page.fill("#id_name_zh", "李偉")
        page.check("#id_sex_0")
        page.fill("#id_date_of_birth", "1990-05-17")
        page.fill("#id_mainland_id_number", "110105199005170011")
        page.select_option("#id_travel_document_type", "EEP")
        page.fill("#id_travel_document_number", "C12345678")
        page.select_option("#id_residence", "mainland")
        page.check("#id_hk_degree_graduate_1")
    _save_and_continue(page, r"/step/education/$")
    if particulars:
        page.select_option("#id_education_level", "master")
        page.fill("#id_field_of_study", "Computer science")
        page.fill("#id_experience_years", "6")
    _save_and_continue(page, r"/step/employment/$")
    page.check("#id_relevant_to_background_0")  # the offer's details come from the employer
    _save_and_continue(page, r"/family/$")
    page.locator("main a.button[href$='/step/declarations/']").click()
    page.check("#id_criminal_conviction_declared_1")
    _save_and_continue(page, r"/documents/$")
    pdf, png = tmp_path / "scan.pdf", tmp_path / "photo.png"
    pdf.write_bytes(pdf_bytes())
    png.write_bytes(image_bytes("PNG"))
    while page.locator(".checklist li.missing a").count():
        link = page.locator(".checklist li.missing a").first
        is_photo = "kind=photo" in (link.get_attribute("href") or "")
        link.click()
        page.set_input_files("#id_file", str(png if is_photo else pdf))
        page.locator("main form[enctype] button").click()
        page.wait_for_load_state()
    page.locator("main a.button[href$='/review/']").click()
    page.wait_for_url(re.compile(r"/review/$"))
    page.check("#id_declaration")
    page.locator("main form[data-submit-once] button").click()
    page.wait_for_url(re.compile(rf"/{language}/portal/applications/\d+/$"))
    case_id = int(re.search(r"/applications/(\d+)/$", page.url).group(1))
    case = Application.objects.get(pk=case_id)
    assert case.status == "submitted" and case.reference in page.inner_text("h1")
    return case


def open_case_found_by_reference(page, case: Application, language: str) -> None:
    words = WORDS[language]
    page.goto(f"/{language}/workbench/")
    page.get_by_label(words["search"]).fill(case.reference)
    page.get_by_role("button", name=words["find"], exact=True).click()
    page.get_by_role("link", name=case.reference).click()
    page.wait_for_url(re.compile(rf"/{language}/workbench/cases/{case.pk}/$"))


def officers_approve(browser, live_server, case: Application, officer, senior_officer, language: str) -> None:
    """An officer finds the case, claims it, records the rules' assessment and recommends approval;
    a senior officer finds it in the recommended queue and approves."""
    words = WORDS[language]
    desk = signed_in(browser, live_server, officer.email, language)
    open_case_found_by_reference(desk, case, language)
    desk.get_by_role("button", name=words["claim"]).click()
    desk.get_by_text(words["claimed"]).wait_for()
    desk.locator("#action-assess").get_by_role("button", name=words["assess"]).click()
    desk.get_by_text(words["assessed"]).wait_for()
    desk.get_by_label(words["recommend_approval"]).check()
    desk.get_by_role("button", name=words["record_recommendation"]).click()
    desk.get_by_text(words["recommended"]).wait_for()

    senior = signed_in(browser, live_server, senior_officer.email, language)
    senior.goto(f"/{language}/workbench/?queue=recommended")
    senior.get_by_role("link", name=case.reference).click()
    senior.get_by_label(words["approve"], exact=True).check()
    senior.get_by_role("button", name=words["record_decision"]).click()
    senior.get_by_text(words["decided"]).wait_for()
    assert desk.console_errors == [] and senior.console_errors == []
    desk.context.close()
    senior.context.close()


def fee_paid_at_the_counter_and_e_visa_issued(browser, live_server, case: Application, officer, language: str) -> None:
    """An officer takes the case from "awaiting the fee", records the counter payment, then takes
    it from "ready to issue" and issues the e-Visas: each queue and link is the workbench's own."""
    words = WORDS[language]
    desk = signed_in(browser, live_server, officer.email, language)
    desk.get_by_role("link", name=words["awaiting_fee"]).click()
    desk.get_by_role("link", name=case.reference).click()
    desk.get_by_role("link", name=words["evisa_page"]).click()
    desk.wait_for_url(re.compile(rf"/{language}/evisa/case/{case.pk}/$"))
    desk.get_by_role("button", name=words["counter"]).click()
    desk.wait_for_load_state()
    assert Application.objects.get(pk=case.pk).fee_paid

    desk.goto(f"/{language}/workbench/")
    desk.get_by_role("link", name=words["ready_to_issue"]).click()
    desk.get_by_role("link", name=case.reference).click()
    desk.get_by_role("link", name=words["evisa_page"]).click()
    desk.get_by_role("button", name=words["issue"]).click()
    desk.wait_for_load_state()
    assert Application.objects.get(pk=case.pk).status == "evisa_issued"
    assert desk.console_errors == []
    desk.context.close()


def holder_downloads_the_e_visa(page, case: Application, language: str) -> bytes:
    """From the status page, the link to the e-Visas, and the principal's full copy."""
    words = WORDS[language]
    page.goto(f"/{language}/portal/applications/{case.pk}/")
    page.get_by_role("link", name=words["download"]).click()
    principal = case.evisas.get(dependant__isnull=True)
    with page.expect_download() as download:
        page.locator(f"main a[href*='/{principal.number}/pdf/full/']").click()
    return Path(download.value.path()).read_bytes()
