"""The database going away mid-request: a clear 503, never a half-written case, and recovery
by itself when the database returns.

A real gunicorn server (threads, persistent connections with health checks, as configured for
production) reaches PostgreSQL only through a TCP proxy on 127.0.0.1 that the test cuts: every
connection through it breaks and new ones are refused. The server is never restarted: the same
process must answer 200 again once the proxy listens again.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
import urllib.parse

import psycopg
import pytest

from tests.processes import database_url_of, require_postgresql
from tests.security.cuttable_proxy import CuttableProxy
from tests.security.server_process import Answer, WebServer, request, service_environment, signed_in_session

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

OUTAGE_SENTENCES = (
    "The service is temporarily unavailable",
    "服务暂时无法使用",
    "服務暫時無法使用",
)
AUDIT_CHAIN_LOCK = 7_461_207  # asmtp.audit.services: taken after the case row and its event are written


@pytest.fixture(scope="module")
def proxied_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """A web server whose only way to the database is a CuttableProxy; yields (server, proxy)."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    require_postgresql(db, "the database-goes-away test (a server behind a TCP proxy)")
    proxy = CuttableProxy(db.get("HOST") or "127.0.0.1", int(db.get("PORT") or 5432))
    proxy.start()
    url = database_url_of({**db, "HOST": "127.0.0.1", "PORT": proxy.port})
    folder = tmp_path_factory.mktemp("database-goes-away")
    server = WebServer(service_environment(url, folder), folder / "gunicorn.log", threads=4)
    with django_db_blocker.unblock():
        server.start()
    try:
        yield server, proxy
    finally:
        server.stop()
        proxy.cut()


def direct_connection() -> psycopg.Connection:
    """A connection of the test's own to PostgreSQL, around the proxy."""
    from django.conf import settings

    return psycopg.connect(database_url_of(settings.DATABASES["default"]), autocommit=True)


def wait_for(condition, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def submission_form(case) -> str:
    return urllib.parse.urlencode({"idempotency_key": case.idempotency_key, "declaration": "on"})


def submit(server: WebServer, session: str, case) -> Answer:
    return request(
        server.port,
        "POST",
        f"/en/portal/applications/{case.pk}/review/",
        session=session,
        form=submission_form(case),
        headers={"Idempotency-Key": f"submit-{case.idempotency_key}"},
    )


def assert_outage_page(answer: Answer) -> None:
    assert answer.status == 503, answer.text[:500]
    assert answer.headers["retry-after"] == "30"
    assert answer.headers["content-type"].startswith("text/html")
    for sentence in OUTAGE_SENTENCES:
        assert sentence in answer.text


def assert_submitted_exactly_once(case_ids) -> None:
    from asmtp.audit.models import AuditEntry
    from asmtp.cases.models import Application, CaseEvent, Letter

    for case_id in case_ids:
        case = Application.objects.get(pk=case_id)
        assert case.status == "submitted" and re.fullmatch(r"ASMTP-\d{4}-\d{6}", case.reference or "")
        assert CaseEvent.objects.filter(application_id=case_id, action="submit").count() == 1
        assert Letter.objects.filter(application_id=case_id, kind="acknowledgement").count() == 1
        assert AuditEntry.objects.filter(action="case.submit", object_id=str(case_id)).count() == 1


def assert_untouched_draft(case_id: int) -> None:
    from asmtp.audit.models import AuditEntry
    from asmtp.cases.models import Application, CaseEvent, Letter

    case = Application.objects.get(pk=case_id)
    assert (case.status, case.reference, case.submitted_at, case.pledge_due_on) == ("draft", None, None, None)
    assert not CaseEvent.objects.filter(application_id=case_id).exists()
    assert not Letter.objects.filter(application_id=case_id).exists()
    assert not AuditEntry.objects.filter(action="case.submit", object_id=str(case_id)).exists()


def test_a_submission_cut_off_inside_its_transaction_leaves_a_draft_and_the_same_server_recovers(
    proxied_server, applicant
):
    from asmtp.audit.services import verify_audit_chain
    from asmtp.security.models import IdempotencyRecord
    from tests.integration.portal.factories import ready_to_submit

    server, proxy = proxied_server
    pids = (server.process.pid, server.worker_pids())
    first, second = ready_to_submit(applicant), ready_to_submit(applicant)
    session = signed_in_session(applicant)
    assert request(server.port, "GET", "/en/portal/", session=session).status == 200

    # Hold the audit chain's lock, so the submission stops inside its transaction after it has
    # written the case row and its event; then cut the database away under it.
    with direct_connection() as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", [AUDIT_CHAIN_LOCK])
        answers: list[Answer] = []
        in_flight = threading.Thread(target=lambda: answers.append(submit(server, session, first)))
        in_flight.start()
        waiting = wait_for(
            lambda: holder.execute(
                "SELECT pid, backend_xid IS NOT NULL FROM pg_stat_activity WHERE wait_event = 'advisory' AND pid <> pg_backend_pid()"
            ).fetchone(),
            "the submission to wait on the audit chain's lock",
        )
        backend, has_written = waiting
        assert has_written, "the submission had not written anything yet: the cut would prove nothing"
        proxy.cut()
        in_flight.join(timeout=60)
        holder.execute("SELECT pg_advisory_unlock(%s)", [AUDIT_CHAIN_LOCK])
        wait_for(
            lambda: not holder.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [backend]).fetchone(),
            "PostgreSQL to end the cut-off session",
        )
    assert_outage_page(answers[0])
    assert_untouched_draft(first.pk)

    # While the database is away: pages, the API and submissions all answer 503 at connect time.
    assert_outage_page(request(server.port, "GET", "/en/portal/", session=session))
    assert_outage_page(request(server.port, "GET", "/zh-hant/portal/", session=session))
    assert_outage_page(submit(server, session, second))
    api = request(server.port, "GET", "/api/v1/cases/ASMTP-2026-000001/status", session=session)
    assert api.status == 503 and api.headers["content-type"] == "application/json"
    assert '"database_unavailable"' in api.text and api.headers["retry-after"] == "30"
    assert_untouched_draft(second.pk)
    # The load balancer sees the node alive but not ready, and why; nothing is checked that needs the database.
    assert request(server.port, "HEAD", "/healthz").status == 200
    ready = request(server.port, "GET", "/readyz")
    assert ready.status == 503 and ready.headers["content-type"] == "application/json"
    assert json.loads(ready.body)["failing"] == ["database"]
    assert json.loads(ready.body)["checks"]["jobs"]["detail"] == "not checked: the database cannot be reached"

    # The database returns: the same processes serve again, and the retries submit each case once.
    proxy.restore()
    answers = [request(server.port, "GET", "/en/portal/", session=session).status for _ in range(8)]
    assert answers == [200] * 8
    assert request(server.port, "GET", "/readyz").status == 200
    assert (server.process.pid, server.worker_pids()) == pids
    for case in (first, second):
        retried = submit(server, session, case)
        assert retried.status == 302 and retried.headers["location"] == f"/en/portal/applications/{case.pk}/"
    assert_submitted_exactly_once([first.pk, second.pk])
    assert not IdempotencyRecord.objects.filter(completed_at__isnull=True).exists()
    assert verify_audit_chain()[1] == []


def test_requests_in_flight_when_the_database_goes_away_get_503_never_500_and_retries_submit_once(
    proxied_server, applicant
):
    from asmtp.audit.services import verify_audit_chain
    from asmtp.cases.models import Application
    from tests.integration.portal.factories import ready_to_submit

    server, proxy = proxied_server
    drafts = [ready_to_submit(applicant) for _ in range(6)]
    session = signed_in_session(applicant)
    statuses: list[tuple[str, int, str]] = []

    def load(path: str) -> None:
        answer = request(server.port, "GET", path, session=session)
        statuses.append((path, answer.status, answer.headers.get("content-type", "")))

    def send(case) -> None:
        answer = submit(server, session, case)
        statuses.append(("submit", answer.status, answer.headers.get("content-type", "")))

    threads = [threading.Thread(target=send, args=(case,)) for case in drafts] + [
        threading.Thread(target=load, args=(path,))
        for path in ["/en/portal/", "/zh-hans/portal/", "/api/v1/cases/ASMTP-2026-000001/status"] * 3
    ]
    for thread in threads:
        thread.start()
    time.sleep(random.uniform(0.05, 0.5))
    proxy.cut()
    for thread in threads:
        thread.join(timeout=60)
    cut_off = [(what, status) for what, status, _ in statuses if status == 503]
    proxy.restore()

    assert len(statuses) == len(threads)
    assert {status for _, status, _ in statuses} <= {200, 302, 404, 503}, statuses
    for what, status, content_type in statuses:
        if status == 503:
            assert content_type.startswith("application/json" if what.startswith("/api/") else "text/html")
    # Whatever the cut caught, each case is either submitted whole or still a draft...
    for case in drafts:
        if Application.objects.get(pk=case.pk).status == "draft":
            assert_untouched_draft(case.pk)
        else:
            assert_submitted_exactly_once([case.pk])
    # ...and the client's retries, with the same keys, submit each exactly once.
    for case in drafts:
        retried = submit(server, session, case)
        assert retried.status == 302, retried.text[:500]
    assert_submitted_exactly_once([case.pk for case in drafts])
    assert verify_audit_chain()[1] == []
    print(f"\ndatabase cut with {len(threads)} requests in flight: {len(cut_off)} answered 503 {cut_off}")
