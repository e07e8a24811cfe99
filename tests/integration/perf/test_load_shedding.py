"""Past the knee the service answers 503 with Retry-After at once instead of timing out."""

from __future__ import annotations

import json
import threading

import pytest
from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from asmtp.web import load_shedding
from asmtp.web.load_shedding import LoadSheddingMiddleware, is_exhaustion, max_in_flight
from tests.integration.perf.factories import submitted_case


class BlockingView:
    """A view that holds its request until released, so requests pile up in flight."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()

    def __call__(self, request) -> HttpResponse:
        self.entered.set()
        self.release.wait(timeout=10)
        return HttpResponse("done")


def hold_one_request(middleware, path: str) -> tuple[threading.Thread, list[HttpResponse]]:
    answers: list[HttpResponse] = []
    thread = threading.Thread(target=lambda: answers.append(middleware(RequestFactory().get(path))))
    thread.start()
    return thread, answers


def test_a_request_over_the_in_flight_limit_gets_503_with_retry_after_at_once(monkeypatch):
    monkeypatch.setenv("ASMTP_MAX_IN_FLIGHT", "1")
    view = BlockingView()
    middleware = LoadSheddingMiddleware(view)
    thread, answers = hold_one_request(middleware, "/en/portal/")
    assert view.entered.wait(timeout=5)
    try:
        refused = middleware(RequestFactory().get("/en/portal/"))
    finally:
        view.release.set()
        thread.join(timeout=5)
    assert refused.status_code == 503
    assert refused["Retry-After"] == "1"
    assert "temporarily unavailable" in refused.content.decode()
    assert answers[0].status_code == 200
    assert middleware.shed == 1


def test_the_api_is_told_it_is_overloaded_in_json(monkeypatch):
    monkeypatch.setenv("ASMTP_MAX_IN_FLIGHT", "1")
    view = BlockingView()
    middleware = LoadSheddingMiddleware(view)
    thread, _answers = hold_one_request(middleware, "/api/v1/ping")
    assert view.entered.wait(timeout=5)
    try:
        refused = middleware(RequestFactory().get("/api/v1/ping"))
    finally:
        view.release.set()
        thread.join(timeout=5)
    assert refused.status_code == 503
    assert json.loads(refused.content)["error"]["code"] == "overloaded"


def test_requests_are_admitted_again_once_the_load_has_passed(monkeypatch):
    monkeypatch.setenv("ASMTP_MAX_IN_FLIGHT", "1")
    middleware = LoadSheddingMiddleware(lambda request: HttpResponse("ok"))
    answers = [middleware(RequestFactory().get("/en/")).status_code for _ in range(5)]
    assert answers == [200] * 5
    assert middleware.in_flight == 0


def test_the_health_check_is_never_shed(monkeypatch):
    monkeypatch.setenv("ASMTP_MAX_IN_FLIGHT", "1")
    view = BlockingView()
    middleware = LoadSheddingMiddleware(lambda request: HttpResponse("ok") if request.path == "/healthz" else view(request))
    thread, _answers = hold_one_request(middleware, "/en/")
    assert view.entered.wait(timeout=5)
    try:
        health = middleware(RequestFactory().get("/healthz"))
        page = middleware(RequestFactory().get("/en/"))
    finally:
        view.release.set()
        thread.join(timeout=5)
    assert health.status_code == 200
    assert page.status_code == 503


@pytest.mark.parametrize("text", ["", "zero", "0", "-3"])
def test_a_missing_or_nonsensical_limit_falls_back_to_the_default(monkeypatch, text):
    monkeypatch.setenv("ASMTP_MAX_IN_FLIGHT", text)
    assert max_in_flight() == load_shedding.DEFAULT_MAX_IN_FLIGHT


def test_postgresql_out_of_connection_slots_is_load_not_an_outage():
    error = OperationalError("connection failed: FATAL:  sorry, too many clients already")
    assert is_exhaustion(error)
    assert not is_exhaustion(OperationalError("connection refused: is the server running on host 127.0.0.1?"))


def test_a_pool_timeout_behind_a_database_error_counts_as_exhaustion():
    class PoolTimeout(Exception):
        pass

    error = OperationalError("pool")
    error.__cause__ = PoolTimeout("couldn't get a connection after 30.00 sec")
    assert is_exhaustion(error)


def test_an_exhausted_pool_sheds_before_the_view_runs(monkeypatch):
    class FakePool:
        def get_stats(self) -> dict[str, int]:
            return {"pool_available": 0, "requests_waiting": 3}

    class FakeConnection:
        vendor = "postgresql"
        pool = FakePool()

    monkeypatch.setattr(load_shedding, "connections", {"default": FakeConnection()})
    ran: list[bool] = []
    middleware = LoadSheddingMiddleware(lambda request: ran.append(True) or HttpResponse("ok"))
    response = middleware(RequestFactory().get("/api/v1/ping"))
    assert response.status_code == 503
    assert json.loads(response.content)["error"]["reason"] == "database_pool"
    assert ran == []


@pytest.mark.django_db
def test_out_of_connection_slots_in_a_view_becomes_a_short_503_through_the_whole_stack(client, applicant, monkeypatch):
    from asmtp.api import cases

    def refuse(*args, **kwargs):
        raise OperationalError("FATAL:  remaining connection slots are reserved for non-replication superuser connections")

    case = submitted_case(applicant)
    monkeypatch.setattr(cases, "status_body", refuse)  # what the view does with its row, however it was read
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("asmtp.web.middleware.DatabaseUnavailableMiddleware") + 1,
                      "asmtp.web.load_shedding.ConnectionExhaustionMiddleware")
    client.force_login(applicant)
    from django.test import override_settings

    with override_settings(MIDDLEWARE=middleware):
        response = client.get(f"/api/v1/cases/{case.reference}/status")
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    assert response.json()["error"]["reason"] == "database_connections"
