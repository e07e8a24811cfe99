"""Reform files: named changes to an edition's parameters, Talent List and wage benchmarks.

A reform file is YAML::

    name: Market-test exemption from HK$2.5M        # optional label for reports
    edition: direct                                  # optional: the edition it changes (default: the baseline's)
    effective_from: 2022-12-28                       # optional default start of every change (default: all dates)
    parameters:                                      # policy parameter -> new value, or {value, effective_from}
      market_test.salary_exemption_annual_hkd: 2500000
    talent_list:
      add:    [{profession: accountants, from: 2022-12-28}]
      remove: [{profession: chiropractors, from: 2025-03-01}]
    wage_benchmarks:                                 # "overall", an AEHS series id, or an HSIC section letter
      overall: 25000
      K: {value: 40000, effective_from: 2024-01-01}

Errors name the offending key (``ReformError``) so a one-line message is enough to fix the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from asmtp.policy.model import Policy
from asmtp.policy.talent_list import Profession, TalentList, TalentListVersion
from asmtp.policy.texts import Names
from asmtp.policy.wages import OVERALL, WageBenchmarks, WageSeries, WageValue

TOP_LEVEL_KEYS = ("name", "edition", "effective_from", "parameters", "talent_list", "wage_benchmarks")
REFORM_REFERENCE = "policy simulation reform"


class ReformError(ValueError):
    """A reform file is malformed or names something the policy does not have."""


@dataclass(frozen=True)
class Change:
    """A new value and the date it applies from (``None``: every date)."""

    value: Any
    effective_from: dt.date | None


@dataclass(frozen=True)
class ListChange:
    profession: str
    effective_from: dt.date
    segment: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Reform:
    """A parsed reform file, not yet checked against a policy."""

    label: str
    source: str
    edition: str | None
    parameters: Mapping[str, Change]
    talent_list_add: tuple[ListChange, ...] = ()
    talent_list_remove: tuple[ListChange, ...] = ()
    wage_benchmarks: Mapping[str, Change] | None = None


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ReformError(f"{where}: expected a date YYYY-MM-DD, got {value!r}")


def _change(raw: Any, default_from: dt.date | None, where: str) -> Change:
    if isinstance(raw, Mapping):
        unknown = set(raw) - {"value", "effective_from"}
        if unknown or "value" not in raw:
            raise ReformError(f"{where}: expected a value or {{value, effective_from}}, got keys {sorted(map(str, raw))}")
        start = raw.get("effective_from")
        return Change(raw["value"], _date(start, f"{where}.effective_from") if start is not None else default_from)
    return Change(raw, default_from)


def _mapping(raw: Any, where: str) -> Mapping[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ReformError(f"{where}: expected a mapping, got {type(raw).__name__}")
    return {str(key): value for key, value in raw.items()}


def _list_changes(raw: Any, default_from: dt.date | None, where: str) -> tuple[ListChange, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ReformError(f"{where}: expected a list of {{profession, from}}")
    changes = []
    for i, item in enumerate(raw):
        here = f"{where}[{i}]"
        if isinstance(item, str):
            item = {"profession": item}
        if not isinstance(item, Mapping) or "profession" not in item:
            raise ReformError(f"{here}: expected {{profession, from}}")
        unknown = set(item) - {"profession", "from", "segment", "name"}
        if unknown:
            raise ReformError(f"{here}: unknown key(s) {sorted(unknown)}; expected profession, from, segment, name")
        start = item.get("from", default_from)
        if start is None:
            raise ReformError(f"{here}: 'from' is required (or give effective_from at the top of the file)")
        changes.append(
            ListChange(str(item["profession"]), _date(start, f"{here}.from"), item.get("segment"), item.get("name"))
        )
    return tuple(changes)


def parse_reform(raw: Any, *, label: str) -> Reform:
    """Check a reform file's structure (keys, dates); ``label`` names it in messages."""
    if not isinstance(raw, Mapping):
        raise ReformError(f"{label}: a reform file is a YAML mapping with keys {', '.join(TOP_LEVEL_KEYS)}")
    unknown = [str(key) for key in raw if key not in TOP_LEVEL_KEYS]
    if unknown:
        raise ReformError(f"{label}: unknown key {unknown[0]!r}; expected one of {', '.join(TOP_LEVEL_KEYS)}")
    default_from = _date(raw["effective_from"], f"{label}: effective_from") if raw.get("effective_from") else None
    parameters = {
        name: _change(value, default_from, f"{label}: parameters.{name}")
        for name, value in _mapping(raw.get("parameters"), f"{label}: parameters").items()
    }
    talent = _mapping(raw.get("talent_list"), f"{label}: talent_list")
    unknown = [key for key in talent if key not in ("add", "remove")]
    if unknown:
        raise ReformError(f"{label}: unknown key 'talent_list.{unknown[0]}'; expected add or remove")
    wages = {
        key: _change(value, default_from, f"{label}: wage_benchmarks.{key}")
        for key, value in _mapping(raw.get("wage_benchmarks"), f"{label}: wage_benchmarks").items()
    }
    reform = Reform(
        label=str(raw.get("name") or label),
        source=label,
        edition=str(raw["edition"]) if raw.get("edition") else None,
        parameters=parameters,
        talent_list_add=_list_changes(talent.get("add"), default_from, f"{label}: talent_list.add"),
        talent_list_remove=_list_changes(talent.get("remove"), default_from, f"{label}: talent_list.remove"),
        wage_benchmarks=wages,
    )
    if not (reform.parameters or reform.talent_list_add or reform.talent_list_remove or reform.wage_benchmarks):
        raise ReformError(f"{label}: the reform changes nothing (give parameters, talent_list or wage_benchmarks)")
    return reform


def load_reform_file(path: Path) -> Reform:
    """Read and parse a reform file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReformError(f"reform file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReformError(f"cannot read reform file {path}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ReformError(f"{path}: not valid YAML{where}") from None
    return parse_reform(raw, label=path.name)


# --- applying a reform to a policy --------------------------------------------------------


def _kind(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list | tuple):
        return "list"
    return "text"


def _check_value(policy: Policy, name: str, change: Change, where: str) -> None:
    allowed = {_kind(period.value) for period in policy.parameter(name).periods}
    given = _kind(change.value)
    if given not in allowed:
        expected = " or ".join("null" if kind == "none" else kind for kind in sorted(allowed))
        raise ReformError(f"{where}: parameters.{name} must be a {expected}, got {change.value!r}")
    if given == "number" and change.value < 0:
        raise ReformError(f"{where}: parameters.{name} must not be negative, got {change.value!r}")


def _apply_parameters(policy: Policy, reform: Reform, label: str) -> Policy:
    for name, change in reform.parameters.items():
        if name not in policy.parameters:
            known = ", ".join(sorted(policy.parameters))
            raise ReformError(f"{label}: unknown parameter {name!r}; known parameters: {known}")
        _check_value(policy, name, change, label)
        policy = policy.with_overrides(
            {name: change.value}, effective_from=change.effective_from, reference=f"{REFORM_REFERENCE}: {label}"
        )
    return policy


def _split_versions(versions: tuple[TalentListVersion, ...], day: dt.date) -> tuple[TalentListVersion, ...]:
    """The versions with one starting on ``day`` (a copy of the one in force then, if none does)."""
    if any(v.effective_from == day for v in versions):
        return versions
    earlier = [v for v in versions if v.effective_from < day]
    base = earlier[-1] if earlier else versions[0]
    inserted = replace(base, effective_from=day, source=REFORM_REFERENCE, confidence="override", imported=True)
    return tuple(sorted((*versions, inserted), key=lambda v: v.effective_from))


def _apply_talent_list(policy: Policy, reform: Reform, label: str) -> Policy:
    talent = policy.talent_list
    professions = dict(talent.professions)
    versions = talent.versions
    segments = set(talent.segment_ids)
    for change in reform.talent_list_add:
        if change.profession not in professions:
            if change.segment is None or change.segment not in segments:
                raise ReformError(
                    f"{label}: talent_list.add: {change.profession!r} is not a known profession; "
                    f"a new one needs a segment (one of {', '.join(sorted(segments))}) and a name"
                )
            professions[change.profession] = Profession(
                change.profession, Names(change.name or change.profession), change.segment, REFORM_REFERENCE, "override"
            )
        versions = _split_versions(versions, change.effective_from)
        versions = tuple(
            replace(v, professions=(*v.professions, change.profession))
            if v.effective_from >= change.effective_from and change.profession not in v.professions
            else v
            for v in versions
        )
    for change in reform.talent_list_remove:
        if change.profession not in professions:
            raise ReformError(f"{label}: talent_list.remove: unknown profession {change.profession!r}")
        versions = _split_versions(versions, change.effective_from)
        versions = tuple(
            replace(v, professions=tuple(p for p in v.professions if p != change.profession))
            if v.effective_from >= change.effective_from
            else v
            for v in versions
        )
    return replace(policy, talent_list=TalentList(talent.segments, professions, versions))


def _overridden_series(series: WageSeries, change: Change, label: str, key: str) -> WageSeries:
    if _kind(change.value) != "number" or change.value <= 0:
        raise ReformError(f"{label}: wage_benchmarks.{key} must be a positive number, got {change.value!r}")
    first = series.values[0]
    start = change.effective_from or first.effective_from
    kept = tuple(v for v in series.values if v.effective_from < start)
    if not kept and change.effective_from is not None:
        # The first published value also serves earlier dates: keep it serving those before the change.
        kept = (replace(first, effective_from=start - dt.timedelta(days=1)),)
    survey_year = (kept[-1] if kept else first).survey_year
    new = WageValue(start, survey_year, float(change.value), f"{REFORM_REFERENCE}: {label}", "override")
    return replace(series, values=(*kept, new))


def _apply_wages(policy: Policy, reform: Reform, label: str) -> Policy:
    wages: WageBenchmarks = policy.wages
    overall, industries = wages.overall, dict(wages.industries)
    section_series = dict(wages.section_series)
    for key, change in (reform.wage_benchmarks or {}).items():
        if key == OVERALL:
            overall = _overridden_series(overall, change, label, key)
        elif key in industries:
            industries[key] = _overridden_series(industries[key], change, label, key)
        elif key in wages.sections:
            # A section of its own: copy the series it used so that sections sharing it keep theirs.
            current = wages.series_for(key)
            own = replace(current, id=f"reform_{key}")
            industries[own.id] = _overridden_series(own, change, label, key)
            section_series[key] = own.id
        else:
            keys = ", ".join([OVERALL, *sorted(wages.industries), *wages.sections])
            raise ReformError(f"{label}: unknown wage benchmark {key!r}; use one of {keys}")
    benchmarks = replace(wages, overall=overall, industries=industries, section_series=section_series)
    return replace(policy, wages=benchmarks)


def apply_reform(policy: Policy, reform: Reform) -> Policy:
    """The policy with the reform's changes; raises :class:`ReformError` naming the first bad key."""
    label = reform.source
    policy = _apply_parameters(policy, reform, label)
    if reform.talent_list_add or reform.talent_list_remove:
        policy = _apply_talent_list(policy, reform, label)
    if reform.wage_benchmarks:
        policy = _apply_wages(policy, reform, label)
    return policy
