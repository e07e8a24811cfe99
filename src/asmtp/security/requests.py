"""Requests refused before any view runs: too many files, or a body past the size limit.

Django raises these while parsing the body (inside the CSRF check), which would otherwise end
in a bare "Bad Request". Parsing multipart bodies here first turns them into a page that says
what went wrong, in the visitor's language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from asmtp.security.uploads import message_for
from asmtp.web.json_errors import error_response


class UploadLimitsMiddleware:
    """Placed after the locale middleware and before the CSRF middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                request.POST  # noqa: B018 — parsing is the point: limits are enforced here
            except TooManyFilesSent:
                return self._refuse(request, message_for("too_many_files"), 400)
            except (RequestDataTooBig, TooManyFieldsSent):
                return self._refuse(request, message_for("request_too_large"), 413)
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, message: str, status: int) -> HttpResponse:
        if request.path.startswith("/api/"):  # the API answers its JSON error, never a page
            code = "body_too_large" if status == 413 else "too_many_files"
            return error_response(status, code, "The request has too many files or is too large.")
        back = request.path if request.path.startswith("/") else "/"
        return render(request, "security/upload_refused.html", {"message": message, "back": back}, status=status)
