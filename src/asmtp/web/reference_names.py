"""HSIC section titles in the reader's language, for forms: one table, the policy data's.

The titles carry their own three languages, so they are not gettext messages: each label is
lazy and picks its language (``get_language()``) when it is shown.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.functional import Promise, lazy
from django.utils.translation import get_language

from asmtp.policy import reference_names


def _industry_label(letter: str, with_letter: bool) -> str:
    title = reference_names.industry_title(letter, get_language())
    return f"{letter} — {title}" if with_letter else title


industry_label = lazy(_industry_label, str)


def industry_choices(
    letters: Iterable[str] | None = None, *, with_letter: bool = False
) -> list[tuple[str, Promise]]:
    """(letter, title) pairs for a form, every section unless ``letters`` names some."""
    chosen = reference_names.industry_letters() if letters is None else tuple(letters)
    return [(letter, industry_label(letter, with_letter)) for letter in chosen]
