"""Names of HSIC sections and Mainland provinces in the service's languages: one table each.

The tables are the policy data (``data/hsic_sections.yaml``, ``data/provinces.yaml``), the same
in every edition. Forms show a section's full title; charts and statistical tables show the short
title (C&SD's own short forms) and a province's short name. A language may be written as the web
layer writes it (``zh-hant``) or as the policy data does (``zh-Hant``); any other reads as English.
A code the tables do not know is named by itself.
"""

from __future__ import annotations

from asmtp.policy.loader import industry_sections, provinces
from asmtp.policy.texts import LANGUAGES

_BY_LOWER = {language.lower(): language for language in LANGUAGES}


def policy_language(language: str | None) -> str:
    """The policy data's key (en, zh-Hant, zh-Hans) for a language code in either spelling."""
    return _BY_LOWER.get((language or "").lower(), "en")


def industry_letters() -> tuple[str, ...]:
    """The HSIC section letters, A to U."""
    return tuple(industry_sections())


def industry_title(letter: str, language: str | None) -> str:
    """The section's full title, e.g. ``Financial and insurance activities``."""
    section = industry_sections().get(letter)
    return section.names.get(policy_language(language)) if section else letter


def industry_short_title(letter: str, language: str | None) -> str:
    """The section's short title for charts and tables, e.g. ``Financing and insurance``."""
    section = industry_sections().get(letter)
    return section.short.get(policy_language(language)) if section else letter


def mainland_province_codes() -> frozenset[str]:
    """The two-digit codes that open a Mainland Resident ID number."""
    return frozenset(provinces().mainland)


def province_short_name(code: str, language: str | None) -> str:
    """A Mainland province's short name for charts and tables, e.g. ``广东``."""
    names = provinces().short.get(code)
    return names.get(policy_language(language)) if names else code
