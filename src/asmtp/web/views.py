"""Site-wide pages: the home page and friendly error pages (health checks: asmtp.web.health)."""

from __future__ import annotations

import sys

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from asmtp.web.middleware import outage_response


@require_GET
def root_redirect(request: HttpRequest) -> HttpResponse:
    """Send a visitor to the home page in their browser's language (Simplified Chinese if unsure)."""
    language = translation.get_language_from_request(request, check_path=False)
    if language not in dict(settings.LANGUAGES):
        language = "zh-hans"
    return HttpResponseRedirect(f"/{language}/")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    from asmtp.cases.rules_in_force import pledge_in_force

    role = request.user.role if request.user.is_authenticated else None
    pledge = pledge_in_force(settings.ASMTP_EDITION, timezone.localdate())  # what the service promises today
    return render(request, "home.html", {"edition": settings.ASMTP_EDITION, "role": role, "pledge": pledge})


@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.html", {"contact": settings.ASMTP_ACCESSIBILITY_CONTACT})


# Where staff work: each role's own area, opened after signing in from the home page.
_STAFF_AREAS = {
    "officer": "workbench:queue",
    "senior_officer": "workbench:queue",
    "analyst": "analytics:dashboard",
    "administrator": "admin:index",
}


@require_GET
def signed_in(request: HttpRequest) -> HttpResponse:
    """Where signing in leads when no page was asked for: staff to their own area, others home."""
    area = _STAFF_AREAS.get(str(getattr(request.user, "role", ""))) if request.user.is_authenticated else None
    return redirect(area or "home")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the error, so the error is at hand: a database that went
    # away under a middleware (session, user, Idempotency-Key) is an outage (503), not a bug.
    outage = outage_response(request, sys.exc_info()[1])
    if outage is not None:
        return outage
    # No context processors: whatever failed may fail again while rendering.
    return HttpResponse(render_to_string("500.html"), status=500)
