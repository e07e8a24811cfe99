"""A finished run's stored result laid out for the page, the CSV downloads and the charts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from asmtp.analytics.aggregates import ChartData
from asmtp.analytics.charts import ChartText
from asmtp.analytics.simulations.labels import (
    CHART_TITLES,
    DIMENSION_HEADINGS,
    DIMENSION_NOTES,
    DIMENSION_TITLES,
    FLIP_NAMES,
    OUTCOME_NAMES,
    group_label,
)
from asmtp.population.simulation.dimensions import DIMENSIONS, OUTCOMES

# The analytics charts pick a drawing by chart key; "segment" is their one-series horizontal
# bar chart (largest at the top, value at the end of each bar), which is the picture we want.
HORIZONTAL_BARS = ("segment", "admitted")


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    note: str
    header: list[str]
    rows: list[list[str]]
    total: list[str]


def _n(value: int) -> str:
    return f"{value:,}"


def _signed(value: int) -> str:
    return f"{value:+,}" if value else "0"


def active_flips(totals: Mapping[str, int]) -> list[str]:
    """The flips that happen at least once (the others would be columns of zeros)."""
    return [name for name in FLIP_NAMES if totals.get(name)]


def outcome_rows(result: Mapping[str, Any]) -> list[list[str]]:
    totals = result["totals"]
    rows = []
    for outcome in OUTCOMES:
        before, after = totals[f"baseline_{outcome}"], totals[f"reform_{outcome}"]
        rows.append([str(OUTCOME_NAMES[outcome]), _n(before), _n(after), _signed(after - before)])
    return rows


def flip_rows(result: Mapping[str, Any]) -> list[list[str]]:
    totals = result["totals"]
    return [[str(FLIP_NAMES[name]), _n(totals[name])] for name in FLIP_NAMES]


def breakdown_header(dimension: str, flips: list[str]) -> list[str]:
    header = [str(DIMENSION_HEADINGS[dimension]), _("Applications")]
    header += [_("Baseline: %(outcome)s") % {"outcome": OUTCOME_NAMES[o]} for o in OUTCOMES]
    header += [_("Reform: %(outcome)s") % {"outcome": OUTCOME_NAMES[o]} for o in OUTCOMES]
    return header + [str(FLIP_NAMES[name]) for name in flips] + [_("Outcome changes")]


def _cells(row: Mapping[str, Any], flips: list[str]) -> list[str]:
    cells = [_n(row["applications"])]
    cells += [_n(row[f"baseline_{o}"]) for o in OUTCOMES] + [_n(row[f"reform_{o}"]) for o in OUTCOMES]
    return cells + [_n(row[name]) for name in flips] + [_n(row["flipped"])]


def _present(result: Mapping[str, Any], dimension: str) -> list[Mapping[str, Any]]:
    """The groups that hold at least one application, largest first."""
    rows = [row for row in result["breakdowns"][dimension] if row["applications"]]
    return sorted(rows, key=lambda row: -int(row["applications"]))


def breakdowns(result: Mapping[str, Any], language: str) -> list[Breakdown]:
    """One table per breakdown, with only the flips that occur, and the totals row."""
    flips = active_flips(result["totals"])
    tables = []
    for dimension in DIMENSIONS:
        rows = [[group_label(dimension, row, language), *_cells(row, flips)] for row in _present(result, dimension)]
        tables.append(
            Breakdown(
                key=dimension,
                title=str(DIMENSION_TITLES[dimension]),
                note=str(DIMENSION_NOTES[dimension]),
                header=breakdown_header(dimension, flips),
                rows=rows,
                total=[_("Total"), *_cells(result["totals"], flips)],
            )
        )
    return tables


def breakdown_csv_rows(result: Mapping[str, Any], dimension: str, language: str) -> list[list[str]]:
    """Every column of one breakdown (all six flips, plain integers), codes first, totals last."""
    flips = list(FLIP_NAMES)
    header = [_("Code"), *breakdown_header(dimension, flips)]

    def values(row: Mapping[str, Any]) -> list[str]:
        keys = ["applications", *(f"baseline_{o}" for o in OUTCOMES), *(f"reform_{o}" for o in OUTCOMES), *flips, "flipped"]
        return [str(int(row[key])) for key in keys]

    rows = [[str(row.get("code", "")), group_label(dimension, row, language), *values(row)] for row in _present(result, dimension)]
    return [header, *rows, ["", _("Total"), *values(result["totals"])]]


def flip_chart(result: Mapping[str, Any], dimension: str, language: str) -> tuple[ChartData, ChartText]:
    """Applications whose outcome changes, per group where any does, most changes first.

    Groups without a change are left to the table: a long list of empty bars hides the few that matter.
    """
    rows = sorted((row for row in _present(result, dimension) if row["flipped"]), key=lambda row: -int(row["flipped"]))
    key, series = HORIZONTAL_BARS
    chart = ChartData(
        key=key,
        dimension=dimension,
        categories=tuple(str(row.get("code") or row["group"]) for row in rows),
        series=((series, tuple(float(row["flipped"]) for row in rows)),),
    )
    text = ChartText(
        title=str(CHART_TITLES[dimension]),
        categories=tuple(group_label(dimension, row, language) for row in rows),
        series={series: _("Applications whose outcome changes")},
        value_axis=_("Applications"),
        empty=_("No application changes outcome under this reform."),
    )
    return chart, text
