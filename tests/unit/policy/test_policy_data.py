"""The policy files: every value sourced, dated lookups scalar and vectorised, editions as data."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pytest

from asmtp.domain.eligibility import catalogue_problems
from asmtp.policy import UnknownEdition, available_editions, day_number, default_edition, load_policy

POLICY = load_policy("immd")


def test_the_editions_are_direct_by_default_and_immd():
    assert (available_editions(), default_edition()) == (("direct", "immd"), "direct")


def test_an_unknown_edition_is_refused_with_the_valid_ones():
    with pytest.raises(UnknownEdition, match="direct, immd"):
        load_policy("eu")


def test_every_parameter_value_has_a_reference_and_a_confidence_label():
    for policy in (load_policy("direct"), POLICY):
        for parameter in policy.parameters.values():
            for period in parameter.periods:
                assert period.reference.strip() and period.confidence in ("V", "I", "3P", "project"), parameter.name
                assert not re.search(r"\[(ASMTP|FAQ|ENH|DEP18|FEE25)\]", period.reference), "short source left unexpanded"


def test_the_editions_differ_only_in_whether_an_offer_is_required():
    direct = load_policy("direct")
    assert set(direct.parameters) == set(POLICY.parameters)
    differing = {name for name in POLICY.parameters if direct.parameters[name].periods != POLICY.parameters[name].periods}
    assert differing == {"employment.offer_required"}


@pytest.mark.parametrize(
    ("name", "day", "value"),
    [
        ("stay.initial_months", date(2000, 1, 1), 12),  # before the table: its first value
        ("stay.initial_months", date(2015, 5, 3), 12),
        ("stay.initial_months", date(2015, 5, 4), 24),
        ("stay.initial_months", date(2022, 12, 28), 36),
        ("fees.issuance_fee_hkd", date(2019, 3, 24), 190),
        ("fees.issuance_fee_hkd", date(2019, 3, 25), 230),
        ("fees.application_fee_hkd", date(2025, 2, 25), 0),
        ("fees.application_fee_hkd", date(2025, 2, 26), 600),
        ("dependants.partner_relationships", date(2018, 9, 18), ("spouse",)),
        ("dependants.partner_relationships", date(2018, 9, 19), ("spouse", "civil_partner")),
        ("market_test.salary_exemption_annual_hkd", date(2022, 12, 27), None),
        ("market_test.salary_exemption_annual_hkd", date(2022, 12, 28), 2000000),
        ("education.special_experience_years", date(2025, 1, 1), 5),
    ],
)
def test_a_parameter_is_read_at_a_date(name, day, value):
    assert POLICY.at(day)[name] == value


def test_vectorised_lookups_agree_with_the_policy_at_each_date():
    days = np.arange(day_number(date(2001, 1, 1)), day_number(date(2027, 1, 1)), 17, dtype=np.int64)
    for name, parameter in POLICY.parameters.items():
        if isinstance(parameter.periods[0].value, (tuple, dict)):  # lists and lengths of time are not numbers
            continue
        expected = [POLICY.at(date.fromordinal(date(1970, 1, 1).toordinal() + int(d)))[name] for d in days]
        got = parameter.numbers_at(days)
        assert [None if np.isnan(v) else v for v in got.tolist()] == [None if v is None else float(v) for v in expected], name


def test_a_reform_overrides_a_parameter_from_a_date_without_touching_the_original():
    reform = POLICY.with_overrides({"market_test.salary_exemption_annual_hkd": 2500000}, effective_from=date(2026, 1, 1), reference="reform")
    assert reform.at(date(2026, 1, 1))["market_test.salary_exemption_annual_hkd"] == 2500000
    assert reform.at(date(2025, 1, 1))["market_test.salary_exemption_annual_hkd"] == 2000000
    assert POLICY.at(date(2026, 1, 1))["market_test.salary_exemption_annual_hkd"] == 2000000


def test_the_talent_list_has_four_versions_and_says_which_are_partial():
    versions = POLICY.talent_list.versions
    assert [(v.effective_from.isoformat(), v.stated_count, v.complete) for v in versions] == [
        ("2018-08-28", 11, True), ("2021-10-06", 13, True), ("2023-05-16", 51, False), ("2025-03-01", 60, False),
    ]
    for version in versions:
        assert len(version.professions) == version.stated_count if version.complete else len(version.professions) < version.stated_count


def test_the_talent_list_has_the_nine_segments_of_2023():
    assert POLICY.talent_list.segment_ids == (
        "business_support", "creative_arts_culture", "development_construction", "environmental_technology",
        "financial_services", "healthcare", "innovation_technology", "legal_dispute_resolution", "maritime_services",
    )


def test_every_profession_names_its_source_and_every_2025_addition_is_on_the_2025_list():
    for profession in POLICY.talent_list.professions.values():
        assert profession.source.startswith("http") or "http" in profession.source, profession.id
    latest = set(POLICY.talent_list.versions[-1].professions)
    assert {"accountants", "ship-surveyors", "aircraft-maintenance-engineers"} <= latest


def test_every_hsic_section_has_a_wage_benchmark_and_three_names():
    assert list(POLICY.industries) == list("ABCDEFGHIJKLMNOPQRSTU")
    for letter, section in POLICY.industries.items():
        assert section.names.zh_hant and section.names.zh_hans
        assert POLICY.wages.at(letter, date(2025, 6, 1)).value > 0


def test_a_section_split_across_survey_industries_takes_the_highest_median():
    assert POLICY.wages.at("G", date(2024, 6, 1)).value == 19900
    assert POLICY.wages.at("I", date(2024, 6, 1)).value == 17100


def test_the_wage_grid_agrees_with_the_scalar_benchmarks():
    starts, values = POLICY.wages.grid
    for row, start in enumerate(starts.tolist()):
        day = date.fromordinal(date(1970, 1, 1).toordinal() + start)
        for column, letter in enumerate(POLICY.industry_letters):
            assert values[row, column] == POLICY.wages.at(letter, day).value
        assert values[row, -1] == POLICY.wages.overall_at(day).value


def test_mainland_provinces_are_the_31_codes_from_11_to_65():
    codes = sorted(int(code) for code in POLICY.provinces.mainland)
    assert len(codes) == 31 and codes[0] == 11 and codes[-1] == 65
    assert set(POLICY.provinces.not_mainland) == {"71", "81", "82", "83"}


def test_the_reason_catalogue_covers_every_reason_the_rules_give():
    assert catalogue_problems(POLICY.reasons) == []


def test_a_gap_in_the_reason_catalogue_is_found():
    reasons = {"principal": dict(POLICY.reasons["principal"]), "dependant": POLICY.reasons["dependant"]}
    age = dict(reasons["principal"]["age"])
    age["reasons"] = {**age["reasons"], "under_minimum": {"en": "x", "zh-Hant": "x", "zh-Hans": "x"}}
    reasons["principal"]["age"] = age
    assert catalogue_problems(reasons) == [f"principal.age.under_minimum: no {lang} next step" for lang in ("en", "zh-Hant", "zh-Hans")]
