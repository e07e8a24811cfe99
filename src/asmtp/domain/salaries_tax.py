"""Hong Kong salaries tax: one formula for one person and for a whole population.

Pure: the dated parameters come in as a mapping (read from ``asmtp/policy/salaries_tax.yaml`` by
the caller) and the date as an argument. Amounts are annual Hong Kong dollars.

Tax payable is the lower of progressive rates on *net chargeable income* (income less
deductions less personal allowances) and the standard rate(s) on *net income* (income less
deductions, before allowances). One-off tax reductions announced in each Budget are not
applied: the estimate is the tax charged for a normal year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class SalariesTaxRules:
    """The parameters in force for one year of assessment."""

    year_of_assessment: str
    basic_allowance: float
    married_allowance: float
    band_width: float
    progressive_rates: tuple[float, ...]
    standard_tiers: tuple[tuple[float | None, float], ...]  # (up to, rate); None = the rest
    mpf_deduction_cap: float
    mpf_rate: float
    sources: tuple[str, ...]


@dataclass(frozen=True)
class TaxComputation:
    """One person's computation, step by step (the trace shown beside an estimate)."""

    income: float
    deductions: float
    net_income: float
    allowances: float
    net_chargeable_income: float
    progressive_tax: float
    standard_rate_tax: float
    tax_payable: float
    charged_at: str  # "progressive" | "standard"


def year_of_assessment(on: dt.date) -> str:
    """The year of assessment (1 April to 31 March) a date falls in, e.g. '2024/25'."""
    start = on.year if on.month >= 4 else on.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def _value_at(entries: Sequence[Mapping[str, Any]], on: dt.date) -> Mapping[str, Any]:
    """The entry in force on a date; before the first entry, the first entry."""
    ordered = sorted(entries, key=lambda entry: _as_date(entry["from"]))
    chosen = ordered[0]
    for entry in ordered:
        if _as_date(entry["from"]) <= on:
            chosen = entry
    return chosen


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def rules_at(policy: Mapping[str, Any], on: dt.date) -> SalariesTaxRules:
    """The rules for the year of assessment that contains `on`."""
    params = policy["parameters"]
    yoa_start = dt.date(on.year if on.month >= 4 else on.year - 1, 4, 1)
    chosen = {name: _value_at(entries, yoa_start) for name, entries in params.items()}
    tiers = tuple((None if up_to is None else float(up_to), float(rate)) for up_to, rate in chosen["standard_rate_tiers"]["value"])
    return SalariesTaxRules(
        year_of_assessment=year_of_assessment(on),
        basic_allowance=float(chosen["basic_allowance_hkd"]["value"]),
        married_allowance=float(chosen["married_allowance_hkd"]["value"]),
        band_width=float(chosen["progressive_band_width_hkd"]["value"]),
        progressive_rates=tuple(float(rate) for rate in chosen["progressive_rates"]["value"]),
        standard_tiers=tiers,
        mpf_deduction_cap=float(chosen["mpf_deduction_cap_hkd"]["value"]),
        mpf_rate=float(chosen["mpf_employee_rate"]["value"]),
        sources=tuple(sorted({str(entry["source"]) for entry in chosen.values()})),
    )


def progressive_tax(net_chargeable_income: ArrayLike, rules: SalariesTaxRules) -> FloatArray:
    """Progressive rates on net chargeable income (the last rate applies to the rest)."""
    remaining = np.maximum(np.asarray(net_chargeable_income, dtype=np.float64), 0.0)
    tax = np.zeros_like(remaining)
    *banded, top = rules.progressive_rates
    for rate in banded:
        in_band = np.minimum(remaining, rules.band_width)
        tax += in_band * rate
        remaining = remaining - in_band
    return np.asarray(tax + remaining * top, dtype=np.float64)


def standard_rate_tax(net_income: ArrayLike, rules: SalariesTaxRules) -> FloatArray:
    """The standard rate(s) on net income, tier by tier (two tiers from 2024/25)."""
    income = np.maximum(np.asarray(net_income, dtype=np.float64), 0.0)
    tax = np.zeros_like(income)
    floor = 0.0
    for up_to, rate in rules.standard_tiers:
        ceiling = np.inf if up_to is None else up_to
        tax += np.clip(income - floor, 0.0, ceiling - floor) * rate
        floor = ceiling
    return tax


def mpf_deduction(income: ArrayLike, rules: SalariesTaxRules) -> FloatArray:
    """Employees' mandatory MPF contributions, as far as they are deductible."""
    return np.minimum(np.asarray(income, dtype=np.float64) * rules.mpf_rate, rules.mpf_deduction_cap)


def salaries_tax(
    income: ArrayLike,
    rules: SalariesTaxRules,
    *,
    married: ArrayLike = False,
    deductions: ArrayLike = 0.0,
) -> FloatArray:
    """Salaries tax payable (whole dollars, rounded down), element by element.

    `married` chooses the married person's allowance (the spouse has no assessable income);
    `deductions` are subtracted before allowances (e.g. MPF contributions).
    """
    gross = np.asarray(income, dtype=np.float64)
    net_income = np.maximum(gross - np.asarray(deductions, dtype=np.float64), 0.0)
    allowance = np.where(np.asarray(married, dtype=bool), rules.married_allowance, rules.basic_allowance)
    chargeable = np.maximum(net_income - allowance, 0.0)
    payable = np.minimum(progressive_tax(chargeable, rules), standard_rate_tax(net_income, rules))
    return _whole_dollars(payable)


def _whole_dollars(amount: FloatArray) -> FloatArray:
    # Rates like 0.17 are not exact in binary; the epsilon keeps 979,560 from becoming 979,559.
    return np.floor(amount + 1e-6)


def estimated_annual_tax(monthly_salary: ArrayLike, rules: SalariesTaxRules, *, married: ArrayLike = False) -> FloatArray:
    """An employee's annual tax from a monthly salary: 12 months, MPF deducted, no other deductions."""
    income = np.asarray(monthly_salary, dtype=np.float64) * 12
    income = np.nan_to_num(income, nan=0.0)
    return salaries_tax(income, rules, married=married, deductions=mpf_deduction(income, rules))


def compute_for_person(income: float, rules: SalariesTaxRules, *, married: bool = False, deductions: float = 0.0) -> TaxComputation:
    """One person's computation with every intermediate figure."""
    net_income = max(income - deductions, 0.0)
    allowances = rules.married_allowance if married else rules.basic_allowance
    chargeable = max(net_income - allowances, 0.0)
    progressive = float(_whole_dollars(progressive_tax(chargeable, rules)))
    standard = float(_whole_dollars(standard_rate_tax(net_income, rules)))
    payable = float(salaries_tax(income, rules, married=married, deductions=deductions))
    return TaxComputation(
        income=income,
        deductions=deductions,
        net_income=net_income,
        allowances=allowances,
        net_chargeable_income=chargeable,
        progressive_tax=progressive,
        standard_rate_tax=standard,
        tax_payable=payable,
        charged_at="progressive" if progressive <= standard else "standard",
    )
