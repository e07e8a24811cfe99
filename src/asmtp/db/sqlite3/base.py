"""Django's SQLite backend, with writers taking turns through a lock file rather than SQLite's busy handler.

SQLite has one writer at a time. A writer that finds the database locked is put to sleep by
SQLite's busy handler for 1, 2, 5, 10, 15 ... ms before it looks again, however soon the lock
is free: with two processes submitting applications, each spent about half its time asleep while
the write transactions it waited for lasted about a millisecond each.

Here every write transaction (Django's IMMEDIATE ``BEGIN``) first takes an exclusive `flock` on
a file beside the database (``<name>-writers``), looking again every 50 to 100 µs, so a writer starts within moments of the previous one's commit. SQLite's own
locking is unchanged underneath: a program that does not know the file (the ``sqlite3`` shell, a
backup) is still kept out by SQLite's lock, and waits for it as before. A writer that has not had
its turn within the connection's timeout goes on to SQLite's busy handler, which then fails it
with "database is locked" as it would have done. The lock is released with the transaction
(commit or rollback), and by the kernel if the process dies.
"""

from __future__ import annotations

import fcntl
import os
import time

from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper

FIRST_WAIT = 0.00005
LONGEST_WAIT = 0.0001


class DatabaseWrapper(SQLiteDatabaseWrapper):
    _writers_fd: int | None = None
    _writer_turn = False

    def _writers_file(self) -> str | None:
        if self.is_in_memory_db():
            return None
        return f"{self.settings_dict['NAME']}-writers"

    def _take_writer_turn(self) -> None:
        if self._writers_fd is None:
            path = self._writers_file()
            if path is None:
                return
            self._writers_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
        wait = FIRST_WAIT
        while True:
            try:
                fcntl.flock(self._writers_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return  # SQLite's busy handler decides from here
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)
            else:
                self._writer_turn = True
                return

    def _end_writer_turn(self) -> None:
        if self._writer_turn and self._writers_fd is not None:
            self._writer_turn = False
            fcntl.flock(self._writers_fd, fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self) -> None:
        self._take_writer_turn()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._end_writer_turn()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._end_writer_turn()

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._end_writer_turn()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            self._end_writer_turn()
            if self._writers_fd is not None:
                os.close(self._writers_fd)
                self._writers_fd = None
