"""The Technical Professionals stream in Chromium: the self-check result in Traditional Chinese,
and the message at the trade when its quota is full, in Simplified Chinese (with screenshots)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from asmtp.cases.models import TPQuotaCounter
from tests.e2e.conftest import save_screenshot, sign_in
from tests.integration.portal.factories import mainland_id, ready_to_submit
from tests.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BORN = dt.date(1998, 3, 8)


def test_a_nurse_checks_the_tp_stream_in_traditional_chinese_and_sees_the_trade_in_the_conditions_of_stay(page):
    page.goto("/zh-hant/portal/check/")
    page.get_by_role("heading", name="技術專才類別：尚餘名額").wait_for()
    page.check("input[name=stream][value=technical_professional]")
    page.select_option("select[name=tp_trade]", "nurse")
    page.check("input[name=meets_trade_minimum_qualification][value=yes]")
    page.fill("input[name=date_of_birth]", BORN.isoformat())
    page.fill("input[name=mainland_id_number]", mainland_id(BORN, address="440305", sequence="021"))
    page.select_option("select[name=residence]", "mainland")
    page.check("input[name=hk_degree_graduate][value=no]")
    page.select_option("select[name=education_level]", "sub_degree")
    page.fill("input[name=experience_years]", "4")
    page.check("input[name=has_professional_qualifications][value=yes]")
    page.check("input[name=criminal_conviction_declared][value=no]")
    page.check("input[name=has_offer][value=yes]")
    page.fill("input[name=business_registration_number]", "12345678")
    page.select_option("select[name=industry]", "Q")
    page.fill("input[name=monthly_salary_hkd]", "30000")
    page.check("input[name=relevant_to_background][value=yes]")
    page.check("input[name=local_recruitment_evidence][value=yes]")
    page.get_by_role("button", name="評估我的資格").click()

    page.get_by_role("heading", name=re.compile("評估結果")).wait_for()
    assert page.get_by_text("持證人獲准來港從事「技術專才清單」的護士工作").is_visible()
    assert page.get_by_text("技術專才類別，工種：護士。").is_visible()
    save_screenshot(page, "tp-self-check-zh-hant.png")
    assert page.console_errors == []


def test_an_applicant_choosing_a_full_trade_is_told_at_the_trade_in_simplified_chinese(page, applicant):
    case = ready_to_submit(applicant, offer=True)
    TPQuotaCounter.objects.create(trade="nurse", used=3000)
    TPQuotaCounter.objects.create(trade="", used=3000)
    sign_in(page, applicant.email, PASSWORD, language="zh-hans")

    page.goto("/zh-hans/portal/")
    assert page.locator("#tp-quota-nurse").get_by_text("已满").is_visible()
    page.goto(f"/zh-hans/portal/applications/{case.pk}/step/employment/")
    page.check("input[name=stream][value=technical_professional]")
    page.select_option("select[name=tp_trade]", "nurse")
    page.check("input[name=meets_trade_minimum_qualification][value=yes]")
    page.get_by_role("button", name="保存并继续").click()

    message = page.locator("#field-tp_trade .field-error")
    message.wait_for()
    assert "技术专才类别中“护士”工种的名额已满" in message.inner_text()
    message.scroll_into_view_if_needed()
    save_screenshot(page, "tp-quota-full-zh-hans.png")
    # The refused form answers 400, which Chromium logs; nothing else may go wrong.
    assert [error for error in page.console_errors if "status of 400" not in error] == []
