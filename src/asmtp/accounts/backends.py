"""Password sign-in against the accounts table, with a cheaper read of the signed-in user.

Every signed-in request loads its user by primary key. Django's `ModelBackend.get_user` builds an
ORM query for it each time, which costs more than the query itself; `AccountBackend` reads the same
row with SQL written once per connection vendor and turns it into a `User` through the same
converters the ORM applies. Better still, the session store reads the user's row in the same
query as the session (a join on the session's user column): while `django.contrib.auth.get_user`
runs for a request, `reading_user_with(session)` lets the backend take that row instead of asking
again. Authentication and permissions are `ModelBackend`'s, unchanged, and so is Django's check of
the session against the password hash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router

from asmtp.db import hot_cursor

ACCOUNT_BACKEND = "asmtp.accounts.backends.AccountBackend"

Converter = Callable[[Any, Any, Any], Any]

# The session being read for the current `get_user` call, if it fetched its user's row already.
_SESSION: ContextVar[Any] = ContextVar("asmtp_session_with_user", default=None)


@cache
def user_columns(alias: str, prefix: str = "") -> tuple[str, list[str], list[tuple[Any, list[Converter]]]]:
    """The user's columns as a SELECT list (each name after ``prefix``), the attribute names,
    and each column's converters, for the connection ``alias``."""
    model = get_user_model()
    connection = connections[alias]
    fields = list(model._meta.concrete_fields)
    quote = connection.ops.quote_name
    table = model._meta.db_table
    select = ", ".join(f"{prefix}{quote(str(f.column))}" for f in fields)
    converters = []
    for field in fields:
        column = field.get_col(table)
        converters.append((column, [*connection.ops.get_db_converters(column), *field.get_db_converters(connection)]))
    return select, [f.attname for f in fields], converters


@cache
def _user_query(alias: str) -> str:
    model = get_user_model()
    quote = connections[alias].ops.quote_name
    select, _names, _converters = user_columns(alias)
    return f"SELECT {select} FROM {quote(model._meta.db_table)} WHERE {quote(str(model._meta.pk.column))} = %s"  # noqa: S608 — names only


def user_from_row(alias: str, row: Sequence[Any]) -> Any:
    """A `User` from the values of `user_columns(alias)`, converted as the ORM would."""
    connection = connections[alias]
    _select, names, converters = user_columns(alias)
    values = []
    for value, (column, steps) in zip(row, converters, strict=True):
        for convert in steps:
            value = convert(value, column, connection)
        values.append(value)
    return get_user_model().from_db(alias, names, values)


def account_id(value: Any) -> Any:
    """``value`` as an account id, or None if it cannot be one (a session holding something else)."""
    try:
        return get_user_model()._meta.pk.to_python(value)
    except ValidationError:
        return None


@contextmanager
def reading_user_with(session: Any) -> Iterator[None]:
    """While this lasts, `AccountBackend.get_user` takes the user ``session`` read with itself."""
    token = _SESSION.set(session)
    try:
        yield
    finally:
        _SESSION.reset(token)


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user_id = account_id(user_id)
        if user_id is None:  # a session holding something that is not an id holds no user
            return None
        user = getattr(_SESSION.get(), "signed_in_user", None)
        if user is None or user.pk != user_id:
            user = self._read_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def _read_user(self, user_id: Any) -> Any:
        alias = router.db_for_read(get_user_model())
        with hot_cursor(connections[alias]) as cursor:
            cursor.execute(_user_query(alias), [user_id])
            row = cursor.fetchone()
        return None if row is None else user_from_row(alias, row)
