"""Turn a lost database connection into a clear 503 page instead of a traceback.

The database can go away at three moments of a request: before it (no connection can be
opened), in a middleware (the session, the signed-in user, the Idempotency-Key record), or in
the view, possibly inside a transaction. A view's error reaches `process_exception` below; an
error raised in another middleware never does (Django turns it into the 500 handler's answer
first), so the 500 handler asks `outage_response` too. Either way nothing half-done is kept:
the transaction is rolled back by the database when its connection ends.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def outage_response(request: HttpRequest, exception: BaseException | None) -> HttpResponse | None:
    """The 503 answer for a database that cannot be reached (JSON for the API), else None."""
    if not isinstance(exception, (OperationalError, InterfaceError)):
        return None
    log.warning("database unavailable: %s", exception)
    response: HttpResponse
    if request.path.startswith("/api/"):
        message = "The service is temporarily unavailable. Nothing was changed; retry after the number of seconds in Retry-After."
        response = JsonResponse({"error": {"code": "database_unavailable", "message": message}}, status=503)
    else:
        # No request context: the context processors would query the database that just failed.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return outage_response(request, exception)
