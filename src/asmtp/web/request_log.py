"""One log line per request (logger ``asmtp.access``), the service's access log.

Each line carries a request id (the client's or load balancer's ``X-Request-ID`` when it is a
plausible one, else a new one; sent back in ``X-Request-ID`` and bound to every other log line of
the request), the method, path, view name, status, duration in milliseconds and the signed-in
user as a keyed hash: the same person gives the same value in every line, but the log alone
cannot tell who it is (the key is the service's secret key). Health checks and static files
are logged at DEBUG, so a load balancer's probes do not fill the log.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable

import structlog
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

from asmtp.web.metrics import observe_request

log = structlog.get_logger("asmtp.access")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_QUIET_PREFIXES = ("/healthz", "/readyz", "/metrics")


def user_hash(user_id: object) -> str:
    """A stable pseudonym for a user in the logs: HMAC of the id with the secret key, 16 hex digits."""
    return salted_hmac("asmtp.logs.user", str(user_id)).hexdigest()[:16]


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if _REQUEST_ID.match(offered) else uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response["X-Request-ID"] = request_id
            return response
        finally:
            self._log(request, status, time.perf_counter() - started)
            structlog.contextvars.clear_contextvars()

    def _log(self, request: HttpRequest, status: int, seconds: float) -> None:
        # Only a user the request has already read: the log line must not cost a query.
        user = request.__dict__.get("_cached_user")
        user_id = user.pk if user is not None and user.is_authenticated else None
        match = getattr(request, "resolver_match", None)
        quiet = request.path.startswith(_QUIET_PREFIXES) or request.path.startswith(self.static_prefix)
        observe_request(request.path_info, match.view_name if match else None, status, seconds)
        (log.debug if quiet else log.info)(
            "request",
            method=request.META.get("REQUEST_METHOD", request.method),
            path=request.path,
            view=match.view_name if match else None,
            status=status,
            duration_ms=round(seconds * 1000, 1),
            user=user_hash(user_id) if user_id is not None else None,
        )
