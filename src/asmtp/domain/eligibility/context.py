"""The policy as each row sees it: every parameter looked up at that row's own date."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from asmtp.domain.eligibility.calendar import Civil, civil_from_days, ymd
from asmtp.policy import Policy

# Period lookups go through a table with one entry per day between the batch's first and last
# date: a gather is several times faster than a binary search per row. Wider spans (dates
# centuries apart) fall back to the binary search.
_MAX_TABLE_DAYS = 1 << 20


class RowPolicy:
    """Vectorised parameter lookups for a batch whose rows have their own assessment dates."""

    def __init__(self, policy: Policy, days: npt.NDArray[np.int64], civil: Civil | None = None) -> None:
        self.policy = policy
        self.days = days
        self.dates: npt.NDArray[np.datetime64] = days.view("datetime64[D]")
        self._base = int(days.min()) if len(days) else 0
        span = int(days.max()) - self._base + 1 if len(days) else 0
        self._offset = (days - self._base).astype(np.int32) if span <= _MAX_TABLE_DAYS else None
        self._span = span
        self._periods: dict[bytes, npt.NDArray[np.intp]] = {}
        self._numbers: dict[str, npt.NDArray[np.float64]] = {}
        self._derived: dict[str, Any] = {}
        self._civil = civil

    @property
    def civil(self) -> Civil:
        """Year, month and day of each row's date (computed once per batch)."""
        if self._civil is None:
            self._civil = civil_from_days(self.days)
        return self._civil

    @property
    def ymd(self) -> npt.NDArray[np.int64]:
        """Each row's date as the number YYYYMMDD."""
        numbers: npt.NDArray[np.int64] = self.derived("ymd", lambda: ymd(self.civil))
        return numbers

    def __len__(self) -> int:
        return len(self.days)

    def periods(self, starts: npt.NDArray[np.int64]) -> npt.NDArray[np.intp]:
        """For each row, the index of the period in force, given the periods' start days.

        A date before the first start gets the first period (the tables never extrapolate).
        """
        key = starts.tobytes()
        if key not in self._periods:
            if len(starts) == 1:
                index = np.zeros(len(self.days), dtype=np.intp)
            elif self._offset is not None:
                table = np.searchsorted(starts, self._base + np.arange(self._span), side="right") - 1
                index = np.maximum(table, 0)[self._offset]
            else:
                index = np.maximum(np.searchsorted(starts, self.days, side="right") - 1, 0)
            self._periods[key] = index
        return self._periods[key]

    def number(self, name: str) -> npt.NDArray[np.float64]:
        """The numeric parameter in force on each row's date (NaN where the value is null)."""
        if name not in self._numbers:
            parameter = self.policy.parameter(name)
            self._numbers[name] = parameter.numbers[self.periods(parameter.starts)]
        return self._numbers[name]

    def flag(self, name: str) -> npt.NDArray[np.bool_]:
        """A boolean parameter in force on each row's date."""
        return np.asarray(self.number(name) > 0)

    def listed(self, name: str, vocabulary: Sequence[str], codes: npt.NDArray[np.integer]) -> npt.NDArray[np.bool_]:
        """Whether each row's term (``vocabulary[codes[i]]``) is in the list parameter on its date."""
        parameter = self.policy.parameter(name)
        matrix = parameter.membership(vocabulary)
        known = codes >= 0
        return np.asarray(known & matrix[self.periods(parameter.starts), np.where(known, codes, 0)])

    def wage_benchmark(self, section: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        """The market benchmark per row: ``section`` indexes the policy's HSIC letters, -1 = overall."""
        starts, values = self.policy.wages.grid
        column = np.where(section >= 0, section, values.shape[1] - 1)
        return np.asarray(values[self.periods(starts), column])

    def overall_median(self) -> npt.NDArray[np.float64]:
        starts, values = self.policy.wages.grid
        return np.asarray(values[:, -1][self.periods(starts)])

    def derived(self, key: str, compute: Callable[[], Any]) -> Any:
        """A value several rules need (the Talent List flag...), computed once per batch."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    def for_rows(self, index: npt.NDArray[np.int64]) -> RowPolicy:
        """The same policy for rows that take their dates from ``index`` (dependants)."""
        year, month, day = self.civil
        return RowPolicy(self.policy, self.days[index], (year[index], month[index], day[index]))


def first_match(size: int, default: IntEnum, *cases: tuple[npt.NDArray[np.bool_], IntEnum]) -> npt.NDArray[np.int8]:
    """A reason code per row: the first case whose mask is true, else ``default``.

    Cases are written in order of precedence, as a reader would say them ("fails if..., else
    refers if..."); they are applied last-first so that earlier ones win.
    """
    reason = np.full(size, int(default), dtype=np.int8)
    for mask, code in reversed(cases):
        np.copyto(reason, np.int8(code), where=mask)
    return reason
