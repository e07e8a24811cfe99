"""Rows the security layer keeps: one per Idempotency-Key a client has used, and one per session
(`SignedInSession`, defined beside its session store)."""

from __future__ import annotations

import datetime as dt

from django.db import models

from asmtp.security.session_store import SignedInSession

__all__ = ["IdempotencyRecord", "SignedInSession"]

# A client retries within minutes; a day covers a phone that was offline overnight. The
# retention job deletes older records (asmtp.services.privacy.retention).
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
