"""Helpers for tests that start real service processes against the test database."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


def database_url_of(db: dict[str, Any]) -> str:
    """A DATABASE_URL for another process to reach the database this test is using."""
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    return f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def require_postgresql(db: dict[str, Any], what: str) -> None:
    """Skip, saying so loudly, a test of what only PostgreSQL has (several processes, its own
    connections) when the suite runs on SQLite."""
    import pytest

    if not db["ENGINE"].endswith("postgresql"):
        pytest.skip(f"SKIPPED, NOT PASSED: {what} needs PostgreSQL; "
                    "set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run it")


def all_at_once(count: int, action: Callable[[], None], *, wait: float = 60) -> list[BaseException]:
    """Run `action` in `count` threads released together (each with its own database connection,
    closed afterwards); every exception a thread raised, to be asserted on."""
    from django.db import connections

    start = threading.Barrier(count)
    failures: list[BaseException] = []

    def run() -> None:
        try:
            start.wait(wait)
            action()
        except BaseException as exc:  # reported to the test, never swallowed
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(wait * 2)
    return failures
