"""Reading the policy YAML files into a :class:`Policy` (the only I/O of the policy package)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from asmtp.policy.model import Edition, IndustrySection, Policy, Provinces
from asmtp.policy.parameters import CONFIDENCE_LABELS, Parameter, ParameterValue
from asmtp.policy.talent_list import MissingProfessions, Profession, Segment, TalentList, TalentListVersion
from asmtp.policy.texts import Names
from asmtp.policy.tp_list import TPList, TPListVersion, Trade
from asmtp.policy.wages import WageBenchmarks, WageSeries, WageValue

DATA = Path(__file__).parent / "data"


class PolicyDataError(ValueError):
    """A policy file is malformed; the message names the file and the entry."""


class UnknownEdition(ValueError):
    """The edition asked for is not defined in the policy data."""

    def __init__(self, edition: str, known: tuple[str, ...]) -> None:
        super().__init__(f"unknown edition {edition!r}; valid editions: {', '.join(known)}")
        self.edition = edition
        self.known = known


def _read(name: str) -> Any:
    with (DATA / name).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml.CSafeLoader)


@cache
def _editions_file() -> Mapping[str, Any]:
    data: Mapping[str, Any] = _read("editions.yaml")
    return data


def available_editions() -> tuple[str, ...]:
    """The editions the policy data defines, e.g. ``("direct", "immd")``."""
    return tuple(_editions_file()["editions"])


def default_edition() -> str:
    """The edition used when neither the caller nor the deployment names one."""
    return str(_editions_file()["default_edition"])


def load_policy(edition: str | None = None) -> Policy:
    """The policy of ``edition`` (default: the data's default edition), read once per process."""
    edition = edition or default_edition()
    if edition not in available_editions():
        raise UnknownEdition(edition, available_editions())
    return _load(edition)


@cache
def _load(edition: str) -> Policy:
    spec = _editions_file()["editions"][edition]
    parameters = _shared_parameters()
    for name, parameter in _parameters(spec.get("parameters", {}), "editions.yaml").items():
        if name in parameters:
            raise PolicyDataError(f"editions.yaml: {edition} redefines shared parameter {name}")
        parameters[name] = parameter
    return Policy(
        edition=Edition(edition, Names.from_mapping(spec["names"], where=f"edition {edition}"), spec["description"], _expand(spec["reference"])),
        editions=available_editions(),
        parameters=parameters,
        talent_list=_talent_list(),
        tp_list=_tp_list(),
        wages=_wages(),
        provinces=_provinces(),
        industries=_industries(),
        reasons=_reasons(),
        vocabulary=_vocabulary(),
    )


@cache
def _sources() -> Mapping[str, str]:
    sources: dict[str, str] = {**_read("parameters.yaml")["sources"], **_read("tp_list.yaml")["sources"]}
    return sources


def _expand(reference: str) -> str:
    """Write out short source names: "[ENH] ..." becomes "https://... ..."."""
    for key, url in _sources().items():
        reference = reference.replace(f"[{key}]", url)
    return reference


def _shared_parameters() -> dict[str, Parameter]:
    tree = {key: node for key, node in _read("parameters.yaml").items() if key != "sources"}
    parameters = dict(_parameters(tree, "parameters.yaml"))
    # The Technical Professionals stream keeps its parameters beside its TP List, as ``tp.*``.
    if "tp" in tree:
        raise PolicyDataError("parameters.yaml: the group 'tp' belongs to tp_list.yaml")
    parameters.update(_parameters(_read("tp_list.yaml")["parameters"], "tp_list.yaml", prefix="tp."))
    return parameters


def _parameters(tree: Mapping[str, Any], where: str, prefix: str = "") -> dict[str, Parameter]:
    """Flatten nested YAML into dotted names; a node with ``values`` is a parameter."""
    found: dict[str, Parameter] = {}
    for key, node in tree.items():
        name = f"{prefix}{key}"
        if not isinstance(node, Mapping):
            raise PolicyDataError(f"{where}: {name} is neither a group nor a parameter")
        if "values" in node:
            found[name] = _parameter(name, node, where)
        else:
            found.update(_parameters(node, where, prefix=f"{name}."))
    return found


def _parameter(name: str, node: Mapping[str, Any], where: str) -> Parameter:
    periods = []
    for start, entry in sorted(node["values"].items()):
        if not isinstance(start, date) or not isinstance(entry, Mapping):
            raise PolicyDataError(f"{where}: {name}: each value is keyed by a date and holds value/reference/confidence")
        missing = {"value", "reference", "confidence"} - set(entry)
        if missing:
            raise PolicyDataError(f"{where}: {name} {start}: missing {sorted(missing)}")
        if entry["confidence"] not in CONFIDENCE_LABELS:
            raise PolicyDataError(f"{where}: {name} {start}: confidence must be one of {CONFIDENCE_LABELS}")
        value = entry["value"]
        periods.append(
            ParameterValue(
                effective_from=start,
                value=tuple(value) if isinstance(value, list) else value,
                reference=_expand(str(entry["reference"])),
                confidence=entry["confidence"],
                note=entry.get("note"),
            )
        )
    return Parameter(name, node.get("description", ""), node.get("unit", ""), tuple(periods))


@cache
def _talent_list() -> TalentList:
    data = _read("talent_list.yaml")
    sources: Mapping[str, str] = data["sources"]

    def source(key: str) -> str:
        return sources.get(key, key)

    segments = tuple(Segment(s["id"], Names.from_mapping(s["names"], where=f"segment {s['id']}")) for s in data["segments"])
    professions = {}
    for entry in data["professions"]:
        if entry["id"] in professions:
            raise PolicyDataError(f"talent_list.yaml: profession {entry['id']} appears twice")
        professions[entry["id"]] = Profession(
            id=entry["id"],
            names=Names.from_mapping(entry["names"], where=f"profession {entry['id']}"),
            segment=entry["segment"],
            source=source(entry["source"]),
            confidence=entry["confidence"],
            note=entry.get("note"),
        )
    versions = tuple(
        TalentListVersion(
            effective_from=v["effective_from"],
            stated_count=v.get("stated_count"),
            complete=bool(v["complete"]),
            source=source(v["source"]),
            confidence=v["confidence"],
            professions=tuple(v["professions"]),
            note=v.get("note"),
            segment_names={k: Names.from_mapping(n, where=f"segment {k}") for k, n in v.get("segment_names", {}).items()},
            missing=_missing_professions(v),
        )
        for v in data["versions"]
    )
    try:
        return TalentList(segments, professions, versions)
    except ValueError as exc:
        raise PolicyDataError(f"talent_list.yaml: {exc}") from exc


def _missing_professions(version: Mapping[str, Any]) -> MissingProfessions | None:
    """A version's ``missing`` note, which a version holding fewer professions than it states must
    have, counting exactly the professions it lacks and saying why."""
    held, stated = len(version["professions"]), version.get("stated_count")
    gap = 0 if stated is None else stated - held
    note = version.get("missing")
    where = f"talent_list.yaml: version {version['effective_from']}"
    if note is None:
        if gap > 0:
            raise PolicyDataError(f"{where} holds {held} of {stated} professions: say which are missing and why (missing:)")
        return None
    if note.get("count") != gap or not str(note.get("reason") or "").strip():
        raise PolicyDataError(f"{where}: missing.count must be {gap} (stated {stated}, held {held}) and give a reason")
    return MissingProfessions(int(note["count"]), str(note["reason"]).strip(), dict(note.get("by_segment") or {}))


@cache
def _tp_list() -> TPList:
    data = _read("tp_list.yaml")
    trades = {}
    for entry in data["trades"]:
        if entry["id"] in trades:
            raise PolicyDataError(f"tp_list.yaml: trade {entry['id']} appears twice")
        minimum = entry.get("minimum_contract_months")
        trades[entry["id"]] = Trade(
            id=entry["id"],
            names=Names.from_mapping(entry["names"], where=f"trade {entry['id']}"),
            minimum_contract_months=None if minimum is None else int(minimum),
            source=_expand(f"[{entry['source']}]"),
            confidence=entry["confidence"],
            note=entry.get("note"),
        )
    versions = tuple(
        TPListVersion(
            effective_from=v["effective_from"],
            complete=bool(v["complete"]),
            source=_expand(str(v["source"])),
            confidence=v["confidence"],
            trades=tuple(v["trades"]),
        )
        for v in data["versions"]
    )
    try:
        return TPList(trades, versions)
    except ValueError as exc:
        raise PolicyDataError(f"tp_list.yaml: {exc}") from exc


def _series(series_id: str, node: Mapping[str, Any]) -> WageSeries:
    values = tuple(
        WageValue(
            effective_from=start,
            survey_year=int(entry["survey_year"]),
            value=float(entry["value"]),
            reference=str(entry["reference"]),
            confidence=str(entry["confidence"]),
            note=entry.get("note"),
        )
        for start, entry in sorted(node["values"].items())
    )
    return WageSeries(series_id, node["label"], values)


@cache
def _wages() -> WageBenchmarks:
    data = _read("wage_benchmarks.yaml")
    sections = tuple(_industries())
    try:
        return WageBenchmarks(
            survey=data["survey"],
            overall=_series("overall", data["overall"]),
            industries={key: _series(key, node) for key, node in data["industries"].items()},
            section_series={letter: node["series"] for letter, node in data["sections"].items()},
            section_reasons={letter: node["reason"] for letter, node in data["sections"].items()},
            sections=sections,
        )
    except ValueError as exc:
        raise PolicyDataError(f"wage_benchmarks.yaml: {exc}") from exc


def provinces() -> Provinces:
    """The GB/T 2260 province table (data/provinces.yaml), the same in every edition."""
    return _provinces()


def industry_sections() -> Mapping[str, IndustrySection]:
    """The HSIC sections A-U (data/hsic_sections.yaml), the same in every edition."""
    return _industries()


@cache
def _provinces() -> Provinces:
    data = _read("provinces.yaml")
    if set(data["short_names"]) != set(data["provinces"]):
        raise PolicyDataError("provinces.yaml: short_names must name exactly the provinces")
    return Provinces(
        mainland={code: Names.from_mapping(n, where=f"province {code}") for code, n in data["provinces"].items()},
        not_mainland={code: Names.from_mapping(n, where=f"prefix {code}") for code, n in data["not_mainland"].items()},
        reference=data["reference"],
        short={code: Names.from_mapping(n, where=f"province {code} short name") for code, n in data["short_names"].items()},
    )


@cache
def _industries() -> Mapping[str, IndustrySection]:
    data = _read("hsic_sections.yaml")
    if set(data["short_titles"]) != set(data["sections"]):
        raise PolicyDataError("hsic_sections.yaml: short_titles must name exactly the sections")
    return {
        letter: IndustrySection(
            letter,
            Names.from_mapping(node, where=f"HSIC {letter}"),
            node["confidence"],
            Names.from_mapping(data["short_titles"][letter], where=f"HSIC {letter} short title"),
        )
        for letter, node in data["sections"].items()
    }


@cache
def _vocabulary() -> Mapping[str, Mapping[str, Names]]:
    data = _read("vocabulary.yaml")
    return {
        group: {key: Names.from_mapping(names, where=f"vocabulary {group}.{key}") for key, names in terms.items()}
        for group, terms in data.items()
    }


@cache
def _reasons() -> Mapping[str, Any]:
    return {"principal": _read("reasons/principal.yaml"), "dependant": _read("reasons/dependant.yaml")}
