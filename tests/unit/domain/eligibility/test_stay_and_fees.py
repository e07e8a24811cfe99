"""Limit of stay by application date and fees per person, as rules.md tabulates them."""

from __future__ import annotations

import pytest

from tests.unit.domain.eligibility.builders import application, assess, child, spouse


def _stay(submitted_on: str, **employment: object) -> dict:
    return assess(application(submitted_on=submitted_on, employment=employment or {}))["stay"]


@pytest.mark.parametrize(
    ("submitted_on", "initial", "extensions"),
    [
        ("2010-01-04", 12, [24, 24, 36]),
        ("2015-05-03", 12, [24, 24, 36]),
        ("2015-05-04", 24, [36, 36]),
        ("2022-12-27", 24, [36, 36]),
        ("2022-12-28", 36, [36, 24]),
    ],
)
def test_the_stay_pattern_follows_the_application_date(submitted_on, initial, extensions):
    stay = _stay(submitted_on)
    assert (stay["initial_months"], stay["extension_months"], stay["top_tier"]) == (initial, extensions, False)


def test_a_contract_shorter_than_36_months_shortens_the_first_stay_from_28_december_2022():
    assert _stay("2023-03-01", contract_months=24)["initial_months"] == 24
    assert _stay("2023-03-01", contract_months=48)["initial_months"] == 36


def test_a_short_contract_did_not_shorten_the_stay_before_28_december_2022():
    assert _stay("2022-06-01", contract_months=12)["initial_months"] == 24


def test_a_top_tier_principal_gets_the_long_extension():
    data = application(submitted_on="2023-03-01", applicant={"previous_year_assessable_income_hkd": 2000000})
    assert assess(data)["stay"] == {"initial_months": 36, "extension_months": [60], "top_tier": True}


def test_the_top_tier_extension_was_six_years_between_2015_and_2022():
    data = application(submitted_on="2016-03-01", applicant={"previous_year_assessable_income_hkd": 2500000})
    assert assess(data)["stay"]["extension_months"] == [72]


def test_there_was_no_top_tier_before_4_may_2015():
    data = application(submitted_on="2014-03-03", applicant={"previous_year_assessable_income_hkd": 5000000})
    assert assess(data)["stay"]["top_tier"] is False


def test_income_just_below_two_million_is_not_top_tier():
    data = application(submitted_on="2023-03-01", applicant={"previous_year_assessable_income_hkd": 1999999})
    assert assess(data)["stay"]["top_tier"] is False


@pytest.mark.parametrize(
    ("submitted_on", "application_fee", "issuance_fee"),
    [
        ("2014-06-02", 0, 160),
        ("2015-02-09", 0, 190),
        ("2019-03-24", 0, 190),
        ("2019-03-25", 0, 230),
        ("2025-02-25", 0, 230),
        ("2025-02-26", 600, 1300),
    ],
)
def test_fees_per_person_follow_the_application_date(submitted_on, application_fee, issuance_fee):
    fees = assess(application(submitted_on=submitted_on))["fees_hkd"]
    assert (fees["application"], fees["issuance"]) == (application_fee, issuance_fee)


def test_a_granted_stay_of_five_months_pays_the_short_stay_issuance_fee():
    fees = assess(application(submitted_on="2025-06-02", employment={"contract_months": 5}))["fees_hkd"]
    assert fees["issuance"] == 600


def test_a_granted_stay_of_six_months_is_longer_than_180_days():
    fees = assess(application(submitted_on="2025-06-02", employment={"contract_months": 6}))["fees_hkd"]
    assert fees["issuance"] == 1300


def test_every_dependant_pays_the_fees_too():
    fees = assess(application(submitted_on="2025-06-02", dependants=[spouse(), child()]))["fees_hkd"]
    assert (fees["persons"], fees["total_if_approved"]) == (3, 3 * (600 + 1300))
