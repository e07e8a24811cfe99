"""The workbench's action forms. Each carries the case `version` it was opened on."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from asmtp.accounts.models import OFFICER_ROLES, User
from asmtp.cases.models import DocumentKind
from asmtp.web.form_fields import BoundedDateField, days_after
from asmtp.web.query import IdField, QueryForm
from asmtp.workbench.selectors import QUEUES


def _choices(*values: str) -> list[tuple[str, str]]:
    return [(value, value) for value in values]


class QueueQuery(QueryForm):
    """The queue page's query string: which queue, its filters, and where the page starts."""

    queue = forms.ChoiceField(choices=_choices(*QUEUES), required=False, initial="new")
    industry = forms.RegexField(regex=r"\A[A-Za-z]\Z", required=False, initial="")
    talent_list = forms.ChoiceField(choices=_choices("yes", "no"), required=False, initial="")
    outcome = forms.ChoiceField(choices=_choices("eligible", "ineligible", "refer"), required=False, initial="")
    edition = forms.ChoiceField(choices=_choices("direct", "immd"), required=False, initial="")
    before = IdField()
    q = forms.CharField(required=False, max_length=100, initial="")  # the search box


class CaseQuery(QueryForm):
    """The case page's query string: the document shown in the viewer."""

    document = IdField()


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ClaimForm(VersionedForm):
    pass


class AssessForm(VersionedForm):
    pass


class OfficerChoiceField(forms.ModelChoiceField[User]):
    """Officers by name and e-mail address: the address is how the case page names them."""

    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else obj.email


class AssignForm(VersionedForm):
    officer = OfficerChoiceField(
        label=_("Officer"),
        queryset=User.objects.filter(role__in=OFFICER_ROLES, is_active=True).order_by("email"),
        empty_label=_("Choose an officer"),
        error_messages={
            "required": _("Choose the officer to assign the case to."),
            "invalid_choice": _("Choose an officer from the list."),
        },
    )


class InformationRequestForm(VersionedForm):
    kinds = forms.MultipleChoiceField(
        label=_("Documents to ask for"), choices=DocumentKind.choices, widget=forms.CheckboxSelectMultiple
    )
    message = forms.CharField(label=_("Message to the applicant"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    due_on = BoundedDateField(
        label=_("Reply by (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        earliest=days_after(0), latest=days_after(366),
    )


class RecommendForm(VersionedForm):
    verdict = forms.ChoiceField(
        label=_("Recommendation"),
        widget=forms.RadioSelect,
        choices=[("approve", _("Recommend approval")), ("refuse", _("Recommend refusal"))],
    )
    reason = forms.CharField(
        label=_("Reason (required for a refusal)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecideForm(VersionedForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
    )
    criteria = forms.MultipleChoiceField(
        label=_("Findings the refusal rests on"), required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("Reasons"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, findings: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["criteria"]).choices = findings or []


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note (internal, never shown to the applicant)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message to the applicant"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
