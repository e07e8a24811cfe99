"""Rows the security layer keeps: one per Idempotency-Key a client has used, and one per session."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models

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


class SignedInSession(AbstractBaseSession):
    """A browser's session, with the account it is signed in as kept beside the signed data.

    Django's own session table keeps the account only inside the encoded data, so ending every
    session of an account meant decoding every session. With the account as a column (the
    extension Django documents, `asmtp.security.session_store`), it is one indexed DELETE. The
    column is written from the data on every save, so it cannot drift; who is signed in is still
    decided by the signed data alone.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=True
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "security_session"

    @classmethod
    def get_session_store_class(cls) -> type[SessionBase]:
        from asmtp.security.session_store import SessionStore

        return SessionStore
