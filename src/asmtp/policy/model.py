"""A policy: one edition's parameters and reference tables, read at one date or vectorised."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from asmtp.policy.parameters import Parameter, ParameterValue
from asmtp.policy.talent_list import Profession, TalentList, TalentListVersion
from asmtp.policy.texts import Names
from asmtp.policy.tp_list import TPList, TPListVersion
from asmtp.policy.wages import WageBenchmark, WageBenchmarks


@dataclass(frozen=True)
class Edition:
    id: str
    names: Names
    description: str
    reference: str


@dataclass(frozen=True)
class Provinces:
    """GB/T 2260 province codes: the Mainland ones and the prefixes that are not Mainland."""

    mainland: Mapping[str, Names]
    not_mainland: Mapping[str, Names]
    reference: str
    # The Mainland ones without 省/市/自治区, for chart axes and statistical tables.
    short: Mapping[str, Names]


@dataclass(frozen=True)
class IndustrySection:
    letter: str
    names: Names
    confidence: str
    # C&SD's short form (or the title shortened), for chart axes and statistical tables.
    short: Names


@dataclass(frozen=True)
class Policy:
    """Everything the engine needs to assess under one edition. Built by :func:`load_policy`."""

    edition: Edition
    editions: tuple[str, ...]
    parameters: Mapping[str, Parameter]
    talent_list: TalentList
    tp_list: TPList
    wages: WageBenchmarks
    provinces: Provinces
    industries: Mapping[str, IndustrySection]
    reasons: Mapping[str, Any]
    vocabulary: Mapping[str, Mapping[str, Names]]

    def at(self, day: date) -> Params:
        """The parameters and tables in force on ``day``."""
        return Params(day, self)

    def parameter(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise KeyError(f"unknown policy parameter {name!r}") from None

    @property
    def industry_letters(self) -> tuple[str, ...]:
        return self.wages.sections

    def with_overrides(
        self, overrides: Mapping[str, Any], *, effective_from: date | None = None, reference: str = "override"
    ) -> Policy:
        """A copy with named parameters replaced (a policy reform to simulate).

        With ``effective_from`` the new value applies from that date on and replaces any later
        periods; without it the value applies at every date.
        """
        parameters = dict(self.parameters)
        for name, value in overrides.items():
            parameters[name] = self.parameter(name).overridden(value, effective_from=effective_from, reference=reference)
        return replace(self, parameters=parameters)

    def with_talent_list_version(
        self, effective_from: date, professions: Sequence[Profession], *, complete: bool, source: str
    ) -> Policy:
        """A copy with an imported Talent List version overlaid (see :meth:`TalentList.with_version`)."""
        talent_list = self.talent_list.with_version(effective_from, professions, complete=complete, source=source)
        return replace(self, talent_list=talent_list)

    def label(self, vocabulary: str, key: str) -> Names:
        """The three-language label of a vocabulary term (an education level, a relationship...)."""
        return self.vocabulary[vocabulary].get(key) or Names(key)


@dataclass(frozen=True)
class Params:
    """The policy as it stands on one date: ``params["stay.initial_months"]``."""

    day: date
    policy: Policy

    def __getitem__(self, name: str) -> Any:
        return self.entry(name).value

    def entry(self, name: str) -> ParameterValue:
        return self.policy.parameter(name).entry_at(self.day)

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.policy.parameters))

    def items(self) -> Iterator[tuple[str, ParameterValue]]:
        for name in self:
            yield name, self.entry(name)

    @property
    def talent_list(self) -> TalentListVersion:
        return self.policy.talent_list.version_at(self.day)

    @property
    def tp_list(self) -> TPListVersion:
        """The Technical Professionals List in force on this day."""
        return self.policy.tp_list.version_at(self.day)

    def wage_benchmark(self, section: str) -> WageBenchmark:
        return self.policy.wages.at(section, self.day)
