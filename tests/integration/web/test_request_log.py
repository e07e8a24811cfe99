"""The service's logs: one structured line per request, JSON in production, job lines at DEBUG."""

from __future__ import annotations

import io
import json
import logging

import pytest
import structlog

from asmtp.jobs.mail import queue_email
from asmtp.logs import logging_settings
from asmtp.web.request_log import user_hash

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    """What the access logger writes, formatted as production formats it (JSON lines)."""
    options = dict(logging_settings(json_lines=True, level="INFO")["formatters"]["structured"])
    formatter_class = options.pop("()")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter_class(**options))
    logger = logging.getLogger("asmtp.access")
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)


def test_a_page_request_is_logged_as_one_json_line_with_its_request_id_view_status_and_duration(client, applicant, json_log):
    client.force_login(applicant)
    response = client.get("/en/portal/", HTTP_X_REQUEST_ID="lb-7f3a9c21d4e5")
    assert response.status_code == 200
    assert response["X-Request-ID"] == "lb-7f3a9c21d4e5"
    (line,) = json_log()
    assert line["event"] == "request" and line["level"] == "info" and line["logger"] == "asmtp.access"
    assert line["request_id"] == "lb-7f3a9c21d4e5"
    assert (line["method"], line["path"], line["view"], line["status"]) == ("GET", "/en/portal/", "portal:dashboard", 200)
    assert isinstance(line["duration_ms"], float) and "timestamp" in line
    # The user is a keyed pseudonym: stable, but neither the id nor the e-mail address.
    assert line["user"] == user_hash(applicant.pk) and len(line["user"]) == 16
    assert str(applicant.pk) != line["user"] and applicant.email not in json.dumps(line)


def test_a_request_without_a_plausible_request_id_gets_a_new_one(client, json_log):
    response = client.get("/en/", HTTP_X_REQUEST_ID="<script>")
    (line,) = json_log()
    assert line["request_id"] == response["X-Request-ID"] != "<script>"
    assert len(line["request_id"]) == 32 and line["user"] is None


def test_health_probes_are_logged_at_debug_only(client, json_log):
    client.get("/healthz")
    client.head("/readyz")
    assert json_log() == []


def test_logging_a_request_costs_no_query_of_its_own(client, applicant, settings, json_log):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(applicant)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/ping").status_code == 200
        return len(captured)

    queries()  # the first request after signing in does a session's one-off work
    logged = queries()
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("RequestLogMiddleware")]
    assert queries() == logged
    assert json_log()[-1]["user"] == user_hash(applicant.pk)  # the user the request had read anyway


def test_nothing_bound_to_the_logs_for_one_request_is_left_for_the_next(client, json_log):
    structlog.contextvars.bind_contextvars(request_id="left-over-from-before", user="someone")
    client.get("/en/", HTTP_X_REQUEST_ID="req-0123456789")
    assert json_log()[0]["request_id"] == "req-0123456789"
    assert structlog.contextvars.get_contextvars() == {}


@pytest.mark.django_db(transaction=True)
def test_the_worker_logs_each_job_it_runs_at_debug_not_info(caplog):
    from django.core.management import call_command

    queue_email(["ops@example.hk"], "subject", "body")
    with caplog.at_level(logging.DEBUG):
        # As `asmtp worker` runs it (default verbosity, which sets the task logger to INFO).
        call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, queue_name="*")
    job_lines = [r for r in caplog.records if r.name.startswith("django_tasks") and "state=" in r.getMessage()]
    assert {r.getMessage().rsplit("state=", 1)[1] for r in job_lines} == {"RUNNING", "SUCCESSFUL"}
    assert {r.levelname for r in job_lines} == {"DEBUG"}
