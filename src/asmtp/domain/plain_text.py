"""Text people type that others will read: names and identifiers, made safe to show and compare.

Pure functions, no Django: the forms and services call them.
"""

from __future__ import annotations

import unicodedata

# Explicit directional embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO; LRI, RLI,
# FSI, PDI): in a name they reorder what an officer reads ("Trojan Source"), and no real name
# needs them.
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of any script as its ASCII digit (``٨٧`` → ``87``,
    full-width ``１２`` → ``12``), so one number has one spelling for checks and comparisons."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def without_bidi_controls(text: str) -> str:
    """``text`` without directional override and isolate characters."""
    return "".join(ch for ch in text if ch not in BIDI_CONTROLS)


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds a line break, tab or other control character (Unicode Cc), or a
    line or paragraph separator: none belongs in a one-line name, and in an e-mail subject a
    line break would start a new header."""
    return any(unicodedata.category(ch) in {"Cc", "Zl", "Zp"} for ch in text)
