"""A length of time from the policy data in words, in the active language: "3 months", "4 weeks"."""

from __future__ import annotations

from django import template
from django.utils.translation import ngettext

from asmtp.domain.lifecycle import Duration

register = template.Library()


@register.filter
def duration_words(duration: Duration | None) -> str:
    """``{{ window|duration_words }}``: the window, the pledge... as the policy data state them."""
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
