"""Turn a lost database connection into a clear 503 page instead of a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, (OperationalError, InterfaceError)):
            log.warning("database unavailable: %s", exception)
            # No request context: the context processors would query the database that just failed.
            body = render_to_string("503.html")
            response = HttpResponse(body, status=503)
            response["Retry-After"] = "30"
            return response
        return None
