"""HEAD is answered wherever GET is (RFC 9110 9.3.2): the same status and headers, no body.

Django's class-based views do this themselves, but function views guarded by `require_GET` or
`require_http_methods(["GET", "POST"])` answer HEAD with 405, and so do the API's own method
checks. Rather than remember `require_safe` and "HEAD" in every decorator, this middleware
hands the view a GET and makes the request a HEAD again on the way out, where the server
(gunicorn, runserver, the test client) leaves out the body. GET views change nothing, so running one for
a HEAD is safe.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class HeadAsGetMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            return self.get_response(request)
        finally:
            # Servers and Django's test client drop the body of an answer to a HEAD.
            request.method = "HEAD"
