"""Dates and money as each language of the service writes them: the one place that decides it.

    English               5 Dec 2026    5 Dec 2026 14:05    HK$16,800    3 months
    Simplified Chinese    2026年12月5日  2026年12月5日 14:05  港币16,800元  3个月
    Traditional Chinese   2026年12月5日  2026年12月5日 14:05  港幣16,800元  3個月

Templates use them as filters (`{{ case.limit_of_stay_on|day }}`, `{{ at|moment }}`,
`{{ fee|hkd }}`, `{{ pledge|duration_words }}` for a length of time the policy data state),
built into every template (settings.TEMPLATES builtins); Python code that
writes a sentence calls `day()` and `money()`. Form inputs keep ISO dates: that is what a date
field reads back.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone, translation
from django.utils.translation import ngettext

from asmtp.domain.lifecycle import Duration

register = template.Library()

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_CURRENCY = {"zh-hans": "港币{}元", "zh-hant": "港幣{}元"}
NOTHING = "—"


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "en").lower()


def _chinese(language: str | None) -> bool:
    return _language(language).startswith("zh")


@register.filter
def day(value: dt.date | dt.datetime | str | None, language: str | None = None) -> str:
    """A date as the language writes it: 5 Dec 2026, 2026年12月5日 (a time is dropped). Takes the
    ISO text that case data (JSON) keeps dates in."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return str(value)
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if _chinese(language):
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


@register.filter
def moment(value: dt.datetime | None, language: str | None = None) -> str:
    """A date and a time (Hong Kong time): 5 Dec 2026 14:05, 2026年12月5日 14:05."""
    if value is None or value == "":
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{day(local.date(), language)} {local:%H:%M}"


def grouped_amount(amount: int | Decimal | float) -> str:
    """An amount with thousands separators, cents only where there are some: 16,800 or 16,800.50."""
    whole = Decimal(str(amount))
    return f"{whole:,.0f}" if whole == whole.to_integral_value() else f"{whole:,.2f}"


@register.filter(name="hkd")
def money(amount: int | Decimal | float | None, language: str | None = None) -> str:
    """Hong Kong dollars as the language writes them: HK$16,800, 港币16,800元, 港幣16,800元."""
    if amount is None or amount == "":
        return NOTHING
    pattern = _CURRENCY.get(_language(language), "HK${}")
    return pattern.format(grouped_amount(amount))


@register.filter
def grouped(amount: int | Decimal | float | None) -> str:
    """An amount alone, for a column already headed with its currency."""
    return NOTHING if amount is None or amount == "" else grouped_amount(amount)


@register.filter
def duration_words(duration: Duration | None) -> str:
    """A length of time from the policy data (the extension window, the pledge...) in words, in the
    active language: 3 months, 4 weeks, 3个月, 4個星期."""
    if duration is None:
        return ""
    parts = []
    if duration.months:
        parts.append(ngettext("%(count)d month", "%(count)d months", duration.months) % {"count": duration.months})
    if duration.weeks:
        parts.append(ngettext("%(count)d week", "%(count)d weeks", duration.weeks) % {"count": duration.weeks})
    if duration.days or not parts:
        parts.append(ngettext("%(count)d day", "%(count)d days", duration.days) % {"count": duration.days})
    return " ".join(parts)
