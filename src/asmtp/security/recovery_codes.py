"""Single-use recovery codes: a staff member's way in when their phone or passkey is lost.

Ten codes are made at enrolment and shown once; only a keyed hash of each is stored (HMAC-SHA256
under the site's secret key, so a copy of the database alone cannot be searched for them; each
code has 50 random bits, and sign-in is throttled). A code verifies a session once, and each use
is audited. Making a new set voids every code of the old one.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp import login as otp_login

from asmtp.audit.services import record_audit_event
from asmtp.security.models import RecoveryCode, RecoveryCodeSet

HOW_MANY = 10
# Crockford's base32 without the letters people misread (I, L, O, U): 10 characters, 50 bits.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10


def _normalised(code: str) -> str:
    text = "".join(code.split()).replace("-", "").upper()
    return text.translate(str.maketrans("OIL", "011"))


def code_hash(code: str) -> str:
    return salted_hmac("asmtp.security.recovery_codes", _normalised(code), algorithm="sha256").hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def code_set_of(user: Any) -> RecoveryCodeSet | None:
    return RecoveryCodeSet.objects.filter(user=user).first()


def unused_count(user: Any) -> int:
    return RecoveryCode.objects.filter(code_set__user=user, used_at__isnull=True).count()


def generate(user: Any) -> list[str]:
    """A new set of codes for `user` (any older set is void); the codes are returned, never kept."""
    codes = [_new_code() for _ in range(HOW_MANY)]
    with transaction.atomic():
        replaced = RecoveryCodeSet.objects.filter(user=user).exists()
        record_audit_event(
            "security.recovery_codes_regenerated" if replaced else "security.recovery_codes_generated",
            actor=user,
            object_type="user",
            object_id=user.pk,
            data={"count": HOW_MANY},
        )
        RecoveryCodeSet.objects.filter(user=user).delete()
        code_set = RecoveryCodeSet.objects.create(user=user, name="recovery codes", confirmed=True)
        RecoveryCode.objects.bulk_create(RecoveryCode(code_set=code_set, code_hash=code_hash(code)) for code in codes)
    return codes


def use(request: HttpRequest, code: str) -> bool:
    """Spend one unused code of the signed-in person; on success this session is verified."""
    user: Any = request.user
    with transaction.atomic():
        found = (
            RecoveryCode.objects.select_for_update()
            .select_related("code_set")
            .filter(code_set__user=user, used_at__isnull=True, code_hash=code_hash(code))
            .first()
        )
        if found is None:
            record_audit_event("security.two_factor_failed", actor=user, object_type="user", object_id=user.pk, data={"method": "recovery_code"})
            return False
        found.used_at = timezone.now()
        found.save(update_fields=["used_at"])
        found.code_set.set_last_used_timestamp()
        left = RecoveryCode.objects.filter(code_set=found.code_set, used_at__isnull=True).count()
        record_audit_event(
            "security.recovery_code_used", actor=user, object_type="user", object_id=user.pk, data={"code": found.pk, "left": left}
        )
    otp_login(request, found.code_set)
    return True
