"""Forms for a company's claim to its Business Registration number: the certificate the company
uploads and the officer's decision on it. They parse shapes; the services enforce the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CertificateForm(forms.Form):
    file = forms.FileField(label=_("Business Registration certificate (PDF, JPEG or PNG)"))


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))],
                                 widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for the rejection"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The company reads this in the e-mail and on its dashboard."),
    )
