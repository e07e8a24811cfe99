"""Test-wide set-up: PostgreSQL detection and personas (settings give tests their own data folder).

The suite runs on the embedded SQLite by default. With DATABASE_URL pointing at PostgreSQL
(as .ci/run does) every database test runs there; if that server cannot be reached the
database tests are skipped with a message naming it — never passed silently.
"""

from __future__ import annotations

import itertools
import os

import pytest

from tests.personas import *  # noqa: F403 — personas are fixtures every area shares


def _postgres_problem() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    try:
        import psycopg

        with psycopg.connect(url.replace("postgresql://", "postgres://", 1), connect_timeout=3):
            return None
    except Exception as exc:  # any failure to connect means: cannot run here
        return f"PostgreSQL at {url} is not reachable ({exc.__class__.__name__}: {str(exc).strip()[:120]})"


def pytest_report_header(config: pytest.Config) -> list[str]:
    from django.conf import settings

    db = settings.DATABASES["default"]
    return [f"asmtp: database {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or db['NAME']}, edition {settings.ASMTP_EDITION}"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    problem = _postgres_problem()
    if not problem:
        return
    skip = pytest.mark.skip(reason=f"SKIPPED, NOT PASSED: {problem}")
    for item in items:
        if "django_db" in item.keywords or "live_server" in getattr(item, "fixturenames", ()):
            item.add_marker(skip)
    config.stash[_PG_PROBLEM] = problem


_PG_PROBLEM = pytest.StashKey[str]()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config) -> None:
    problem = config.stash.get(_PG_PROBLEM, None)
    if problem:
        terminalreporter.write_line(f"WARNING: database tests were skipped: {problem}", red=True, bold=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """On PostgreSQL, let Django empty the audit table between tests: it does so with TRUNCATE,
    which the audit table's trigger refuses (tests/integration/audit enables it to test that)."""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_no_truncate")


_test_number = itertools.count()


@pytest.fixture(autouse=True)
def _audit_checkpoints_of_its_own(settings):
    """Each test has its own audit checkpoint key and log (ADR 0004): a checkpoint written by one
    test would not match the chain of the next one's database."""
    folder = settings.DATA_DIR / "audit-checkpoints" / str(next(_test_number))
    settings.ASMTP_AUDIT_KEYS_DIR = folder / "key"
    settings.ASMTP_AUDIT_CHECKPOINT_LOG = folder / "checkpoints.log"


@pytest.fixture(autouse=True)
def _language_starts_as_the_default():
    """Each test starts in the default language (en).

    Django's LocaleMiddleware activates a request's language and leaves it active on the
    thread, so a test-client request in one test would otherwise set the language of the next.
    """
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def run_jobs():
    """Run every queued background job in a real worker loop (the db_worker command, batch mode)."""
    from django.core.management import call_command

    def _run() -> None:
        call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, queue_name="*", verbosity=0)

    return _run
