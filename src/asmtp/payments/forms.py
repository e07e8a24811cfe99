"""The officers' forms: a bank statement to upload, an exception to resolve."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class StatementForm(forms.Form):
    file = forms.FileField(
        label=_("Bank statement (camt.053 XML)"),
        help_text=_("The end-of-day statement file from the bank, as it was downloaded."),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > settings.ASMTP_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class ResolveForm(forms.Form):
    bill_reference = forms.CharField(
        label=_("Bill this payment settles (optional)"), required=False, max_length=40,
        help_text=_("Leave empty if the money is returned to the payer."),
    )
    note = forms.CharField(label=_("How it was resolved"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
