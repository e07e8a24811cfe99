"""Money as people read it: HK$ with thousands separators (no locale guessing: Hong Kong writes
HK$1,300 in Chinese too, where Django's Chinese formats would group nothing)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def grouped(value: int | None) -> str:
    """A whole amount with thousands separators, for columns already headed HK$."""
    return "—" if value is None else f"{value:,}"


@register.filter
def hkd(value: int | None) -> str:
    return "—" if value is None else f"HK${grouped(value)}"
