"""Django's PostgreSQL health check between requests (CONN_HEALTH_CHECKS): a sound connection is reused,
and one the server ended is replaced before the next request uses it.

Requests are played as Django plays them: `close_if_unusable_or_obsolete()` when one ends (the
request_finished signal), then the next request's first query.
"""

from __future__ import annotations

import time

import psycopg
import pytest
from django.db import connection

from tests.processes import database_url_of, require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only(settings):
    require_postgresql(settings.DATABASES["default"], "the PostgreSQL connection health check")


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def next_request() -> None:
    connection.close_if_unusable_or_obsolete()  # what Django does when a request ends


@pytest.fixture
def select_one_checks(monkeypatch):
    """How many times Django's SELECT 1 check ran (observed, not replaced: the real check runs)."""
    calls = []
    real = connection.is_usable

    def counting() -> bool:
        calls.append(1)
        return real()

    monkeypatch.setattr(connection, "is_usable", counting)
    return calls


def test_a_sound_connection_is_reused_from_one_request_to_the_next(select_one_checks):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] and connection.settings_dict["CONN_MAX_AGE"]
    first = backend_pid()
    for _ in range(5):
        next_request()
        assert backend_pid() == first
    assert len(select_one_checks) == 5  # Django's SELECT 1, once at the start of each request


def test_a_connection_the_server_ended_is_replaced_before_the_next_request_uses_it(settings, select_one_checks):
    lost = backend_pid()
    next_request()
    with psycopg.connect(database_url_of(settings.DATABASES["default"]), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [lost])
        deadline = time.monotonic() + 10
        while other.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [lost]).fetchone()[0] and time.monotonic() < deadline:
            time.sleep(0.01)
    found = backend_pid()  # no error: the dead connection was closed and a new one opened
    assert found != lost
    assert select_one_checks == [1]  # Django's check ran, failed, and the connection was replaced
