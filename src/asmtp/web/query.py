"""Query strings, read through forms: a page's parameters are a `QueryForm`, never `request.GET`.

A query string is typed by anyone: `?before=²` passes `str.isdigit()` and then breaks `int()`,
`?document=٣` is read by `int()` as 3. Each parameter is a form field; one that does not
validate counts as absent (the page shows what it shows without it), so no query string can
make a page fail.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.http import QueryDict

_ASCII_DIGITS = re.compile(r"[0-9]{1,18}")


class IdField(forms.IntegerField):
    """A row id: 1 to 2**63 - 1, written in ASCII digits only."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if not _ASCII_DIGITS.fullmatch(str(value)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class QueryForm(forms.Form):
    """A page's query parameters; subclasses declare one optional field per parameter."""

    def __init__(self, query: QueryDict) -> None:
        super().__init__(data=query)

    def values(self) -> dict[str, Any]:
        """Each parameter's cleaned value; a missing or invalid one is the field's `initial`."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned[name] if cleaned.get(name) not in (None, "") else field.initial
            for name, field in self.fields.items()
        }
