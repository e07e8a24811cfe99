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
from tests.integration.payments.statements import camt053
from tests.personas import PASSWORD as STAFF_PASSWORD
from tests.unit.portal.samples import image_bytes, mainland_id, pdf_bytes

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
    page.get_by_role("navigation", name="主选单").get_by_role("link", name="登录").click()
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _submit_main_form(page) -> None:
    page.locator("main form button[type=submit]").last.click()


# --- the applicant ----------------------------------------------------------------------------


def self_check_and_register(page, mailoutbox, run_jobs) -> None:
    page.goto("/zh-hans/")
    page.get_by_role("link", name="开始自我评估").click()
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
    assert "评估结果" in page.inner_text("#result-heading")

    page.get_by_role("link", name="注册账户以提出申请").click()
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


def upload_documents_and_submit(page, tmp_path: Path) -> str:
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


def open_the_bill_and_scan_its_fps_code(page, kind_label: str):
    """From the status page, open the bill; read its FPS QR code as a banking app would."""
    page.get_by_role("link", name="查看账单、每人的费用及缴费方法").click()
    page.wait_for_url(re.compile(r"/zh-hans/payments/case/\d+/$"))
    bill = page.locator("section.bill", has=page.get_by_role("heading", name=re.compile(kind_label))).filter(
        has=page.locator("img.fps-qr"))
    image = bill.locator("img.fps-qr")
    assert image.evaluate("image => image.complete && image.naturalWidth > 0")
    shown = Image.open(BytesIO(image.screenshot()))  # the code as drawn on the screen, as a phone would see it
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


def upload_statement(officer, statement: bytes, name: str) -> str:
    officer.get_by_role("navigation", name="主选单").get_by_role("link", name="工作台").click()
    officer.get_by_role("navigation", name="主选单").get_by_role("link", name="银行结单").click()
    officer.wait_for_url(re.compile(r"/zh-hans/payments/statements/$"))
    officer.set_input_files("input[type=file]", {"name": name, "mimeType": "text/xml", "buffer": statement})
    officer.get_by_role("button", name="上传并对账").click()
    officer.wait_for_url(re.compile(r"/payments/statements/$"))
    return officer.locator(".messages").inner_text()


def open_from_queue(page, queue_label: str, reference: str) -> None:
    page.get_by_role("navigation", name="主选单").get_by_role("link", name="工作台").click()
    page.get_by_role("navigation", name="工作队列").get_by_role("link", name=queue_label).click()
    page.get_by_role("link", name=reference).click()
    page.wait_for_url(re.compile(r"/zh-hans/workbench/cases/\d+/$"))


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

    # The application fee: HK$600 for each of the three people, payable by FPS.
    payment = open_the_bill_and_scan_its_fps_code(applicant, "申请费")
    rows = applicant.locator("table.fee-lines tbody tr")
    assert rows.count() == 3
    assert "陈雨" in rows.nth(0).inner_text()
    assert payment.amount_hkd == 1800
    application_bill = Bill.objects.get(application=case, kind="application")
    assert payment.reference == application_bill.reference

    # The bank's end-of-day statement carries the applicant's FPS credit; an officer uploads it.
    staff = _person(browser, live_server)
    _sign_in_from_home(staff, officer.email, STAFF_PASSWORD)
    assert re.search(r"/zh-hans/workbench/$", staff.url)
    message = upload_statement(
        staff, camt053({"amount": f"{payment.amount_hkd}.00", "reference": payment.reference, "bank_ref": "FPS-A-0001"},
                       statement_id="STMT-APPLICATION"), "statement-application.xml")
    assert "1 笔款项配对成功，0 笔异常" in message

    applicant.reload()
    paid = applicant.locator("section.bill").filter(has_text=payment.reference)
    assert "已缴付" in paid.inner_text()
    with applicant.expect_download() as receipt:
        paid.get_by_role("link", name="下载收据（PDF）").click()
    assert Path(receipt.value.path()).read_bytes().startswith(b"%PDF")

    # The rules ran in a job on submission: the queue shows the outcome.
    run_jobs()
    staff.get_by_role("navigation", name="主选单").get_by_role("link", name="工作台").click()
    staff.get_by_role("navigation", name="工作队列").get_by_role("link", name="新个案").click()
    row = staff.locator("tbody tr").filter(has=staff.get_by_role("link", name=reference))
    outcome = Application.objects.get(pk=case.pk).rules_outcome
    assert row.locator(f"span.status.{outcome}").inner_text().strip() == {
        "eligible": "符合资格", "refer": "须由主任判断", "ineligible": "不符合资格"}[outcome]
    row.get_by_role("link", name=reference).click()
    assert staff.locator("#findings-heading").is_visible()
    assert staff.get_by_text("尚未评估。").count() == 0
    staff.get_by_role("button", name="接手此个案").click()
    staff.get_by_text("您已接手此个案。").wait_for()
    staff.check("input[name=kinds][value=degree_certificate]")
    staff.locator("#request_information-message").fill("请上传您的硕士学位证书。")
    staff.get_by_role("button", name="发出要求").click()
    staff.get_by_text("要求已发送给申请人。").wait_for()

    # The applicant answers the request from the status page.
    applicant.goto(status_url)
    assert "请上传您的硕士学位证书。" in applicant.locator("section[aria-labelledby=requests-heading]").inner_text()
    applicant.get_by_role("link", name="上传文件").click()
    applicant.locator("select[name=kind]").select_option("degree_certificate")
    applicant.locator("input[type=file]").set_input_files(str(tmp_path / "scan.pdf"))
    applicant.locator("main form.form button[type=submit]").click()
    applicant.wait_for_url(re.compile(rf"/portal/applications/{case.pk}/$"))
    run_jobs()  # re-assessment on the answer, and the e-mails

    # The officer recommends; a senior officer approves.
    staff.reload()
    assert "请先记录评估，再提出建议或作出决定。" in staff.locator("#action-assess").inner_text()
    staff.get_by_role("button", name="执行资格评估").click()
    staff.get_by_text("评估已记录。").wait_for()
    staff.check("input[name=verdict][value=approve]")
    staff.get_by_role("button", name="记录建议").click()
    staff.get_by_text("您的建议已记录，正等待第二位主任决定。").wait_for()
    assert Application.objects.get(pk=case.pk).status == "recommended"

    senior = _person(browser, live_server)
    _sign_in_from_home(senior, senior_officer.email, STAFF_PASSWORD)
    open_from_queue(senior, "等待第二位主任决定", reference)
    senior.check("input[name=decision][value=approve]")
    senior.get_by_role("button", name="记录决定").click()
    senior.get_by_text("决定已记录。").wait_for()
    assert Application.objects.get(pk=case.pk).status == "approved"

    # The issuance fee, paid the same way.
    applicant.goto(status_url)
    issuance = open_the_bill_and_scan_its_fps_code(applicant, "签发费")
    assert issuance.reference == Bill.objects.get(application=case, kind="issuance").reference
    message = upload_statement(
        staff, camt053({"amount": f"{issuance.amount_hkd}.00", "reference": issuance.reference, "bank_ref": "FPS-B-0002"},
                       statement_id="STMT-ISSUANCE"), "statement-issuance.xml")
    assert "1 笔款项配对成功，0 笔异常" in message
    applicant.reload()
    assert "已缴付" in applicant.locator("section.bill").filter(has_text=issuance.reference).inner_text()

    # The officer finds the case ready to issue, and issues the e-Visas.
    staff.get_by_role("navigation", name="主选单").get_by_role("link", name="工作台").click()
    staff.get_by_role("navigation", name="工作队列").get_by_role("link", name="可签发").click()
    assert staff.get_by_role("link", name=reference).count() == 1
    save_screenshot(staff, "workbench-ready-to-issue-zh-hans.png")
    staff.get_by_role("link", name=reference).click()
    staff.get_by_role("link", name="打开缴费及电子签证页面").click()
    staff.get_by_role("button", name="签发电子签证").click()
    staff.get_by_text("电子签证已签发。").wait_for()
    assert EVisa.objects.filter(application=case).count() == 3
    principal = EVisa.objects.get(application=case, principal=None)

    # The applicant downloads their e-Visa; its QR code, read back with poppler and zxing-cpp, verifies.
    applicant.goto(status_url)
    applicant.get_by_role("link", name="下载电子签证").click()
    card = applicant.locator("li.card").filter(has_text=principal.number)
    with applicant.expect_download() as download:
        card.get_by_role("link", name=re.compile("完整版（PDF）")).click()
    pdf = tmp_path / "evisa.pdf"
    download.value.save_as(pdf)
    texts = qr_texts_of(pdf, tmp_path)
    token = next(text for text in texts if text.startswith("HKEV1:"))
    assert token == principal.token_full

    applicant.get_by_role("link", name="核实电子签证").click()
    applicant.fill("textarea[name=token]", token)
    applicant.get_by_role("button", name="核实").click()
    assert "有效：真实且仍然有效" in applicant.locator("section.verification").inner_text()

    # An officer revokes it; the holder's status page says so.
    staff.get_by_role("link", name=re.compile(f"撤销 {principal.number}")).click()
    staff.fill("textarea[name=reason]", "申请人提供的资料不实。")
    staff.get_by_role("button", name="撤销").click()
    staff.get_by_text(f"电子签证 {principal.number} 已撤销。").wait_for()

    applicant.goto(status_url)
    assert applicant.locator("span.status.case-revoked").inner_text() == "电子签证已撤销"
    assert principal.number in applicant.locator("#revoked-heading + p").inner_text()
    save_screenshot(applicant, "journey-status-revoked-zh-hans.png")
    assert applicant.get_by_role("link", name="下载电子签证").count() == 0
    applicant.goto("/zh-hans/evisa/verify/")
    applicant.fill("textarea[name=token]", token)
    applicant.get_by_role("button", name="核实").click()
    assert "已撤销：真实，但已不再有效" in applicant.locator("section.verification").inner_text()

    for page in (applicant, staff, senior):
        assert [e for e in page.console_errors if not _expected_console_noise(e)] == []
