"""Sign-in throttling with django-axes, slowing an attacker without locking the owner out.

- The client address is the one the trusted proxy saw (`client_address`), not the proxy's own.
- Per address (axes' lockout): too many failures from one address, on any accounts, lock that
  address out for a while, so a password spray across many accounts is stopped too.
- Per account (`account_delay`): after a few failures on one account, from anywhere, each further
  try must wait longer (30 s, 1 min, 2 min ... up to 10 min); a try while waiting is refused
  without looking at the password and does not count. Failures elsewhere never delay the owner
  at an address they signed in from before.

A refused attempt gets the same answer whether or not the address has an account.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


class SignInThrottleBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """Axes' lockout check for every sign-in that comes with a web request.

    Callers without a request (the test client's `login()`, management commands) are not web
    sign-ins and cannot be throttled by address: they fall through to the model backend.
    """

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any) -> None:
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        name = sign_in_name(request, {"username": username})
        if name and account_delay(name, str(getattr(request, "axes_ip_address", "") or client_address(request))):
            # axes then answers 429, counts nothing and sends its lockout signal (the audit entry)
            request.axes_locked_out = True  # type: ignore[attr-defined]
            raise AxesBackendPermissionDenied("the account's delay after repeated failures has not passed")
        return None


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind `ASMTP_TRUSTED_PROXY_HOPS` proxies the address
    the nearest trusted one saw (the N-th of X-Forwarded-For from the right; what a client writes
    further left is not believed)."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    hops = int(getattr(settings, "ASMTP_TRUSTED_PROXY_HOPS", 0))
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if part.strip()]
    if len(forwarded) < hops:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-hops]))
    except ValueError:
        return remote


def account_delay(name: str, address: str) -> float:
    """Seconds a sign-in to `name` from `address` must still wait (0: go ahead)."""
    attempts = AccessAttempt.objects.filter(username=name)
    if AccessLog.objects.filter(username__iexact=name, ip_address=address).exists():
        attempts = attempts.filter(ip_address=address)  # the owner's own address: only its own failures
    counted = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    over = (counted["failures"] or 0) - settings.ASMTP_SIGN_IN_FAILURE_LIMIT
    if over < 0:
        return 0.0
    first, longest = settings.ASMTP_SIGN_IN_DELAY_SECONDS
    wait = dt.timedelta(seconds=min(first * 2**over, longest))
    return max(0.0, (counted["last"] + wait - timezone.now()).total_seconds())


def forget_account_failures(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    """After a sign-in: the account's failures from this address no longer count against it.

    Only the account's own: the address's failures on other accounts still count (axes' reset on
    success, which would forget them all, is off).
    """
    address = getattr(request, "axes_ip_address", None)
    if request is None or user is None or address is None:
        return
    AccessAttempt.objects.filter(username=user.get_username().lower(), ip_address=address).delete()


def sign_in_name(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The typed e-mail address as axes should count it: addresses are case-insensitive."""
    name = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(name).strip().lower()


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None) -> HttpResponse:
    """The answer to a throttled sign-in: one wording for every address, known or not."""
    return render(request, "security/locked_out.html", status=429)


def invitation_allowed(company_id: int) -> bool:
    """Whether a company may send one more invitation now: each is an e-mail the service sends,
    in its own name, to an address the company chooses, so at most
    `ASMTP_INVITATIONS_PER_COMPANY_HOUR` in any hour (counted from the audit log, which every
    invitation writes to, so every process sees the same count)."""
    from asmtp.accounts.models import User
    from asmtp.audit.models import AuditEntry

    since = timezone.now() - dt.timedelta(hours=1)
    staff = User.objects.filter(company_id=company_id).values("pk")
    sent = AuditEntry.objects.filter(action="employer.applicant_invited", at__gte=since, actor_id__in=staff).count()
    return sent < settings.ASMTP_INVITATIONS_PER_COMPANY_HOUR
