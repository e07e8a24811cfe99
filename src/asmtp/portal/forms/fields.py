"""Form fields shared by the portal's forms: identity numbers checked with the engine's rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asmtp.cases.choices import YES_NO, mainland_provinces
from asmtp.domain.eligibility.application import EARLIEST_DATE_OF_BIRTH
from asmtp.domain.identity import IdentityError, mainland_id_error, parse_mainland_id, travel_document_error
from asmtp.web.formats import day

MAINLAND_ID_MESSAGES = {
    IdentityError.LENGTH: _("A Mainland Resident ID number has 18 characters: 17 digits, then a digit or X."),
    IdentityError.CHARACTERS: _("Use only digits, with X allowed as the last character."),
    IdentityError.CHECK_CHARACTER: _("This ID number is not valid: the last character does not match the others. Check each digit against your card."),
    IdentityError.BIRTH_DATE_INVALID: _("This ID number is not valid: the date of birth inside it (characters 7 to 14) is not a real date."),
    IdentityError.PROVINCE_NOT_MAINLAND: _("This is not a Mainland Resident ID number: the first two digits are not a Mainland province. Residence permits for Hong Kong, Macao and Taiwan residents cannot be used."),
}
TRAVEL_DOCUMENT_MESSAGES = {
    "EEP": _("An EEP number is C followed by 8 digits, or C, a letter (not I or O) and 7 digits, for example C12345678."),
    "PRC_PASSPORT": _("A passport number is E followed by 8 digits, E, a letter (not I or O) and 7 digits, or G followed by 8 digits."),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class BirthDateInput(DateInput):
    """A date picker that offers only the days a person can have been born on (up to today)."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = {**(attrs or {}), "min": EARLIEST_DATE_OF_BIRTH.isoformat(), "max": timezone.localdate().isoformat()}
        return super().get_context(name, value, attrs)


class BirthDateField(forms.DateField):
    """A date of birth, the principal's or a family member's: not in the future, not before 1900."""

    widget = BirthDateInput
    default_error_messages = {
        "future": _("The date of birth cannot be in the future."),
        "too_early": _("The date of birth cannot be before 1 January 1900."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Date of birth"))
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and value > timezone.localdate():
            raise ValidationError(self.error_messages["future"], code="future")
        if value and value < EARLIEST_DATE_OF_BIRTH:
            raise ValidationError(self.error_messages["too_early"], code="too_early")


class MainlandIdField(forms.CharField):
    """A Mainland Resident ID number, checked as the engine checks it (ISO 7064 MOD 11-2)."""

    default_error_messages = {"required": _("Enter the Mainland Resident ID number.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Mainland Resident ID number"))
        kwargs.setdefault("help_text", _("18 characters, as printed on the Resident Identity Card."))
        kwargs.setdefault("max_length", 18)
        kwargs.setdefault("widget", forms.TextInput(attrs={
            "autocomplete": "off", "spellcheck": "false", "data-check": "mainland-id",
            # Messages for the as-you-type check (portal.js), in the page's language.
            "data-msg-length": MAINLAND_ID_MESSAGES[IdentityError.LENGTH],
            "data-msg-characters": MAINLAND_ID_MESSAGES[IdentityError.CHARACTERS],
            "data-msg-check": MAINLAND_ID_MESSAGES[IdentityError.CHECK_CHARACTER],
            "data-msg-date": MAINLAND_ID_MESSAGES[IdentityError.BIRTH_DATE_INVALID],
            "data-msg-ok": _("The number's check character is right."),
        }))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        # People copy numbers with spaces or a lower-case x; the engine reads x as X too.
        return "".join(str(text).split()).upper()

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value:
            error = mainland_id_error(value, mainland_provinces())
            if error is not None:
                raise ValidationError(MAINLAND_ID_MESSAGES[error], code=f"mainland_id_{error.value}")


def birth_date_in_id(number: str) -> dt.date | None:
    """The birth date a valid Mainland ID number carries, or None."""
    try:
        return parse_mainland_id(number, mainland_provinces()).birth_date
    except ValueError:
        return None


def check_id_matches_birth(form: forms.Form, id_field: str, date_field: str) -> None:
    """Add an error when the date of birth differs from the one inside the ID number."""
    number, born = form.cleaned_data.get(id_field), form.cleaned_data.get(date_field)
    if number and born:
        embedded = birth_date_in_id(number)
        if embedded is not None and embedded != born:
            form.add_error(
                date_field,
                ValidationError(
                    _("The date of birth does not match the one in the ID number (%(date)s)."),
                    code="birth_date_mismatch",
                    params={"date": day(embedded)},
                ),
            )


def check_travel_document(form: forms.Form, type_field: str, number_field: str) -> None:
    kind, number = form.cleaned_data.get(type_field), form.cleaned_data.get(number_field)
    if kind and number and travel_document_error(kind, number) is not None:
        form.add_error(number_field, ValidationError(TRAVEL_DOCUMENT_MESSAGES[kind], code="travel_document_format"))


class YesNoField(forms.TypedChoiceField):
    """A required yes/no question, shown as two radio buttons, cleaned to a bool."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"required": _("Answer yes or no.")})
        super().__init__(
            choices=YES_NO,
            coerce=lambda value: value == "yes",
            widget=forms.RadioSelect,
            **kwargs,
        )


def yes_no(value: object) -> str | None:
    """A stored bool as the YesNoField's initial value."""
    if value is None:
        return None
    return "yes" if value else "no"
