"""Counting outcomes and flips: the polars tables agree with counting by hand."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import numpy as np
import polars as pl

from asmtp.population.schema import INDUSTRY
from asmtp.population.simulation.aggregation import (
    count_chunk,
    cube_from_counts,
    merge_transitions,
    status_transitions,
    summary_table,
)
from asmtp.population.simulation.dimensions import NO_OFFER, NOT_LISTED, OTHER, Dimensions
from asmtp.population.simulation.result import SimulationResult

DIMENSIONS = Dimensions.build(
    industries=("G", "K", "P"),
    segments=("Financial services", "Healthcare services"),
    profession_segment={"actuaries": "Financial services", "nurses": "Healthcare services"},
    provinces={"44": "Guangdong", "11": "Beijing"},
)


def _applications() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "has_employment": [True, True, True, False, True, True],
            "industry": ["G", "K", "C", None, "P", "G"],
            "talent_list_profession": [None, "actuaries", None, None, "nurses", "unknown-id"],
            "monthly_salary_hkd": [15_000, 90_000, 20_000, None, 39_999, 40_000],
        },
        schema_overrides={"industry": INDUSTRY},
    )


def test_each_application_gets_a_code_per_breakdown_with_other_for_what_is_unknown() -> None:
    codes = DIMENSIONS.codes(_applications(), province_code=np.array([44, 11, 81, 44, 0, 11]))

    def labels(dimension: str) -> list[str]:
        return [DIMENSIONS.labels(dimension)[c] for c in codes[dimension]]

    assert labels("industry") == ["G", "K", OTHER, NO_OFFER, "P", "G"]  # C is not among this policy's sections
    assert labels("talent_list_segment") == [
        NOT_LISTED, "Financial services", NOT_LISTED, NOT_LISTED, "Healthcare services", OTHER
    ]
    assert labels("salary_band") == ["under 20k", "80k and over", "20k-40k", NO_OFFER, "20k-40k", "40k-80k"]
    assert labels("province") == ["Guangdong", "Beijing", OTHER, "Guangdong", OTHER, "Beijing"]


def _cube_and_outcomes(seed: int, n: int) -> tuple[pl.DataFrame, pl.DataFrame, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    codes = pl.DataFrame(
        {
            "industry": rng.integers(0, len(DIMENSIONS.industry), n).astype(np.uint8),
            "talent_list_segment": rng.integers(0, len(DIMENSIONS.talent_list_segment), n).astype(np.uint8),
            "salary_band": rng.integers(0, len(DIMENSIONS.salary_band), n).astype(np.uint8),
            "province": rng.integers(0, len(DIMENSIONS.province), n).astype(np.uint8),
        }
    )
    baseline = rng.integers(0, 3, n).astype(np.int8)
    reform = np.where(rng.random(n) < 0.3, rng.integers(0, 3, n), baseline).astype(np.int8)
    # Two chunks, added up, must count like one.
    half = n // 2
    cube = cube_from_counts(
        count_chunk(codes[:half], baseline[:half], reform[:half], DIMENSIONS)
        + count_chunk(codes[half:], baseline[half:], reform[half:], DIMENSIONS),
        DIMENSIONS,
    )
    return cube, codes, baseline, reform


def test_flips_by_industry_match_a_count_by_hand() -> None:
    cube, codes, baseline, reform = _cube_and_outcomes(seed=1, n=5_000)
    table = summary_table(cube, DIMENSIONS)

    by_hand = Counter(
        (DIMENSIONS.industry[i], int(b), int(r)) for i, b, r in zip(codes["industry"], baseline, reform, strict=True)
    )
    for row in table.filter(pl.col("dimension") == "industry").iter_rows(named=True):
        group = row["group"]
        assert row["eligible_to_refer"] == by_hand[(group, 0, 1)]
        assert row["refer_to_ineligible"] == by_hand[(group, 1, 2)]
        assert row["ineligible_to_eligible"] == by_hand[(group, 2, 0)]
        assert row["baseline_refer"] == sum(by_hand[(group, 1, r)] for r in range(3))
        assert row["reform_eligible"] == sum(by_hand[(group, b, 0)] for b in range(3))
        assert row["flipped"] == sum(c for (g, b, r), c in by_hand.items() if g == group and b != r)


def test_every_breakdown_adds_up_to_the_totals() -> None:
    cube, *_ = _cube_and_outcomes(seed=2, n=3_000)
    table = summary_table(cube, DIMENSIONS)
    totals = table.filter(pl.col("dimension") == "total").drop("dimension", "group")

    assert totals["applications"].item() == 3_000
    for dimension in ("industry", "talent_list_segment", "salary_band", "province"):
        summed = table.filter(pl.col("dimension") == dimension).drop("dimension", "group").sum()
        assert summed.equals(totals), dimension


def test_criterion_status_changes_are_counted_and_unchanged_ones_left_out() -> None:
    statuses = ("pass", "fail", "refer", "not_applicable")
    before = {"market_test": np.array([0, 0, 2, 0], dtype=np.int8), "remuneration": np.array([0, 2, 2, 0], dtype=np.int8)}
    after = {"market_test": np.array([2, 2, 2, 2], dtype=np.int8), "remuneration": np.array([0, 0, 2, 0], dtype=np.int8)}

    changes = merge_transitions([status_transitions(before, after, statuses)])

    assert changes.rows() == [("market_test", "pass", "refer", 3), ("remuneration", "refer", "pass", 1)]


def test_a_result_reports_totals_and_renders_every_breakdown() -> None:
    cube, *_ = _cube_and_outcomes(seed=3, n=1_000)
    result = SimulationResult(
        baseline="direct",
        reform="reform.yaml",
        as_of=dt.date(2026, 1, 1),
        applications=1_000,
        dependants=0,
        table=summary_table(cube, DIMENSIONS),
        criteria=merge_transitions([]),
        dependant_outcomes=pl.DataFrame({"outcome": ["eligible"], "baseline": [0], "reform": [0], "flipped_from": [0]}),
    )

    text = result.render()
    data = result.to_dict()

    assert data["totals"]["applications"] == 1_000
    assert sum(row["applications"] for row in data["breakdowns"]["province"]) == 1_000
    assert "Re-assessed 1,000 applications" in text
    assert "as of 2026-01-01" in text
    for title in ("By industry", "By Talent List segment", "By monthly salary band", "By province"):
        assert title in text
    assert re.search(rf"^total flipped\s+{result.totals['flipped']:,}$", text, re.MULTILINE)
