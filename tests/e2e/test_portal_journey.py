"""The applicant's journey in a real browser: self-check → register (link from the e-mail) →
apply with a spouse and a child → upload → submit → see the status; in zh-Hans and English.
Every page is scanned with axe-core; bad input is shown on the page and nothing typed is lost."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from asmtp.cases.models import Application
from tests.e2e.conftest import axe_serious_violations
from tests.integration.portal.engine import engine  # noqa: F401 — fixture
from tests.unit.portal.samples import image_bytes, mainland_id, pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BORN = dt.date(1991, 7, 9)
ID_NUMBER = mainland_id(BORN, address="310104", sequence="033")
PASSWORD = "quiet harbour lantern 2026"
TEXT = {
    "en": {"result": "Your result", "child_too_old": "A child must be under 18", "wrong_type": "not a PDF, JPEG or PNG",
           "bad_id": "the last character does not match", "submitted": "Submission"},
    "zh-hans": {"result": "评估结果", "child_too_old": "子女在申请当日须未满18岁", "wrong_type": "不是 PDF、JPEG 或 PNG",
                "bad_id": "最后一位校验码与其他数字不符", "submitted": "提交申请"},
}


class Scanner:
    """Runs axe on each page visited and keeps what it finds, by page."""

    def __init__(self, page):
        self.page = page
        self.found: dict[str, list[str]] = {}

    def scan(self) -> None:
        violations = axe_serious_violations(self.page)
        if violations:
            self.found[self.page.url] = [f"{v['id']}: {v['help']}" for v in violations]


def _expected_console_noise(error: str) -> bool:
    # A form answering bad input with 400 is the page working (Chromium logs the status); the
    # site has no favicon yet and site.css is not on the static path in tests (the lead knows).
    return "status of 400" in error or error.endswith(("/favicon.ico", "/static/asmtp/site.css"))


def _submit(page) -> None:
    # The language switcher's buttons come first on every page; press the main form's.
    page.locator("main form button[type=submit]").last.click()


def _self_check(page, scanner, language):
    page.goto(f"/{language}/portal/check/")
    scanner.scan()
    page.fill("#id_date_of_birth", BORN.isoformat())
    page.fill("#id_mainland_id_number", ID_NUMBER)
    page.select_option("#id_residence", "mainland")
    page.check("#id_hk_degree_graduate_1")
    page.select_option("#id_education_level", "master")
    page.fill("#id_experience_years", "6")
    page.check("#id_has_professional_qualifications_1")
    page.check("#id_criminal_conviction_declared_1")
    page.check("#id_has_offer_1")
    assert page.locator("#offer-fields").is_hidden()  # no offer: its questions stay out of the way
    _submit(page)
    page.wait_for_selector("#result-heading")
    assert TEXT[language]["result"] in page.inner_text("#result-heading")
    scanner.scan()


def _register(page, scanner, language, email, mailoutbox, run_jobs):
    page.goto(f"/{language}/accounts/register/")
    scanner.scan()
    page.fill("#id_last_name", "Zhou")
    page.fill("#id_first_name", "Lan")
    page.fill("#id_email", email)
    page.select_option("#id_preferred_language", language)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    _submit(page)
    page.wait_for_url(re.compile(r"/accounts/register/done/$"))
    scanner.scan()
    run_jobs()
    link = re.search(r"https?://\S+", mailoutbox[-1].body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))  # the link confirms; the password signs in
    scanner.scan()
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/portal/$"))
    scanner.scan()


def _personal(page, scanner):
    page.locator("main form[action$='/start/'] button").click()
    page.wait_for_url(re.compile(r"/step/personal/$"))
    scanner.scan()
    page.fill("#id_name_en", "ZHOU Lan")
    page.fill("#id_name_zh", "周岚")
    page.check("#id_sex_0")
    page.fill("#id_date_of_birth", BORN.isoformat())
    page.select_option("#id_travel_document_type", "EEP")
    page.fill("#id_travel_document_number", "C23456789")
    page.select_option("#id_residence", "mainland")
    page.check("#id_hk_degree_graduate_1")
    wrong = ID_NUMBER[:17] + ("0" if ID_NUMBER[17] != "0" else "1")
    page.fill("#id_mainland_id_number", wrong)
    page.locator("#id_mainland_id_number").blur()
    assert page.locator("#id_mainland_id_number_live.bad").is_visible()  # checked as typed
    page.click("button[name=save_and_continue]")
    page.wait_for_selector(".error-summary")
    assert TEXT[page.url.split("/")[3]]["bad_id"] in page.inner_text("#field-mainland_id_number")
    assert page.input_value("#id_name_zh") == "周岚" and page.input_value("#id_travel_document_number") == "C23456789"
    scanner.scan()
    page.fill("#id_mainland_id_number", ID_NUMBER)
    page.click("button[name=save_and_continue]")
    page.wait_for_url(re.compile(r"/step/education/$"))


def _education_offer_family(page, scanner, language):
    scanner.scan()
    page.select_option("#id_education_level", "master")
    page.fill("#id_field_of_study", "Materials science")
    page.fill("#id_experience_years", "6")
    page.click("button[name=save_and_continue]")
    page.wait_for_url(re.compile(r"/step/employment/$"))
    scanner.scan()
    page.check("#id_has_offer_1")
    page.click("button[name=save_and_continue]")
    page.wait_for_url(re.compile(r"/family/$"))
    scanner.scan()
    _add_member(page, "spouse", "WU Min", "F", "1992-01-20", "married")
    too_old = dt.date.today().replace(year=dt.date.today().year - 18) - dt.timedelta(days=1)
    _add_member(page, "child", "ZHOU Da", "M", too_old.isoformat(), "single")
    page.wait_for_selector(".error-summary")
    assert TEXT[language]["child_too_old"] in page.inner_text("#field-date_of_birth")
    assert page.input_value("#id_name_en") == "ZHOU Da"
    scanner.scan()
    page.fill("#id_date_of_birth", "2019-04-02")
    _submit_add(page)
    assert page.locator("table tbody tr").count() == 2
    page.locator("main a.button[href$='/step/declarations/']").click()
    page.check("#id_criminal_conviction_declared_1")
    page.click("button[name=save_and_continue]")
    page.wait_for_url(re.compile(r"/documents/$"))


def _add_member(page, relationship, name, sex, born, marital):
    page.check(f"input[name=relationship][value={relationship}]")
    page.fill("#id_name_en", name)
    page.check(f"input[name=sex][value={sex}]")
    page.fill("#id_date_of_birth", born)
    page.select_option("#id_marital_status", marital)
    _submit_add(page)


def _submit_add(page):
    page.locator("main form.form button.secondary").click()
    page.wait_for_load_state()


def _documents(page, scanner, language, tmp_path):
    scanner.scan()
    pdf, png, fake = tmp_path / "scan.pdf", tmp_path / "photo.png", tmp_path / "notes.pdf"
    pdf.write_bytes(pdf_bytes())
    png.write_bytes(image_bytes("PNG"))
    fake.write_bytes(b"this is a text file with a .pdf name")
    page.locator(".checklist li.missing a").first.click()
    page.set_input_files("#id_file", str(fake))
    page.locator("main form[enctype] button").click()
    page.wait_for_selector(".error-summary")
    assert TEXT[language]["wrong_type"] in page.inner_text("#field-file")
    scanner.scan()
    while page.locator(".checklist li.missing a").count():
        link = page.locator(".checklist li.missing a").first
        is_photo = "kind=photo" in (link.get_attribute("href") or "")
        link.click()
        page.set_input_files("#id_file", str(png if is_photo else pdf))
        page.locator("main form[enctype] button").click()
        page.wait_for_load_state()
    page.locator("main a.button[href$='/review/']").click()
    page.wait_for_url(re.compile(r"/review/$"))
    scanner.scan()


def _submit_and_see_status(page, scanner, language):
    page.check("#id_declaration")
    page.locator("main form[data-submit-once] button").click()
    page.wait_for_url(re.compile(r"/portal/applications/\d+/$"))
    heading = page.inner_text("h1")
    assert re.search(r"ASMTP-\d{4}-\d{6}", heading)
    assert TEXT[language]["submitted"] in page.inner_text(".stages")
    scanner.scan()


@pytest.mark.usefixtures("engine")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_applicant_checks_registers_applies_with_family_and_follows_the_status(page, language, mailoutbox, run_jobs, tmp_path):
    scanner = Scanner(page)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"{msg.text} {(msg.location or {}).get('url', '')}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    email = f"zhou.lan.{language}@example.cn"
    _self_check(page, scanner, language)
    _register(page, scanner, language, email, mailoutbox, run_jobs)
    _personal(page, scanner)
    _education_offer_family(page, scanner, language)
    _documents(page, scanner, language, tmp_path)
    _submit_and_see_status(page, scanner, language)

    case = Application.objects.get(applicant__email=email)
    assert case.status == "submitted" and case.dependants.count() == 2
    assert {d.relationship for d in case.dependants.all()} == {"spouse", "child"}
    assert case.documents.filter(dependant__relationship="child", kind="birth_certificate").exists()
    assert scanner.found == {}
    assert [e for e in errors if not _expected_console_noise(e)] == []


def test_the_status_page_fits_a_phone(phone_page, applicant):
    from tests.integration.portal.factories import submitted
    from tests.personas import PASSWORD as PERSONA_PASSWORD

    case = submitted(applicant, family=True)
    phone_page.goto("/zh-hans/accounts/login/")
    phone_page.fill("input[name=username]", applicant.email)
    phone_page.fill("input[name=password]", PERSONA_PASSWORD)
    phone_page.locator("main button[type=submit]").click()
    phone_page.wait_for_url(lambda url: "/accounts/login/" not in url)
    phone_page.goto(f"/zh-hans/portal/applications/{case.pk}/")
    assert case.reference in phone_page.inner_text("h1")
    scroll_width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 390  # nothing forces sideways scrolling
    assert axe_serious_violations(phone_page) == []
