"""The employer's forms state the market-test, salary and new-company rules the policy data state:
a rule changed in the data alone (no code) changes the hint and the help texts."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db

CHANGED = dt.date(2026, 1, 1)


def _offer_form(client, employer_staff, language: str = "en") -> str:
    client.force_login(employer_staff)
    response = client.get(f"/{language}/employer/offers/new/")
    assert response.status_code == 200
    return response.content.decode()


def _registration_form(client, language: str = "en") -> str:
    response = client.get(f"/{language}/employer/register/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_offer_form_names_the_salary_exemption_in_force(client, employer_staff):
    html = _offer_form(client, employer_staff)
    assert "on the Talent List or pays HK$2,000,000 a year or more; otherwise show" in html
    assert "if more than 12 months&#x27; salary" in html


def test_a_lower_salary_exemption_in_the_data_is_the_one_the_offer_form_names(client, employer_staff, policy_data_change):
    policy_data_change("market_test.salary_exemption_annual_hkd", 1_500_000, CHANGED)
    assert "on the Talent List or pays HK$1,500,000 a year or more" in _offer_form(client, employer_staff)
    assert "或年薪达港币1,500,000元或以上，则无需本地招聘" in _offer_form(client, employer_staff, "zh-hans")
    assert "或年薪達港幣1,500,000元或以上，則無需本地招聘" in _offer_form(client, employer_staff, "zh-hant")


def test_with_no_salary_route_in_the_data_the_offer_form_names_only_the_talent_list(client, employer_staff, policy_data_change):
    policy_data_change("market_test.salary_exemption_annual_hkd", None, CHANGED)
    html = _offer_form(client, employer_staff)
    assert "No local recruitment is needed when the post is on the Talent List; otherwise show" in html
    assert "HK$2,000,000" not in html


def test_the_months_of_salary_in_a_year_in_the_data_are_the_ones_the_annual_package_help_names(client, employer_staff, policy_data_change):
    policy_data_change("remuneration.annual_salary_months", 13, CHANGED)
    assert "if more than 13 months&#x27; salary" in _offer_form(client, employer_staff)
    assert "如多於 13 個月薪金請填寫" in _offer_form(client, employer_staff, "zh-hant")


def test_the_registration_form_names_the_new_company_period_in_force(client):
    assert "A company established less than 12 months ago adds a business plan" in _registration_form(client)


def test_a_longer_new_company_period_in_the_data_is_the_one_the_registration_form_names(client, policy_data_change):
    policy_data_change("employer.new_company_months", 24, CHANGED)
    assert "A company established less than 24 months ago adds a business plan" in _registration_form(client)
    assert "成立不足 24 个月的公司须在聘用中附上业务计划书" in _registration_form(client, "zh-hans")
