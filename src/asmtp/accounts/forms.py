from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.sites.shortcuts import get_current_site
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from asmtp.web.form_fields import SaysWhatToDo
from asmtp.web.names import NameField


class SignInForm(SaysWhatToDo, AuthenticationForm):
    """Sign in by e-mail address. The error never says whether the address exists."""

    username = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    error_messages = {
        "invalid_login": _("The e-mail address or password is not right. Please try again."),
        "inactive": _("The e-mail address or password is not right. Please try again."),
    }


class RegistrationForm(SaysWhatToDo, forms.Form):
    """A new applicant account. Whether the address is already registered is never shown here."""

    last_name = NameField(label=_("Family name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    first_name = NameField(label=_("Given name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
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


class PasswordResetRequestForm(SaysWhatToDo, PasswordResetForm):
    """Django's reset form, with its e-mail handed to the job worker for every address typed.

    Django looks the address up and sends the mail inside the request, and only for a known
    address: the page then takes longer for an address that has an account. Here the request does
    the same for every address (queue one job) and the worker does the look-up and the sending.
    """

    # the sign-in form's words (Django's own label reads 电子邮件 / 電子信箱)
    email = forms.EmailField(label=_("E-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def save(self, domain_override: str | None = None, use_https: bool = False, request: object = None, **kwargs: object) -> None:  # type: ignore[override]
        from asmtp.accounts.tasks import send_password_reset

        domain = domain_override or get_current_site(request).domain  # type: ignore[arg-type]
        send_password_reset.enqueue(
            email=self.cleaned_data["email"], domain=domain, use_https=use_https, language=get_language() or "en"
        )
