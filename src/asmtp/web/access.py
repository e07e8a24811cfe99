"""Who may open a page: one decorator for every area, so a wrong role gets the same answer
everywhere. Signed out: the sign-in page (then back to the page). Signed in with another role:
404, as if the page did not exist, so nobody learns what lies behind another role's address."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from asmtp.accounts.models import OFFICER_ROLES, Role

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def require_role(*roles: str) -> Callable[[View], View]:
    """Only people signed in with one of ``roles`` reach the view."""
    allowed = frozenset(roles)

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if getattr(request.user, "role", None) not in allowed:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


officer_required = require_role(*OFFICER_ROLES)
applicant_required = require_role(Role.APPLICANT)
