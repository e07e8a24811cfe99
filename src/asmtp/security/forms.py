from django import forms
from django.utils.translation import gettext_lazy as _


class OneTimeCodeForm(forms.Form):
    """The six-digit code an authenticator app shows."""

    token = forms.RegexField(
        label=_("Six-digit code"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits your authenticator app shows, without spaces.")},
        help_text=_("Open your authenticator app and type the code it shows for ASMTP."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "maxlength": 8}),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()
