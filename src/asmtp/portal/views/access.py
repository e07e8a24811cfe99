"""Who may use the applicant pages, and how a case is found (only among one's own)."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from asmtp.accounts.models import User
from asmtp.cases.models import Application
from asmtp.cases.rules_in_force import with_extension_applied
from asmtp.web.access import applicant_required  # noqa: F401 — the portal's views import it from here

View = Callable[..., HttpResponse]


def current_user(request: HttpRequest) -> User:
    """The signed-in user (the decorators above have made sure there is one)."""
    return cast(User, request.user)


def own_case(request: HttpRequest, pk: int, *, with_extension: bool = False) -> Application:
    """The signed-in applicant's case, or 404 (never a hint that someone else's exists).

    ``with_extension``: read with whether an extension of it is in hand (the status page's
    extension guidance), in the same query."""
    cases = Application.objects.select_related("offer__company", "previous")
    return get_object_or_404(with_extension_applied(cases) if with_extension else cases, pk=pk, applicant=request.user)
