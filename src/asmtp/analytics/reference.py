"""Names and reference figures for the charts: industries, provinces, Talent List, median wage.

HSIC sections and provinces are named by the policy data's short titles; the Talent List
(professions, their segments and names) is read from the engine's policy data when it is there;
the analytics' own reference file covers segment names and the fallback median wage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

import asmtp.policy
from asmtp.policy.reference_names import industry_letters, industry_short_title, province_short_name

HERE = Path(__file__).resolve().parent
POLICY_DIR = Path(asmtp.policy.__file__).resolve().parent
LANGUAGES = ("en", "zh-hant", "zh-hans")


@cache
def _reference() -> dict[str, Any]:
    with (HERE / "reference.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


@cache
def salaries_tax_policy() -> dict[str, Any]:
    """The dated salaries tax parameters (asmtp/policy/salaries_tax.yaml)."""
    with (POLICY_DIR / "salaries_tax.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


@dataclass(frozen=True)
class TalentListProfession:
    id: str
    segment: str
    names: dict[str, str]


@cache
def talent_list_professions() -> dict[str, TalentListProfession]:
    """Profession id -> segment and names, from the engine's Talent List (empty if not there)."""
    path = POLICY_DIR / "data" / "talent_list.yaml"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    result = {}
    for item in data.get("professions", []):
        names = item.get("names") or {}
        english = names.get("en") or item["id"]
        result[item["id"]] = TalentListProfession(
            id=item["id"],
            segment=item.get("segment", ""),
            names={
                "en": english,
                "zh-hant": names.get("zh-Hant") or english,
                "zh-hans": names.get("zh-Hans") or english,
            },
        )
    return result


def segment_of(profession_id: str) -> str:
    """The Talent List segment of a profession id ('' when not on the list or unknown)."""
    profession = talent_list_professions().get(profession_id)
    return profession.segment if profession else ""


def _name(table: str, code: str, language: str) -> str:
    entry = _reference().get(table, {}).get(code)
    if not entry:
        return code
    return str(entry.get(language) or entry["en"])


def label(dimension: str, code: str, language: str) -> str:
    """A category's name for a chart or table in `language` (the code itself if unknown)."""
    language = language if language in LANGUAGES else "en"
    if dimension == "industry":
        return industry_short_title(code, language)
    if dimension == "province":
        return province_short_name(code, language)
    if dimension == "segment":
        return _name("segments", code, language)
    if dimension == "profession":
        profession = talent_list_professions().get(code)
        return profession.names[language] if profession else code
    return code


def industry_codes() -> list[str]:
    return list(industry_letters())


def median_monthly_wage(on: dt.date) -> tuple[float, int, str]:
    """Hong Kong's overall median monthly wage published by `on`: (HK$, survey year, source)."""
    engine = _engine_median(on)
    if engine is not None:
        return engine
    entries = sorted(_reference()["median_monthly_wage"], key=lambda entry: entry["from"])
    chosen = entries[0]
    for entry in entries:
        if entry["from"] <= on:
            chosen = entry
    return float(chosen["value"]), int(chosen["survey_year"]), str(chosen["source"])


def _engine_median(on: dt.date) -> tuple[float, int, str] | None:
    # The engine's wage benchmarks are the authority once they exist; any problem reading them
    # (not there yet, being reshaped) falls back to the figures above rather than breaking a chart.
    try:
        from asmtp.policy.loader import load_policy  # type: ignore[import-not-found,unused-ignore]

        value = load_policy().wages.overall_at(on)
        return float(value.value), int(value.survey_year), str(value.reference)
    except (ImportError, AttributeError, KeyError, TypeError, ValueError, OSError):
        return None
