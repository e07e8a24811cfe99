"""Counting outcomes and flips with polars: a small cube per chunk, tables from the merged cube.

The cube has one row per (industry, segment, salary band, province, baseline outcome, reform
outcome) that occurs, with its count: a million applications make a few thousand rows, so
every table below is a cheap polars ``group_by`` over it. Counting a chunk into the cube is
one ``numpy.bincount`` over the combination's slot (faster than a six-key ``group_by``).
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


def _shape(dimensions: Dimensions) -> tuple[int, ...]:
    return (*dimensions.sizes, len(OUTCOMES), len(OUTCOMES))


def empty_counts(dimensions: Dimensions) -> npt.NDArray[np.int64]:
    """Zero counts for every combination (what :func:`count_chunk` results are added to)."""
    return np.zeros(int(np.prod(_shape(dimensions))), dtype=np.int64)


def count_chunk(
    codes: pl.DataFrame, baseline: npt.NDArray[np.int8], reform: npt.NDArray[np.int8], dimensions: Dimensions
) -> npt.NDArray[np.int64]:
    """A chunk's counts per (dimension codes, baseline outcome, reform outcome), as a flat array.

    Every combination has a fixed slot (a few hundred thousand), so chunks add up by ``+`` and
    counting is one ``bincount``; :func:`cube_from_counts` turns the slots that occur into rows.
    """
    shape = _shape(dimensions)
    columns = [codes[d].to_numpy() for d in DIMENSIONS] + [baseline, reform]
    slot = np.ravel_multi_index([c.astype(np.intp) for c in columns], shape)
    return np.bincount(slot, minlength=int(np.prod(shape))).astype(np.int64)


def cube_from_counts(counts: npt.NDArray[np.int64], dimensions: Dimensions) -> pl.DataFrame:
    """The cube: one row per combination that occurs, with its count."""
    occupied = np.flatnonzero(counts)
    keys = np.unravel_index(occupied, _shape(dimensions))
    return pl.DataFrame(
        {**{name: key.astype(np.uint8) for name, key in zip(CUBE_KEYS, keys, strict=True)}, "count": counts[occupied]}
    )


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
