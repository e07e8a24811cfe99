from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """Sign in by e-mail address. The error never says whether the address exists."""

    username = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    error_messages = {
        "invalid_login": _("The e-mail address or password is not right. Please try again."),
        "inactive": _("The e-mail address or password is not right. Please try again."),
    }


class RegistrationForm(forms.Form):
    """A new applicant account. Whether the address is already registered is never shown here."""

    last_name = forms.CharField(label=_("Family name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    first_name = forms.CharField(label=_("Given name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a link to this address to confirm it is yours."),
    )
    preferred_language = forms.ChoiceField(label=_("Language for letters and e-mails"), choices=settings.LANGUAGES)
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. A few unrelated words make a good password."),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", forms.ValidationError(_("The two passwords are not the same."), code="password_mismatch"))
        elif first:
            from asmtp.accounts.models import User

            probe = User(email=data.get("email", ""), first_name=data.get("first_name", ""), last_name=data.get("last_name", ""))
            try:
                password_validation.validate_password(str(first), probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
