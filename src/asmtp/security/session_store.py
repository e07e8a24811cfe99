"""Django's database sessions with the signed-in account as a column.

This is the extension Django documents ("Extending database-backed session engines"): the
session row is Django's (`AbstractBaseSession`) plus the account's id, written from the session's
data on every save, so that every session of one account can be ended with one indexed delete
(`asmtp.security.sessions.end_sessions_of`: a disabled account, "sign out everywhere", a
personal-data erasure). Reading, writing, expiry and the checks on the signed-in user are
Django's own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ValidationError


def account_id_in(data: dict[str, Any]) -> Any:
    """The account a session's data is signed in as, or None (no one, or not an account id)."""
    try:
        return get_user_model()._meta.pk.to_python(data.get(SESSION_KEY))
    except ValidationError:
        return None


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls) -> Any:
        from asmtp.security.models import SignedInSession

        return SignedInSession

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        instance = super().create_model_instance(data)
        instance.user_id = account_id_in(data)
        return instance
