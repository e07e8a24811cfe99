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

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.base import SessionBase, UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, models


def account_id_in(data: dict[str, Any]) -> Any:
    """The account a session's data is signed in as, or None (no one, or not an account id)."""
    try:
        return get_user_model()._meta.pk.to_python(data.get(SESSION_KEY))
    except ValidationError:
        return None


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
        return SessionStore


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls) -> Any:
        return SignedInSession

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        instance = super().create_model_instance(data)
        instance.user_id = account_id_in(data)
        return instance

    def save(self, must_create: bool = False) -> None:
        """Django's save, except that a lost database connection stays what it is.

        Django reads any database error while updating a session as "the session was deleted
        while the request ran" and answers a bare 400 (SessionInterrupted). When the database
        has gone away that is an outage: re-raised, it gets the 503 page that says so and asks
        to retry (asmtp.web.middleware.outage_response, via the 500 handler).
        """
        try:
            super().save(must_create)
        except UpdateError as error:
            if isinstance(error.__context__, (OperationalError, InterfaceError)):
                raise error.__context__ from None
            raise
