"""Who may use the applicant pages, and how a case is found (only among one's own)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from asmtp.accounts.models import Role, User
from asmtp.cases.models import Application

View = Callable[..., HttpResponse]


def applicant_required(view: View) -> View:
    """Signed in as an applicant; anyone else is told the page does not exist."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request.user, "role", None) != Role.APPLICANT:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def current_user(request: HttpRequest) -> User:
    """The signed-in user (the decorators above have made sure there is one)."""
    return cast(User, request.user)


def own_case(request: HttpRequest, pk: int) -> Application:
    """The signed-in applicant's case, or 404 (never a hint that someone else's exists)."""
    return get_object_or_404(Application.objects.select_related("offer__company", "previous"), pk=pk, applicant=request.user)
