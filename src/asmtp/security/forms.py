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


class RecoveryCodeForm(forms.Form):
    """One of the ten recovery codes shown when the second factor was set up."""

    code = forms.RegexField(
        label=_("Recovery code"),
        regex=r"^\s*[0-9A-Za-z]{5}[\s-]?[0-9A-Za-z]{5}\s*$",
        error_messages={"invalid": _("Enter a recovery code as it was shown to you: ten letters and numbers, such as 7K2QD-M9XRT.")},
        help_text=_("Each code works once. Letters can be capitals or small letters."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "autofocus": True, "maxlength": 16}),
    )
