"""Database sessions with the signed-in account as a column, read together with its user.

Every signed-in request reads its session and then its user. Django's database backend reads the
session through the ORM (`Session.objects.get(...)`), whose query building costs several times
the query itself, and the user with a second query. This store keeps sessions in
`SignedInSession` (Django's session row plus the account's id, written from the session's data on
every save) and reads the session and its user's row in one hand-written join; the account backend
takes that user (`asmtp.accounts.backends.reading_user_with`). Writing, creating, deleting and
expiry are Django's backend unchanged.

A view read on every refresh of a phone app (the case-status API) may also ask for its own row in
that same query: decorated with `reads_with_session`, it names a SELECT whose first column is the
account the row belongs to, and `SessionMiddleware` hands it to the session before anything reads
the session, so every middleware keeps its place and its checks. The row is joined on the
session's account column, so a view takes it only for the account Django's checks signed in
(`SessionStore.row_read_for`); in any other case it runs its own query, as it would without this.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.exceptions import SuspiciousOperation
from django.db import connections, router
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone

from asmtp.accounts.backends import account_id, user_columns, user_from_row
from asmtp.db import hot_cursor


class ReadWithSession(NamedTuple):
    """A view's own read, run in its session's query: ``sql`` is a SELECT whose first column,
    named ``account_id``, is the account each row belongs to; ``params`` are its parameters."""

    sql: str
    params: Sequence[Any]


# What `SessionStore.row_read_for` answers when the view's read did not run with the session.
NOT_READ: Any = object()


@cache
def _session_query(alias: str, read: str | None = None) -> str:
    from asmtp.security.models import SignedInSession

    quote = connections[alias].ops.quote_name
    user = get_user_model()
    select, _names, _converters = user_columns(alias, prefix="u.")
    # Only table and column names and the view's own fixed SQL are formatted in; the key, the
    # time and the view's values are query parameters.
    return (
        f"SELECT s.session_data, {select}{', r.*' if read else ''} FROM {quote(SignedInSession._meta.db_table)} s "  # noqa: S608
        f"LEFT JOIN {quote(user._meta.db_table)} u ON u.{quote(str(user._meta.pk.column))} = s.user_id "
        + (f"LEFT JOIN ({read}) r ON r.account_id = s.user_id " if read else "")
        + "WHERE s.session_key = %s AND s.expire_date > %s"
    )


def account_id_in(data: dict[str, Any]) -> Any:
    """The account a session's data is signed in as, or None."""
    return account_id(data.get(SESSION_KEY))


def reads_with_session(read: Callable[..., ReadWithSession | None]) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Mark a view whose own read runs in its session's query; ``read`` takes the view's URL
    arguments and gives the read, or None for arguments it would not look up."""

    def mark(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        view.read_with_session = read  # type: ignore[attr-defined]
        return view

    return mark


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware; it also gives the session the read its view asks for
    (`reads_with_session`) before any middleware after it reads the session.

    Only signed-in requests under ``settings.ASMTP_READS_WITH_SESSION_UNDER`` are looked at: the
    middleware resolves their path once more to find the view (Django resolves it again after
    the middleware), which costs far less than the query it saves, and nothing elsewhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        super().__init__(get_response)
        # Read once: this runs on every request, ping included.
        self.reads_under = getattr(settings, "ASMTP_READS_WITH_SESSION_UNDER", None)
        self.cookie_name = settings.SESSION_COOKIE_NAME

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        under = self.reads_under
        if not under or not request.path_info.startswith(under) or self.cookie_name not in request.COOKIES:
            return
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return
        read = getattr(match.func, "read_with_session", None)
        if read is not None and isinstance(request.session, SessionStore):
            request.session.read_with = read(**match.kwargs)


class SessionStore(DatabaseSessionStore):
    signed_in_user: Any = None  # the user row read with this session (as it was then), or None
    read_with: ReadWithSession | None = None  # a view's own read, to run in the session's query
    _read_row: Any = NOT_READ  # (the session's account column, the view's row or None), once read

    @classmethod
    def get_model_class(cls) -> Any:
        from asmtp.security.models import SignedInSession

        return SignedInSession

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        instance = super().create_model_instance(data)
        instance.user_id = account_id_in(data)
        return instance

    def row_read_for(self, account_id: Any) -> Any:
        """The view's row read with this session if it belongs to ``account_id`` (None if the
        read found nothing for that account), or `NOT_READ` if the view must read it itself."""
        read = self._read_row
        if read is NOT_READ or account_id is None or read[0] != account_id:
            return NOT_READ
        return read[1]

    def load(self) -> dict[str, Any]:
        data = self._session_data_from_db()
        return self.decode(data) if data is not None else {}

    def _session_data_from_db(self) -> str | None:
        """The session's stored data, keeping the user (and the view's row) read with it."""
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        read = self.read_with
        self.signed_in_user = None
        self._read_row = NOT_READ
        try:
            with hot_cursor(connection) as cursor:
                cursor.execute(_session_query(alias, read.sql if read else None), [*(read.params if read else ()), self.session_key, now])
                row = cursor.fetchone()
        except SuspiciousOperation as error:  # pragma: no cover — mirrors Django's backend
            logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
            row = None
        if row is None:
            self._session_key = None
            return None
        width = len(user_columns(alias)[1])
        if row[1] is not None:  # the join found the account
            self.signed_in_user = user_from_row(alias, row[1 : 1 + width])
        if read is not None:
            found = row[1 + width :]
            account = self.signed_in_user.pk if self.signed_in_user is not None else None
            self._read_row = (account, found if found[0] is not None else None)
        return str(row[0])
