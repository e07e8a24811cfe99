"""What people type is bounded: dates within a sensible range, free text within a length, each
refusal a message at the field in the reader's language (issue 20, finding 13)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from asmtp.employers.forms import CompanyRegistrationForm, OfferForm
from asmtp.portal.forms.application import EducationForm, EmploymentForm
from asmtp.web.formats import day
from asmtp.workbench.forms import InformationRequestForm, MessageForm, NoteForm

pytestmark = pytest.mark.django_db


def _errors(form, field: str) -> list[str]:
    form.is_valid()
    return [str(message) for message in form.errors.get(field, [])]


@pytest.mark.parametrize(
    ("form", "field"),
    [
        (lambda data: CompanyRegistrationForm(data), "established_on"),
        (lambda data: EmploymentForm(data), "employer_established_on"),
    ],
    ids=["employer registration", "application's employment step"],
)
def test_a_company_established_in_the_year_9999_is_refused_at_the_field(form, field):
    today = timezone.localdate()
    assert _errors(form({field: "9999-12-31"}), field) == [f"Enter a date from 1 Jan 1800 to {day(today)}."]
    assert _errors(form({field: "1066-10-14"}), field) != []
    assert _errors(form({field: "2015-06-01"}), field) == []


def test_an_information_request_due_in_the_year_9999_is_refused_at_the_field():
    today = timezone.localdate()
    errors = _errors(InformationRequestForm({"due_on": "9999-12-31"}), "due_on")
    assert errors == [f"Enter a date from {day(today)} to {day(today + dt.timedelta(days=366))}."]
    assert _errors(InformationRequestForm({"due_on": (today + dt.timedelta(days=14)).isoformat()}), "due_on") == []


def test_the_date_message_is_in_the_readers_language():
    with translation.override("zh-hant"):
        message = _errors(EmploymentForm({"employer_established_on": "9999-12-31"}), "employer_established_on")[0]
        assert "請輸入" in message and "1800年1月1日" in message
    with translation.override("zh-hans"):
        assert "请输入" in _errors(EmploymentForm({"employer_established_on": "9999-12-31"}), "employer_established_on")[0]


def test_two_hundred_thousand_characters_of_professional_qualifications_are_refused_at_the_field():
    assert _errors(EducationForm({"professional_qualifications": "CPA " * 50_000}), "professional_qualifications")


def test_qualifications_are_at_most_twenty_lines_of_two_hundred_characters_as_the_engine_takes():
    too_many = "\n".join(f"Qualification {n}" for n in range(21))
    too_long = "Q" * 201
    for text in (too_many, too_long):
        assert _errors(EducationForm({"professional_qualifications": text}), "professional_qualifications") == [
            "List at most 20 items, one per line, each in at most 200 characters."
        ]
    assert _errors(EducationForm({"professional_qualifications": "CPA\nCFA"}), "professional_qualifications") == []


@pytest.mark.parametrize(
    ("form", "field"),
    [
        (OfferForm, "duties"), (OfferForm, "benefits"), (OfferForm, "company_standing"),
        (OfferForm, "why_not_filled_locally"), (OfferForm, "local_recruitment_details"),
        (InformationRequestForm, "message"), (NoteForm, "body"), (MessageForm, "body"),
    ],
)
def test_free_text_is_at_most_two_thousand_characters(form, field):
    assert _errors(form({field: "x" * 2001}), field)
    assert not _errors(form({field: "x" * 2000}), field)
