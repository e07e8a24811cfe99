from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """Sign in by e-mail address. The error never says whether the address exists."""

    username = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    error_messages = {
        "invalid_login": _("The e-mail address or password is not right. Please try again."),
        "inactive": _("The e-mail address or password is not right. Please try again."),
    }
