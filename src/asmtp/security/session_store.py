"""Database sessions with the signed-in account as a column, read together with its user.

Every signed-in request reads its session and then its user. Django's database backend reads the
session through the ORM (`Session.objects.get(...)`), whose query building costs several times
the query itself, and the user with a second query. This store keeps sessions in
`SignedInSession` (Django's session row plus the account's id, written from the session's data on
every save) and reads the session and its user's row in one hand-written join; the account backend
takes that user (`asmtp.accounts.backends.reading_user_with`). Writing, creating, deleting and
expiry are Django's backend unchanged.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation
from django.db import connections, router
from django.utils import timezone

from asmtp.accounts.backends import account_id, user_columns, user_from_row
from asmtp.db import hot_cursor


@cache
def _session_query(alias: str) -> str:
    from asmtp.security.models import SignedInSession

    quote = connections[alias].ops.quote_name
    user = get_user_model()
    select, _names, _converters = user_columns(alias, prefix="u.")
    # Only table and column names are formatted in; the key and the time are query parameters.
    return (
        f"SELECT s.session_data, {select} FROM {quote(SignedInSession._meta.db_table)} s "  # noqa: S608
        f"LEFT JOIN {quote(user._meta.db_table)} u ON u.{quote(str(user._meta.pk.column))} = s.user_id "
        "WHERE s.session_key = %s AND s.expire_date > %s"
    )


def account_id_in(data: dict[str, Any]) -> Any:
    """The account a session's data is signed in as, or None."""
    return account_id(data.get(SESSION_KEY))


class SessionStore(DatabaseSessionStore):
    signed_in_user: Any = None  # the user row read with this session (as it was then), or None

    @classmethod
    def get_model_class(cls) -> Any:
        from asmtp.security.models import SignedInSession

        return SignedInSession

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        instance = super().create_model_instance(data)
        instance.user_id = account_id_in(data)
        return instance

    def _get_session_from_db(self) -> Any:
        model = self.model
        alias = router.db_for_read(model)
        connection = connections[alias]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.signed_in_user = None
        try:
            with hot_cursor(connection) as cursor:
                cursor.execute(_session_query(alias), [self.session_key, now])
                row = cursor.fetchone()
        except SuspiciousOperation as error:  # pragma: no cover — mirrors Django's backend
            logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
            row = None
        if row is None:
            self._session_key = None
            return None
        if row[1] is not None:  # the join found the account
            self.signed_in_user = user_from_row(alias, row[1:])
        return model(session_key=str(self.session_key), session_data=row[0])
