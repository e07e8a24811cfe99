"""Forms for the employer pages. They parse and check shapes; the services enforce the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asmtp.domain.identity import brn_error
from asmtp.domain.plain_text import ascii_digits
from asmtp.employers.errors import EmployerError
from asmtp.employers.industries import Industry
from asmtp.employers.models import OfferDocumentKind
from asmtp.employers.services import (
    CompanyDetails,
    OfferDetails,
    OfferRules,
    StaffDetails,
    offer_rules_on,
    talent_list_ids,
)
from asmtp.web.form_fields import BoundedDateField, SaysWhatToDo, days_after, on
from asmtp.web.names import NameField
from asmtp.web.query import QueryForm

LANGUAGE_CHOICES = [("zh-hant", "繁體中文"), ("zh-hans", "简体中文"), ("en", "English")]


class CompanyRegistrationForm(SaysWhatToDo, forms.Form):
    business_registration_number = forms.CharField(
        label=_("Business Registration number"), max_length=20,
        help_text=_("8 digits, as printed on the Business Registration certificate."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name_en = NameField(label=_("Company name in English"), max_length=200)
    name_zh = NameField(label=_("Company name in Chinese"), max_length=200, required=False)
    established_on = BoundedDateField(
        label=_("Date established"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        earliest=on(dt.date(1800, 1, 1)), latest=days_after(0),
    )
    industry = forms.ChoiceField(label=_("Industry (HSIC section)"), choices=[("", "—"), *Industry.choices])
    contact_person = NameField(label=_("Contact person"), max_length=200)
    contact_phone = forms.CharField(label=_("Contact telephone"), max_length=20, required=False)
    email = forms.EmailField(label=_("Your e-mail address"), help_text=_("You sign in with this address."))
    first_name = NameField(label=_("Your given name"), max_length=150, required=False)
    last_name = NameField(label=_("Your family name"), max_length=150, required=False)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text=_("At least 12 characters."))
    password_again = forms.CharField(label=_("Password again"),
                                     widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args: Any, rules: OfferRules | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules = rules or offer_rules_on(timezone.localdate())  # the rules in force today
        self.fields["established_on"].help_text = _(
            "A company established less than %(months)s months ago adds a business plan to its offers."
        ) % {"months": rules.new_company_months}

    def clean_business_registration_number(self) -> str:
        # People copy the number with spaces or a dash from the certificate, and may type it in
        # another script's digits (full-width, Arabic-Indic): one number, one spelling.
        raw: str = self.cleaned_data["business_registration_number"]
        number = ascii_digits("".join(ch for ch in raw if ch not in " -"))
        # Checked here too (the service checks again) so every mistake shows in one round trip.
        if brn_error(number) is not None:
            raise ValidationError(EmployerError("brn_invalid").message)
        return number

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", _("The two passwords are not the same."))
        elif password:
            try:
                validate_password(password)
            except ValidationError as error:
                self.add_error("password", error)
        return data

    def company(self) -> CompanyDetails:
        d = self.cleaned_data
        return CompanyDetails(
            business_registration_number=d["business_registration_number"], name_en=d["name_en"], name_zh=d["name_zh"],
            established_on=d["established_on"], industry=d["industry"], contact_person=d["contact_person"],
            contact_email=d["email"], contact_phone=d["contact_phone"],
        )

    def staff(self, language: str) -> StaffDetails:
        d = self.cleaned_data
        return StaffDetails(email=d["email"], first_name=d["first_name"], last_name=d["last_name"],
                            password=d["password"], preferred_language=language)


class StaffForm(SaysWhatToDo, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = NameField(label=_("Given name"), max_length=150, required=False)
    last_name = NameField(label=_("Family name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(label=_("Language for e-mails"), choices=LANGUAGE_CHOICES)

    def staff(self) -> StaffDetails:
        d = self.cleaned_data
        return StaffDetails(email=d["email"], first_name=d["first_name"], last_name=d["last_name"],
                            preferred_language=d["preferred_language"])


class OfferForm(SaysWhatToDo, forms.Form):
    post_title = forms.CharField(label=_("Post title"), max_length=200)
    occupation = forms.CharField(label=_("Occupation"), max_length=200, required=False)
    talent_list_profession = forms.CharField(
        label=_("Talent List profession"), max_length=80, required=False,
        help_text=_("Only if the post is a profession on the Talent List: the market-availability test is then waived."),
    )
    duties = forms.CharField(label=_("Duties"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    monthly_salary_hkd = forms.IntegerField(label=_("Monthly salary (HK$)"), min_value=1, max_value=99_999_999)
    annual_package_hkd = forms.IntegerField(
        label=_("Annual package (HK$)"), min_value=1, max_value=999_999_999, required=False,
    )
    benefits = forms.CharField(label=_("Benefits"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), required=False)
    contract_months = forms.IntegerField(label=_("Contract length (months)"), min_value=1, max_value=240, required=False)
    why_not_filled_locally = forms.CharField(
        label=_("Why the post cannot readily be filled locally"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
        max_length=2000,
    )
    local_recruitment_evidence = forms.BooleanField(label=_("We advertised the post locally and can show the evidence"),
                                                    required=False)
    local_recruitment_details = forms.CharField(
        label=_("Local recruitment made"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000,
        help_text=_("Where and when the post was advertised, how many applied, why none was suitable."),
    )
    company_standing = forms.CharField(
        label=_("Company standing"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000,
        help_text=_("The company's business, size and track record: why it can offer this post."),
    )

    def __init__(self, *args: Any, rules: OfferRules | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules = rules or offer_rules_on(timezone.localdate())  # the rules in force today
        self.fields["annual_package_hkd"].help_text = _(
            "Salary and cash allowances for a year, if more than %(months)s months' salary."
        ) % {"months": rules.annual_salary_months}
        known = talent_list_ids()
        if known:
            field = self.fields["talent_list_profession"]
            self.fields["talent_list_profession"] = forms.ChoiceField(
                label=field.label, help_text=field.help_text, required=False,
                choices=[("", _("Not on the Talent List")), *[(i, i) for i in known]],
            )

    def details(self) -> OfferDetails:
        return OfferDetails(**{name: self.cleaned_data[name] for name in self.fields})


class OfferDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=[("", "—"), *OfferDocumentKind.choices])
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"))


class InviteForm(SaysWhatToDo, forms.Form):
    email = forms.EmailField(label=_("Applicant's e-mail address"))
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=LANGUAGE_CHOICES)


class LinkQuery(QueryForm):
    """The link page's query string: the offer code from the employer's e-mail, and what to add it to."""

    code = forms.RegexField(regex=r"\A[A-Za-z0-9]{1,20}\Z", required=False, initial="")
    # The choice to preselect, e.g. "change:<grant>" from the holder's status page.
    target = forms.RegexField(regex=r"\A(new|app:\d{1,12}|change:\d{1,12})\Z", required=False, initial="")


class LinkForm(SaysWhatToDo, forms.Form):
    code = forms.CharField(
        label=_("Offer code"), max_length=20, help_text=_("8 letters and digits, from the employer's e-mail."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    target = forms.ChoiceField(label=_("Add the offer to"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        assert isinstance(target, forms.ChoiceField)
        target.choices = targets
        if len(targets) == 1:
            self.fields["target"].initial = targets[0][0]
