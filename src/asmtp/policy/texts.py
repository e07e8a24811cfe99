"""Texts in the three languages of the service, with English as the fallback."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LANGUAGES = ("en", "zh-Hant", "zh-Hans")


@dataclass(frozen=True)
class Names:
    """A name or sentence in English, Traditional and Simplified Chinese (Chinese may be unknown)."""

    en: str
    zh_hant: str | None = None
    zh_hans: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, where: str) -> Names:
        english = data.get("en")
        if not isinstance(english, str) or not english.strip():
            raise ValueError(f"{where}: an English text is required")
        return cls(english, data.get("zh-Hant") or None, data.get("zh-Hans") or None)

    def get(self, language: str) -> str:
        """The text in ``language``, or the English text where that language is not known."""
        text = {"en": self.en, "zh-Hant": self.zh_hant, "zh-Hans": self.zh_hans}[language]
        return text or self.en

    def as_dict(self) -> dict[str, str | None]:
        return {"en": self.en, "zh-Hant": self.zh_hant, "zh-Hans": self.zh_hans}
