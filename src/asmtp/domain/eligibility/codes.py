"""Small integer codes the vectorised rules work in, and the vocabularies they index."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt

# Statuses are ordered by severity so that an outcome is simply the maximum over criteria.
NOT_APPLICABLE, PASS, REFER, FAIL = 0, 1, 2, 3
STATUSES = ("not_applicable", "pass", "refer", "fail")

# Outcome codes share the scale: eligible = every criterion passes or does not apply.
ELIGIBLE, REFERRED, INELIGIBLE = PASS, REFER, FAIL
OUTCOMES = {ELIGIBLE: "eligible", REFERRED: "refer", INELIGIBLE: "ineligible"}

EDUCATION_LEVELS = ("none", "secondary", "sub_degree", "bachelor", "master", "doctorate")
RESIDENCES = ("mainland", "overseas", "hong_kong")
TRAVEL_DOCUMENTS = ("none", "EEP", "PRC_PASSPORT")
SEXES = ("M", "F")
# Relationships the rules distinguish; anything else an application names counts as "other".
RELATIONSHIPS = ("spouse", "civil_partner", "child", "other")
MARITAL_STATUSES = ("single", "married", "divorced", "widowed", "separated")
# rules.md "The assessment interface": the general stream, or the Technical Professionals (TP)
# stream from 2025-06-30; "tp" is accepted as a short name for the latter.
GENERAL, TECHNICAL_PROFESSIONAL = "general", "technical_professional"
STREAMS = (GENERAL, TECHNICAL_PROFESSIONAL)
STREAM_ALIASES = {"tp": TECHNICAL_PROFESSIONAL}

R = TypeVar("R", bound=IntEnum)


@dataclass(frozen=True)
class ReasonTable(Generic[R]):
    """A criterion's reason codes and the status each one means."""

    codes: type[R]
    statuses: Mapping[R, int]

    def __post_init__(self) -> None:
        if set(self.statuses) != set(self.codes):
            raise ValueError(f"{self.codes.__name__}: every reason needs a status")

    @cached_property
    def status_lookup(self) -> npt.NDArray[np.int8]:
        """``status_lookup[reason]`` is the status of that reason code (vectorised)."""
        return np.array([self.statuses[code] for code in self.codes], dtype=np.int8)

    def key(self, reason: int) -> str:
        return self.codes(reason).name


def reason_table(codes: type[R], **statuses: int) -> ReasonTable[R]:
    """A reason table written as ``reason_table(Codes, name=STATUS, ...)``."""
    return ReasonTable(codes, {codes[name]: status for name, status in statuses.items()})


@dataclass(frozen=True)
class Evaluation:
    """What a rule found for every row: a reason code each, and facts it derived on the way.

    Parameter values are not repeated here: an explanation reads them, with their sources,
    from the policy at the row's date.
    """

    reason: npt.NDArray[np.int8]
    values: Mapping[str, npt.NDArray[Any]]


C = TypeVar("C")


@dataclass(frozen=True)
class Criterion(Generic[C]):
    """One criterion of the specification: a pure vectorised rule and how to explain it.

    ``evaluate`` maps a batch (columns and the policy at each row's date) to reason codes; the
    status follows from the reason. ``facts`` are the application fields a finding shows and
    ``parameters`` the policy parameters it reports with their sources.
    """

    id: str
    reasons: ReasonTable[Any]
    evaluate: Callable[[C, Any], Evaluation]
    facts: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()  # reference tables the finding cites: wage_benchmark, talent_list, ...
    # Shown only for an application in the Technical Professionals stream.
    tp_facts: tuple[str, ...] = ()
    tp_parameters: tuple[str, ...] = ()
