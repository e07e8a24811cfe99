"""A form field for a person's or a company's name: one line of text, shown as typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from asmtp.domain.plain_text import has_control_characters, without_bidi_controls


class NameField(forms.CharField):
    """A name: directional override characters are dropped (they would reorder what an officer
    reads), and a line break or other control character is refused (it would break the e-mails
    the name appears in, silently, after the page said "sent")."""

    default_error_messages = {
        "control_characters": _("A name is one line of text: remove line breaks, tabs and other control characters."),
    }

    def to_python(self, value: Any) -> str:
        return without_bidi_controls(str(super().to_python(value)))

    def validate(self, value: Any) -> None:
        super().validate(value)
        if has_control_characters(str(value)):
            raise forms.ValidationError(self.error_messages["control_characters"], code="control_characters")
