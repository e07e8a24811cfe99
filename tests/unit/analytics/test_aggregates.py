"""The dashboard's figures over a small hand-made extract."""

from __future__ import annotations

import datetime as dt
import math

import pyarrow as pa
import pytest

from asmtp.analytics import aggregates
from asmtp.analytics.aggregates import Filters, diversity_indices
from asmtp.analytics.schema import SCHEMA
from asmtp.domain.salaries_tax import rules_at
from tests.unit.analytics.test_salaries_tax import POLICY

UTC = dt.UTC


def row(case_id, *, status="evisa_issued", submitted=(2025, 3, 1), days=20.0, industry="K", province="44", salary=30_000.0,
        edition="direct", kind="entry", spouses=0, children=0, first=None, until=None, applicant=None, segment="", profession=""):
    submitted_at = dt.datetime(*submitted, 2, 0, tzinfo=UTC)
    decided_at = submitted_at + dt.timedelta(days=days) if status in {"approved", "evisa_issued", "refused"} else None
    return {
        "case_id": case_id, "applicant_id": applicant or case_id, "kind": kind, "edition": edition, "status": status,
        "submitted_at": submitted_at, "decided_at": decided_at, "pledge_due_on": (submitted_at + dt.timedelta(days=28)).date(),
        "industry": industry, "talent_list_profession": profession, "talent_list_segment": segment, "monthly_salary_hkd": salary,
        "province_code": province, "spouses": spouses, "children": children, "first_admitted_on": first, "limit_of_stay_on": until,
    }


def frame(*rows):
    return aggregates.prepare(pa.Table.from_pylist(list(rows), schema=SCHEMA))


def test_applications_count_by_submission_month_and_decisions_by_decision_month():
    cases = frame(row(1, submitted=(2025, 3, 20), days=20), row(2, submitted=(2025, 3, 5), status="refused", days=5), row(3, status="assessing"))
    flow = aggregates.monthly_flow(cases, Filters())
    assert flow.categories == ("2025-03", "2025-04")
    assert flow.values("applications") == (3.0, 0.0)
    assert flow.values("approvals") == (0.0, 1.0)
    assert flow.values("refusals") == (1.0, 0.0)


def test_a_decision_after_the_pledge_date_counts_as_late():
    cases = frame(row(1, days=10), row(2, days=40))
    processing = aggregates.processing_time(cases, Filters())
    assert processing.summary["within_pledge_pct"] == 50.0
    assert processing.reference == 28


def test_the_period_filter_uses_each_charts_own_date():
    cases = frame(row(1, submitted=(2024, 12, 20), days=20))  # submitted in December, decided in January
    january = Filters(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 1, 31))
    assert sum(aggregates.monthly_flow(cases, january).values("approvals")) == 1
    assert sum(aggregates.monthly_flow(cases, january).values("applications")) == 0


def test_edition_and_industry_filters_narrow_the_cases():
    cases = frame(row(1, edition="immd", industry="K"), row(2, edition="direct", industry="K"), row(3, edition="immd", industry="J"))
    narrowed = aggregates.apply_filters(cases, Filters(edition="immd", industry="K"))
    assert narrowed["case_id"].to_list() == [1]


def test_tax_estimate_gives_a_married_person_the_married_allowance():
    rules = rules_at(POLICY, dt.date(2025, 1, 1))  # 2024/25
    cases = frame(row(1, salary=50_000, spouses=1), row(2, salary=50_000))
    tax = aggregates.tax_estimate(cases, Filters(), rules)
    # 600,000 less MPF 18,000 = 582,000; married: NCI 318,000 → 16,000 + 118,000 x 17% = 36,060;
    # single: NCI 450,000 → 16,000 + 250,000 x 17% = 58,500.
    assert tax.summary["total_hkd"] == 36_060 + 58_500


def test_salary_bands_place_people_and_keep_the_median_wage_as_reference():
    cases = frame(row(1, salary=12_000), row(2, salary=21_000), row(3, salary=250_000))
    salary = aggregates.salary_distribution(cases, Filters(), 20_500)
    assert salary.values("admitted")[2] == 1  # 10,000-14,999
    assert salary.values("admitted")[4] == 1  # 20,000-24,999
    assert salary.values("admitted")[-1] == 1  # 100,000 and above
    assert salary.reference == 20_500
    assert salary.summary["above_median_pct"] == pytest.approx(66.7)


def test_diversity_of_equal_shares_is_the_number_of_provinces():
    indices = diversity_indices([10, 10, 10, 10])
    assert indices["effective_provinces"] == 4.0
    assert indices["shannon"] == round(math.log(4), 3)
    assert indices["simpson"] == 0.75


def test_one_province_has_no_diversity():
    assert diversity_indices([25]) == {"shannon": 0.0, "effective_provinces": 1.0, "simpson": 0.0}


def test_a_person_reaches_seven_years_only_while_still_permitted_to_stay():
    first = dt.date(2017, 6, 1)
    cases = frame(
        row(1, kind="extension", first=first, until=dt.date(2026, 6, 1), applicant=7),
        row(2, first=first, until=dt.date(2020, 6, 1), applicant=8),  # left after three years
    )
    retention = aggregates.retention(cases, Filters(), as_of=dt.date(2025, 6, 1))
    assert retention.summary["seven_years"] == 1
    assert dict(zip(retention.categories, retention.values("seven_years"), strict=True))["2024"] == 1


def test_dependants_are_counted_with_the_principal_admitted():
    cases = frame(row(1, spouses=1, children=2), row(2, status="refused", spouses=1))
    dependants = aggregates.dependants_admitted(cases, Filters())
    assert dependants.summary == {"spouses": 1, "children": 2}


def test_an_empty_extract_gives_empty_charts_rather_than_errors():
    empty = aggregates.prepare(pa.Table.from_pylist([], schema=SCHEMA))
    charts = aggregates.all_charts(empty, Filters(), as_of=dt.date(2025, 1, 1), median_wage=20_500, tax_rules=rules_at(POLICY, dt.date(2025, 1, 1)))
    assert all(chart.empty for chart in charts.values())


@pytest.mark.parametrize("filters", [Filters(), Filters(dt.date(2025, 3, 15), dt.date(2025, 12, 31), "direct", "K")])
def test_all_charts_selecting_the_admitted_once_gives_what_each_chart_gives_alone(filters):
    cases = frame(
        row(1), row(2, status="refused", industry="J"), row(3, submitted=(2025, 4, 2), spouses=1, children=1, segment="healthcare", profession="nurses"),
        row(4, status="assessing"), row(5, kind="extension", edition="immd", province="11", salary=80_000.0),
        row(6, first=dt.date(2016, 1, 1), until=dt.date(2026, 1, 1), applicant=9, submitted=(2025, 5, 1)),
    )
    as_of, rules = dt.date(2025, 12, 31), rules_at(POLICY, dt.date(2025, 12, 31))
    together = aggregates.all_charts(cases, filters, as_of=as_of, median_wage=20_500, tax_rules=rules)
    narrowed = aggregates.apply_filters(cases, filters)
    alone = {
        "flow": aggregates.monthly_flow(narrowed, filters), "processing": aggregates.processing_time(narrowed, filters),
        "industry": aggregates.admissions_by_industry(narrowed, filters), "segment": aggregates.admissions_by_segment(narrowed, filters),
        "profession": aggregates.admissions_by_profession(narrowed, filters),
        "salary": aggregates.salary_distribution(narrowed, filters, 20_500), "tax": aggregates.tax_estimate(narrowed, filters, rules),
        "dependants": aggregates.dependants_admitted(narrowed, filters), "province": aggregates.province_diversity(narrowed, filters),
        "retention": aggregates.retention(narrowed, filters, as_of),
    }
    assert together == alone
    assert sum(together["industry"].values("admitted")) > 0  # something was counted, so the comparison means something
