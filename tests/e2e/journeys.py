"""Steps the cross-role journeys share (tests/e2e/test_journey_*.py), each through the pages.

Every step is what one person does in their own browser: an applicant completing the form, an
officer and a senior officer deciding, an officer recording the fee and issuing the e-Visa. The
words pressed are the service's own, in the journey's language (`say`), so an untranslated
button fails while a reworded translation does not.
"""

from __future__ import annotations

import re
from pathlib import Path

from asmtp.cases.models import Application
from tests.personas import PASSWORD
from tests.unit.portal.samples import image_bytes, pdf_bytes


def say(language: str, english: str, **params: object) -> str:
    """The page's words for `english` in the journey's language, from the service's own catalogue.

    In Chinese, words left in English fail the journey here, before any page is looked at."""
    from django.utils import translation

    with translation.override(language):
        text = translation.gettext(english)
    if language != "en":
        assert text != english, f"no {language} translation for {english!r}"
    return text % params if params else text


def _either(language: str, *english: str) -> re.Pattern[str]:
    return re.compile("^(" + "|".join(re.escape(say(language, words)) for words in english) + ")$")


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


def employer_files_an_offer_and_invites(employer, language: str, applicant_email: str, tmp_path: Path, *,
                                        post_title: str, duties: str, why_not_local: str, recruitment: str) -> str:
    """Staff of a registered employer file a job offer with its documents and e-mail the applicant
    its offer code; returns the code."""
    employer.goto(f"/{language}/employer/")
    employer.get_by_role("link", name=say(language, "File a new job offer")).click()
    employer.fill("input[name=post_title]", post_title)
    employer.fill("input[name=occupation]", "Data scientist")
    employer.fill("textarea[name=duties]", duties)
    employer.fill("input[name=monthly_salary_hkd]", "52000")
    employer.fill("input[name=contract_months]", "24")
    employer.fill("textarea[name=why_not_filled_locally]", why_not_local)
    employer.check("input[name=local_recruitment_evidence]")
    employer.fill("textarea[name=local_recruitment_details]", recruitment)
    employer.get_by_role("button", name=say(language, "Save and continue to the documents")).click()
    employer.wait_for_url(re.compile(rf"/{language}/employer/offers/\d+/$"))
    scan = tmp_path / "offer-document.pdf"
    scan.write_bytes(pdf_bytes())
    for kind in ("br_certificate", "employment_contract", "recruitment_evidence"):
        employer.select_option("select[name=kind]", kind)
        employer.set_input_files("input[name=file]", str(scan))
        employer.get_by_role("button", name=say(language, "Upload"), exact=True).click()
        employer.wait_for_load_state()
    assert employer.locator(".checklist .todo").count() == 0
    employer.get_by_role("button", name=say(language, "File the offer")).click()
    code = employer.locator("#offer-code").inner_text().strip()
    employer.fill("input[name=email]", applicant_email)
    employer.select_option("select[name=language]", language)
    employer.get_by_role("button", name=say(language, "Send the invitation")).click()
    employer.get_by_text(say(language, "The invitation was sent to %(email)s.", email=applicant_email)).wait_for()
    return code


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
    upload_documents_and_submit(page, tmp_path)
    assert f"/{language}/portal/applications/" in page.url
    case_id = int(re.search(r"/applications/(\d+)/$", page.url).group(1))
    case = Application.objects.get(pk=case_id)
    assert case.status == "submitted" and case.reference in page.inner_text("h1")
    return case


def open_case_found_by_reference(page, case: Application, language: str) -> None:
    page.goto(f"/{language}/workbench/")
    page.get_by_label(say(language, "Find a case by reference, name, or ID or travel document number")).fill(case.reference)
    page.get_by_role("button", name=say(language, "Find"), exact=True).click()
    page.get_by_role("link", name=case.reference).click()
    page.wait_for_url(re.compile(rf"/{language}/workbench/cases/{case.pk}/$"))


def officers_approve(browser, live_server, case: Application, officer, senior_officer, language: str) -> None:
    """An officer finds the case, claims it, records the rules' assessment and recommends approval;
    a senior officer finds it in the recommended queue and approves."""
    desk = signed_in(browser, live_server, officer.email, language)
    open_case_found_by_reference(desk, case, language)
    desk.get_by_role("button", name=say(language, "Claim this case")).click()
    desk.get_by_text(say(language, "You have claimed the case.")).wait_for()
    assess = _either(language, "Run the eligibility rules", "Re-assess under the current policy")  # already run on submission
    desk.locator("#action-assess").get_by_role("button", name=assess).click()
    desk.get_by_text(say(language, "The assessment is recorded.")).wait_for()
    desk.get_by_label(say(language, "Recommend approval")).check()
    desk.get_by_role("button", name=say(language, "Record the recommendation")).click()
    desk.get_by_text(say(language, "Your recommendation is recorded and waits for a second officer.")).wait_for()

    senior = signed_in(browser, live_server, senior_officer.email, language)
    senior.goto(f"/{language}/workbench/?queue=recommended")
    senior.get_by_role("link", name=case.reference).click()
    senior.get_by_label(say(language, "Approve"), exact=True).check()
    senior.get_by_role("button", name=say(language, "Record the decision")).click()
    senior.get_by_text(say(language, "The decision is recorded.")).wait_for()
    assert desk.console_errors == [] and senior.console_errors == []
    desk.context.close()
    senior.context.close()


def fee_paid_at_the_counter_and_e_visa_issued(browser, live_server, case: Application, officer, language: str) -> None:
    """An officer takes the case from "awaiting the fee", records the counter payment, then takes
    it from "ready to issue" and issues the e-Visas: each queue and link is the workbench's own."""
    desk = signed_in(browser, live_server, officer.email, language)
    desk.get_by_role("link", name=say(language, "Awaiting the fee")).click()
    desk.get_by_role("link", name=case.reference).click()
    desk.get_by_role("link", name=say(language, "Open the fee and e-Visa page")).click()
    desk.wait_for_url(re.compile(rf"/{language}/evisa/case/{case.pk}/$"))
    desk.get_by_role("button", name=say(language, "Record the issuance fee paid at the counter")).click()
    desk.wait_for_load_state()
    assert Application.objects.get(pk=case.pk).fee_paid

    desk.goto(f"/{language}/workbench/")
    desk.get_by_role("link", name=say(language, "Ready to issue")).click()
    desk.get_by_role("link", name=case.reference).click()
    desk.get_by_role("link", name=say(language, "Open the fee and e-Visa page")).click()
    desk.get_by_role("button", name=say(language, "Issue the e-Visas")).click()
    desk.wait_for_load_state()
    assert Application.objects.get(pk=case.pk).status == "evisa_issued"
    assert desk.console_errors == []
    desk.context.close()


def holder_downloads_the_e_visa(page, case: Application, language: str) -> bytes:
    """From the status page, the link to the e-Visas, and the principal's full copy."""
    page.goto(f"/{language}/portal/applications/{case.pk}/")
    page.get_by_role("link", name=say(language, "Download your e-Visa")).click()
    principal = case.evisas.get(dependant__isnull=True)
    with page.expect_download() as download:
        page.locator(f"main a[href*='/{principal.number}/pdf/full/']").click()
    return Path(download.value.path()).read_bytes()


def holder_of_an_e_visa(applicant, employer_staff, officer, senior_officer, *, limit_of_stay_on=None) -> Application:
    """The starting state of the holders' journeys, made through the project's own use cases: an
    application with `employer_staff`'s offer, submitted, recommended, approved by a second
    officer, its fee paid at the counter and its e-Visa issued.

    `limit_of_stay_on` stands for a grant made long enough ago that its limit of stay is near:
    the decision writes a limit years ahead, so the grant's limit is moved before the e-Visa is
    issued (the one thing not done as an officer would).
    """
    from asmtp.employers.services import link_offer_to_application
    from asmtp.evisa.services import issue_evisa
    from asmtp.payments.services import record_issuance_fee
    from asmtp.portal.services import submit_application
    from asmtp.workbench import services as workbench
    from tests.integration.employers.factories import make_offer
    from tests.integration.portal.factories import fill_particulars, start, upload_all

    draft = fill_particulars(start(applicant), applicant)
    draft = link_offer_to_application(draft, make_offer(employer_staff).code, applicant)
    upload_all(draft, applicant)  # the applicant's copy of the contract too, now the offer is on it
    draft.refresh_from_db()
    case = submit_application(draft.pk, applicant, idempotency_key=draft.idempotency_key, declared=True)
    workbench.claim_case(case.pk, officer)
    workbench.record_assessment(case.pk, officer)
    workbench.recommend(case.pk, officer, verdict="approve")
    workbench.decide_case(case.pk, senior_officer, decision="approve")
    if limit_of_stay_on is not None:
        Application.objects.filter(pk=case.pk).update(limit_of_stay_on=limit_of_stay_on)
    record_issuance_fee(case.pk, officer)
    issue_evisa(case.pk, officer)
    return Application.objects.get(pk=case.pk)


def upload_documents_and_submit(page, tmp_path: Path) -> str:
    """Upload a specimen for every missing document, then declare and submit; the case's reference."""
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
    page.wait_for_url(re.compile(r"/portal/applications/\d+/$"))
    return re.search(r"ASMTP-\d{4}-\d{6}", page.inner_text("h1")).group(0)
