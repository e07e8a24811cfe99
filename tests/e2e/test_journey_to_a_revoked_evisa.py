"""Journey (a) of issue 19, in a real Chromium, through the product's own pages only (zh-Hans):

a new applicant checks their eligibility, registers (following the link in the verification
e-mail), applies with a spouse and a child, uploads the documents and submits; pays the
application fee by FPS (the test reads the bill's QR code and writes the bank's camt.053
statement crediting it, which an officer uploads); the officer finds the case assessed in the
queue (the rules ran in a job on submission), requests a document, the applicant answers, the
officer recommends and a senior officer approves; the applicant pays the issuance fee the same
way; the officer finds the case "ready to issue" and issues the e-Visas; the applicant downloads
theirs, whose QR code (rendered with poppler, decoded with zxing-cpp) the public verify page
finds valid; an officer revokes it and the applicant's status page says so.

The test creates the staff accounts and reads the database to check; every step a person takes
is a click or a keystroke in the browser. Background jobs (assessment, e-mail) run when
`run_jobs` is called, as the worker would run them.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from asmtp.cases.models import Application
from asmtp.domain.fps_qr import read_fps_payload
from asmtp.evisa.models import EVisa
from asmtp.payments.models import Bill
from tests.e2e.conftest import save_screenshot
from tests.e2e.journeys import upload_documents_and_submit
from tests.integration.payments.statements import camt053
from tests.personas import PASSWORD as STAFF_PASSWORD
from tests.unit.portal.samples import mainland_id

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BORN = dt.date(1990, 5, 17)
ID_NUMBER = mainland_id(BORN, address="440305", sequence="027")
EMAIL = "chen.yu@example.cn"
PASSWORD = "lantern over victoria harbour 2026"


def _expected_console_noise(error: str) -> bool:
    # Chromium logs a form answered with 400/409 as an error: that is a page refusing bad input.
    return "status of 400" in error or "status of 409" in error


def _person(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors  # type: ignore[attr-defined]
    return page


def _sign_in_from_home(page, email: str, password: str) -> None:
    page.goto("/zh-hans/")
    page.locator("nav.site-nav a[href$='/accounts/login/']").click()
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _submit_main_form(page) -> None:
    page.locator("main form button[type=submit]").last.click()


def _press(page, button) -> str:
    """Send a form and wait for the page it leads to; the page's message to the user, if any."""
    with page.expect_navigation():
        button.click()
    messages = page.locator(".messages")
    return messages.inner_text() if messages.count() else ""


def _chinese(text: str) -> str:
    """Words shown to a zh-Hans reader: Chinese, not English left untranslated."""
    assert re.search(r"[\u4e00-\u9fff]", text) and not re.search(r"[A-Za-z]{3,}", text), text
    return text


# --- the applicant ----------------------------------------------------------------------------


def self_check_and_register(page, mailoutbox, run_jobs) -> None:
    page.goto("/zh-hans/")
    page.locator("main a[href$='/portal/check/']").first.click()
    page.fill("#id_date_of_birth", BORN.isoformat())
    page.fill("#id_mainland_id_number", ID_NUMBER)
    page.select_option("#id_residence", "mainland")
    page.check("#id_hk_degree_graduate_1")
    page.select_option("#id_education_level", "master")
    page.fill("#id_experience_years", "8")
    page.check("#id_has_professional_qualifications_1")
    page.check("#id_criminal_conviction_declared_1")
    page.check("#id_has_offer_1")
    _submit_main_form(page)
    page.wait_for_selector("#result-heading")
    _chinese(page.inner_text("#result-heading"))

    page.locator("main a[href$='/accounts/register/']").click()
    page.fill("#id_last_name", "Chen")
    page.fill("#id_first_name", "Yu")
    page.fill("#id_email", EMAIL)
    page.select_option("#id_preferred_language", "zh-hans")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    _submit_main_form(page)
    page.wait_for_url(re.compile(r"/accounts/register/done/$"))
    run_jobs()  # the verification e-mail goes out
    link = re.search(r"https?://\S+", mailoutbox[-1].body).group(0)
    page.goto(link)  # the applicant follows the link in the e-mail
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    page.fill("input[name=username]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/zh-hans/portal/$"))


def apply_with_spouse_and_child(page) -> None:
    page.locator("main form[action$='/start/'] button").click()
    page.wait_for_url(re.compile(r"/step/personal/$"))
    page.fill("#id_name_en", "CHEN Yu")
    page.fill("#id_name_zh", "陈雨")
    page.check("#id_sex_1")
    page.fill("#id_date_of_birth", BORN.isoformat())
    page.select_option("#id_travel_document_type", "EEP")
    page.fill("#id_travel_document_number", "C34567890")
    page.select_option("#id_residence", "mainland")
    page.check("#id_hk_degree_graduate_1")
    page.fill("#id_mainland_id_number", ID_NUMBER)
    page.click("button[name=save_and_continue]")
    page.wait_for_url(re.compile(r"/step/education/$"))
    page.select_option("#id_education_level", "master")
    page.fill("#id_field_of_study", "Computer science")
    page.fill("#id_experience_years", "8")
    page.click("button[name=save_and_continue]")
    page.wait_for_url(re.compile(r"/step/employment/$"))
    page.check("#id_has_offer_1")
    page.click("button[name=save_and_continue]")
    page.wait_for_url(re.compile(r"/family/$"))
    for relationship, name, sex, born, marital in (
        ("spouse", "LIN Hao", "M", "1989-11-03", "married"),
        ("child", "CHEN Xiaoyu", "F", "2018-06-21", "single"),
    ):
        page.check(f"input[name=relationship][value={relationship}]")
        page.fill("#id_name_en", name)
        page.check(f"input[name=sex][value={sex}]")
        page.fill("#id_date_of_birth", born)
        page.select_option("#id_marital_status", marital)
        page.locator("main form.form button.secondary").click()
        page.wait_for_load_state()
    assert page.locator("table tbody tr").count() == 2
    page.locator("main a.button[href$='/step/declarations/']").click()
    page.check("#id_criminal_conviction_declared_1")
    page.click("button[name=save_and_continue]")
    page.wait_for_url(re.compile(r"/documents/$"))


def open_the_bill_and_scan_its_fps_code(page):
    """From the status page, open the bill; read the FPS QR code of the fee to pay as a phone would."""
    page.locator("main a[href*='/payments/case/']").click()
    page.wait_for_url(re.compile(r"/zh-hans/payments/case/\d+/$"))
    image = page.locator("section.bill img.fps-qr")
    assert image.count() == 1  # one fee to pay at a time
    assert image.evaluate("image => image.complete && image.naturalWidth > 0")
    shown = Image.open(BytesIO(image.screenshot()))  # the code as drawn on the screen
    codes = zxingcpp.read_barcodes(shown, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(codes) == 1
    return read_fps_payload(codes[0].text)


def qr_texts_of(pdf: Path, folder: Path) -> list[str]:
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(pdf), str(folder / "page")], check=True)
    texts: list[str] = []
    for rendered in sorted(folder.glob("page*.png")):
        with Image.open(rendered) as image:
            texts += [code.text for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
    return texts


# --- the officers -----------------------------------------------------------------------------


def go_to_workbench(page) -> None:
    page.locator("nav.site-nav a[href$='/workbench/']").click()
    page.wait_for_url(re.compile(r"/zh-hans/workbench/$"))


def upload_statement(officer, statement: bytes, name: str) -> str:
    go_to_workbench(officer)
    officer.locator("nav.site-nav a[href$='/payments/statements/']").click()
    officer.wait_for_url(re.compile(r"/zh-hans/payments/statements/$"))
    officer.set_input_files("input[type=file]", {"name": name, "mimeType": "text/xml", "buffer": statement})
    return _press(officer, officer.locator("main form button[type=submit]"))


def open_queue(page, queue: str) -> None:
    go_to_workbench(page)
    page.locator(f"main a[href='?queue={queue}']").click()
    page.wait_for_url(re.compile(rf"\?queue={queue}$"))


# --- the journey --------------------------------------------------------------------------------


def test_a_new_applicant_goes_from_the_self_check_to_an_issued_e_visa_that_is_later_revoked(
    browser, live_server, officer, senior_officer, mailoutbox, run_jobs, tmp_path
):
    applicant = _person(browser, live_server)
    self_check_and_register(applicant, mailoutbox, run_jobs)
    apply_with_spouse_and_child(applicant)
    reference = upload_documents_and_submit(applicant, tmp_path)
    case = Application.objects.get(reference=reference)
    assert case.dependants.count() == 2 and case.status == "submitted"
    status_url = applicant.url

    # The application fee: HK$600 for each of the three people, one bill, payable by FPS.
    payment = open_the_bill_and_scan_its_fps_code(applicant)
    rows = applicant.locator("table.fee-lines tbody tr")
    assert rows.count() == 3 and "陈雨" in rows.nth(0).inner_text()
    assert payment.amount_hkd == 1800
    assert payment.reference == Bill.objects.get(application=case, kind="application").reference

    # The bank's end-of-day statement carries the applicant's FPS credit; an officer uploads it.
    staff = _person(browser, live_server)
    _sign_in_from_home(staff, officer.email, STAFF_PASSWORD)
    assert re.search(r"/zh-hans/workbench/$", staff.url)  # staff land on their workbench
    message = upload_statement(
        staff, camt053({"amount": f"{payment.amount_hkd}.00", "reference": payment.reference, "bank_ref": "FPS-A-0001"},
                       statement_id="STMT-APPLICATION"), "statement-application.xml")
    assert re.search(r"\b1\b.*\b0\b", _chinese(message))  # 1 matched, 0 exceptions

    applicant.reload()
    paid = applicant.locator("section.bill").filter(has_text=payment.reference)
    assert "已缴付" in paid.inner_text()
    with applicant.expect_download() as receipt:
        paid.locator("a[href*='/payments/receipts/']").click()
    assert Path(receipt.value.path()).read_bytes().startswith(b"%PDF")

    # The rules ran in a job on submission: the new cases' queue shows the outcome.
    run_jobs()
    open_queue(staff, "new")
    row = staff.locator("tbody tr").filter(has=staff.get_by_role("link", name=reference))
    outcome = Application.objects.get(pk=case.pk).rules_outcome
    assert outcome and _chinese(row.locator(f"span.status.{outcome}").inner_text())
    row.get_by_role("link", name=reference).click()
    assert staff.locator("table.findings tbody tr").count() > 0  # the assessment is on the case page

    # The officer claims the case and asks for the degree certificate.
    _press(staff, staff.locator("button[value=claim]"))
    staff.check("input[name=kinds][value=degree_certificate]")
    staff.locator("#request_information-message").fill("请上传您的硕士学位证书。")
    _chinese(_press(staff, staff.locator("button[value=request_information]")))
    assert Application.objects.get(pk=case.pk).status == "awaiting_applicant"

    # The applicant answers the request from the status page.
    applicant.goto(status_url)
    requests = applicant.locator("section[aria-labelledby=requests-heading]")
    assert "请上传您的硕士学位证书。" in requests.inner_text()
    requests.locator("a[href*='/requests/']").click()
    applicant.locator("select[name=kind]").select_option("degree_certificate")
    applicant.locator("input[type=file]").set_input_files(str(tmp_path / "scan.pdf"))
    applicant.locator("main form.form button[type=submit]").click()
    applicant.wait_for_url(re.compile(rf"/portal/applications/{case.pk}/$"))
    run_jobs()  # the rules again on the answer, and the e-mails
    assert Application.objects.get(pk=case.pk).status == "assessing"

    # The officer records the assessment and recommends approval; a senior officer approves.
    staff.reload()
    assert "请先记录评估" in staff.locator("#action-assess").inner_text()
    _press(staff, staff.locator("button[value=assess]"))
    staff.check("input[name=verdict][value=approve]")
    _chinese(_press(staff, staff.locator("button[value=recommend]")))
    assert Application.objects.get(pk=case.pk).status == "recommended"

    senior = _person(browser, live_server)
    _sign_in_from_home(senior, senior_officer.email, STAFF_PASSWORD)
    open_queue(senior, "recommended")
    senior.get_by_role("link", name=reference).click()
    senior.check("input[name=decision][value=approve]")
    _chinese(_press(senior, senior.locator("button[value=decide]")))
    assert Application.objects.get(pk=case.pk).status == "approved"

    # The issuance fee, paid the same way.
    applicant.goto(status_url)
    issuance = open_the_bill_and_scan_its_fps_code(applicant)
    assert issuance.reference == Bill.objects.get(application=case, kind="issuance").reference
    assert issuance.amount_hkd > 0 and applicant.locator("section.bill").filter(has_text=issuance.reference).locator(
        "table.fee-lines tbody tr").count() == 3
    message = upload_statement(
        staff, camt053({"amount": f"{issuance.amount_hkd}.00", "reference": issuance.reference, "bank_ref": "FPS-B-0002"},
                       statement_id="STMT-ISSUANCE"), "statement-issuance.xml")
    assert re.search(r"\b1\b.*\b0\b", _chinese(message))
    applicant.reload()
    assert "已缴付" in applicant.locator("section.bill").filter(has_text=issuance.reference).inner_text()

    # The officer finds the case ready to issue, opens its fee and e-Visa page and issues the e-Visas.
    open_queue(staff, "ready_to_issue")
    assert staff.get_by_role("link", name=reference).count() == 1
    save_screenshot(staff, "workbench-ready-to-issue-zh-hans.png")
    staff.get_by_role("link", name=reference).click()
    staff.locator(f"main a[href$='/evisa/case/{case.pk}/']").click()
    _chinese(_press(staff, staff.locator("form[action$='/issue/'] button")))
    assert EVisa.objects.filter(application=case).count() == 3
    principal = EVisa.objects.get(application=case, principal=None)

    # The applicant downloads their e-Visa; its QR code, read back with poppler and zxing-cpp, verifies.
    applicant.goto(status_url)
    applicant.locator("main a[href$='/evisa/']").click()
    card = applicant.locator("li.card").filter(has_text=principal.number)
    with applicant.expect_download() as download:
        card.locator("a[href$='/pdf/full/']").click()
    pdf = tmp_path / "evisa.pdf"
    download.value.save_as(pdf)
    token = next(text for text in qr_texts_of(pdf, tmp_path) if text.startswith("HKEV1:"))
    assert token == principal.token_full

    applicant.locator("main a[href$='/evisa/verify/']").click()
    applicant.fill("textarea[name=token]", token)
    _press(applicant, applicant.locator("main form button[type=submit]"))
    assert _chinese(applicant.locator("section.verification.pass h2").inner_text()).startswith("有效")

    # An officer revokes it; the holder's status page says so, and the verify page too.
    staff.locator(f"a[href$='/{principal.number}/revoke/']").click()
    staff.fill("textarea[name=reason]", "申请人提供的资料不实。")
    _chinese(_press(staff, staff.locator("main form button.danger")))
    assert EVisa.objects.get(pk=principal.pk).status == "revoked"

    applicant.goto(status_url)
    assert "撤销" in _chinese(applicant.locator("span.status.case-revoked").inner_text())
    assert principal.number in applicant.locator("#revoked-heading + p").inner_text()
    assert applicant.locator("main a[href$='/evisa/']").count() == 0  # no download offered
    save_screenshot(applicant, "journey-status-revoked-zh-hans.png")
    applicant.locator("nav.site-nav a[href='/zh-hans/']").click()
    applicant.locator("main a[href$='/evisa/verify/']").click()
    applicant.fill("textarea[name=token]", token)
    _press(applicant, applicant.locator("main form button[type=submit]"))
    assert "已撤销" in _chinese(applicant.locator("section.verification.fail h2").inner_text())

    for page in (applicant, staff, senior):
        assert [e for e in page.console_errors if not _expected_console_noise(e)] == []
