"""Form fields every area uses for what people type: dates within a sensible range, and lists
written one item per line. Each refusal is a message at the field, in the reader's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DayBound = Callable[[dt.date], dt.date]


def days_after(days: int) -> DayBound:
    """A bound `days` days after today (0: today)."""
    return lambda today: today + dt.timedelta(days=days)


def on(day: dt.date) -> DayBound:
    """A fixed bound, whatever today is."""
    return lambda _today: day


class BoundedDateField(forms.DateField):
    """A date from `earliest` to `latest` (each a fixed day or counted from today), both included.

    Without bounds a date field takes 9999-12-31, which then breaks every sum and comparison
    made with it (a company "established" in the year 9999, a reply due in 8,000 years).
    """

    default_error_messages = {"out_of_range": _("Enter a date from %(earliest)s to %(latest)s.")}

    def __init__(self, *, earliest: DayBound, latest: DayBound, **kwargs: Any) -> None:
        self.earliest, self.latest = earliest, latest
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        today = timezone.localdate()
        earliest, latest = self.earliest(today), self.latest(today)
        if not earliest <= value <= latest:
            raise forms.ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"earliest": earliest.isoformat(), "latest": latest.isoformat()},
            )


class LinesField(forms.CharField):
    """Free text written one item per line: at most `max_lines` lines of `max_line_length` each."""

    default_error_messages = {
        "too_many_lines": _("List at most %(lines)d items, one per line, each in at most %(length)d characters."),
    }

    def __init__(self, *, max_lines: int, max_line_length: int, **kwargs: Any) -> None:
        self.max_lines, self.max_line_length = max_lines, max_line_length
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
        if len(lines) > self.max_lines or any(len(line) > self.max_line_length for line in lines):
            raise forms.ValidationError(
                self.error_messages["too_many_lines"],
                code="too_many_lines",
                params={"lines": self.max_lines, "length": self.max_line_length},
            )
