"""The salaries tax estimate against worked examples from the Inland Revenue Department's rates.

Every example below is worked by hand from the rates and allowances the IRD publishes for the
year of assessment named, so a reader can check it with a pencil:
- Tax rates of salaries tax and personal assessment (progressive bands 2/6/10/14/17% on
  HK$50,000 bands from 2018/19; standard rate 15%): https://www.ird.gov.hk/eng/tax/ind_stp.htm
- Allowances (basic HK$132,000, married HK$264,000 from 2017/18): https://www.ird.gov.hk/eng/tax/ind_all.htm
- Two-tiered standard rates from 2024/25 (15% on the first HK$5M of net income, 16% on the rest):
  https://www.ird.gov.hk/eng/tax/budget2024.htm
- 2017/18 bands (HK$45,000 at 2/7/12/17%): https://www.budget.gov.hk/2017/eng/budget12.html
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
import yaml

import asmtp.policy
from asmtp.domain.salaries_tax import (
    compute_for_person,
    estimated_annual_tax,
    rules_at,
    salaries_tax,
    year_of_assessment,
)

POLICY = yaml.safe_load((Path(asmtp.policy.__file__).parent / "salaries_tax.yaml").read_text(encoding="utf-8"))

YA_2017_18 = rules_at(POLICY, dt.date(2017, 10, 1))
YA_2023_24 = rules_at(POLICY, dt.date(2023, 10, 1))
YA_2024_25 = rules_at(POLICY, dt.date(2024, 10, 1))


@pytest.mark.parametrize(
    ("rules", "income", "married", "deductions", "expected", "working"),
    [
        # 2024/25, single, HK$300,000: NCI 168,000 = 50k@2% 1,000 + 50k@6% 3,000 + 50k@10% 5,000
        # + 18k@14% 2,520 = 11,520 (standard rate would be 45,000).
        (YA_2024_25, 300_000, False, 0, 11_520, "progressive, inside the fourth band"),
        # 2024/25, married (spouse without income), HK$600,000: NCI 336,000 = 16,000 for the four
        # full bands + 136,000@17% 23,120 = 39,120.
        (YA_2024_25, 600_000, True, 0, 39_120, "married allowance, into the 17% band"),
        # 2024/25, single, HK$360,000 less MPF HK$18,000: net 342,000, NCI 210,000 =
        # 16,000 + 10,000@17% 1,700 = 17,700.
        (YA_2024_25, 360_000, False, 18_000, 17_700, "deductions come off before allowances"),
        # 2023/24, single, HK$2,000,000: progressive 16,000 + 1,668,000@17% = 299,560 is just
        # below the standard rate 15% x 2,000,000 = 300,000.
        (YA_2023_24, 2_000_000, False, 0, 299_560, "progressive just below the standard rate"),
        # 2023/24, single, HK$6,000,000: standard rate 15% = 900,000 (progressive 979,560).
        (YA_2023_24, 6_000_000, False, 0, 900_000, "capped by the single standard rate"),
        # 2024/25, single, HK$6,000,000: two tiers 5,000,000@15% 750,000 + 1,000,000@16% 160,000
        # = 910,000 (progressive 979,560).
        (YA_2024_25, 6_000_000, False, 0, 910_000, "capped by the two-tiered standard rates"),
        # 2017/18, single, HK$200,000: NCI 68,000 = 45,000@2% 900 + 23,000@7% 1,610 = 2,510.
        (YA_2017_18, 200_000, False, 0, 2_510, "the older HK$45,000 bands"),
        # Income below the basic allowance pays nothing.
        (YA_2024_25, 120_000, False, 0, 0, "below the basic allowance"),
    ],
)
def test_tax_agrees_with_the_worked_example(rules, income, married, deductions, expected, working):
    assert salaries_tax(income, rules, married=married, deductions=deductions) == expected, working


def test_the_same_formula_serves_a_whole_population_at_once():
    incomes = np.array([300_000, 600_000, 6_000_000, 120_000])
    married = np.array([False, True, False, False])
    assert salaries_tax(incomes, YA_2024_25, married=married).tolist() == [11_520, 39_120, 910_000, 0]


def test_the_year_of_assessment_runs_from_april_to_march():
    assert year_of_assessment(dt.date(2025, 3, 31)) == "2024/25"
    assert year_of_assessment(dt.date(2025, 4, 1)) == "2025/26"
    assert rules_at(POLICY, dt.date(2025, 3, 31)).standard_tiers == ((5_000_000.0, 0.15), (None, 0.16))
    assert rules_at(POLICY, dt.date(2024, 3, 31)).standard_tiers == ((None, 0.15),)


def test_a_date_before_the_first_value_uses_the_first_value():
    early = rules_at(POLICY, dt.date(2010, 6, 1))
    assert early.band_width == 45_000
    assert early.progressive_rates == (0.02, 0.07, 0.12, 0.17)


def test_an_employees_estimate_deducts_mpf_capped_at_18000():
    # HK$30,000 a month: income 360,000, MPF 5% = 18,000 (the cap), as in the example above.
    assert estimated_annual_tax(30_000, YA_2024_25) == 17_700
    # HK$100,000 a month: MPF still 18,000; NCI 1,050,000 → 16,000 + 850,000@17% = 160,500.
    assert estimated_annual_tax(100_000, YA_2024_25) == 160_500


def test_a_missing_salary_is_estimated_as_no_tax_rather_than_an_error():
    assert estimated_annual_tax(np.array([np.nan, 30_000]), YA_2024_25).tolist() == [0, 17_700]


def test_the_trace_says_which_computation_charged_the_tax():
    trace = compute_for_person(6_000_000, YA_2024_25)
    assert trace.charged_at == "standard"
    assert (trace.net_chargeable_income, trace.progressive_tax, trace.tax_payable) == (5_868_000, 979_560, 910_000)
    assert compute_for_person(300_000, YA_2024_25).charged_at == "progressive"


def test_every_parameter_cites_an_official_source_and_its_year_of_assessment():
    for name, entries in POLICY["parameters"].items():
        for entry in entries:
            assert entry["source"].startswith(("https://www.ird.gov.hk/", "https://www.budget.gov.hk/", "https://www.mpfa.org.hk/")), name
            assert entry["year_of_assessment"] == year_of_assessment(entry["from"]), name
