"""Forms of the e-Visa pages: what a verifier pastes or uploads, and an officer's revocation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from asmtp.domain.evisa_token import MAX_TOKEN_CHARS
from asmtp.web.form_fields import SaysWhatToDo


class VerifyForm(SaysWhatToDo, forms.Form):
    token = forms.CharField(
        label=_("Text of the QR code"),
        help_text=_("A QR code scanner shows this text; it starts with HKEV1:"),
        required=False,
        max_length=MAX_TOKEN_CHARS,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
    )
    file = forms.FileField(
        label=_("Or upload the e-Visa PDF or a photo of its QR code"),
        help_text=_("PDF, PNG or JPEG, up to 10 MB."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and upload.size > settings.ASMTP_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."), code="too_large")
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("token", "").strip() and not cleaned.get("file") and not self.errors:
            self.add_error("token", forms.ValidationError(_("Paste the text of the QR code or upload a file."), code="required"))
        return cleaned


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        help_text=_("Recorded in the audit log. The holder and anyone who checks the e-Visa see only that it is revoked."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why the e-Visa is revoked.")},
    )
