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
    unlisted: np.ndarray,
    entries: Sequence[TalentListEntry],
) -> np.ndarray:
    """For rows with ``claims`` true, the index in ``entries`` of the profession the post matches.

    Uniform among the professions listed on the submission date, or, for rows also marked
    ``unlisted``, among the professions of the list that were not listed that day. -1 where
    nothing is claimed or there is nothing to choose from.
    """
    chosen = np.full(len(submitted_on), -1, dtype=np.int64)
    if not entries:
        return chosen
    first_entry: dict[str, int] = {}
    for i, e in enumerate(entries):
        first_entry.setdefault(e.profession_id, i)
    # The list changes on a handful of dates: between two of them the choice is the same.
    breaks = sorted({e.listed_from for e in entries} | {e.listed_until for e in entries if e.listed_until})
    period = np.searchsorted(np.array(breaks, dtype="datetime64[D]"), submitted_on, side="right")
    for p in np.unique(period[claims]):
        day = breaks[p - 1] if p > 0 else None
        listed = {
            e.profession_id: i for i, e in enumerate(entries)
            if day is not None and e.listed_from <= day and (e.listed_until is None or day < e.listed_until)
        }
        not_listed = [i for pid, i in first_entry.items() if pid not in listed]
        for pool, wanted in ((list(listed.values()), ~unlisted), (not_listed, unlisted)):
            rows = np.flatnonzero(claims & wanted & (period == p))
            if pool and len(rows):
                chosen[rows] = np.array(pool, dtype=np.int64)[rng.integers(0, len(pool), len(rows))]
    return chosen
