"""Django's authentication middleware, reading the user in the same query as the session.

The only change from `django.contrib.auth.middleware.AuthenticationMiddleware` is that
`request.user` is resolved inside `reading_user_with(request.session)`, so the account backend
takes the user row the session store joined to the session instead of querying for it again.
Everything `django.contrib.auth.get_user` checks (the backend, the session's password hash, the
fallback secret keys, an inactive account) is still checked by Django's own code.
"""

from __future__ import annotations

from typing import Any

from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from asmtp.accounts.backends import reading_user_with


def _signed_in_user(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):
        with reading_user_with(request.session):
            request._cached_user = auth.get_user(request)  # type: ignore[attr-defined]
    return request._cached_user  # type: ignore[attr-defined]


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)  # the checks and request.auser, as Django sets them
        request.user = SimpleLazyObject(lambda: _signed_in_user(request))
