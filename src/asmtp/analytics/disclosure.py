"""Small-cell suppression for the open statistics (pure).

A count from 1 to `threshold - 1` could point at a person, so it is published as "<10" (null in
JSON). Publishing the table's total beside the other cells would let anyone subtract and recover
a single suppressed cell, so whenever anything is suppressed further cells are suppressed too
(the smallest first) until at least two are hidden and together they hold at least `threshold`
people: the difference between the total and the published cells is then never a small number
that belongs to one cell. Zero is published: nobody is identified by it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 10


@dataclass(frozen=True)
class SuppressedTable:
    """Published counts (None where suppressed) and the total (None when itself too small)."""

    values: tuple[int | None, ...]
    total: int | None

    @property
    def suppressed(self) -> int:
        return sum(value is None for value in self.values)


def suppress(counts: Sequence[float], threshold: int = THRESHOLD) -> SuppressedTable:
    """Primary and complementary suppression of a one-way table with a published total."""
    cells = [round(count) for count in counts]
    total = sum(cells)
    if total < threshold:
        # The whole table is a small group: publish zeros only.
        return SuppressedTable(tuple(0 if cell == 0 else None for cell in cells), None)
    hidden = {i for i, cell in enumerate(cells) if 0 < cell < threshold}
    if hidden:
        candidates = sorted((cell, i) for i, cell in enumerate(cells) if cell > 0 and i not in hidden)
        while candidates and (len(hidden) < 2 or sum(cells[i] for i in hidden) < threshold):
            hidden.add(candidates.pop(0)[1])
    return SuppressedTable(tuple(None if i in hidden else cell for i, cell in enumerate(cells)), total)


def publishable(count: float, threshold: int = THRESHOLD) -> bool:
    """Whether a figure computed over `count` people (a median, a share) may be published."""
    return count >= threshold
