"""The steps of an application, each a form that reads and writes the engine's JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from asmtp.cases.choices import (
    EDUCATION_LEVELS,
    INDUSTRIES,
    MARITAL_STATUS,
    RESIDENCE,
    SEX,
    TRAVEL_DOCUMENT_TYPES,
    relationship_choices,
    talent_list_choices,
)
from asmtp.cases.models import DocumentKind
from asmtp.portal.forms.fields import (
    BirthDateField,
    DateInput,
    MainlandIdField,
    YesNoField,
    check_id_matches_birth,
    check_travel_document,
    yes_no,
)
from asmtp.portal.forms.stream import TP_FIELDS, StreamQuestions
from asmtp.web.form_fields import BoundedDateField, LinesField, SaysWhatToDo, days_after, on
from asmtp.web.names import NameField
from asmtp.web.query import QueryForm

# No Hong Kong company still trading was established earlier; an earlier date is a typing mistake.
EARLIEST_ESTABLISHED_ON = dt.date(1800, 1, 1)


class StepForm(SaysWhatToDo, forms.Form):
    """A step whose answers are a flat part of the engine's JSON."""

    def __init__(self, *args: Any, stored: dict[str, Any] | None = None, **kwargs: Any) -> None:
        if stored is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(stored)
        super().__init__(*args, **kwargs)

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for name, field in self.base_fields.items():
            if name in stored:
                initial[name] = yes_no(stored[name]) if isinstance(field, YesNoField) else stored[name]
        return initial

    def step_data(self) -> dict[str, Any]:
        data = {}
        for name, value in self.cleaned_data.items():
            if isinstance(value, dt.date):
                data[name] = value.isoformat()
            elif value is not None and value != "":
                data[name] = value
        return data


class PersonalForm(StepForm):
    name_en = NameField(label=_("Name in English (as on your travel document)"), max_length=200)
    name_zh = NameField(label=_("Name in Chinese"), max_length=100, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=SEX, widget=forms.RadioSelect)
    date_of_birth = BirthDateField()
    mainland_id_number = MainlandIdField()
    travel_document_type = forms.ChoiceField(label=_("Travel document"), choices=TRAVEL_DOCUMENT_TYPES)
    travel_document_number = forms.CharField(
        label=_("Travel document number"), max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "data-check": "travel-document"}),
    )
    residence = forms.ChoiceField(label=_("Where do you live now?"), choices=RESIDENCE)
    overseas_residence_months = forms.IntegerField(
        label=_("If you live overseas: for how many months?"), required=False, min_value=0, max_value=1200
    )
    hk_degree_graduate = YesNoField(label=_("Did you graduate from a full-time degree programme of a Hong Kong university, in Hong Kong or at its campus in the Greater Bay Area?"))

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(stored)
        document = stored.get("travel_document") or {}
        initial["travel_document_type"] = document.get("type", "EEP")
        initial["travel_document_number"] = document.get("number", "")
        return initial

    def clean_travel_document_number(self) -> str:
        return "".join(self.cleaned_data["travel_document_number"].split()).upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_id_matches_birth(self, "mainland_id_number", "date_of_birth")
        check_travel_document(self, "travel_document_type", "travel_document_number")
        if data.get("residence") == "overseas" and data.get("overseas_residence_months") is None:
            self.add_error("overseas_residence_months", ValidationError(_("Enter how many months you have lived overseas."), code="required"))
        return data

    def step_data(self) -> dict[str, Any]:
        data = super().step_data()
        data["travel_document"] = {"type": data.pop("travel_document_type"), "number": data.pop("travel_document_number")}
        data.setdefault("name_zh", "")
        return data


class EducationForm(StepForm):
    education_level = forms.ChoiceField(label=_("Highest education"), choices=EDUCATION_LEVELS)
    field_of_study = forms.CharField(label=_("Field of study"), max_length=200, required=False)
    professional_qualifications = LinesField(
        label=_("Professional qualifications"), required=False, max_length=2000, max_lines=20, max_line_length=200,
        help_text=_("One per line, for example: Chartered Financial Analyst (CFA)."),
    )
    experience_years = forms.IntegerField(label=_("Years of relevant work experience"), min_value=0, max_value=60)
    previous_year_assessable_income_hkd = forms.IntegerField(
        label=_("Assessable income in the last year of assessment (HK$), if you have worked in Hong Kong"),
        required=False, min_value=0,
    )

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(stored)
        if isinstance(stored.get("professional_qualifications"), list):
            initial["professional_qualifications"] = "\n".join(stored["professional_qualifications"])
        return initial

    def step_data(self) -> dict[str, Any]:
        data = super().step_data()
        lines = self.cleaned_data.get("professional_qualifications") or ""
        data["professional_qualifications"] = [line.strip() for line in lines.splitlines() if line.strip()]
        data.setdefault("field_of_study", "")
        return data


class EmploymentForm(StreamQuestions, StepForm):
    has_offer = YesNoField(label=_("Do you have a job offer from a Hong Kong employer?"))
    employer_name = forms.CharField(label=_("Employer's name"), max_length=200, required=False)
    business_registration_number = forms.CharField(
        label=_("Employer's Business Registration number"), max_length=8, required=False,
        help_text=_("8 digits, on the employer's Business Registration certificate."),
    )
    employer_established_on = BoundedDateField(
        label=_("Date the company was established"), required=False, widget=DateInput,
        earliest=on(EARLIEST_ESTABLISHED_ON), latest=days_after(0),
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    industry = forms.ChoiceField(label=_("Employer's industry"), choices=[("", "—"), *INDUSTRIES], required=False)
    talent_list_profession = forms.ChoiceField(label=_("Is the post a Talent List profession?"), choices=(), required=False)
    monthly_salary_hkd = forms.IntegerField(label=_("Monthly salary (HK$)"), required=False, min_value=0, max_value=10_000_000)
    contract_months = forms.IntegerField(label=_("Length of the contract (months)"), required=False, min_value=1, max_value=240)
    relevant_to_background = YesNoField(label=_("Is the job related to your studies or experience?"), required=False)
    local_recruitment_evidence = YesNoField(label=_("Has the employer tried to recruit locally first?"), required=False)

    OFFER_FIELDS = ("employer_name", "business_registration_number", "job_title", "industry", "monthly_salary_hkd", "relevant_to_background")

    def __init__(self, *args: Any, offer_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offer_required = offer_required
        self.fields["talent_list_profession"].choices = talent_list_choices()  # type: ignore[attr-defined]

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(stored)
        initial["has_offer"] = "yes" if stored.get("employer_name") else "no"
        return initial

    def clean_business_registration_number(self) -> str:
        number = "".join(self.cleaned_data["business_registration_number"].split())
        if number and not (len(number) == 8 and number.isdigit()):
            raise ValidationError(_("A Business Registration number is exactly 8 digits."), code="brn_format")
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("has_offer") is False and self.offer_required:
            self.add_error("has_offer", ValidationError(_("This scheme needs a job offer from a Hong Kong employer."), code="offer_required"))
        if data.get("has_offer"):
            for name in self.OFFER_FIELDS:
                if data.get(name) in (None, ""):
                    self.add_error(name, ValidationError(_("Answer this question about the job offer."), code="required"))
        self.check_stream(data)
        return data

    def step_data(self) -> dict[str, Any]:
        """The offer as the engine reads it, with the stream answers (the service files them)."""
        if not self.cleaned_data.get("has_offer"):
            return {}
        data = {name: value for name, value in super().step_data().items() if name not in TP_FIELDS}
        data.update(self.stream_data())
        data.pop("has_offer", None)
        data["relevant_to_background"] = bool(self.cleaned_data.get("relevant_to_background"))
        data["local_recruitment_evidence"] = bool(self.cleaned_data.get("local_recruitment_evidence"))
        return data


class DeclarationsForm(StepForm):
    criminal_conviction_declared = YesNoField(
        label=_("Have you ever been convicted of a criminal offence in any place?"),
        help_text=_("Answering yes does not end your application: an officer will consider it."),
    )


class DependantForm(SaysWhatToDo, forms.Form):
    relationship = forms.ChoiceField(label=_("Relationship to you"), choices=(), widget=forms.RadioSelect)
    name_en = NameField(label=_("Name in English (as on the travel document)"), max_length=200)
    name_zh = NameField(label=_("Name in Chinese"), max_length=100, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=SEX, widget=forms.RadioSelect)
    date_of_birth = BirthDateField()
    marital_status = forms.ChoiceField(label=_("Marital status"), choices=MARITAL_STATUS)
    mainland_id_number = MainlandIdField(required=False, help_text=_("If they hold a Mainland Resident Identity Card: 18 characters."))

    def __init__(self, *args: Any, child_age_limit: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["relationship"].choices = relationship_choices(child_age_limit)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_id_matches_birth(self, "mainland_id_number", "date_of_birth")
        return data


class DocumentsQuery(QueryForm):
    """The documents page's query string: whose document and which kind the upload form starts on."""

    person = forms.RegexField(regex=r"\A[a-z0-9_-]{1,40}\Z", required=False, initial="principal")
    kind = forms.ChoiceField(choices=DocumentKind.choices, required=False, initial="")


class UploadForm(SaysWhatToDo, forms.Form):
    person = forms.ChoiceField(label=_("Whose document is it?"), choices=())
    kind = forms.ChoiceField(label=_("Type of document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("File to upload"), help_text=_("PDF, JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
        error_messages={"required": _("Choose a file to upload."), "empty": _("The file is empty. Choose the file again.")},
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people  # type: ignore[attr-defined]


class SubmitForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)
    declaration = forms.BooleanField(
        label=_("I declare that the information I have given is true and complete, and I understand that giving false information is an offence."),
        required=True,
        error_messages={"required": _("Tick the declaration to confirm that the information is true and complete.")},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why are you withdrawing? (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class RespondForm(forms.Form):
    person = forms.ChoiceField(label=_("Whose document is it?"), choices=())
    kind = forms.ChoiceField(label=_("Type of document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("File to upload"), help_text=_("PDF, JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
        error_messages={"required": _("Choose a file to upload."), "empty": _("The file is empty. Choose the file again.")},
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people  # type: ignore[attr-defined]
