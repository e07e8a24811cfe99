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
"""

from __future__ import annotations

import select

from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLDatabaseWrapper


class DatabaseWrapper(PostgreSQLDatabaseWrapper):
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
