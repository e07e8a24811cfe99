"""The API's answers when it says no: one JSON error envelope, never an HTML page.

`{"error": {"code", "message", "field"?}}` with a stable `code` (openapi.yaml, `Error`). A wrong
method answers 405 with `Allow`; a path under /api/v1/ that names no operation answers 404 — both
as JSON, so a client never has to parse the site's HTML error pages.

Both refusals come before Django's CSRF check, whose failure is an HTML page: an operation that
answers only safe methods, and a path that names no operation, change nothing whatever the
method, so there is nothing for a CSRF token to protect there. Operations that change something
keep the check (or, like the self-check, declare why they need none).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from asmtp.web.json_errors import error_response

__all__ = ["allow_methods", "error_response", "no_such_operation"]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def allow_methods(*methods: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Like Django's `require_http_methods`, but the 405 is the API's JSON error with `Allow`."""
    allowed = ", ".join(methods)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = error_response(
                    405, "method_not_allowed", f"This operation answers {allowed} only."
                )
                response["Allow"] = allowed
                return response
            return view(request, *args, **kwargs)

        checked.allowed_methods = methods  # type: ignore[attr-defined]  # read by the OpenAPI coverage test
        if SAFE_METHODS.issuperset(methods):
            # Any other method is refused above before anything is read: answer that JSON 405,
            # not the CSRF check's HTML 403, to a client that sends PUT or POST without a token.
            return csrf_exempt(checked)
        return checked

    return decorator


@csrf_exempt  # it answers the same 404 to every method and changes nothing
def no_such_operation(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any path under /api/v1/ that is not an operation (see openapi.yaml for the ones there are)."""
    return error_response(
        404, "no_such_operation", "There is no API operation at this path; see /api/v1/openapi.json."
    )
