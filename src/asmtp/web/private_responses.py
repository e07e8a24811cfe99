"""Answers that may hold personal data are never stored by a browser or a shared cache.

Every answer to a signed-in user, and every API answer, gets `Cache-Control: no-store,
private` unless its view said otherwise (the open statistics and e-Visa keys are public on
purpose; a finished simulation chart may be kept privately). Static files are served before
this runs (WhiteNoise) and keep their long cache lifetimes. Pages for anonymous visitors stay
cacheable: they hold nothing of anyone's.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class PrivateResponsesMiddleware:
    """Placed right after WhiteNoise, so static files never reach it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            patch_cache_control(response, no_store=True, private=True)
        return response
