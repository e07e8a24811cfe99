"""The synthetic population: reproducible, calibrated, and real-format where it should be."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from asmtp.population import generation
from asmtp.population.generation import TalentListEntry, generate_population
from asmtp.population.schema import APPLICATION_COLUMNS

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_MAINLAND_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                       50, 51, 52, 53, 54, 61, 62, 63, 64, 65}


def _is_valid_mainland_id(number: str, birth: dt.date) -> bool:
    """An independent reading of GB 11643-1999, as the test's oracle."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    check = "10X98765432"[sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True)) % 11]
    return (
        number[17].upper() == check
        and int(number[:2]) in _MAINLAND_PROVINCES
        and number[6:14] == birth.strftime("%Y%m%d")
    )


@pytest.fixture(scope="module")
def population() -> pl.DataFrame:
    return generate_population(20_000, seed=11)


def test_the_same_seed_gives_the_same_population() -> None:
    assert generate_population(2_000, seed=5).equals(generate_population(2_000, seed=5))


def test_another_seed_gives_another_population() -> None:
    first = generate_population(2_000, seed=5)
    second = generate_population(2_000, seed=6)

    assert (first["mainland_id_number"] != second["mainland_id_number"]).mean() > 0.99


def test_applications_are_numbered_in_submission_order_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generation, "CHUNK_ROWS", 500)

    population = generate_population(1_700, seed=3)

    assert population["submitted_on"].is_sorted()
    assert population["id"].is_unique().all()
    assert population["id"][-1] == "SYN-00001700"


def test_the_population_has_the_schema_columns_in_order(population: pl.DataFrame) -> None:
    assert population.schema == pl.Schema(APPLICATION_COLUMNS)
    assert population["id"][0] == "SYN-00000001"


def test_mainland_id_numbers_are_valid_except_a_small_deliberate_share(population: pl.DataFrame) -> None:
    valid = [
        _is_valid_mainland_id(number, birth)
        for number, birth in population.select("mainland_id_number", "date_of_birth").iter_rows()
    ]
    invalid_share = 1 - sum(valid) / len(valid)

    assert 0.002 < invalid_share < 0.009  # calibrated at 0.5%


def test_id_numbers_carry_the_sex_in_the_sequence_parity(population: pl.DataFrame) -> None:
    parity = population.select(
        (pl.col("mainland_id_number").str.slice(16, 1).cast(pl.Int32) % 2 == 1).alias("odd"), "sex"
    )

    assert parity.filter(pl.col("odd") != (pl.col("sex") == "M")).height == 0


def test_a_few_x_check_characters_are_typed_in_lower_case(population: pl.DataFrame) -> None:
    last = population["mainland_id_number"].str.slice(17, 1)

    assert (last == "x").sum() > 0
    assert (last == "X").sum() > 5 * (last == "x").sum()


def test_commerce_and_trade_leads_then_finance_then_education(population: pl.DataFrame) -> None:
    ranking = population["industry"].drop_nulls().value_counts(sort=True)["industry"].to_list()

    assert ranking[:3] == ["G", "K", "P"]


def test_nearly_half_of_2024_offers_pay_under_20000_a_month(population: pl.DataFrame) -> None:
    salaries = population.filter(pl.col("submitted_on").dt.year() == 2024)["monthly_salary_hkd"].drop_nulls()

    assert len(salaries) > 1_500
    assert (salaries < 20_000).mean() == pytest.approx(0.47, abs=0.03)


def test_volumes_follow_the_published_years(population: pl.DataFrame) -> None:
    per_year = dict(population.group_by(pl.col("submitted_on").dt.year()).len().iter_rows())

    assert per_year[2019] == pytest.approx(2 * per_year[2020], rel=0.15)  # 14,053 vs 6,995
    assert per_year[2024] > 1.7 * per_year[2019]
    assert population["submitted_on"].min() >= dt.date(2003, 7, 15)
    assert population["submitted_on"].max() <= dt.date(2026, 10, 31)


def test_applications_without_an_offer_have_no_employment_fields(population: pl.DataFrame) -> None:
    without = population.filter(~pl.col("has_employment"))

    assert 0.03 < without.height / population.height < 0.07
    employment = ["employer_name", "industry", "monthly_salary_hkd", "business_registration_number"]
    assert without.select(pl.all_horizontal(pl.col(employment).is_null())).to_series().all()


def test_refer_and_ineligible_cases_appear_in_realistic_shares(population: pl.DataFrame) -> None:
    overseas_long = population.filter(
        (pl.col("residence") == "overseas") & (pl.col("overseas_residence_months") >= 12)
    ).height / population.height
    below_degree = population["education_level"].is_in(["none", "secondary", "sub_degree"]).mean()

    assert 0.01 < overseas_long < 0.035
    assert 0.03 < below_degree < 0.07  # type: ignore[operator]


def test_dependants_are_partners_children_and_a_few_ineligible_relatives(population: pl.DataFrame) -> None:
    dependants = population.select("submitted_on", "dependants").explode("dependants").unnest("dependants")
    dependants = dependants.drop_nulls("relationship")
    counts = dict(dependants["relationship"].value_counts().iter_rows())
    children = dependants.filter(pl.col("relationship") == "child")
    adult = children.filter(pl.col("date_of_birth").dt.offset_by("18y") <= pl.col("submitted_on"))

    assert 0.3 < dependants.height / population.height < 0.5
    assert counts["spouse"] > counts["child"] / 2 > counts["parent"] > 0
    assert counts["civil_partner"] > 0
    assert 0.004 < adult.height / children.height < 0.06  # 3% drawn, fewer where the principal is young


def test_an_application_lists_its_partner_before_its_children(population: pl.DataFrame) -> None:
    relationships = population["dependants"].list.eval(pl.element().struct.field("relationship"))
    with_partner = relationships.filter(relationships.list.contains("spouse") | relationships.list.contains("civil_partner"))

    assert len(with_partner) > 100
    assert set(with_partner.list.first().unique().to_list()) == {"spouse", "civil_partner"}


def test_posts_claim_talent_list_professions_only_after_the_list_opened_to_asmtp() -> None:
    entries = (
        TalentListEntry("actuaries", "financial_services", dt.date(2018, 8, 28)),
        TalentListEntry("nurses", "healthcare", dt.date(2023, 5, 16)),
        TalentListEntry("accountants", "financial_services", dt.date(2025, 3, 1)),
    )
    population = generate_population(40_000, seed=2, talent_list=entries)
    claims = population.filter(pl.col("talent_list_profession").is_not_null())
    first_claim = dict(claims.group_by("talent_list_profession").agg(pl.col("submitted_on").min()).iter_rows())

    assert claims.height > 100
    assert min(first_claim.values()) >= dt.date(2022, 12, 28)
    assert claims.filter(pl.col("talent_list_profession") == "nurses")["industry"].unique().to_list() == ["Q"]


def test_most_claimed_professions_are_listed_on_the_submission_date_and_a_few_are_not() -> None:
    entries = (
        TalentListEntry("actuaries", "financial_services", dt.date(2018, 8, 28)),
        TalentListEntry("accountants", "financial_services", dt.date(2025, 3, 1)),
    )
    population = generate_population(40_000, seed=2, talent_list=entries)
    before_accountants = population.filter(
        pl.col("submitted_on").is_between(dt.date(2023, 6, 1), dt.date(2025, 2, 28))
    )["talent_list_profession"].drop_nulls()

    unlisted_share = (before_accountants == "accountants").mean()
    assert len(before_accountants) > 100
    assert 0.05 < unlisted_share < 0.3  # type: ignore[operator]  # calibrated at 15%
