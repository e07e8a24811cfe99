"""The employer portal asks the engine's own rules, with the policy in force: a change made in
the policy data alone (no code) changes what the portal tells an employer."""

from __future__ import annotations

import datetime as dt

import pytest

from asmtp.employers import services as service
from tests.integration.employers.factories import make_offer
from tests.personas import make_company, make_user

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)
CHANGED = dt.date(2026, 1, 1)


def test_a_lower_salary_threshold_in_the_data_exempts_an_offer_the_portal_did_not_exempt_before(employer_staff, policy_data_change, client):
    offer = make_offer(employer_staff, filed=False, monthly_salary_hkd=130_000)  # HK$1,560,000 a year
    assert service.market_test_exemption(offer, TODAY) is None
    policy_data_change("market_test.salary_exemption_annual_hkd", 1_500_000, CHANGED)
    assert service.market_test_exemption(offer, TODAY) == "salary"
    assert "recruitment_evidence" not in service.required_offer_documents(offer, TODAY)
    client.force_login(employer_staff)
    page = client.get(f"/en/employer/offers/{offer.pk}/").content.decode()
    assert "Exempt: the annual salary (HK$1,560,000) is HK$1,500,000 or more." in page


def test_the_months_of_salary_in_a_year_come_from_the_data_not_a_literal_12(employer_staff, policy_data_change):
    offer = make_offer(employer_staff, filed=False, monthly_salary_hkd=160_000)  # 12 x 160,000 = 1,920,000
    assert service.market_test_exemption(offer, TODAY) is None
    policy_data_change("remuneration.annual_salary_months", 13, CHANGED)  # 13 x 160,000 = 2,080,000
    assert service.market_test_exemption(offer, TODAY) == "salary"
    assert service.offer_findings_on(offer, TODAY).annual_salary_hkd == 2_080_000


def test_a_longer_new_company_period_in_the_data_asks_an_older_company_for_a_business_plan(db, policy_data_change, client):
    company = make_company("55554444", "Startup Limited", established_on=dt.date(2024, 9, 1))  # 18 months before TODAY
    staff = make_user("founder@startup.example.hk", "employer", company=company)
    offer = make_offer(staff, filed=False)
    assert "business_plan" not in service.required_offer_documents(offer, TODAY)
    policy_data_change("employer.new_company_months", 24, CHANGED)
    assert service.is_new_company(company, TODAY)
    assert "business_plan" in service.required_offer_documents(offer, TODAY)
