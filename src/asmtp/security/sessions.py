"""Session lifetimes, and ending every session of an account.

Every signed-in session ends 12 hours after sign-in however busy it is (the absolute lifetime);
staff sessions also end after 30 minutes without a request (the inactivity timeout). Both are
checked on the server from times kept in the session, never trusted to the cookie's expiry.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asmtp.accounts.models import STAFF_ROLES
from asmtp.security.models import SignedInSession

STARTED_KEY = "asmtp_session_started"
SEEN_KEY = "asmtp_session_seen"
# Writing the session on every request would cost a database write per page; a minute's
# granularity is plenty for a 30-minute timeout.
_SEEN_GRANULARITY = 60


def staff_idle_limit() -> int:
    return int(getattr(settings, "ASMTP_STAFF_IDLE_SECONDS", 30 * 60))


def absolute_limit() -> int:
    return int(getattr(settings, "ASMTP_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60))


def session_expiry(role: str, started: float, seen: float, now: float) -> str | None:
    """Why a session must end now ("absolute" or "idle"), or None while it may go on."""
    if now - started >= absolute_limit():
        return "absolute"
    if role in STAFF_ROLES and now - seen >= staff_idle_limit():
        return "idle"
    return None


class SessionLifetimeMiddleware:
    """Sign out sessions past their lifetime; placed after the authentication middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            started = float(session.get(STARTED_KEY) or now)
            seen = float(session.get(SEEN_KEY) or now)
            reason = session_expiry(user.role, started, seen, now)
            if reason is not None:
                logout(request)
                messages.info(request, _("You were signed out to protect your account. Please sign in again."))
                return redirect_to_login(request.get_full_path())
            if STARTED_KEY not in session:
                session[STARTED_KEY] = now
            if now - seen >= _SEEN_GRANULARITY or SEEN_KEY not in session:
                session[SEEN_KEY] = now
        return self.get_response(request)


def session_timeout_context(request: HttpRequest) -> dict[str, object]:
    """What the page needs to warn a staff member before the inactivity timeout signs them out."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role not in STAFF_ROLES:
        return {}
    return {"session_idle_seconds": staff_idle_limit()}


@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """"Stay signed in": counts as activity, so the inactivity timeout starts again (204)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    request.session[SEEN_KEY] = time.time()
    return HttpResponse(status=204)


def end_sessions_of(user: Any) -> int:
    """Delete every stored session signed in as this user; returns how many were still open."""
    sessions = SignedInSession.objects.filter(user_id=user.pk)
    still_open = sessions.filter(expire_date__gt=timezone.now()).count()
    sessions.delete()
    return still_open


def delete_expired_sessions() -> int:
    """Delete the sessions past their expiry (part of the daily retention run); returns how many.

    An expired session can no longer sign anyone in, and keeping it would keep who was signed in
    from where for no purpose. Django's `clearsessions` does the same; this is its indexed delete."""
    deleted, _ = SignedInSession.objects.filter(expire_date__lte=timezone.now()).delete()
    return deleted
