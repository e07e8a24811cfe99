"""`GET /api/v1/cases/<reference>/status` (the applicant's own case) and `GET /api/v1/ping`.

The status answer is what the portal's status page shows, as data: the status, the date each
stage was reached and the 4-week pledge date as it stands today. It is read on every refresh
of a phone app, so it costs three small queries (session, user, the case with its stage
dates folded into one aggregate) and no template.

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
from django.views.decorators.http import require_GET

from asmtp.accounts.models import Role
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


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


@require_GET
def ping(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def case_status_of(reference: str, applicant_id: int, today: dt.date) -> dict[str, Any] | None:
    """The status of one applicant's case by its reference, or None if it is not theirs."""
    stage_dates = {
        f"stage_{stage}": Min("events__at", filter=Q(events__to_status__in=statuses)) for stage, statuses in STAGES.items()
    }
    # The reference is unique, so the aggregate groups exactly one case (or none).
    rows = list(
        Application.objects.filter(reference=reference, applicant_id=applicant_id)
        .exclude(status=CaseStatus.DRAFT)
        .values("reference", "kind", "status", "status_changed_at", "pledge_due_on", "clock_paused_at",
                "limit_of_stay_on", "decided_at")
        .annotate(**stage_dates)
        .order_by()
    )
    if not rows:
        return None
    row: dict[str, Any] = dict(rows[0])
    pledge: dt.date | None = None
    if row["pledge_due_on"] is not None and row["status"] in OPEN_STATUSES:
        paused = timezone.localtime(row["clock_paused_at"]).date() if row["clock_paused_at"] else None
        pledge = effective_due_on(row["pledge_due_on"], paused, today)
    return {
        "reference": row["reference"],
        "kind": row["kind"],
        "status": row["status"],
        "status_changed_at": _iso(row["status_changed_at"]),
        "stages": {stage: _day(row[f"stage_{stage}"]) for stage in STAGES},
        "pledge_due_on": pledge.isoformat() if pledge else None,
        "clock_paused": row["clock_paused_at"] is not None and row["status"] in OPEN_STATUSES,
        "limit_of_stay_on": row["limit_of_stay_on"].isoformat() if row["limit_of_stay_on"] else None,
    }


def _iso(moment: dt.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def _day(moment: dt.datetime | None) -> str | None:
    return timezone.localtime(moment).date().isoformat() if moment else None


@require_GET
@never_cache
def case_status(request: HttpRequest, reference: str) -> JsonResponse:
    user = request.user
    if not user.is_authenticated:
        return _error(401, "not_signed_in", "Sign in to the applicant portal to see your application's status.")
    body = None
    if getattr(user, "role", None) == Role.APPLICANT and len(reference) <= 20:
        body = case_status_of(reference, user.pk, timezone.localdate())
    if body is None:
        return _error(404, "not_found", "No application with this reference was found in your account.")
    return JsonResponse(body)
