"""Password sign-in against the accounts table, with a cheaper read of the signed-in user.

Every signed-in request loads its user by primary key. Django's `ModelBackend.get_user` builds an
ORM query for it each time, which costs more than the query itself; `AccountBackend` reads the same
row with SQL written once per connection vendor and turns it into a `User` through the same
converters the ORM applies. Authentication and permissions are `ModelBackend`'s, unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router

ACCOUNT_BACKEND = "asmtp.accounts.backends.AccountBackend"

Converter = Callable[[Any, Any, Any], Any]


@cache
def _user_query(alias: str) -> tuple[str, list[str], list[tuple[Any, list[Converter]]]]:
    """The SELECT of one user by id, the attribute names, and each column's converters."""
    model = get_user_model()
    connection = connections[alias]
    fields = list(model._meta.concrete_fields)
    quote = connection.ops.quote_name
    table = model._meta.db_table
    sql = (
        f"SELECT {', '.join(quote(str(f.column)) for f in fields)} FROM {quote(table)} "  # noqa: S608 — names only
        f"WHERE {quote(str(model._meta.pk.column))} = %s"
    )
    converters = []
    for field in fields:
        column = field.get_col(table)
        converters.append((column, [*connection.ops.get_db_converters(column), *field.get_db_converters(connection)]))
    return sql, [f.attname for f in fields], converters


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user_id = model._meta.pk.to_python(user_id)
        except ValidationError:  # a session holding something that is not an id holds no user
            return None
        alias = router.db_for_read(model)
        connection = connections[alias]
        sql, names, converters = _user_query(alias)
        with connection.cursor() as cursor:
            cursor.execute(sql, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        values = []
        for value, (column, steps) in zip(row, converters, strict=True):
            for convert in steps:
                value = convert(value, column, connection)
            values.append(value)
        user = model.from_db(alias, names, values)
        return user if self.user_can_authenticate(user) else None
