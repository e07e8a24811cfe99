"""Money as people read it: HK$ with thousands separators (no locale guessing)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def hkd(value: int | None) -> str:
    return "—" if value is None else f"HK${value:,}"
