"""The Technical Professionals (TP) List by version: trades with stable ids, vectorised membership."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
import numpy.typing as npt

from asmtp.policy.parameters import day_number
from asmtp.policy.texts import Names


@dataclass(frozen=True)
class Trade:
    """A trade of the TP List; ``id`` never changes once published."""

    id: str
    names: Names
    minimum_contract_months: int | None  # None: not published in the sources found
    source: str
    confidence: str
    note: str | None = None


@dataclass(frozen=True)
class TPListVersion:
    """The TP List as it stood from ``effective_from``."""

    effective_from: date
    complete: bool
    source: str
    confidence: str
    trades: tuple[str, ...]


@dataclass(frozen=True)
class TPList:
    trades: Mapping[str, Trade]
    versions: tuple[TPListVersion, ...]

    def __post_init__(self) -> None:
        for version in self.versions:
            unknown = [tid for tid in version.trades if tid not in self.trades]
            if unknown:
                raise ValueError(f"TP List {version.effective_from}: unknown trades {unknown}")
            if len(set(version.trades)) != len(version.trades):
                raise ValueError(f"TP List {version.effective_from}: a trade is listed twice")
        starts = [version.effective_from for version in self.versions]
        if not starts or starts != sorted(starts) or len(set(starts)) != len(starts):
            raise ValueError("TP List versions must have distinct dates in order")

    @cached_property
    def trade_ids(self) -> tuple[str, ...]:
        """Every trade known to any version, in a fixed order (the vectorised index)."""
        return tuple(self.trades)

    def version_at(self, day: date) -> TPListVersion:
        """The version in force on ``day`` (the first version for earlier dates)."""
        index = int(np.searchsorted(self.starts, day_number(day), side="right")) - 1
        return self.versions[max(index, 0)]

    def label(self, trade_id: str) -> Names:
        """The trade's name in three languages (the id itself for an unknown trade)."""
        trade = self.trades.get(trade_id)
        return trade.names if trade else Names(trade_id)

    @cached_property
    def starts(self) -> npt.NDArray[np.int64]:
        return np.array([day_number(version.effective_from) for version in self.versions], dtype=np.int64)

    @cached_property
    def membership(self) -> npt.NDArray[np.bool_]:
        """``matrix[version, k]``: whether ``trade_ids[k]`` is on that version."""
        position = {tid: k for k, tid in enumerate(self.trade_ids)}
        matrix = np.zeros((len(self.versions), len(self.trade_ids)), dtype=np.bool_)
        for row, version in enumerate(self.versions):
            matrix[row, [position[tid] for tid in version.trades]] = True
        return matrix
