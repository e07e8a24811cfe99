"""Database backends: Django's own, with the changes the service needs (see each module)."""

from __future__ import annotations

from typing import Any


def hot_cursor(connection: Any) -> Any:
    """A cursor for one of the few fixed queries run on every request (the session with its user,
    the case-status API). On PostgreSQL its statements are bound on the server, so after a few runs
    on a connection psycopg keeps them prepared there and PostgreSQL stops parsing and planning them
    again: for the status query that is a fifth of the server's time. Elsewhere, a plain cursor."""
    prepared = getattr(connection, "prepared_cursor", None)
    return prepared() if prepared is not None else connection.cursor()
