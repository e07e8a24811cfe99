"""People the tests act as (after healthchecks' personas): each a fixture with a role.

`applicant` owns cases; `other_applicant` must never see them. `officer` and `second_officer`
are plain officers; `senior_officer` and `other_senior_officer` approve. `employer_staff` works
for `company`; `other_company_staff` for another company.
"""

from __future__ import annotations

import datetime as dt

import pytest

PASSWORD = "correct horse battery staple 2026"


def make_user(email: str, role: str, **extra: object):
    from asmtp.accounts.models import User

    return User.objects.create_user(username=email, email=email, password=PASSWORD, role=role, **extra)


def make_company(brn: str = "12345678", name: str = "Harbour Analytics Limited", **extra: object):
    from asmtp.employers.models import Company

    defaults: dict[str, object] = {
        "name_en": name,
        "name_zh": "海港分析有限公司",
        "established_on": dt.date(2015, 3, 1),
        "industry": "J",
        "contact_person": "Chan Tai Man",
        "contact_email": f"hr@{brn}.example.hk",
        "status": "verified",  # an officer has checked its certificate; tests of claims pass status="pending"
    }
    defaults.update(extra)
    return Company.objects.create(business_registration_number=brn, **defaults)


@pytest.fixture
def applicant(db):
    return make_user("li.wei@example.cn", "applicant", first_name="Wei", last_name="Li", email_verified_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))


@pytest.fixture
def other_applicant(db):
    return make_user("zhang.min@example.cn", "applicant", first_name="Min", last_name="Zhang", email_verified_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))


@pytest.fixture
def officer(db):
    return make_user("officer.wong@immd.example.hk", "officer", first_name="Ka Ming", last_name="Wong")


@pytest.fixture
def second_officer(db):
    return make_user("officer.lam@immd.example.hk", "officer", first_name="Siu Fung", last_name="Lam")


@pytest.fixture
def senior_officer(db):
    return make_user("senior.cheung@immd.example.hk", "senior_officer", first_name="Mei Ling", last_name="Cheung")


@pytest.fixture
def other_senior_officer(db):
    return make_user("senior.ho@immd.example.hk", "senior_officer", first_name="Wing Yan", last_name="Ho")


@pytest.fixture
def analyst(db):
    return make_user("analyst.yip@immd.example.hk", "analyst", first_name="Hoi Ting", last_name="Yip")


@pytest.fixture
def administrator(db):
    return make_user("admin@immd.example.hk", "administrator", is_staff=True, is_superuser=True)


@pytest.fixture
def company(db):
    return make_company()


@pytest.fixture
def other_company(db):
    return make_company("87654321", "Kowloon Fintech Limited", name_zh="九龍金融科技有限公司", industry="K")


@pytest.fixture
def employer_staff(company):
    return make_user("hr@harbour-analytics.example.hk", "employer", company=company)


@pytest.fixture
def other_company_staff(other_company):
    return make_user("hr@kowloon-fintech.example.hk", "employer", company=other_company)
