"""Querysets of a fixed shape whose SQL Django builds once per connection, then runs with new values.

Building the SQL of a queryset is most of what reading one row through the ORM costs: for a case
(39 columns) Django spends about 0.4 ms of CPU composing the SELECT and 0.05 ms running it on
SQLite. The write path reads the same few shapes again and again (the applicant's own case, the
case locked for an action, a draft by its form key), each time with other values.

`CompiledQuery` asks the ORM for the SQL once per database connection, with a marker in place of
each value, notes where each marker landed among the parameters, and from then on executes that
SQL with the values of the call. Rows become model instances the way the ORM makes them:
through the converters the ORM chose for each column and `Model.from_db`. Only querysets over one
model's own columns qualify (`only()` is fine; `select_related` and annotations are not); any
other shape, and any value that does not reach the SQL as it was given, is refused when the
query is first built rather than run wrongly.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.transaction import TransactionManagementError

from asmtp.db import hot_cursor

M = TypeVar("M", bound=Model)


class _Marker:
    """Values that cannot occur in real data, one per argument, of the argument's type."""

    @staticmethod
    def of(kind: type, position: int) -> Any:
        if kind is int:
            return -(2**62) + position
        if kind is str:
            return f"\x00compiled-query-argument-{position}"
        raise TypeError(f"CompiledQuery arguments must be int or str, not {kind.__name__}")


class _Built:
    """One connection's SQL for the query, where each argument goes, and how rows are read."""

    def __init__(self, queryset: QuerySet[Any], markers: dict[str, Any], alias: str) -> None:
        compiler = queryset.query.get_compiler(alias)
        self.sql, params = compiler.as_sql()
        if compiler.klass_info is None or compiler.klass_info.get("related_klass_infos") or compiler.annotation_col_map:
            raise ValueError("CompiledQuery takes plain querysets over one model's own columns")
        by_value = {value: name for name, value in markers.items()}
        self.slots: list[tuple[str | None, Any]] = [(by_value.get(param), param) for param in params]
        missing = set(markers) - {name for name, _ in self.slots if name is not None}
        if missing:
            raise ValueError(f"CompiledQuery: {sorted(missing)} did not reach the SQL unchanged")
        columns = [column for column, _sql, _alias in compiler.select]
        self.attnames = [column.target.attname for column in columns]
        self.converters = [(position, convs, expression) for position, (convs, expression) in compiler.get_converters(columns).items()]
        self.model = compiler.klass_info["model"]
        # The ORM refuses a locked read outside a transaction each time it builds one (its lock
        # would end with the statement); built once here, the same check is made on every run.
        self.locks = bool(queryset.query.select_for_update) and compiler.connection.features.has_select_for_update

    def params(self, values: dict[str, Any]) -> list[Any]:
        return [values[name] if name is not None else constant for name, constant in self.slots]


class CompiledQuery(Generic[M]):
    """``CompiledQuery(lambda pk, applicant_id: Application.objects.filter(...), pk=int, applicant_id=int)``."""

    def __init__(self, build: Callable[..., QuerySet[M]], **arguments: type) -> None:
        self.build = build
        self.markers = {name: _Marker.of(kind, position) for position, (name, kind) in enumerate(arguments.items())}
        self._built: weakref.WeakKeyDictionary[Any, _Built] = weakref.WeakKeyDictionary()

    def all(self, *, using: str = "default", **values: Any) -> list[M]:
        """Every row the queryset gives for these values, as model instances."""
        if values.keys() != self.markers.keys():
            raise TypeError(f"CompiledQuery takes exactly {sorted(self.markers)}")
        connection = connections[using]
        built = self._built.get(connection)
        if built is None:
            built = self._built[connection] = _Built(self.build(**self.markers), self.markers, using)
        if built.locks and connection.get_autocommit():
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        with hot_cursor(connection) as cursor:
            cursor.execute(built.sql, built.params(values))
            rows = cursor.fetchall()
        instances = []
        for fetched in rows:
            row = list(fetched)
            for position, convs, expression in built.converters:
                for convert in convs:
                    row[position] = convert(row[position], expression, connection)
            instances.append(built.model.from_db(using, built.attnames, row))
        return instances

    def first(self, *, using: str = "default", **values: Any) -> M | None:
        """The first row's instance, or None (the queryset decides the order and any LIMIT)."""
        rows = self.all(using=using, **values)
        return rows[0] if rows else None
