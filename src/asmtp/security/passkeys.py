"""Passkeys (WebAuthn) as a staff member's second factor, verified with py_webauthn.

Each ceremony has two steps. The options step makes a random challenge and keeps it in the
session; the verify step takes it out again (so it serves one answer only, for five minutes at
most) and lets py_webauthn check the browser's answer: the challenge, the origin (this site's
scheme and host, as Django validated it against ALLOWED_HOSTS), the relying party id
(`ASMTP_WEBAUTHN_RP_ID`, or the host without its port) and the signature. The sign count must
grow with each use, so a cloned authenticator is refused once the original has been used.
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp import login as otp_login
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from asmtp.audit.services import record_audit_event
from asmtp.security.models import StaffPasskey

RP_NAME = "ASMTP"
CHALLENGE_LIFETIME_SECONDS = 5 * 60
TIMEOUT_MS = CHALLENGE_LIFETIME_SECONDS * 1000
_REGISTRATION_KEY = "asmtp_webauthn_registration"
_AUTHENTICATION_KEY = "asmtp_webauthn_authentication"
# What a malformed or forged answer can make the library raise besides its own errors.
_REFUSED = (WebAuthnException, ValueError, TypeError, KeyError, IndexError)
_TRANSPORTS = {transport.value for transport in AuthenticatorTransport}


class PasskeyRefused(Exception):
    """The browser's answer did not verify (or its challenge had expired or been used)."""


def rp_id(request: HttpRequest) -> str:
    """The relying party id: the setting, or this request's host name (validated, without its port)."""
    configured = str(getattr(settings, "ASMTP_WEBAUTHN_RP_ID", "") or "")
    return configured or split_domain_port(request.get_host())[0]


def expected_origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def user_handle(user: Any) -> bytes:
    """A stable WebAuthn user handle that names no one: a keyed hash of the account's id."""
    return salted_hmac("asmtp.security.passkeys.user-handle", str(user.pk), algorithm="sha256").digest()


def passkeys_of(user: Any) -> list[StaffPasskey]:
    return list(StaffPasskey.objects.filter(user=user, confirmed=True).order_by("pk"))


def _descriptors(user: Any) -> list[PublicKeyCredentialDescriptor]:
    descriptors = []
    for passkey in passkeys_of(user):
        transports = [AuthenticatorTransport(t) for t in passkey.transports if t in _TRANSPORTS]
        descriptors.append(PublicKeyCredentialDescriptor(id=base64url_to_bytes(passkey.credential_id), transports=transports or None))
    return descriptors


def _keep_challenge(request: HttpRequest, key: str, challenge: bytes) -> None:
    request.session[key] = {"challenge": bytes_to_base64url(challenge), "at": time.time()}


def _take_challenge(request: HttpRequest, key: str) -> bytes:
    kept = request.session.pop(key, None)
    if not isinstance(kept, dict) or time.time() - float(kept.get("at", 0)) > CHALLENGE_LIFETIME_SECONDS:
        raise PasskeyRefused("no challenge, or it has expired")
    return base64url_to_bytes(str(kept["challenge"]))


def registration_options(request: HttpRequest) -> str:
    """The JSON for `navigator.credentials.create()`; its challenge is kept in the session."""
    user: Any = request.user
    options = generate_registration_options(
        rp_id=rp_id(request),
        rp_name=RP_NAME,
        user_id=user_handle(user),
        user_name=user.email,
        user_display_name=user.get_full_name() or user.email,
        timeout=TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED, user_verification=UserVerificationRequirement.PREFERRED
        ),
        exclude_credentials=_descriptors(user),
    )
    _keep_challenge(request, _REGISTRATION_KEY, options.challenge)
    return options_to_json(options)


def register(request: HttpRequest, credential: dict[str, Any], name: str) -> StaffPasskey:
    """Verify a new credential, store it, audit it, and count this session as verified by it."""
    user: Any = request.user
    try:
        challenge = _take_challenge(request, _REGISTRATION_KEY)
        verified = verify_registration_response(
            credential=credential, expected_challenge=challenge, expected_rp_id=rp_id(request), expected_origin=expected_origin(request)
        )
    except (PasskeyRefused, *_REFUSED) as refused:
        record_audit_event("security.passkey_refused", actor=user, object_type="user", object_id=user.pk, data={"step": "registration"})
        raise PasskeyRefused(str(refused)) from refused
    transports = credential.get("response", {}).get("transports") or []
    with transaction.atomic():
        passkey = StaffPasskey.objects.create(
            user=user,
            name=(name.strip() or "Passkey")[:64],
            confirmed=True,
            credential_id=bytes_to_base64url(verified.credential_id),
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
            transports=[str(t) for t in transports if t in _TRANSPORTS],
        )
        record_audit_event(
            "security.passkey_enrolled", actor=user, object_type="user", object_id=user.pk, data={"passkey": passkey.pk, "name": passkey.name}
        )
    otp_login(request, passkey)
    return passkey


def authentication_options(request: HttpRequest) -> str:
    """The JSON for `navigator.credentials.get()`, naming the signed-in person's passkeys."""
    options = generate_authentication_options(
        rp_id=rp_id(request),
        timeout=TIMEOUT_MS,
        allow_credentials=_descriptors(request.user),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    _keep_challenge(request, _AUTHENTICATION_KEY, options.challenge)
    return options_to_json(options)


def authenticate(request: HttpRequest, credential: dict[str, Any]) -> StaffPasskey:
    """Verify an assertion from one of the person's own passkeys; the session is then verified."""
    user: Any = request.user
    try:
        challenge = _take_challenge(request, _AUTHENTICATION_KEY)
        with transaction.atomic():
            passkey = StaffPasskey.objects.select_for_update().filter(user=user, confirmed=True, credential_id=str(credential.get("rawId", ""))).first()
            if passkey is None:
                raise PasskeyRefused("not one of this person's passkeys")
            verified = verify_authentication_response(
                credential=credential,
                expected_challenge=challenge,
                expected_rp_id=rp_id(request),
                expected_origin=expected_origin(request),
                credential_public_key=bytes(passkey.public_key),
                credential_current_sign_count=passkey.sign_count,
            )
            passkey.sign_count = verified.new_sign_count
            passkey.last_used_at = timezone.now()
            passkey.save(update_fields=["sign_count", "last_used_at"])
            record_audit_event(
                "security.two_factor_verified", actor=user, object_type="user", object_id=user.pk, data={"method": "passkey", "passkey": passkey.pk}
            )
    except (PasskeyRefused, *_REFUSED) as refused:
        record_audit_event("security.two_factor_failed", actor=user, object_type="user", object_id=user.pk, data={"method": "passkey"})
        raise PasskeyRefused(str(refused)) from refused
    otp_login(request, passkey)
    return passkey


def remove(request: HttpRequest, passkey: StaffPasskey) -> None:
    with transaction.atomic():
        record_audit_event(
            "security.passkey_removed", actor=request.user, object_type="user", object_id=passkey.user_id, data={"passkey": passkey.pk, "name": passkey.name}
        )
        passkey.delete()


def parse_body(request: HttpRequest) -> dict[str, Any]:
    """The JSON the page's script posts: `{"credential": {...}, "name": "..."}`."""
    if request.content_type != "application/json":
        raise PasskeyRefused("not JSON")  # a form post's body has already been read as a form
    try:
        data = json.loads(request.body or b"{}")
    except ValueError as error:
        raise PasskeyRefused("not JSON") from error
    if not isinstance(data, dict) or not isinstance(data.get("credential"), dict):
        raise PasskeyRefused("no credential")
    return data
