"""Which Talent List professions a synthetic post may claim, and when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TalentListEntry:
    """One profession of the Talent List as the generator needs it."""

    profession_id: str
    segment: str
    listed_from: dt.date
    listed_until: dt.date | None = None


def claim_professions(
    rng: np.random.Generator,
    submitted_on: np.ndarray,
    claims: np.ndarray,
    entries: Sequence[TalentListEntry],
) -> np.ndarray:
    """For rows with ``claims`` true, the index in ``entries`` of a profession listed on the submission date.

    Uniform among the professions listed that day; -1 where nothing is claimed or nothing was listed.
    """
    chosen = np.full(len(submitted_on), -1, dtype=np.int64)
    if not entries:
        return chosen
    # The list changes on a handful of dates: between two of them the choice is the same.
    breaks = sorted({e.listed_from for e in entries} | {e.listed_until for e in entries if e.listed_until})
    period = np.searchsorted(np.array(breaks, dtype="datetime64[D]"), submitted_on, side="right")
    for p in np.unique(period[claims]):
        if p == 0:
            continue
        day = breaks[p - 1]
        in_force = np.array([
            i for i, e in enumerate(entries)
            if e.listed_from <= day and (e.listed_until is None or day < e.listed_until)
        ], dtype=np.int64)
        rows = np.flatnonzero(claims & (period == p))
        if len(in_force):
            chosen[rows] = in_force[rng.integers(0, len(in_force), len(rows))]
    return chosen
