"""Database backends: Django's own, with the changes the service needs (see each module)."""

from __future__ import annotations

from typing import Any


def hot_cursor(connection: Any) -> Any:
    """A cursor for one of the few fixed queries run on every request or every change (the session
    with its user, the case-status API, the audit chain's lock and head). On PostgreSQL each
    statement is prepared on its first run on a connection and reused after, so PostgreSQL stops
    parsing and planning it again: for the status query that is four fifths of the server's time.
    Elsewhere, a plain cursor."""
    prepared = getattr(connection, "prepared_cursor", None)
    return prepared() if prepared is not None else connection.cursor()
