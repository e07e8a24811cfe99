"""Database sessions, read with one hand-written query.

Every signed-in request reads its session first. Django's database backend reads it through the
ORM (`Session.objects.get(...)`), whose query building costs several times the query itself; this
store reads the same row with a prepared statement's worth of SQL and leaves everything else
(writing, creating, deleting, expiry, `end_sessions_of`) to Django's backend unchanged, so the
sessions stay in the same table and the same format.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Any:
        model = self.model
        connection = connections[router.db_for_read(model)]
        table = connection.ops.quote_name(model._meta.db_table)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608 — table name only
                    [self.session_key, now],
                )
                row = cursor.fetchone()
        except SuspiciousOperation as error:  # pragma: no cover — mirrors Django's backend
            logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
            row = None
        if row is None:
            self._session_key = None
            return None
        return model(session_key=str(self.session_key), session_data=row[0])
