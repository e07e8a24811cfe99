"""A person's name written as a reader of each language expects it: the one formatter every page,
e-mail and letter uses.

Chinese writes the family name first with no space (李明); English writes the given name first
(Ming Li). A name written in Chinese characters keeps the Chinese order in any language (李明 is
never "明 李"); a name in Latin letters on a Chinese page keeps the family name first, with a space
(LI Ming). Pure: the language comes in as an argument.
"""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _is_chinese_language(language: str | None) -> bool:
    return (language or "").lower().startswith("zh")


def _in_chinese_characters(*parts: str) -> bool:
    return all(_HAN.search(part) for part in parts)


def full_name(given: str, family: str, language: str | None) -> str:
    """``given`` and ``family`` joined in the order and spacing of ``language`` (en, zh-hans, zh-hant)."""
    given, family = (given or "").strip(), (family or "").strip()
    if not given or not family:
        return given or family
    if _in_chinese_characters(given, family):
        return f"{family}{given}"
    if _is_chinese_language(language):
        return f"{family} {given}"
    return f"{given} {family}"


def name_for_reader(name_en: str, name_zh: str | None, language: str | None) -> str:
    """A case person's name as the reader's language writes it: the Chinese name on a Chinese page
    or letter when one was given, the English name (as on the travel document) otherwise."""
    if _is_chinese_language(language) and (name_zh or "").strip():
        return (name_zh or "").strip()
    return (name_en or "").strip() or (name_zh or "").strip()
