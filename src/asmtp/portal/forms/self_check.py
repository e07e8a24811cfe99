"""The public self-check: a few questions, turned into the engine's JSON."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asmtp.cases.choices import EDUCATION_LEVELS, INDUSTRIES, RESIDENCE, talent_list_choices
from asmtp.portal.forms.fields import BirthDateField, MainlandIdField, YesNoField, check_id_matches_birth
from asmtp.portal.forms.stream import StreamQuestions

REQUIRED_WITH_OFFER = ("industry", "monthly_salary_hkd", "relevant_to_background", "business_registration_number")


class SelfCheckForm(StreamQuestions, forms.Form):
    date_of_birth = BirthDateField()
    mainland_id_number = MainlandIdField(help_text=_("18 characters, as printed on the Resident Identity Card. It is only used for this check and is not kept."))
    residence = forms.ChoiceField(label=_("Where do you live now?"), choices=RESIDENCE)
    overseas_residence_months = forms.IntegerField(
        label=_("If you live overseas: for how many months?"), required=False, min_value=0, max_value=1200
    )
    hk_degree_graduate = YesNoField(label=_("Did you graduate from a full-time degree programme of a Hong Kong university, in Hong Kong or at its campus in the Greater Bay Area?"))
    education_level = forms.ChoiceField(label=_("Highest education"), choices=EDUCATION_LEVELS)
    experience_years = forms.IntegerField(label=_("Years of relevant work experience"), min_value=0, max_value=60)
    has_professional_qualifications = YesNoField(label=_("Do you hold professional qualifications (for example a licence or chartered membership)?"))
    criminal_conviction_declared = YesNoField(label=_("Have you ever been convicted of a criminal offence?"))
    has_offer = YesNoField(label=_("Do you have a job offer from a Hong Kong employer?"))
    business_registration_number = forms.CharField(
        label=_("Employer's Business Registration number"), required=False, max_length=8,
        help_text=_("8 digits, on the employer's Business Registration certificate."),
    )
    industry = forms.ChoiceField(label=_("Employer's industry"), choices=[("", "—"), *INDUSTRIES], required=False)
    talent_list_profession = forms.ChoiceField(label=_("Is the post a Talent List profession?"), choices=(), required=False)
    monthly_salary_hkd = forms.IntegerField(label=_("Monthly salary offered (HK$)"), required=False, min_value=0, max_value=10_000_000)
    relevant_to_background = YesNoField(label=_("Is the job related to your studies or experience?"), required=False)
    local_recruitment_evidence = YesNoField(label=_("Has the employer tried to recruit locally first?"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["talent_list_profession"].choices = talent_list_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_id_matches_birth(self, "mainland_id_number", "date_of_birth")
        if data.get("has_offer"):
            for name in REQUIRED_WITH_OFFER:
                if data.get(name) in (None, ""):
                    self.add_error(name, forms.ValidationError(_("Answer this question about the job offer."), code="required"))
        if data.get("residence") == "overseas" and data.get("overseas_residence_months") is None:
            self.add_error("overseas_residence_months", forms.ValidationError(_("Enter how many months you have lived overseas."), code="required"))
        self.check_stream(data)
        return data

    def engine_input(self) -> dict[str, Any]:
        """The answers as one application for the engine (names are stand-ins: not assessed)."""
        data = self.cleaned_data
        applicant: dict[str, Any] = {
            "name_en": "Self-check",
            "sex": "M" if int(data["mainland_id_number"][16]) % 2 else "F",
            "date_of_birth": data["date_of_birth"].isoformat(),
            "mainland_id_number": data["mainland_id_number"],
            "residence": data["residence"],
            "hk_degree_graduate": data["hk_degree_graduate"],
            "education_level": data["education_level"],
            "professional_qualifications": ["(declared)"] if data["has_professional_qualifications"] else [],
            "experience_years": data["experience_years"],
            "criminal_conviction_declared": data["criminal_conviction_declared"],
        }
        if data.get("overseas_residence_months") is not None:
            applicant["overseas_residence_months"] = data["overseas_residence_months"]
        # Assessed as if submitted today: the self-check answers "could I apply now?".
        result: dict[str, Any] = {
            "id": "self-check", "submitted_on": timezone.localdate().isoformat(), "applicant": applicant, "dependants": [],
        }
        if data["has_offer"]:
            employment: dict[str, Any] = {
                # Stand-ins in the reader's language: the reasons quote them.
                "employer_name": str(_("the employer")),
                "business_registration_number": data["business_registration_number"],
                "job_title": str(_("the offered post")),
                "industry": data["industry"],
                "monthly_salary_hkd": data["monthly_salary_hkd"],
                "relevant_to_background": bool(data["relevant_to_background"]),
                "local_recruitment_evidence": bool(data.get("local_recruitment_evidence")),
            }
            if data.get("talent_list_profession"):
                employment["talent_list_profession"] = data["talent_list_profession"]
            result["employment"] = employment
        stream = self.stream_data()
        if stream:
            result["stream"] = stream["stream"]
            applicant["meets_trade_minimum_qualification"] = stream["meets_trade_minimum_qualification"]
            result["employment"]["tp_trade"] = stream["tp_trade"]  # check_stream: a TP answer has an offer
        return result
