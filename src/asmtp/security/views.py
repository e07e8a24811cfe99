"""Staff two-factor pages: enrolment (a passkey, or an app with a QR code), and the check after
signing in (a passkey, a code from the app, or a recovery code: asmtp.security.factor_views)."""

from __future__ import annotations

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from asmtp.accounts.models import STAFF_ROLES
from asmtp.security import passkeys, recovery_codes, two_factor
from asmtp.security.forms import OneTimeCodeForm


def _go(name: str, request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse(name)}?{urlencode({'next': two_factor.safe_next(request)})}")


def _staff_only(request: HttpRequest) -> None:
    # Only staff hold a second factor; for anyone else these pages do not exist.
    if getattr(request.user, "role", None) not in STAFF_ROLES:
        raise Http404


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol a passkey, or an authenticator app: scan the QR code, then type its first code."""
    _staff_only(request)
    if two_factor.has_second_factor(request.user):
        return _go("accounts:two_factor", request)
    device = two_factor.pending_device(request.user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.confirm_enrolment(request, device, form.cleaned_data["token"]):
            if recovery_codes.code_set_of(request.user) is None:
                return _go("accounts:recovery_codes", request)  # shown once, now
            return redirect(two_factor.safe_next(request))
        form.add_error("token", _("That code is not right. Check the time on your phone is correct and type the newest code."))
    uri = two_factor.provisioning_uri(device)
    context = {
        "form": form,
        "qr": segno.make(uri, error="m").svg_data_uri(scale=5, border=2),
        "secret": two_factor.secret_for_display(device),
        "next": two_factor.safe_next(request),
    }
    return render(request, "security/two_factor_setup.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of a staff sign-in: a passkey or a code from the enrolled authenticator app."""
    _staff_only(request)
    if not two_factor.has_second_factor(request.user):
        return _go("accounts:two_factor_setup", request)
    device = two_factor.confirmed_device(request.user)
    form = OneTimeCodeForm(request.POST or None) if device is not None else None
    if request.method == "POST" and device is not None and form is not None and form.is_valid():
        if two_factor.verify_session(request, device, form.cleaned_data["token"]):
            return redirect(two_factor.safe_next(request))
        form.add_error("token", _("That code is not right, or too many codes were tried. Wait for a new code and try again."))
    context = {
        "form": form,
        "next": two_factor.safe_next(request),
        "has_passkeys": bool(passkeys.passkeys_of(request.user)),
        "has_recovery_codes": recovery_codes.unused_count(request.user) > 0,
    }
    return render(request, "security/two_factor_verify.html", context, status=400 if form is not None and form.errors else 200)
