"""Rows the security layer keeps: one per Idempotency-Key a client has used, one per session
(`SignedInSession`, defined beside its session store), and staff's passkeys and recovery codes."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django_otp.models import Device, TimestampMixin

from asmtp.security.session_store import SignedInSession

__all__ = ["IdempotencyRecord", "RecoveryCode", "RecoveryCodeSet", "SignedInSession", "StaffPasskey"]

# A client retries within minutes; a day covers a phone that was offline overnight. The
# retention job deletes older records (asmtp.privacy.services.retention).
IDEMPOTENCY_KEPT_FOR = dt.timedelta(days=1)


class IdempotencyRecord(models.Model):
    """A state-changing request made with an Idempotency-Key, and the answer it got.

    `owner` scopes keys to one account ("user:<id>") or to anonymous callers ("anonymous"), so
    one person's key can never replay another's answer.
    """

    owner = models.CharField(max_length=64)
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=2000, blank=True)
    body = models.BinaryField(default=b"")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="idempotency_key_once_per_owner")]

    def __str__(self) -> str:
        return f"{self.owner} {self.key}"


class StaffPasskey(TimestampMixin, Device):
    """A WebAuthn credential (a passkey or security key) a staff member signs in with as their
    second factor. A django-otp device, so a session it verified counts as `is_verified()`."""

    credential_id = models.CharField(max_length=1400, unique=True, help_text="base64url, as the browser gives it")
    public_key = models.BinaryField(help_text="COSE-encoded public key")
    sign_count = models.PositiveBigIntegerField(default=0)
    transports = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "passkey"


class RecoveryCodeSet(TimestampMixin, Device):
    """One per staff member: the device their single-use recovery codes verify a session as."""

    class Meta:
        verbose_name = "recovery code set"


class RecoveryCode(models.Model):
    """One single-use recovery code, kept only as a keyed hash (asmtp.security.recovery_codes)."""

    code_set = models.ForeignKey(RecoveryCodeSet, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code {self.pk} ({'used' if self.used_at else 'unused'})"
