"""Staff sign in with a second factor: a time-based one-time code (TOTP, RFC 6238) via django-otp,
or a passkey (WebAuthn, asmtp.security.passkeys), with single-use recovery codes for a lost one.

Officers, senior officers, analysts and administrators see nothing but the two-factor pages
(and sign-out) until this session has been verified with a code from their authenticator app,
a passkey or a recovery code.
`ASMTP_REQUIRE_STAFF_2FA` turns the requirement on; it is on in production.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from asmtp.accounts.models import STAFF_ROLES
from asmtp.audit.services import record_audit_event

ISSUER = "ASMTP"


def requires_two_factor(user: Any) -> bool:
    return bool(getattr(settings, "ASMTP_REQUIRE_STAFF_2FA", False)) and user.is_authenticated and user.role in STAFF_ROLES


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_second_factor(user: Any) -> bool:
    """Whether the person has enrolled a second factor: a confirmed TOTP app or a passkey."""
    from asmtp.security.models import StaffPasskey

    return confirmed_device(user) is not None or StaffPasskey.objects.filter(user=user, confirmed=True).exists()


def may_manage_factors(request: HttpRequest) -> bool:
    """Adding or removing a factor needs a session verified by one, except for the first enrolment."""
    user: Any = request.user
    return bool(user.is_verified()) or not has_second_factor(user)


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed device being enrolled (one per person; a new secret only after a reset)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def secret_for_display(device: TOTPDevice) -> str:
    """The shared secret in base32, grouped in fours, for typing into an app by hand."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(device: TOTPDevice) -> str:
    # django-otp's config_url names the issuer and account the way authenticator apps expect.
    return str(device.config_url)


def confirm_enrolment(request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Confirm a new device with its first code, and verify this session with it."""
    if not device.verify_token(token):
        record_audit_event("security.two_factor_failed", actor=request.user, object_type="user", object_id=request.user.pk)
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record_audit_event("security.two_factor_enrolled", actor=request.user, object_type="user", object_id=request.user.pk)
    otp_login(request, device)
    return True


def verify_session(request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Check a code from the enrolled device; on success this session counts as verified."""
    if not device.verify_token(token):
        record_audit_event("security.two_factor_failed", actor=request.user, object_type="user", object_id=request.user.pk)
        return False
    otp_login(request, device)
    record_audit_event("security.two_factor_verified", actor=request.user, object_type="user", object_id=request.user.pk)
    return True


def safe_next(request: HttpRequest, fallback: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(fallback)


class StaffTwoFactorMiddleware:
    """Refuse every page to staff whose session has not passed the second factor.

    Placed after django-otp's OTPMiddleware (which gives `request.user.is_verified()`).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and requires_two_factor(user) and not user.is_verified() and not self._allowed(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"error": {"code": "two_factor_required", "message": "Verify your second factor first."}}, status=403)
            return redirect_to_login(request.get_full_path(), reverse("accounts:two_factor"), "next")
        return self.get_response(request)

    @staticmethod
    def _allowed(request: HttpRequest) -> bool:
        allowed = (
            reverse("accounts:two_factor"),
            reverse("accounts:two_factor_setup"),
            reverse("accounts:logout"),
            reverse("set_language"),
            settings.STATIC_URL,
        )
        return request.path.startswith(allowed)
