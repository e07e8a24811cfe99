"""Staff's passkeys and recovery codes: enrol and remove passkeys, sign in with one, and use,
see or renew recovery codes.

The passkey steps are JSON endpoints the page's script (security/passkeys.js) calls around
`navigator.credentials.create()` and `.get()`. Adding or removing a factor, and renewing the
recovery codes, need a session already verified by a second factor (except the very first
enrolment), because the middleware lets a password-only session reach every two-factor page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from asmtp.accounts.models import STAFF_ROLES
from asmtp.security import passkeys, recovery_codes, two_factor
from asmtp.security.forms import RecoveryCodeForm
from asmtp.security.models import StaffPasskey


def _staff_only(request: HttpRequest) -> None:
    # Only staff hold a second factor; for anyone else these pages do not exist.
    if getattr(request.user, "role", None) not in STAFF_ROLES:
        raise Http404


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': two_factor.safe_next(request)})}"


def _refusal(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": {"message": message}}, status=status)


def _not_verified() -> JsonResponse:
    return _refusal(_("Confirm it is you with your second factor first, then try again."), status=403)


@never_cache
@login_required
@require_http_methods(["GET"])
def methods(request: HttpRequest) -> HttpResponse:
    """The person's ways of confirming it is them: passkeys, the app, recovery codes."""
    _staff_only(request)
    if not two_factor.has_second_factor(request.user):
        return redirect(_with_next("accounts:two_factor_setup", request))
    if not two_factor.may_manage_factors(request):
        return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': request.path})}")
    context = {
        "passkeys": passkeys.passkeys_of(request.user),
        "has_app": two_factor.confirmed_device(request.user) is not None,
        "recovery_codes_left": recovery_codes.unused_count(request.user),
        "next": request.path,
    }
    return render(request, "security/two_factor_methods.html", context)


@require_POST
@never_cache
@login_required
def passkey_register_options(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    if not two_factor.may_manage_factors(request):
        return _not_verified()
    return HttpResponse(passkeys.registration_options(request), content_type="application/json")


@require_POST
@never_cache
@login_required
def passkey_register(request: HttpRequest) -> HttpResponse:
    """Store a new passkey; the first factor enrolled goes on to the recovery codes."""
    _staff_only(request)
    if not two_factor.may_manage_factors(request):
        return _not_verified()
    try:
        data = passkeys.parse_body(request)
        passkeys.register(request, data["credential"], str(data.get("name") or ""))
    except passkeys.PasskeyRefused:
        return _refusal(_("The passkey could not be added. Try again, or use a different passkey or security key."))
    if recovery_codes.code_set_of(request.user) is None:
        return JsonResponse({"redirect": _with_next("accounts:recovery_codes", request)})
    messages.success(request, _("Your passkey was added."))
    return JsonResponse({"redirect": two_factor.safe_next(request, fallback="accounts:two_factor_methods")})


@require_POST
@never_cache
@login_required
def passkey_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    passkey = get_object_or_404(StaffPasskey, pk=pk, user=request.user)
    if not two_factor.may_manage_factors(request):
        return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': reverse('accounts:two_factor_methods')})}")
    others = StaffPasskey.objects.filter(user=request.user, confirmed=True).exclude(pk=passkey.pk).exists()
    if not others and two_factor.confirmed_device(request.user) is None:
        messages.error(request, _("This is your only way to confirm it is you. Add another passkey first, then remove this one."))
    else:
        passkeys.remove(request, passkey)
        messages.success(request, _("The passkey was removed. It can no longer be used to sign in."))
    return redirect("accounts:two_factor_methods")


@require_POST
@never_cache
@login_required
def passkey_sign_in_options(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    if not passkeys.passkeys_of(request.user):
        return _refusal(_("You have no passkey yet. Use the code from your authenticator app."))
    return HttpResponse(passkeys.authentication_options(request), content_type="application/json")


@require_POST
@never_cache
@login_required
def passkey_sign_in(request: HttpRequest) -> HttpResponse:
    """The second step of a staff sign-in with a passkey; the answer names the page to go to."""
    _staff_only(request)
    try:
        data = passkeys.parse_body(request)
        passkeys.authenticate(request, data["credential"])
    except passkeys.PasskeyRefused:
        return _refusal(_("That passkey was not accepted. Try again, or use another way to confirm it is you."))
    return JsonResponse({"redirect": two_factor.safe_next(request)})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def recovery(request: HttpRequest) -> HttpResponse:
    """Confirm it is you with one of the single-use recovery codes."""
    _staff_only(request)
    if recovery_codes.unused_count(request.user) == 0:
        return redirect(_with_next("accounts:two_factor", request))
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if recovery_codes.use(request, form.cleaned_data["code"]):
            left = recovery_codes.unused_count(request.user)
            messages.warning(request, _("You used a recovery code. You have %(count)s left: make new ones if you are running out.") % {"count": left})
            return redirect(two_factor.safe_next(request))
        form.add_error("code", _("That recovery code is not right, or it has already been used."))
    context: dict[str, Any] = {"form": form, "next": two_factor.safe_next(request)}
    return render(request, "security/recovery_code.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes_page(request: HttpRequest) -> HttpResponse:
    """Shows new recovery codes once: right after the first enrolment, or when asked for new ones."""
    _staff_only(request)
    if not two_factor.has_second_factor(request.user):
        return redirect(_with_next("accounts:two_factor_setup", request))
    if not two_factor.may_manage_factors(request):
        return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': request.path})}")
    codes: list[str] = []
    if request.method == "POST" or recovery_codes.code_set_of(request.user) is None:
        codes = recovery_codes.generate(request.user)
    context = {"codes": codes, "left": recovery_codes.unused_count(request.user), "next": two_factor.safe_next(request)}
    return render(request, "security/recovery_codes.html", context)
