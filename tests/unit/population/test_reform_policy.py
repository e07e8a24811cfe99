"""Applying a reform to an edition's policy: what changes, from when, and what is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from asmtp.policy import Policy, load_policy
from asmtp.population.simulation.reform import ReformError, apply_reform, parse_reform


@pytest.fixture(scope="module")
def direct() -> Policy:
    return load_policy("direct")


def _apply(policy: Policy, raw: dict[str, object]) -> Policy:
    return apply_reform(policy, parse_reform(raw, label="reform.yaml"))


def test_raising_the_salary_exemption_changes_it_from_its_date_only(direct: Policy) -> None:
    reformed = _apply(
        direct, {"parameters": {"market_test.salary_exemption_annual_hkd": {"value": 2_500_000, "effective_from": "2022-12-28"}}}
    )

    assert reformed.at(dt.date(2024, 1, 1))["market_test.salary_exemption_annual_hkd"] == 2_500_000
    assert reformed.at(dt.date(2020, 1, 1))["market_test.salary_exemption_annual_hkd"] is None
    assert direct.at(dt.date(2024, 1, 1))["market_test.salary_exemption_annual_hkd"] == 2_000_000


def test_adding_a_profession_lists_it_from_the_date_given_and_not_before(direct: Policy) -> None:
    reformed = _apply(direct, {"talent_list": {"add": [{"profession": "accountants", "from": "2023-01-01"}]}})

    assert "accountants" in reformed.at(dt.date(2023, 6, 1)).talent_list.professions
    assert "accountants" not in reformed.at(dt.date(2022, 12, 31)).talent_list.professions
    assert "accountants" not in direct.at(dt.date(2023, 6, 1)).talent_list.professions
    # The version in force before the new date is kept whole.
    assert set(direct.at(dt.date(2022, 12, 31)).talent_list.professions) == set(
        reformed.at(dt.date(2022, 12, 31)).talent_list.professions
    )


def test_a_new_profession_needs_a_segment_and_then_joins_the_list(direct: Policy) -> None:
    with pytest.raises(ReformError, match="'quantity-surveyors' is not a known profession; a new one needs a segment"):
        _apply(direct, {"talent_list": {"add": [{"profession": "quantity-surveyors", "from": "2024-01-01"}]}})

    reformed = _apply(direct, {"talent_list": {"add": [
        {"profession": "quantity-surveyors", "from": "2024-01-01", "segment": "development_construction", "name": "Quantity surveyors"}
    ]}})
    assert "quantity-surveyors" in reformed.at(dt.date(2024, 2, 1)).talent_list.professions


def test_removing_a_profession_delists_it_from_the_date_given(direct: Policy) -> None:
    reformed = _apply(direct, {"talent_list": {"remove": [{"profession": "chiropractors", "from": "2025-03-01"}]}})

    assert "chiropractors" in reformed.at(dt.date(2024, 1, 1)).talent_list.professions
    assert "chiropractors" not in reformed.at(dt.date(2025, 6, 1)).talent_list.professions


def test_a_section_benchmark_changes_that_section_only(direct: Policy) -> None:
    reformed = _apply(direct, {"wage_benchmarks": {"P": {"value": 45_000, "effective_from": "2024-01-01"}}})
    day = dt.date(2025, 6, 1)

    assert reformed.wages.at("P", day).value == 45_000
    assert reformed.wages.at("O", day).value == direct.wages.at("O", day).value  # shares P's series
    assert reformed.wages.at("P", dt.date(2023, 6, 1)).value == direct.wages.at("P", dt.date(2023, 6, 1)).value


def test_the_overall_median_can_be_changed_for_every_date(direct: Policy) -> None:
    reformed = _apply(direct, {"wage_benchmarks": {"overall": 25_000}})

    assert reformed.wages.overall_at(dt.date(2010, 1, 1)).value == 25_000
    assert reformed.wages.overall_at(dt.date(2026, 1, 1)).value == 25_000


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"parameters": {"market_test.salary_exemption": 1}}, "reform.yaml: unknown parameter 'market_test.salary_exemption'; known parameters: age.minimum_years"),
        ({"parameters": {"market_test.salary_exemption_annual_hkd": "lots"}}, "parameters.market_test.salary_exemption_annual_hkd must be a null or number, got 'lots'"),
        ({"parameters": {"market_test.talent_list_exemption": 1}}, "parameters.market_test.talent_list_exemption must be a boolean, got 1"),
        ({"parameters": {"education.special_experience_years": -1}}, "education.special_experience_years must not be negative"),
        ({"talent_list": {"remove": [{"profession": "astronauts", "from": "2024-01-01"}]}}, "talent_list.remove: unknown profession 'astronauts'"),
        ({"wage_benchmarks": {"Z": 30_000}}, "unknown wage benchmark 'Z'; use one of overall"),
        ({"wage_benchmarks": {"K": 0}}, "wage_benchmarks.K must be a positive number"),
    ],
)
def test_a_reform_naming_what_the_policy_lacks_is_refused_naming_the_key(
    direct: Policy, raw: dict[str, object], message: str
) -> None:
    with pytest.raises(ReformError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _apply(direct, raw)
