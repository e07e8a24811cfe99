"""Sign-in throttling with django-axes: failures are counted per (e-mail address, IP address)
pair, and a locked-out attempt gets the same answer whether or not the address has an account.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class SignInThrottleBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """Axes' lockout check for every sign-in that comes with a web request.

    Callers without a request (the test client's `login()`, management commands) are not web
    sign-ins and cannot be throttled by address: they fall through to the model backend.
    """

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any) -> None:
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        return None


def sign_in_name(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The typed e-mail address as axes should count it: addresses are case-insensitive."""
    name = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(name).strip().lower()


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None) -> HttpResponse:
    """The answer to a throttled sign-in: one wording for every address, known or not."""
    return render(request, "security/locked_out.html", status=429)
