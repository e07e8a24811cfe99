"""Django's PostgreSQL backend, with a health check that costs no round trip while the link is sound.

Persistent connections (CONN_MAX_AGE) must not be reused after PostgreSQL restarted or a network
link was cut, so Django's CONN_HEALTH_CHECKS sends ``SELECT 1`` before the first query of every
request. On the case-status API that is one round trip in four, for nothing on a healthy server.

Here the check first asks the operating system whether the idle connection's socket has
anything to read. An idle connection is sent nothing while the server is well: a server that
restarts, a backend that is terminated, or a link that is cut leaves the socket readable (an
error message or end-of-file). Only then is Django's ``SELECT 1`` run, and the connection closed
if it fails, so the request opens a new one. A server that vanishes without a word (a host gone
without a reset) is not seen here: the request's first query fails, it answers 503 (see
asmtp.web.middleware), and Django closes the broken connection after that request, as before.

`prepared_cursor()` is for the few fixed queries every request runs (`asmtp.db.hot_cursor`): Django
binds parameters on the client, so PostgreSQL parses and plans each query afresh; a cursor that
binds them on the server and prepares them (psycopg keeps up to 100 prepared statements per
connection) lets PostgreSQL skip both, and the status query then costs it a fifth of the time.
Django turns psycopg's preparing off (`prepare_threshold` None), for connection poolers in
transaction mode that cannot follow prepared statements (PgBouncer before 1.21). Here the threshold
is set so high that nothing is prepared unless asked, and only these few queries ask; behind such
a pooler, set `max_prepared_statements` in PgBouncer, or set `prepare_threshold` to None in the
database OPTIONS, which this backend then respects and prepares nothing.
"""

from __future__ import annotations

import select
import sys
from typing import Any

from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLDatabaseWrapper
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.postgresql.operations import DatabaseOperations as PostgreSQLOperations
from psycopg import errors


class PreparingCursor(ServerBindingCursor):
    """Binds on the server and prepares every statement it runs (psycopg caches them per connection)."""

    def execute(self, query: Any, params: Any = None, *, prepare: bool | None = None, binary: bool | None = None) -> Any:
        return super().execute(query, params, prepare=True if prepare is None else prepare, binary=binary)


class DatabaseOperations(PostgreSQLOperations):
    def last_executed_query(self, cursor: Any, sql: str, params: Any) -> str | None:
        """A prepared statement's text is not kept by psycopg; compose it as Django does for
        server-side binding, so query logs and captured queries still show it."""
        if isinstance(cursor, PreparingCursor):
            try:
                return str(self.compose_sql(sql, params))
            except errors.DataError:
                return None
        return super().last_executed_query(cursor, sql, params)


class DatabaseWrapper(PostgreSQLDatabaseWrapper):
    ops_class = DatabaseOperations

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        if "prepare_threshold" not in self.settings_dict["OPTIONS"]:
            connection.prepare_threshold = sys.maxsize  # never on its own: only what asks (PreparingCursor)
        return connection

    def close_if_health_check_failed(self) -> None:
        if self.connection is None or not self.health_check_enabled or self.health_check_done:
            return
        if self._socket_has_news() and not self.is_usable():
            self.close()
        self.health_check_done = True

    def _socket_has_news(self) -> bool:
        """True if the idle connection's socket is readable (or unreadable): something happened to it."""
        try:
            readable, _, broken = select.select([self.connection.fileno()], [], [self.connection.fileno()], 0)
        except (OSError, ValueError):  # the descriptor is gone already
            return True
        return bool(readable or broken)

    def prepared_cursor(self) -> Any:
        """As `cursor()` (health check, connection, Django's wrappers and query log), but each
        statement is prepared on the server once per connection and reused after."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            return self._prepare_cursor(PreparingCursor(self.connection))
