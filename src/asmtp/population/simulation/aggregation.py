"""Counting outcomes and flips with polars: a small cube per chunk, tables from the merged cube.

The cube has one row per (industry, segment, salary band, province, baseline outcome, reform
outcome) that occurs, with its count: a million applications make a few thousand rows, so
every table below is a cheap ``group_by`` over it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import permutations

import numpy as np
import numpy.typing as npt
import polars as pl

from asmtp.population.simulation.dimensions import DIMENSIONS, OUTCOMES, Dimensions

CUBE_KEYS = (*DIMENSIONS, "baseline", "reform")
TRANSITION_SCHEMA = {"criterion": pl.String, "baseline": pl.String, "reform": pl.String, "count": pl.Int64}
TRANSITIONS: tuple[tuple[int, int], ...] = tuple(permutations(range(len(OUTCOMES)), 2))


def transition_name(before: int, after: int) -> str:
    """Column name of a flip, e.g. ``eligible_to_refer``."""
    return f"{OUTCOMES[before]}_to_{OUTCOMES[after]}"


def count_chunk(codes: pl.DataFrame, baseline: npt.NDArray[np.int8], reform: npt.NDArray[np.int8]) -> pl.DataFrame:
    """The cube of one chunk: counts by the dimension codes and both outcomes."""
    return (
        codes.with_columns(
            pl.Series("baseline", baseline, dtype=pl.UInt8), pl.Series("reform", reform, dtype=pl.UInt8)
        )
        .group_by(CUBE_KEYS)
        .len("count")
    )


def merge_cubes(cubes: Sequence[pl.DataFrame]) -> pl.DataFrame:
    """Chunks' cubes added up."""
    if not cubes:
        return pl.DataFrame(schema={**dict.fromkeys(CUBE_KEYS, pl.UInt8), "count": pl.UInt32})
    return pl.concat(cubes).group_by(CUBE_KEYS).agg(pl.col("count").sum().cast(pl.Int64)).sort(CUBE_KEYS)


def _measures() -> list[pl.Expr]:
    count, before, after = pl.col("count"), pl.col("baseline"), pl.col("reform")
    measures = [count.sum().alias("applications")]
    measures += [count.filter(before == i).sum().alias(f"baseline_{o}") for i, o in enumerate(OUTCOMES)]
    measures += [count.filter(after == i).sum().alias(f"reform_{o}") for i, o in enumerate(OUTCOMES)]
    measures += [count.filter((before == i) & (after == j)).sum().alias(transition_name(i, j)) for i, j in TRANSITIONS]
    measures.append(count.filter(before != after).sum().alias("flipped"))
    return measures


MEASURE_COLUMNS = (
    "applications",
    *(f"baseline_{o}" for o in OUTCOMES),
    *(f"reform_{o}" for o in OUTCOMES),
    *(transition_name(i, j) for i, j in TRANSITIONS),
    "flipped",
)


def breakdown(cube: pl.DataFrame, dimension: str, dimensions: Dimensions) -> pl.DataFrame:
    """Outcome counts and flips for each group of ``dimension`` (groups with no application left out)."""
    labels = pl.DataFrame(
        {dimension: range(len(dimensions.labels(dimension))), "group": dimensions.labels(dimension)},
        schema={dimension: pl.UInt8, "group": pl.String},
    )
    table = cube.group_by(dimension).agg(_measures())
    return (
        labels.join(table, on=dimension, how="inner")
        .sort(dimension)
        .select(pl.lit(dimension).alias("dimension"), "group", *(pl.col(c).cast(pl.Int64) for c in MEASURE_COLUMNS))
    )


def totals(cube: pl.DataFrame) -> pl.DataFrame:
    """The same measures over every application: one row, dimension ``total``."""
    return cube.select(
        pl.lit("total").alias("dimension"),
        pl.lit("all applications").alias("group"),
        *(m.cast(pl.Int64) for m in _measures()),
    )


def summary_table(cube: pl.DataFrame, dimensions: Dimensions) -> pl.DataFrame:
    """Totals, then each breakdown: the table written by ``asmtp simulate --out``."""
    return pl.concat([totals(cube), *(breakdown(cube, d, dimensions) for d in DIMENSIONS)])


def status_transitions(
    before: Mapping[str, npt.NDArray[np.int8]], after: Mapping[str, npt.NDArray[np.int8]], statuses: Sequence[str]
) -> pl.DataFrame:
    """For each criterion (``criterion -> status code per application``), how often each status became each other."""
    k = len(statuses)
    pairs = [(b, a) for b in range(k) for a in range(k)]
    rows: dict[str, list[object]] = {"criterion": [], "baseline": [], "reform": [], "count": []}
    for criterion, codes in before.items():
        counts = np.bincount(codes.astype(np.int64) * k + after[criterion], minlength=k * k)
        for (b, a), count in zip(pairs, counts, strict=True):
            rows["criterion"].append(criterion)
            rows["baseline"].append(statuses[b])
            rows["reform"].append(statuses[a])
            rows["count"].append(int(count))
    return pl.DataFrame(rows, schema=TRANSITION_SCHEMA)


def merge_transitions(parts: Sequence[pl.DataFrame]) -> pl.DataFrame:
    """Chunks' criterion transitions added up, changes only, largest first."""
    if not parts:
        return pl.DataFrame(schema=TRANSITION_SCHEMA)
    return (
        pl.concat(parts)
        .group_by("criterion", "baseline", "reform", maintain_order=True)
        .agg(pl.col("count").sum())
        .filter((pl.col("baseline") != pl.col("reform")) & (pl.col("count") > 0))
        .sort("count", descending=True, maintain_order=True)
    )
