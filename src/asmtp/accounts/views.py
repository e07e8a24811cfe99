"""Account pages: registration with e-mail verification (sign-in and password reset are Django's)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from asmtp.accounts.forms import RegistrationForm
from asmtp.accounts.models import Role
from asmtp.accounts.services import AccountLinkError, register_applicant, verify_email


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None, initial={"preferred_language": get_language()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        register_applicant(
            email=data["email"], password=data["password1"], first_name=data["first_name"], last_name=data["last_name"],
            language=data["preferred_language"],
            link_for=lambda token: request.build_absolute_uri(reverse("accounts:verify", kwargs={"token": token})),
        )
        request.session["registered_email"] = data["email"]
        return redirect("accounts:register_done")
    return render(request, "accounts/register.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_done.html", {"email": request.session.get("registered_email", "")})


@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Open the account the link names, then ask for its password: a link never signs anyone in."""
    try:
        user = verify_email(token)
    except AccountLinkError as error:
        context = {"message": error.message, "used": error.code == "link_used"}
        return render(request, "accounts/verify_failed.html", context, status=400)
    messages.success(request, _("Your e-mail address is confirmed. Sign in with your password."))
    then = reverse("employers:dashboard" if user.role == Role.EMPLOYER else "portal:dashboard")
    return redirect(f"{reverse('accounts:login')}?next={then}")
