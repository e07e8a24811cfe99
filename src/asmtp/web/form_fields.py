"""Form fields every area uses for what people type: dates within a sensible range, and lists
written one item per line. Each refusal is a message at the field, in the reader's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from asmtp.web.formats import day

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
                params={"earliest": day(earliest), "latest": day(latest)},
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


_CHOSEN = (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField, forms.FileField)


def _what_to_do(label: object, chosen: bool) -> str:
    text = str(label).strip().rstrip(":：")
    if text.endswith(("?", "？")):
        return gettext("Answer this question.")
    if text[1:2].islower():  # "E-mail address" -> "Enter e-mail address"; "ID number" stays
        text = text[0].lower() + text[1:]
    return (gettext("Select %(thing)s.") if chosen else gettext("Enter %(thing)s.")) % {"thing": text}


what_to_do = lazy(_what_to_do, str)


def say_what_to_do(form: forms.BaseForm) -> None:
    """Give each required field a message that says what to do, from its label, in the reader's
    language at the time it is shown: "Enter e-mail address", "请输入电子邮箱地址", "請選擇行業",
    and "Answer this question." for a field labelled with a question. A message of the field's own
    ("Answer yes or no.") is kept."""
    generic = forms.Field.default_error_messages["required"]
    for field in form.fields.values():
        if field.required and field.label and field.error_messages.get("required") is generic:
            field.error_messages["required"] = what_to_do(field.label, isinstance(field, _CHOSEN))


class SaysWhatToDo:
    """A form whose required fields say what to do when left empty (see `say_what_to_do`)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        say_what_to_do(self)  # type: ignore[arg-type]
