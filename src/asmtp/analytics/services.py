"""Analytics use cases: refresh the extract, read the dashboard, draw and export its charts,
and publish the open statistics with small cells suppressed.

Everything is computed from the Parquet extract (see `asmtp.analytics.extract`), never from
the live tables, so a dashboard view costs the database nothing. Results are cached per
extract file (its modification time is part of every cache key), so a refreshed extract is
picked up by every process without any signal.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import polars as pl
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asmtp.analytics import aggregates, disclosure
from asmtp.analytics.aggregates import ChartData, Filters
from asmtp.analytics.charts import FORMATS, render
from asmtp.analytics.extract import extract_path, read_extract, write_extract
from asmtp.analytics.labels import DIMENSION, SERIES, category_label, chart_text
from asmtp.analytics.reference import median_monthly_wage, salaries_tax_policy
from asmtp.audit.services import record_audit_event
from asmtp.domain.salaries_tax import rules_at
from asmtp.errors import CodedError


class AnalyticsError(CodedError):
    """A request the analytics cannot answer."""

    MESSAGES = {
        "not_published": _("The statistics have not been published yet."),
        "unknown_chart": _("There is no such chart."),
        "unknown_format": _("Charts can be downloaded as PNG or SVG only."),
    }
    STATUS = {"unknown_chart": 404, "unknown_format": 404}


@dataclass(frozen=True)
class ExtractInfo:
    taken_at: dt.datetime
    rows: int


@dataclass(frozen=True)
class _Loaded:
    frame: pl.DataFrame
    info: ExtractInfo


def refresh_analytics_extract(now: dt.datetime | None = None) -> ExtractInfo:
    """Take a new extract of every submitted case (the background job's work; safe to repeat)."""
    now = now or timezone.now()
    _path, rows = write_extract(now)
    record_audit_event("analytics.extract_refreshed", object_type="analytics_extract", data={"rows": rows})
    return ExtractInfo(taken_at=now, rows=rows)


Stamp = tuple[str, int]  # the extract's path and modification time: the key of every cache


def _stamp() -> Stamp | None:
    path = extract_path()
    try:
        return str(path), path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


@lru_cache(maxsize=2)
def _load(stamp: Stamp) -> _Loaded:
    from pathlib import Path

    table, taken = read_extract(Path(stamp[0]))
    return _Loaded(aggregates.prepare(table), ExtractInfo(taken_at=taken, rows=table.num_rows))


def _current() -> _Loaded:
    stamp = _stamp()
    if stamp is None:
        raise AnalyticsError("not_published")
    return _load(stamp)


def _as_of(info: ExtractInfo) -> dt.date:
    return timezone.localtime(info.taken_at).date()


@lru_cache(maxsize=64)
def _charts(stamp: Stamp, filters: Filters) -> dict[str, ChartData]:
    loaded = _load(stamp)
    as_of = _as_of(loaded.info)
    wage, _year, _source = median_monthly_wage(as_of)
    rules = rules_at(salaries_tax_policy(), as_of)
    return aggregates.all_charts(loaded.frame, filters, as_of=as_of, median_wage=wage, tax_rules=rules)


def dashboard_charts(filters: Filters) -> dict[str, ChartData]:
    """Every chart's numbers for the analyst's filters; `AnalyticsError('not_published')` before the first extract."""
    _current()
    stamp = _stamp()
    assert stamp is not None
    return _charts(stamp, filters)


def dashboard_context(filters: Filters) -> dict[str, Any]:
    """What the dashboard page shows besides the pictures: the extract, the tax year, the wage."""
    loaded = _current()
    as_of = _as_of(loaded.info)
    wage, survey_year, wage_source = median_monthly_wage(as_of)
    rules = rules_at(salaries_tax_policy(), as_of)
    return {
        "extract": loaded.info,
        "charts": dashboard_charts(filters),
        "tax_year": rules.year_of_assessment,
        "tax_sources": rules.sources,
        "median_wage": wage,
        "wage_survey_year": survey_year,
        "wage_source": wage_source,
        "editions": sorted(set(loaded.frame["edition"].drop_nulls().unique().to_list())),
    }


def _chart(key: str, filters: Filters) -> ChartData:
    if key not in aggregates.CHART_KEYS:
        raise AnalyticsError("unknown_chart")
    return dashboard_charts(filters)[key]


@lru_cache(maxsize=256)
def _image(stamp: Stamp, key: str, filters: Filters, fmt: str, language: str) -> bytes:
    chart = _charts(stamp, filters)[key]
    return render(chart, chart_text(chart, language), fmt, language)


def chart_image(key: str, filters: Filters, fmt: str, language: str) -> tuple[bytes, str]:
    """One chart drawn as SVG or PNG in the reader's language, with its content type."""
    if fmt not in FORMATS:
        raise AnalyticsError("unknown_format")
    _chart(key, filters)
    stamp = _stamp()
    assert stamp is not None
    return _image(stamp, key, filters, fmt, language), FORMATS[fmt]


def chart_table(chart: ChartData, language: str) -> tuple[list[str], list[list[str]]]:
    """A chart's data as a header and rows of text (for the page's table and the CSV)."""
    header = [str(DIMENSION[chart.dimension]), *(str(SERIES[key]) for key, _ in chart.series)]
    rows = []
    for index in range(len(chart.categories)):
        cells = [category_label(chart, index, language)]
        for _key, values in chart.series:
            value = values[index]
            cells.append("" if value is None else (f"{value:g}" if value != int(value) else f"{int(value)}"))
        rows.append(cells)
    return header, rows


def chart_csv(key: str, filters: Filters, language: str) -> str:
    """One chart's data as CSV (with the category codes, so the file joins with other data)."""
    chart = _chart(key, filters)
    header, rows = chart_table(chart, language)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["code", *header])
    for code, row in zip(chart.categories, rows, strict=True):
        writer.writerow([code, *row])
    return buffer.getvalue()


# --- open statistics ------------------------------------------------------------------------

PUBLIC_TABLES = (("industry", "admitted"), ("segment", "admitted"), ("province", "admitted"), ("salary", "admitted"))


def open_statistics(language: str) -> dict[str, Any]:
    """The public figures, with every count below the threshold suppressed (None) and
    complementary cells suppressed so that no total gives one back."""
    charts = dashboard_charts(Filters())
    info = _current().info
    flow = charts["flow"]
    result: dict[str, Any] = {
        "extract_taken_at": info.taken_at.isoformat(),
        "suppression_threshold": disclosure.THRESHOLD,
        "monthly": _public_monthly(flow, language),
        "tables": {key: _public_table(charts[key], series, language) for key, series in PUBLIC_TABLES},
    }
    result["headline"] = _public_headline(charts)
    return result


def _public_monthly(flow: ChartData, language: str) -> dict[str, Any]:
    series = {key: disclosure.suppress(values) for key, values in flow.series}  # type: ignore[arg-type]
    return {
        "months": list(flow.categories),
        "series": {key: {"label": str(SERIES[key]), "values": list(table.values), "total": table.total} for key, table in series.items()},
    }


def _public_table(chart: ChartData, series: str, language: str) -> dict[str, Any]:
    table = disclosure.suppress([value or 0 for value in chart.values(series)])
    return {
        "dimension": str(DIMENSION[chart.dimension]),
        "rows": [
            {"code": code, "label": category_label(chart, index, language), "count": table.values[index]}
            for index, code in enumerate(chart.categories)
        ],
        "total": table.total,
    }


def _public_headline(charts: dict[str, ChartData]) -> dict[str, Any]:
    processing, tax, province, dependants = charts["processing"], charts["tax"], charts["province"], charts["dependants"]
    decided = processing.summary.get("decisions", 0.0)
    people = tax.summary.get("people", 0.0)
    headline: dict[str, Any] = {
        "median_processing_days": processing.summary.get("median_days") if disclosure.publishable(decided) else None,
        "decided_within_pledge_pct": processing.summary.get("within_pledge_pct") if disclosure.publishable(decided) else None,
        "estimated_annual_salaries_tax_hkd": tax.summary.get("total_hkd") if disclosure.publishable(people) else None,
        "estimated_annual_salaries_tax_per_person_hkd": tax.summary.get("mean_hkd") if disclosure.publishable(people) else None,
        "province_diversity_shannon": province.summary.get("shannon") if disclosure.publishable(people) else None,
        "province_diversity_effective_number": province.summary.get("effective_provinces") if disclosure.publishable(people) else None,
    }
    dependant_table = disclosure.suppress([dependants.summary.get("spouses", 0.0), dependants.summary.get("children", 0.0)])
    headline["dependants_admitted"] = {"spouses": dependant_table.values[0], "children": dependant_table.values[1], "total": dependant_table.total}
    return headline
