"""The SQLite backend queues writers on a lock file beside the database (asmtp.db.sqlite3).

Each test opens its own connections to a database file of its own, so the writers here are real
SQLite connections taking real locks, in threads as a gunicorn worker's would."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections, transaction

from asmtp.db.sqlite3.base import DatabaseWrapper

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connections["default"].vendor != "sqlite", reason="tests the SQLite backend; CI's SQLite pass runs them"),
]


def _settings(path: Path, timeout: float = 5) -> dict[str, Any]:
    settings = dict(connections["default"].settings_dict)
    settings["NAME"] = str(path)
    settings["OPTIONS"] = {**settings["OPTIONS"], "timeout": timeout}
    return settings


class _Writer:
    """A connection registered under its own alias in this thread, so `transaction.atomic` uses it."""

    def __init__(self, path: Path, alias: str, timeout: float = 5) -> None:
        self.alias = alias
        self.wrapper = DatabaseWrapper(_settings(path, timeout), alias=alias)
        connections[alias] = self.wrapper

    def atomic(self) -> Any:
        return transaction.atomic(using=self.alias)

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self.wrapper.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def close(self) -> None:
        self.wrapper.close()
        del connections[self.alias]


def _turn_is_taken(database: Path) -> bool:
    fd = os.open(f"{database}-writers", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing the descriptor also releases a lock it took
    return False


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "writers.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE t (n INTEGER)")
    yield path


def test_a_second_writer_starts_only_after_the_first_commits_and_then_sees_its_row(database):
    first = _Writer(database, "first")
    entered, seen, failed = threading.Event(), [], []

    def second_writer() -> None:
        writer = _Writer(database, "second")
        try:
            with writer.atomic():
                entered.set()
                seen.extend(writer.execute("SELECT n FROM t"))
                writer.execute("INSERT INTO t VALUES (2)")
        except Exception as exc:  # reported to the test below, never swallowed
            failed.append(exc)
        finally:
            writer.close()

    try:
        with first.atomic():
            first.execute("INSERT INTO t VALUES (1)")
            thread = threading.Thread(target=second_writer)
            thread.start()
            assert not entered.wait(0.3), "the second writer began while the first held its turn"
            assert _turn_is_taken(database)
        thread.join(10)
        assert not failed, failed
        assert entered.is_set() and seen == [(1,)]
        assert first.execute("SELECT n FROM t ORDER BY n") == [(1,), (2,)]
    finally:
        first.close()


def test_a_rolled_back_transaction_gives_up_its_turn(database):
    writer = _Writer(database, "rolls_back")
    try:
        with pytest.raises(ZeroDivisionError), writer.atomic():
            writer.execute("INSERT INTO t VALUES (1)")
            1 / 0  # noqa: B018 - the failure that rolls the transaction back
        assert not _turn_is_taken(database)
        assert writer.execute("SELECT count(*) FROM t") == [(0,)]
    finally:
        writer.close()


def test_a_writer_that_waits_past_its_timeout_goes_on_to_sqlites_own_lock(database):
    """A turn held by something that is not writing (a stuck process) does not stop writers for ever."""
    held = os.open(f"{database}-writers", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(held, fcntl.LOCK_EX)
    writer = _Writer(database, "impatient", timeout=0.2)
    try:
        with writer.atomic():
            writer.execute("INSERT INTO t VALUES (3)")
        assert writer.execute("SELECT n FROM t") == [(3,)]
    finally:
        writer.close()
        os.close(held)


def test_a_program_that_does_not_know_the_file_is_still_kept_out_by_sqlite(database):
    writer = _Writer(database, "holder")
    try:
        with writer.atomic():
            writer.execute("INSERT INTO t VALUES (1)")
            shell = sqlite3.connect(database, timeout=0, isolation_level=None)
            try:
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    shell.execute("BEGIN IMMEDIATE")
            finally:
                shell.close()
    finally:
        writer.close()


def test_an_in_memory_database_needs_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    writer = _Writer(Path(":memory:"), "memory")
    try:
        with writer.atomic():
            writer.execute("CREATE TABLE m (n INTEGER)")
        assert list(tmp_path.iterdir()) == []
    finally:
        writer.close()
