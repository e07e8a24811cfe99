"""The words for a case's particulars (education, residence, streams, trades, Talent List
professions...): the choices the portal's forms offer and the labels every other page shows,
read from the policy data."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from asmtp.policy.reference_names import mainland_province_codes
from asmtp.web.reference_names import industry_choices

YES_NO = [("yes", _("Yes")), ("no", _("No"))]

RESIDENCE = [
    ("mainland", _("In the Mainland")),
    ("overseas", _("Overseas")),
    ("hong_kong", _("In Hong Kong")),
]

EDUCATION_LEVELS = [
    ("doctorate", _("Doctorate")),
    ("master", _("Master's degree")),
    ("bachelor", _("Bachelor's degree")),
    ("sub_degree", _("Sub-degree (associate degree or higher diploma)")),
    ("secondary", _("Secondary school")),
    ("none", _("No formal qualification")),
]


def education_label(code: str | None) -> Any:
    """An education level as the form offers it, in the current language ("" when none is given)."""
    return dict(EDUCATION_LEVELS).get(code, code) if code else ""


SEX = [("F", _("Female")), ("M", _("Male"))]

GENERAL, TECHNICAL_PROFESSIONAL = "general", "technical_professional"
STREAMS = [
    (GENERAL, _("General stream")),
    (TECHNICAL_PROFESSIONAL, _("Technical Professionals stream (a trade of the Technical Professionals List, no degree needed)")),
]


def stream_label(code: str | None) -> Any:
    """A stream as the forms name it, in the current language."""
    return dict(STREAMS).get(code or GENERAL, code)

TRAVEL_DOCUMENT_TYPES = [
    ("EEP", _("Exit-entry Permit for Travelling to and from Hong Kong and Macao (EEP)")),
    ("PRC_PASSPORT", _("People's Republic of China passport")),
]

def relationship_choices(child_age_limit: int) -> list[tuple[str, Any]]:
    """The relationships a dependant may have, the child's with the age limit in force (call it
    while the reader's language is active: the labels are translated then)."""
    return [
        ("spouse", _("Spouse")),
        ("civil_partner", _("Civil partner (civil partnership, civil union or same-sex marriage entered into outside Hong Kong)")),
        ("child", _("Child (unmarried, under %(age)s)") % {"age": child_age_limit}),
    ]

MARITAL_STATUS = [
    ("single", _("Never married")),
    ("married", _("Married")),
    ("divorced", _("Divorced")),
    ("widowed", _("Widowed")),
]

# Hong Kong Standard Industrial Classification (HSIC) Version 2.0, sections — the engine's
# `industry` is the section letter; titles from the policy data. The applicant's form has always
# offered A to S: not T (households as employers) or U (extraterritorial bodies).
INDUSTRIES = industry_choices("ABCDEFGHIJKLMNOPQRS")

_POLICY = "asmtp.policy"
_LANGUAGE_KEYS = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}


def language_key() -> str:
    """The key the engine and the policy data use for the current language (en, zh-Hans, zh-Hant)."""
    return _LANGUAGE_KEYS.get(get_language() or "en", "en")


@lru_cache(maxsize=8)
def _policy_yaml(name: str) -> dict[str, object]:
    text = resources.files(_POLICY).joinpath("data", name).read_text(encoding="utf-8")
    loaded = yaml.safe_load(text)
    return loaded if isinstance(loaded, dict) else {}


def mainland_provinces() -> frozenset[str]:
    """Two-digit GB/T 2260 codes of Mainland provinces (policy data)."""
    return mainland_province_codes()


def talent_list_choices() -> list[tuple[str, Any]]:
    """The Talent List professions, named in the current language (English where none is given)."""
    key = language_key()
    professions = _policy_yaml("talent_list.yaml").get("professions") or []
    choices: list[tuple[str, Any]] = [("", _("Not on the Talent List, or I don't know"))]
    seen: set[str] = set()
    for profession in professions if isinstance(professions, list) else []:
        names = profession.get("names") or {}
        pid = str(profession.get("id"))
        if pid in seen:
            continue
        seen.add(pid)
        choices.append((pid, names.get(key) or names.get("en") or pid))
    return choices


def tp_trade_choices() -> list[tuple[str, Any]]:
    """The trades of the Technical Professionals List in force today, named in the current language."""
    from asmtp.cases.tp_quota import tp_trades_in_force

    key = language_key()
    return [("", "—"), *((trade, names.get(key)) for trade, names in tp_trades_in_force())]


def tp_trade_label(trade: str | None) -> str:
    """A trade's name in the current language ("" when none is given)."""
    if not trade:
        return ""
    from asmtp.cases.tp_quota import tp_trade_names

    return tp_trade_names(trade).get(language_key())
