"""Dated parameters: one value per period, looked up for one date or a whole column of dates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

EPOCH = date(1970, 1, 1)
CONFIDENCE_LABELS = ("V", "I", "3P", "project", "override")


def day_number(day: date) -> int:
    """Days since 1970-01-01: the integer form every vectorised lookup uses."""
    return (day - EPOCH).days


@dataclass(frozen=True)
class ParameterValue:
    """One period of a parameter: the value, from when it applies, and where it comes from."""

    effective_from: date
    value: Any
    reference: str
    confidence: str
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "value": list(self.value) if isinstance(self.value, tuple) else self.value,
            "effective_from": self.effective_from.isoformat(),
            "reference": self.reference,
            "confidence": self.confidence,
        }
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class Parameter:
    """A named policy parameter with its periods, oldest first.

    A date before the first period uses the first value: the tables never extrapolate backwards
    into a gap, they state what was first known.
    """

    name: str
    description: str
    unit: str
    periods: tuple[ParameterValue, ...]
    edition_specific: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if not self.periods:
            raise ValueError(f"parameter {self.name} has no values")
        starts = [period.effective_from for period in self.periods]
        if starts != sorted(starts) or len(set(starts)) != len(starts):
            raise ValueError(f"parameter {self.name}: periods must have distinct dates in order")

    @cached_property
    def starts(self) -> npt.NDArray[np.int64]:
        """Period start dates as day numbers."""
        return np.array([day_number(period.effective_from) for period in self.periods], dtype=np.int64)

    def entry_at(self, day: date) -> ParameterValue:
        """The period in force on ``day``."""
        index = int(np.searchsorted(self.starts, day_number(day), side="right")) - 1
        return self.periods[max(index, 0)]

    def value_at(self, day: date) -> Any:
        return self.entry_at(day).value

    def index_at(self, days: npt.NDArray[np.int64]) -> npt.NDArray[np.intp]:
        """For each day number, the index of the period in force (vectorised)."""
        index = np.searchsorted(self.starts, days, side="right") - 1
        return np.maximum(index, 0)

    @cached_property
    def numbers(self) -> npt.NDArray[np.float64]:
        """Numeric period values (``None`` as NaN, booleans as 0/1) for vectorised lookups."""
        values = [period.value for period in self.periods]
        if any(isinstance(value, (tuple, str)) for value in values):
            raise TypeError(f"parameter {self.name} is not numeric")
        return np.array([np.nan if value is None else float(value) for value in values], dtype=np.float64)

    def numbers_at(self, days: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """The numeric value in force on each day (vectorised)."""
        numbers = self.numbers
        if len(numbers) == 1:
            return np.full(len(days), numbers[0])
        return numbers[self.index_at(days)]

    def membership(self, vocabulary: Sequence[str]) -> npt.NDArray[np.bool_]:
        """For a list-valued parameter: ``matrix[period, k]`` is whether ``vocabulary[k]`` is listed."""
        matrix = np.zeros((len(self.periods), len(vocabulary)), dtype=np.bool_)
        for row, period in enumerate(self.periods):
            for item in period.value:
                if item in vocabulary:
                    matrix[row, list(vocabulary).index(item)] = True
        return matrix

    def overridden(self, value: Any, *, effective_from: date | None, reference: str) -> Parameter:
        """A copy where ``value`` applies from ``effective_from`` on (or at every date when ``None``)."""
        value = tuple(value) if isinstance(value, list) else value
        if effective_from is None:
            start = self.periods[0].effective_from
            return replace(self, periods=(ParameterValue(start, value, reference, "override"),))
        kept = tuple(period for period in self.periods if period.effective_from < effective_from)
        return replace(self, periods=(*kept, ParameterValue(effective_from, value, reference, "override")))
