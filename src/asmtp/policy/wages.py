"""Market wage benchmarks: C&SD median monthly wages by industry, mapped onto HSIC sections."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
import numpy.typing as npt

from asmtp.policy.parameters import day_number

OVERALL = "overall"


@dataclass(frozen=True)
class WageValue:
    effective_from: date
    survey_year: int
    value: float
    reference: str
    confidence: str
    note: str | None = None


@dataclass(frozen=True)
class WageSeries:
    """One published series (an AEHS industry or the overall median), oldest value first."""

    id: str
    label: str
    values: tuple[WageValue, ...]

    def value_at(self, day: date) -> WageValue:
        starts = [day_number(value.effective_from) for value in self.values]
        index = int(np.searchsorted(starts, day_number(day), side="right")) - 1
        return self.values[max(index, 0)]


@dataclass(frozen=True)
class WageBenchmark:
    """The benchmark used for one section on one date, with where it comes from."""

    section: str
    series: str
    label: str
    value: float
    survey_year: int
    reference: str
    confidence: str
    mapping_reason: str


@dataclass(frozen=True)
class WageBenchmarks:
    survey: str
    overall: WageSeries
    industries: Mapping[str, WageSeries]
    section_series: Mapping[str, str]  # HSIC letter -> series id (or "overall")
    section_reasons: Mapping[str, str]
    sections: tuple[str, ...]  # HSIC letters in the order of the vectorised columns

    def __post_init__(self) -> None:
        for letter, series in self.section_series.items():
            if series != OVERALL and series not in self.industries:
                raise ValueError(f"wage benchmark for section {letter}: unknown series {series!r}")
        missing = set(self.sections) - set(self.section_series)
        if missing:
            raise ValueError(f"wage benchmarks: no series chosen for sections {sorted(missing)}")

    def series_for(self, section: str) -> WageSeries:
        chosen = self.section_series[section]
        return self.overall if chosen == OVERALL else self.industries[chosen]

    def at(self, section: str, day: date) -> WageBenchmark:
        """The benchmark for ``section`` on ``day``."""
        series = self.series_for(section)
        value = series.value_at(day)
        return WageBenchmark(
            section=section,
            series=series.id,
            label=series.label,
            value=value.value,
            survey_year=value.survey_year,
            reference=value.reference,
            confidence=value.confidence,
            mapping_reason=self.section_reasons[section],
        )

    def overall_at(self, day: date) -> WageValue:
        return self.overall.value_at(day)

    # --- vectorised lookups -------------------------------------------------------------
    @cached_property
    def grid(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """Every date at which any series changes (day numbers), and the value per (date, column).

        Columns follow ``sections``; one more column at the end holds the overall median.
        A row's benchmark is ``values[period, column]`` with ``period`` the last change on or
        before its date (the first one for earlier dates).
        """
        columns = [self.series_for(section) for section in self.sections] + [self.overall]
        changes = sorted({value.effective_from for series in columns for value in series.values})
        values = np.array([[series.value_at(day).value for series in columns] for day in changes], dtype=np.float64)
        return np.array([day_number(day) for day in changes], dtype=np.int64), values
