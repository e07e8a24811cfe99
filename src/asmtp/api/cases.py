"""`GET /api/v1/cases/<reference>/status` (the applicant's own case) and `GET /api/v1/ping`.

The status answer is what the portal's status page shows, as data: the status, the date each
stage was reached and the pledge date as it stands today, in one ORM query (the case with the
first event of each stage as an aggregate).

Signed out: 401. Signed in as anyone but the case's applicant, or an unknown reference: 404,
the same answer either way, so the API never hints that someone else's case exists.
`/ping` touches neither session nor database: it is the floor the benchmarks compare against.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Min, Q
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from asmtp.accounts.models import Role
from asmtp.api.responses import allow_methods, error_response
from asmtp.cases.models import Application, CaseStatus
from asmtp.domain.lifecycle import OPEN_STATUSES, effective_due_on

# Stage -> the statuses whose first event marks the day the stage was reached.
STAGES: dict[str, tuple[str, ...]] = {
    "submitted": (CaseStatus.SUBMITTED,),
    "assessment_started": (CaseStatus.ASSESSING, CaseStatus.AWAITING_APPLICANT),
    "recommended": (CaseStatus.RECOMMENDED,),
    "decided": (CaseStatus.APPROVED, CaseStatus.REFUSED),
    "evisa_issued": (CaseStatus.EVISA_ISSUED,),
    "closed": (CaseStatus.WITHDRAWN, CaseStatus.LAPSED),
}


@allow_methods("GET")
def ping(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def case_status_of(reference: str, applicant_id: int, today: dt.date) -> dict[str, Any] | None:
    """The status of one applicant's case by its reference, or None if it is not theirs."""
    found = (
        Application.objects.filter(reference=reference, applicant_id=applicant_id)
        .exclude(status=CaseStatus.DRAFT)
        .annotate(**{f"stage_{stage}": Min("events__at", filter=Q(events__to_status__in=statuses))
                     for stage, statuses in STAGES.items()})
        .only("reference", "kind", "status", "status_changed_at", "pledge_due_on", "clock_paused_at", "limit_of_stay_on")
        .first()
    )
    return None if found is None else status_body(found, today)


def status_body(case: Any, today: dt.date) -> dict[str, Any]:
    """The API's answer for a case read by `case_status_of`."""
    pledge: dt.date | None = None
    if case.pledge_due_on is not None and case.status in OPEN_STATUSES:
        paused = timezone.localtime(case.clock_paused_at).date() if case.clock_paused_at else None
        pledge = effective_due_on(case.pledge_due_on, paused, today)
    return {
        "reference": case.reference,
        "kind": case.kind,
        "status": case.status,
        "status_changed_at": _iso(case.status_changed_at),
        "stages": {stage: _day(getattr(case, f"stage_{stage}")) for stage in STAGES},
        "pledge_due_on": pledge.isoformat() if pledge else None,
        "clock_paused": case.clock_paused_at is not None and case.status in OPEN_STATUSES,
        "limit_of_stay_on": case.limit_of_stay_on.isoformat() if case.limit_of_stay_on else None,
    }


def _iso(moment: dt.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def _day(moment: dt.datetime | None) -> str | None:
    return timezone.localtime(moment).date().isoformat() if moment else None


def _could_be_reference(text: str) -> bool:
    """References are short printable ASCII; anything else (a NUL, which PostgreSQL refuses in
    a text parameter) cannot name a case, so it is not looked up."""
    return 0 < len(text) <= 20 and text.isascii() and text.isprintable()


@allow_methods("GET")
@never_cache
def case_status(request: HttpRequest, reference: str) -> JsonResponse:
    user = request.user
    if not user.is_authenticated:
        return error_response(401, "not_signed_in", "Sign in to the applicant portal to see your application's status.")
    body = None
    if getattr(user, "role", None) == Role.APPLICANT and _could_be_reference(reference):
        body = case_status_of(reference, user.pk, timezone.localdate())
    if body is None:
        return error_response(404, "not_found", "No application with this reference was found in your account.")
    return JsonResponse(body)
