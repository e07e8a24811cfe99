"""An officer finds an approved case's e-Visa page through the product's own pages, in Chromium.

Signs in from the home page, lands on the workbench, searches the case reference, opens the
approved case and follows its link to the fee and e-Visa page: no URL typed after the home page.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import save_screenshot
from tests.integration.evisa.factories import approved_case
from tests.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_officer_signs_in_from_the_home_page_finds_an_approved_case_and_opens_its_e_visa_page(
    page, applicant, officer, senior_officer
):
    case = approved_case(applicant, officer, senior_officer, with_fee=True)

    page.goto("/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    page.fill("input[name=username]", officer.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()

    page.wait_for_url(re.compile(r"/en/workbench/$"))
    page.get_by_role("heading", name="Officer workbench").wait_for()

    page.get_by_label("Find a case by reference, name, or ID or travel document number").fill(case.reference)
    page.get_by_role("button", name="Find").click()
    page.get_by_role("heading", name=f"Cases found for “{case.reference}”").wait_for()
    page.get_by_role("link", name=case.reference).click()

    page.wait_for_url(re.compile(rf"/en/workbench/cases/{case.pk}/$"))
    page.get_by_role("heading", name="Fee and e-Visa").wait_for()
    assert page.get_by_text("The issuance fee is paid: the e-Visas can be issued.").is_visible()
    page.get_by_role("link", name="Open the fee and e-Visa page").click()

    page.wait_for_url(re.compile(rf"/en/evisa/case/{case.pk}/$"))
    assert case.reference in page.content()
    save_screenshot(page, "officer-finds-the-evisa-page-en.png")
    assert page.console_errors == []
