"""/healthz and /readyz as a load balancer and an operator use them, and HEAD wherever GET works."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from asmtp.evisa.signing_keys import current_signing_key, keys_folder
from asmtp.jobs.mail import queue_email

pytestmark = pytest.mark.django_db

BALANCER = {"HTTP_HOST": "10.0.3.17:8000"}  # a load balancer probes each node by its address


@pytest.fixture
def production_protections(settings):
    """The protections production turns on that a load balancer's probe runs into."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    settings.ALLOWED_HOSTS = ["asmtp.example.gov.hk"]
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True


@pytest.fixture
def keys(settings, tmp_path):
    settings.ASMTP_KEYS_DIR = tmp_path / "keys"
    return settings.ASMTP_KEYS_DIR


def test_liveness_answers_get_and_head_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        got, head = client.get("/healthz"), client.head("/healthz")
    assert (got.status_code, head.status_code) == (200, 200)
    assert got.json()["status"] == "ok"
    assert head.content == b"" and head["Content-Type"] == "application/json"


def test_in_production_a_plain_http_probe_by_address_gets_200_not_a_redirect(client, production_protections):
    for path in ("/healthz", "/readyz"):
        assert client.get(path, **BALANCER).status_code == 200, path
        assert client.head(path, **BALANCER).status_code == 200, path
        assert client.get(path, HTTP_HOST="asmtp.example.gov.hk").status_code == 200, path
    # Every other path keeps both protections: the https redirect, and the host check.
    page = client.get("/en/", HTTP_HOST="asmtp.example.gov.hk")
    assert page.status_code == 301 and page["Location"] == "https://asmtp.example.gov.hk/en/"
    assert client.get("/en/", **BALANCER).status_code == 400


def test_health_checks_refuse_other_methods(client):
    for path in ("/healthz", "/readyz"):
        answer = client.post(path)
        assert answer.status_code == 405 and answer["Allow"] == "GET, HEAD"


def test_readiness_lists_each_check_when_the_node_is_ready(client, keys):
    current_signing_key()
    answer = client.get("/readyz")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ready" and body["failing"] == []
    assert list(body["checks"]) == ["database", "migrations", "jobs", "storage", "signing_keys"]
    assert all(check["ok"] for check in body["checks"].values())


def test_readiness_fails_naming_the_migrations_when_one_is_not_applied(client, keys):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE id = (SELECT max(id) FROM django_migrations WHERE app = 'evisa')")
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["failing"] == ["migrations"]
    assert answer.json()["checks"]["migrations"]["detail"].startswith("1 migration(s) not applied: evisa.")


def test_readiness_fails_naming_the_jobs_when_the_oldest_waiting_job_is_too_old(client, keys, settings):
    settings.ASMTP_READY_MAX_JOB_AGE = 600
    queue_email(["ops@example.hk"], "queued", "body")
    assert client.get("/readyz").status_code == 200  # just queued: a worker has time
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=11))
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["failing"] == ["jobs"]
    assert "are the job workers running?" in answer.json()["checks"]["jobs"]["detail"]
    settings.ASMTP_READY_MAX_JOB_AGE = 0  # the check can be switched off
    assert client.get("/readyz").status_code == 200


def test_readiness_fails_naming_the_storage_when_the_documents_folder_cannot_take_a_file(client, keys, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the documents folder should be")
    settings.MEDIA_ROOT = blocker / "documents"
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["failing"] == ["storage"]


def test_readiness_fails_naming_the_signing_keys_when_the_current_private_key_is_missing(client, keys):
    key = current_signing_key()
    (keys_folder() / f"{key.kid}.key").unlink()
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["failing"] == ["signing_keys"]
    assert f"{key.kid}.key" in answer.json()["checks"]["signing_keys"]["detail"]


def test_readiness_is_ready_before_the_first_e_visa_has_made_a_key(client, keys):
    answer = client.get("/readyz")
    assert answer.status_code == 200
    assert answer.json()["checks"]["signing_keys"]["detail"].startswith("none yet")


@pytest.mark.parametrize("path", [
    "/en/",  # require_GET
    "/zh-hant/accounts/login/",  # require_http_methods(["GET", "POST"])
    "/zh-hans/portal/check/",  # the public self-check
    "/api/v1/ping",  # the API's own method check
])
def test_head_answers_wherever_get_does_with_the_same_status_and_no_body(client, path):
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]


def test_head_on_a_post_only_action_is_still_refused(client, applicant):
    client.force_login(applicant)
    assert client.head("/en/accounts/logout/").status_code == client.get("/en/accounts/logout/").status_code


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_production_server_answers_a_plain_http_head_on_healthz_with_200(settings, tmp_path):
    """`curl -I http://127.0.0.1:PORT/healthz` against gunicorn in production mode."""
    from tests.processes import database_url_of
    from tests.security.server_process import WebServer, request, service_environment

    env = service_environment(database_url_of(settings.DATABASES["default"]), tmp_path)
    env.update(ASMTP_ENV="production", ASMTP_ALLOWED_HOSTS="asmtp.example.gov.hk")
    server = WebServer(env, tmp_path / "gunicorn.log")
    server.start()
    try:
        for method in ("HEAD", "GET"):
            for path in ("/healthz", "/readyz"):
                answer = request(server.port, method, path)  # Host: 127.0.0.1, no X-Forwarded-Proto
                assert answer.status == 200, (method, path, answer.text, server.log_tail())
                assert answer.body == (b"" if method == "HEAD" else answer.body)
        page = request(server.port, "GET", "/en/", headers={"Host": "asmtp.example.gov.hk"})
        assert (page.status, page.headers["location"]) == (301, "https://asmtp.example.gov.hk/en/")
    finally:
        server.stop()
