"""What a simulation returns: tables as polars DataFrames, a JSON-ready dict, and a text report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from asmtp.population.simulation.aggregation import TRANSITIONS, transition_name
from asmtp.population.simulation.dimensions import DIMENSIONS, OUTCOMES

_DIMENSION_TITLES = {
    "industry": "By industry (HSIC section of the offer)",
    "talent_list_segment": "By Talent List segment (of the profession the post claims)",
    "salary_band": "By monthly salary band (HK$, LCQ13 bands)",
    "province": "By province (from the Mainland ID number)",
}
_ARROW = "→"


@dataclass(frozen=True)
class SimulationResult:
    """Outcomes of every application under a baseline and a reform, and what flipped.

    ``table`` holds one row for the totals and one per group of each breakdown (column
    ``dimension``), with outcome counts under both and the count of each flip.
    """

    baseline: str
    reform: str
    as_of: dt.date | None
    applications: int
    dependants: int
    table: pl.DataFrame
    criteria: pl.DataFrame
    dependant_outcomes: pl.DataFrame
    seconds: Mapping[str, float] = field(default_factory=dict)

    def breakdown(self, dimension: str) -> pl.DataFrame:
        """The rows of one breakdown (``industry``, ``talent_list_segment``, ``salary_band``, ``province``, ``total``)."""
        return self.table.filter(pl.col("dimension") == dimension).drop("dimension")

    @property
    def totals(self) -> dict[str, int]:
        """The totals row as a mapping (applications, baseline_*, reform_*, flips, flipped)."""
        row = self.breakdown("total").drop("group").row(0, named=True)
        return {key: int(value) for key, value in row.items()}

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (for a background job's stored result or an API response)."""
        return {
            "baseline": self.baseline,
            "reform": self.reform,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "applications": self.applications,
            "dependants": self.dependants,
            "totals": self.totals,
            "breakdowns": {d: self.breakdown(d).to_dicts() for d in DIMENSIONS},
            "criteria": self.criteria.to_dicts(),
            "dependant_outcomes": self.dependant_outcomes.to_dicts(),
            "seconds": dict(self.seconds),
        }

    def render(self) -> str:
        """The report printed by ``asmtp simulate``."""
        return render_report(self)


def _n(value: int) -> str:
    return f"{value:,}"


def _signed(value: int) -> str:
    return f"{value:+,}" if value else "0"


def _grid(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        # First column (the label) to the left, numbers to the right.
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def _active_transitions(result: SimulationResult) -> list[tuple[int, int]]:
    totals = result.totals
    return [(i, j) for i, j in TRANSITIONS if totals[transition_name(i, j)]]


def _short(outcome: int) -> str:
    return OUTCOMES[outcome][0].upper()


def render_report(result: SimulationResult) -> str:
    as_of = f"as of {result.as_of.isoformat()}" if result.as_of else "each as of its submission date"
    lines = [
        f"Re-assessed {_n(result.applications)} applications ({_n(result.dependants)} dependants), {as_of}.",
        f"  baseline: {result.baseline}",
        f"  reform:   {result.reform}",
        "",
        "Outcomes (applications)",
    ]
    totals = result.totals
    lines += _grid(
        ["outcome", "baseline", "reform", "change"],
        [
            [o, _n(totals[f"baseline_{o}"]), _n(totals[f"reform_{o}"]), _signed(totals[f"reform_{o}"] - totals[f"baseline_{o}"])]
            for o in OUTCOMES
        ],
    )
    lines += ["", "Flips (applications)"]
    flips = [[f"{OUTCOMES[i]} {_ARROW} {OUTCOMES[j]}", _n(totals[transition_name(i, j)])] for i, j in TRANSITIONS]
    lines += _grid(["flip", "count"], [*flips, ["total flipped", _n(totals["flipped"])]])

    active = _active_transitions(result)
    lines += ["", "Breakdowns: E eligible, R refer, I ineligible; base = baseline, new = reform; only flips that occur are shown."]
    for dimension in DIMENSIONS:
        table = result.breakdown(dimension).sort("applications", descending=True, maintain_order=True)
        headers = ["group", "apps", *(f"base {_short(i)}" for i in range(3)), *(f"new {_short(i)}" for i in range(3))]
        headers += [f"{_short(i)}{_ARROW}{_short(j)}" for i, j in active] + ["flipped"]
        rows = []
        for row in [*table.iter_rows(named=True), {"group": "total", **totals}]:
            cells = [str(row["group"]), _n(row["applications"])]
            cells += [_n(row[f"baseline_{o}"]) for o in OUTCOMES] + [_n(row[f"reform_{o}"]) for o in OUTCOMES]
            cells += [_n(row[transition_name(i, j)]) for i, j in active] + [_n(row["flipped"])]
            rows.append(cells)
        lines += ["", _DIMENSION_TITLES[dimension], *_grid(headers, rows)]

    lines += ["", "Criteria whose status changed (applications)"]
    if result.criteria.is_empty():
        lines.append("  none")
    else:
        lines += _grid(
            ["criterion", "change", "count"],
            [[r["criterion"], f"{r['baseline']} {_ARROW} {r['reform']}", _n(r["count"])] for r in result.criteria.iter_rows(named=True)],
        )
    lines += ["", "Dependants"]
    lines += _grid(
        ["outcome", "baseline", "reform", "change"],
        [[r["outcome"], _n(r["baseline"]), _n(r["reform"]), _signed(r["reform"] - r["baseline"])]
         for r in result.dependant_outcomes.iter_rows(named=True)],
    )
    return "\n".join(lines)
