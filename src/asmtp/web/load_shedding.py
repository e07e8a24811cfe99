"""Shed load past the knee: answer 503 with Retry-After at once instead of queueing to a timeout.

A web process that takes more work than its CPU can finish only makes every request slow;
the proxy times them out and the retries make it worse. This middleware keeps each process
at a bounded number of requests in flight (``ASMTP_MAX_IN_FLIGHT``, default 8 per process) and
answers the rest with a cheap 503 and ``Retry-After`` before any session, database or template
work is done. It does the same when the database cannot give a connection: a connection pool
with nobody free and callers already waiting (Django's psycopg pool, when configured), or
PostgreSQL refusing a new connection because its slots are full. Both are load, not an outage,
so the client is told to come back in a second or two rather than the outage page's 30.

The API gets JSON (``{"error": {"code": "overloaded"}}``); pages get the trilingual 503 page.
Health checks (``/healthz``) are never shed: a load balancer must still see the node alive.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

log = logging.getLogger(__name__)

DEFAULT_MAX_IN_FLIGHT = 8
RETRY_AFTER_SECONDS = 1
NEVER_SHED = ("/healthz",)
# What PostgreSQL and psycopg say when there are no connection slots left.
EXHAUSTION_MESSAGES = ("too many clients", "remaining connection slots are reserved", "couldn't get a connection")


def max_in_flight() -> int:
    """The per-process limit from ASMTP_MAX_IN_FLIGHT (a positive whole number), else the default."""
    text = os.environ.get("ASMTP_MAX_IN_FLIGHT", "")
    try:
        value = int(text)
    except ValueError:
        return DEFAULT_MAX_IN_FLIGHT
    return value if value > 0 else DEFAULT_MAX_IN_FLIGHT


def pool_exhausted(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """True when the database's connection pool has no free connection and callers already wait."""
    pool = getattr(connections[alias], "pool", None) if connections[alias].vendor == "postgresql" else None
    if pool is None or not hasattr(pool, "get_stats"):
        return False
    stats: dict[str, Any] = pool.get_stats()
    return int(stats.get("pool_available", 1)) == 0 and int(stats.get("requests_waiting", 0)) > 0


def is_exhaustion(error: BaseException) -> bool:
    """A database error that means "no connection to spare" rather than "database down"."""
    seen: BaseException | None = error
    while seen is not None:
        if type(seen).__name__ == "PoolTimeout":
            return True
        if any(text in str(seen).lower() for text in EXHAUSTION_MESSAGES):
            return True
        seen = seen.__cause__
    return False


def overloaded_response(request: HttpRequest, reason: str) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith("/api/"):
        message = "The service is busy. Retry after the number of seconds in Retry-After."
        response = JsonResponse({"error": {"code": "overloaded", "reason": reason, "message": message}}, status=503)
    else:
        # No request context: the context processors would touch the session and the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Not an error per refused request: under overload that log line would itself be load.
    # Django skips responses marked as logged; the shed count is on the middleware.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


class LoadSheddingMiddleware:
    """Bound the requests in flight in this process, before the session or the user is loaded.

    Listed early (right after WhiteNoise, so static files are never refused): a refused request
    then costs no query at all.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.limit = max_in_flight()
        self.in_flight = 0
        self.shed = 0
        self._lock = threading.Lock()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(NEVER_SHED):
            return self.get_response(request)
        with self._lock:
            admitted = self.in_flight < self.limit
            if admitted:
                self.in_flight += 1
            else:
                self.shed += 1
        if not admitted:
            return overloaded_response(request, "in_flight")
        try:
            if pool_exhausted():
                return overloaded_response(request, "database_pool")
            return self.get_response(request)
        finally:
            with self._lock:
                self.in_flight -= 1



class ConnectionExhaustionMiddleware:
    """Turn "no database connection to spare" raised by a view into a quick 503 (Retry-After: 1).

    Listed right after DatabaseUnavailableMiddleware: exception hooks run innermost first, so
    this one sees the error before the outage page (Retry-After: 30) would answer it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, (OperationalError, InterfaceError)) and is_exhaustion(exception):
            log.warning("database connections exhausted; shedding %s %s", request.method, request.path)
            return overloaded_response(request, "database_connections")
        return None
