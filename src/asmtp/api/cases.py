"""`GET /api/v1/cases/<reference>/status` (the applicant's own case) and `GET /api/v1/ping`.

The status answer is what the portal's status page shows, as data: the status, the date each
stage was reached and the pledge date as it stands today, in two ORM queries (the case, then
the first event into each stage's statuses).

Signed out: 401. Signed in as anyone but the case's applicant, or an unknown reference: 404,
the same answer either way, so the API never hints that someone else's case exists.
`/ping` touches neither session nor database: it is the floor the benchmarks compare against.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from asmtp.accounts.models import Role
from asmtp.api.responses import allow_methods, error_response
from asmtp.cases.models import Application, CaseEvent, CaseStatus
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


# Every status that marks a stage: the events read for the stages are these only.
STAGE_STATUSES = tuple(status for statuses in STAGES.values() for status in statuses)
CASE_FIELDS = ("id", "reference", "kind", "status", "status_changed_at", "pledge_due_on", "clock_paused_at", "limit_of_stay_on")


def case_status_of(reference: str, applicant_id: int, today: dt.date) -> dict[str, Any] | None:
    """The status of one applicant's case by its reference, or None if it is not theirs.

    Two plain queries (the case's columns, then its events into the stages' statuses) rather
    than one with six filtered aggregates: building that one query cost the ORM more than both
    round trips (`python -m benchmarks http`: 443 req/s before, in one quiet run)."""
    case = Application.objects.filter(reference=reference, applicant_id=applicant_id).values(*CASE_FIELDS).first()
    if case is None or case["status"] == CaseStatus.DRAFT:  # a draft has no reference, but the API never shows one
        return None
    first_into: dict[str, dt.datetime] = {}
    for status, at in CaseEvent.objects.filter(application_id=case["id"], to_status__in=STAGE_STATUSES).order_by().values_list("to_status", "at"):
        first_into[status] = min(at, first_into.get(status, at))
    return status_body(case, first_into, today)


def status_body(case: dict[str, Any], first_into: dict[str, dt.datetime], today: dt.date) -> dict[str, Any]:
    """The API's answer for a case's columns and the moment of its first event into each status."""
    pledge: dt.date | None = None
    status, paused_at = case["status"], case["clock_paused_at"]
    if case["pledge_due_on"] is not None and status in OPEN_STATUSES:
        paused = timezone.localtime(paused_at).date() if paused_at else None
        pledge = effective_due_on(case["pledge_due_on"], paused, today)
    return {
        "reference": case["reference"],
        "kind": case["kind"],
        "status": status,
        "status_changed_at": _iso(case["status_changed_at"]),
        "stages": {stage: _day(min((first_into[s] for s in statuses if s in first_into), default=None))
                   for stage, statuses in STAGES.items()},
        "pledge_due_on": pledge.isoformat() if pledge else None,
        "clock_paused": paused_at is not None and status in OPEN_STATUSES,
        "limit_of_stay_on": case["limit_of_stay_on"].isoformat() if case["limit_of_stay_on"] else None,
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
