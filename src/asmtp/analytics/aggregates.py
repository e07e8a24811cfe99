"""The dashboard's figures, computed with polars over the Arrow extract.

Pure: no Django, no clock, no I/O. Each function takes the prepared frame (see `prepare`) and
returns a `ChartData`: categories along one dimension and one or more numeric series, which the
charts draw, the CSV downloads carry, and the open statistics publish after suppression.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl
import pyarrow as pa

from asmtp.domain.lifecycle import PROCESSING_PLEDGE, Duration, duration_in_force, pledge_due_on
from asmtp.domain.salaries_tax import SalariesTaxRules, estimated_annual_tax
from asmtp.policy import load_policy

HONG_KONG_OFFSET = pl.duration(hours=8)
ADMITTED = ("approved", "evisa_issued")
SALARY_BAND = 5_000
SALARY_TOP = 100_000
TAX_BANDS = (0, 1, 10_000, 50_000, 100_000, 500_000)
TOP_PROVINCES = 12
TOP_PROFESSIONS = 15
NOT_ON_LIST = "none"
OTHER = "other"

Value = float | None


@dataclass(frozen=True)
class Filters:
    """What the analyst narrowed the dashboard to; empty means everything."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    edition: str = ""
    industry: str = ""
    stream: str = ""  # general | technical_professional

    def key(self) -> tuple[str, ...]:
        return (str(self.date_from or ""), str(self.date_to or ""), self.edition, self.industry, self.stream)


@dataclass(frozen=True)
class ChartData:
    """One chart's numbers: `series` are (key, one value per category)."""

    key: str
    dimension: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[Value, ...]], ...]
    reference: float | None = None
    summary: dict[str, float] = field(default_factory=dict)

    def values(self, series_key: str) -> tuple[Value, ...]:
        return dict(self.series)[series_key]

    @property
    def empty(self) -> bool:
        return not self.categories or all(not value for _, values in self.series for value in values)


def prepare(table: pa.Table | pl.DataFrame) -> pl.DataFrame:
    """The extract with the derived columns every aggregate uses (local dates, outcome, days)."""
    frame = table if isinstance(table, pl.DataFrame) else pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    # Extracts taken before the Technical Professionals stream have no stream: every case was general.
    for column, default in (("stream", "general"), ("tp_trade", "")):
        frame = frame.with_columns(
            (pl.col(column).fill_null(default) if column in frame.columns else pl.lit(default)).alias(column)
        )
    # Hong Kong has kept UTC+8 without daylight saving since 1979: a fixed shift gives local
    # dates at a fraction of the cost of a time-zone conversion over a million rows.
    submitted = (pl.col("submitted_at") + HONG_KONG_OFFSET).dt.replace_time_zone(None).dt.date()
    decided = (pl.col("decided_at") + HONG_KONG_OFFSET).dt.replace_time_zone(None).dt.date()
    status = pl.col("status")
    return frame.with_columns(
        submitted_on=submitted,
        decided_on=decided,
        outcome=pl.when(status.is_in(ADMITTED))
        .then(pl.lit("approved"))
        .when(status == "refused")
        .then(pl.lit("refused"))
        .otherwise(pl.lit("other")),
        processing_days=(pl.col("decided_at") - pl.col("submitted_at")).dt.total_seconds() / 86_400.0,
    ).with_columns(
        submitted_month=pl.col("submitted_on").dt.month_start(),
        decided_month=pl.col("decided_on").dt.month_start(),
        within_pledge=pl.col("decided_on") <= pl.col("pledge_due_on"),
    )


def apply_filters(frame: pl.DataFrame, filters: Filters) -> pl.DataFrame:
    """Edition, industry and stream narrow the cases; the period is applied per chart to its own date."""
    conditions = []
    if filters.edition:
        conditions.append(pl.col("edition") == filters.edition)
    if filters.stream:
        conditions.append(pl.col("stream") == filters.stream)
    if filters.industry:
        conditions.append(pl.col("industry") == filters.industry)
    return frame.filter(*conditions) if conditions else frame


def _in_period(column: str, filters: Filters) -> pl.Expr:
    condition = pl.col(column).is_not_null()
    if filters.date_from:
        condition &= pl.col(column) >= filters.date_from
    if filters.date_to:
        condition &= pl.col(column) <= filters.date_to
    return condition


def _decided(frame: pl.DataFrame, filters: Filters, outcome: str = "approved") -> pl.DataFrame:
    return frame.filter(_in_period("decided_on", filters) & (pl.col("outcome") == outcome))


def _admitted(frame: pl.DataFrame, filters: Filters, admitted: pl.DataFrame | None) -> pl.DataFrame:
    """The cases approved in the period: given by `all_charts`, which selects them once for every chart."""
    return _decided(frame, filters) if admitted is None else admitted


def _months(first: dt.date | None, last: dt.date | None) -> list[dt.date]:
    if first is None or last is None:
        return []
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return months


def _counts(frame: pl.DataFrame, column: str) -> dict[object, int]:
    grouped = frame.group_by(column).agg(pl.len().alias("n"))
    return dict(zip(grouped[column].to_list(), grouped["n"].to_list(), strict=True))


def monthly_flow(frame: pl.DataFrame, filters: Filters, *, admitted: pl.DataFrame | None = None) -> ChartData:
    """Applications submitted, and approvals and refusals decided, month by month."""
    submitted = frame.filter(_in_period("submitted_on", filters))
    approved = _admitted(frame, filters, admitted)
    refused = _decided(frame, filters, "refused")
    applications = _counts(submitted, "submitted_month")
    approvals = _counts(approved, "decided_month")
    refusals = _counts(refused, "decided_month")
    present = [month for month in (*applications, *approvals, *refusals) if isinstance(month, dt.date)]
    months = _months(min(present, default=None), max(present, default=None))
    return ChartData(
        key="flow",
        dimension="month",
        categories=tuple(month.strftime("%Y-%m") for month in months),
        series=(
            ("applications", tuple(float(applications.get(m, 0)) for m in months)),
            ("approvals", tuple(float(approvals.get(m, 0)) for m in months)),
            ("refusals", tuple(float(refusals.get(m, 0)) for m in months)),
        ),
    )


def pledge_on(on: dt.date) -> Duration:
    """The processing pledge in force on ``on``, as the policy data state it (the chart's words)."""
    return duration_in_force(load_policy(), PROCESSING_PLEDGE, on)


def pledge_days(on: dt.date) -> float:
    """The processing pledge in force on ``on``, in days (the processing chart's reference line)."""
    return float((pledge_due_on(on, load_policy()) - on).days)


def processing_time(frame: pl.DataFrame, filters: Filters) -> ChartData:
    """Median and 90th-percentile days from submission to decision, against the processing pledge."""
    decided = frame.filter(_in_period("decided_on", filters) & pl.col("outcome").is_in(["approved", "refused"]))
    by_month = (
        decided.group_by("decided_month")
        .agg(
            median=pl.col("processing_days").median(),
            p90=pl.col("processing_days").quantile(0.9, interpolation="linear"),
            within=pl.col("within_pledge").fill_null(False).mean(),
            n=pl.len(),
        )
        .sort("decided_month")
    )
    months = _months(by_month["decided_month"].min(), by_month["decided_month"].max()) if by_month.height else []  # type: ignore[arg-type]
    rows = {row["decided_month"]: row for row in by_month.iter_rows(named=True)}

    def column(name: str, scale: float = 1.0) -> tuple[Value, ...]:
        return tuple(_round(rows[m][name] * scale) if m in rows else None for m in months)

    overall_within = decided["within_pledge"].fill_null(False).mean() if decided.height else None
    summary = {"decisions": float(decided.height)}
    if decided.height:
        summary["median_days"] = _round(decided["processing_days"].median()) or 0.0
        summary["within_pledge_pct"] = _round(float(overall_within) * 100) or 0.0  # type: ignore[arg-type]
    return ChartData(
        key="processing",
        dimension="month",
        categories=tuple(m.strftime("%Y-%m") for m in months),
        series=(("median_days", column("median")), ("p90_days", column("p90")), ("within_pledge_pct", column("within", 100))),
        reference=pledge_days(dt.date.today()),
        summary=summary,
    )


def _ranked(counts: dict[object, int], limit: int | None = None, other: str = OTHER) -> tuple[list[str], list[float]]:
    ordered = sorted(((str(k or ""), v) for k, v in counts.items()), key=lambda kv: (-kv[1], kv[0]))
    if limit is not None and len(ordered) > limit:
        rest = sum(v for _, v in ordered[limit:])
        ordered = [*ordered[:limit], (other, rest)]
    return [k for k, _ in ordered], [float(v) for _, v in ordered]


def admissions_by_industry(frame: pl.DataFrame, filters: Filters, *, admitted: pl.DataFrame | None = None) -> ChartData:
    """People admitted, by the HSIC section of their employer."""
    categories, values = _ranked(_counts(_admitted(frame, filters, admitted), "industry"))
    return ChartData("industry", "industry", tuple(categories), (("admitted", tuple(values)),))


def admissions_by_segment(frame: pl.DataFrame, filters: Filters, *, admitted: pl.DataFrame | None = None) -> ChartData:
    """People admitted into Talent List professions, by segment ('none' for posts not on the list)."""
    admitted = _admitted(frame, filters, admitted).with_columns(
        pl.when(pl.col("talent_list_segment").fill_null("") == "").then(pl.lit(NOT_ON_LIST)).otherwise(pl.col("talent_list_segment")).alias("segment")
    )
    categories, values = _ranked(_counts(admitted, "segment"))
    total = sum(values)
    on_list = total - sum(v for c, v in zip(categories, values, strict=True) if c == NOT_ON_LIST)
    summary = {"admitted": total, "on_talent_list": on_list}
    return ChartData("segment", "segment", tuple(categories), (("admitted", tuple(values)),), summary=summary)


def admissions_by_profession(frame: pl.DataFrame, filters: Filters, *, admitted: pl.DataFrame | None = None) -> ChartData:
    """The Talent List professions most admitted into."""
    admitted = _admitted(frame, filters, admitted).filter(pl.col("talent_list_profession").fill_null("") != "")
    categories, values = _ranked(_counts(admitted, "talent_list_profession"), TOP_PROFESSIONS)
    return ChartData("profession", "profession", tuple(categories), (("admitted", tuple(values)),))


def salary_distribution(frame: pl.DataFrame, filters: Filters, median_wage: float, *, admitted: pl.DataFrame | None = None) -> ChartData:
    """Monthly salaries of people admitted, in HK$5,000 bands, against Hong Kong's median wage."""
    salaries = _admitted(frame, filters, admitted)["monthly_salary_hkd"].drop_nulls().to_numpy()
    edges = np.arange(0, SALARY_TOP + SALARY_BAND, SALARY_BAND)
    bands = np.clip(np.floor_divide(salaries, SALARY_BAND).astype(np.int64), 0, len(edges) - 1)
    counts = np.bincount(bands, minlength=len(edges)) if salaries.size else np.zeros(len(edges), dtype=np.int64)
    summary = {"median_wage": median_wage, "people": float(salaries.size)}
    if salaries.size:
        summary["median_salary"] = float(np.median(salaries))
        summary["above_median_pct"] = _round(float(np.mean(salaries >= median_wage)) * 100) or 0.0
    return ChartData(
        key="salary",
        dimension="salary_band",
        categories=tuple(str(int(edge)) for edge in edges),
        series=(("admitted", tuple(float(c) for c in counts)),),
        reference=median_wage,
        summary=summary,
    )


def tax_estimate(frame: pl.DataFrame, filters: Filters, rules: SalariesTaxRules, *, admitted: pl.DataFrame | None = None) -> ChartData:
    """Estimated annual salaries tax per admitted person, in bands, with the total and average."""
    admitted = _admitted(frame, filters, admitted)
    salary = admitted["monthly_salary_hkd"].fill_null(0.0).to_numpy()
    married = (admitted["spouses"].fill_null(0) > 0).to_numpy()
    tax = estimated_annual_tax(salary, rules, married=married)
    edges = np.array(TAX_BANDS, dtype=np.float64)
    counts = np.bincount(np.searchsorted(edges, tax, side="right") - 1, minlength=len(edges)) if tax.size else np.zeros(len(edges))
    summary = {"people": float(tax.size), "total_hkd": float(tax.sum())}
    if tax.size:
        summary["mean_hkd"] = _round(float(tax.mean())) or 0.0
        summary["median_hkd"] = float(np.median(tax))
        summary["taxpayers_pct"] = _round(float(np.mean(tax > 0)) * 100) or 0.0
    return ChartData(
        key="tax",
        dimension="tax_band",
        categories=tuple(str(int(edge)) for edge in edges),
        series=(("people", tuple(float(c) for c in counts)),),
        summary=summary,
    )


def dependants_admitted(frame: pl.DataFrame, filters: Filters, *, admitted: pl.DataFrame | None = None) -> ChartData:
    """Spouses (and civil partners) and children admitted with principals, month by month."""
    admitted = _admitted(frame, filters, admitted).group_by("decided_month").agg(pl.col("spouses").sum(), pl.col("children").sum())
    rows = {row["decided_month"]: row for row in admitted.iter_rows(named=True)}
    months = _months(min(rows, default=None), max(rows, default=None))
    spouses = tuple(float(rows[m]["spouses"]) if m in rows else 0.0 for m in months)
    children = tuple(float(rows[m]["children"]) if m in rows else 0.0 for m in months)
    return ChartData(
        key="dependants",
        dimension="month",
        categories=tuple(m.strftime("%Y-%m") for m in months),
        series=(("spouses", spouses), ("children", children)),
        summary={"spouses": sum(spouses), "children": sum(children)},
    )


def diversity_indices(counts: Sequence[float]) -> dict[str, float]:
    """Shannon entropy H = -sum p ln p, its effective number exp(H), and Gini-Simpson 1 - sum p^2.

    exp(H) reads as "as diverse as this many equally represented provinces"; Gini-Simpson is the
    chance that two people picked at random come from different provinces.
    """
    values = np.array([c for c in counts if c > 0], dtype=np.float64)
    if values.size == 0:
        return {"shannon": 0.0, "effective_provinces": 0.0, "simpson": 0.0}
    shares = values / values.sum()
    shannon = float(-(shares * np.log(shares)).sum())
    return {
        "shannon": round(shannon, 3),
        "effective_provinces": round(math.exp(shannon), 1),
        "simpson": round(float(1 - (shares**2).sum()), 3),
    }


def province_diversity(frame: pl.DataFrame, filters: Filters, *, admitted: pl.DataFrame | None = None) -> ChartData:
    """Share of people admitted by province of origin, with diversity indices over all provinces."""
    counts = _counts(_admitted(frame, filters, admitted).filter(pl.col("province_code").fill_null("") != ""), "province_code")
    summary = diversity_indices(list(counts.values()))
    summary["provinces"] = float(len(counts))
    categories, values = _ranked(counts, TOP_PROVINCES)
    total = sum(values) or 1.0
    return ChartData(
        key="province",
        dimension="province",
        categories=tuple(categories),
        series=(("admitted", tuple(values)), ("share_pct", tuple(_round(v / total * 100) for v in values))),
        summary=summary,
    )


def retention(frame: pl.DataFrame, filters: Filters, as_of: dt.date, *, admitted: pl.DataFrame | None = None) -> ChartData:
    """Extensions of stay granted, and people reaching 7 years' continuous residence, by year."""
    extensions = _admitted(frame, filters, admitted).filter(pl.col("kind") == "extension")
    by_year_ext = _counts(extensions.with_columns(year=pl.col("decided_on").dt.year()), "year")
    # Only someone first admitted at least 7 years before `as_of` can have reached 7 years; the
    # date is carried over to each extension, so every row of such a person passes this filter.
    cutoff = _years_before(as_of, 7)
    people = (
        frame.filter(pl.col("first_admitted_on") <= cutoff)
        .filter(pl.col("status").is_in(ADMITTED))
        .group_by("applicant_id")
        .agg(first=pl.col("first_admitted_on").min(), until=pl.col("limit_of_stay_on").max())
        .with_columns(seven=pl.col("first").dt.offset_by("7y"))
        .filter(pl.col("until") >= pl.col("seven"))
        .filter(_in_period("seven", filters))
    )
    by_year_seven = _counts(people.with_columns(year=pl.col("seven").dt.year()), "year")
    years = sorted({int(y) for y in (*by_year_ext, *by_year_seven) if y is not None})  # type: ignore[call-overload]
    if years:
        years = list(range(years[0], years[-1] + 1))
    return ChartData(
        key="retention",
        dimension="year",
        categories=tuple(str(y) for y in years),
        series=(
            ("extensions", tuple(float(by_year_ext.get(y, 0)) for y in years)),
            ("seven_years", tuple(float(by_year_seven.get(y, 0)) for y in years)),
        ),
        summary={"extensions": float(sum(by_year_ext.values())), "seven_years": float(people.height)},
    )


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _round(value: object, digits: int = 1) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else round(number, digits)


CHART_KEYS = ("flow", "processing", "industry", "segment", "profession", "salary", "tax", "dependants", "province", "retention")


def all_charts(
    frame: pl.DataFrame, filters: Filters, *, as_of: dt.date, median_wage: float, tax_rules: SalariesTaxRules
) -> dict[str, ChartData]:
    """Every chart of the dashboard for the prepared extract and the analyst's filters."""
    cases = apply_filters(frame, filters)
    # Nine charts read the cases approved in the period: selecting them once saves a scan of
    # the whole extract for each (about a tenth of a second at a million cases).
    admitted = _decided(cases, filters)
    builders: dict[str, Callable[[], ChartData]] = {
        "flow": lambda: monthly_flow(cases, filters, admitted=admitted),
        "processing": lambda: processing_time(cases, filters),
        "industry": lambda: admissions_by_industry(cases, filters, admitted=admitted),
        "segment": lambda: admissions_by_segment(cases, filters, admitted=admitted),
        "profession": lambda: admissions_by_profession(cases, filters, admitted=admitted),
        "salary": lambda: salary_distribution(cases, filters, median_wage, admitted=admitted),
        "tax": lambda: tax_estimate(cases, filters, tax_rules, admitted=admitted),
        "dependants": lambda: dependants_admitted(cases, filters, admitted=admitted),
        "province": lambda: province_diversity(cases, filters, admitted=admitted),
        "retention": lambda: retention(cases, filters, as_of, admitted=admitted),
    }
    return {key: builders[key]() for key in CHART_KEYS}
