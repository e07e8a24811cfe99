"""`GET /api/v1/cases/<reference>/status` (the applicant's own case) and `GET /api/v1/ping`.

The status answer is what the portal's status page shows, as data: the status, the date each
stage was reached and the 4-week pledge date as it stands today. It is read on every refresh
of a phone app, so it costs one query and no template: the case, with its stage dates folded into
one aggregate, is read in the same query as the session and its user
(`asmtp.security.session_store.reads_with_session`), prepared on PostgreSQL
(`asmtp.db.hot_cursor`). Where the session was read without it, the view reads the case itself.

Signed out: 401. Signed in as anyone but the case's applicant, or an unknown reference: 404,
the same answer either way, so the API never hints that someone else's case exists.
`/ping` touches neither session nor database: it is the floor the benchmarks compare against.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from asmtp.accounts.models import Role
from asmtp.api.responses import allow_methods, error_response
from asmtp.cases.models import Application, CaseEvent, CaseStatus
from asmtp.db import hot_cursor
from asmtp.domain.lifecycle import OPEN_STATUSES, effective_due_on
from asmtp.security.session_store import NOT_READ, ReadWithSession, reads_with_session

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


def _status_sql(*, of_applicant: bool) -> str:
    """The case by its reference, with the account it belongs to first (`ReadWithSession`), and
    only the given applicant's if ``of_applicant``."""
    # Hand-written because this is the hottest read in the service: the ORM spent longer
    # compiling the six filtered aggregates than PostgreSQL spent running them.
    stage_columns = ", ".join(
        f"MIN(CASE WHEN e.to_status IN ({', '.join('%s' for _ in statuses)}) THEN e.at END)" for statuses in STAGES.values()
    )
    # Only table names and placeholders are formatted in; every value is a query parameter.
    return (
        "SELECT a.applicant_id AS account_id, a.reference, a.kind, a.status, a.status_changed_at, a.pledge_due_on, "  # noqa: S608
        f"a.clock_paused_at, a.limit_of_stay_on, {stage_columns} "
        f"FROM {Application._meta.db_table} a LEFT JOIN {CaseEvent._meta.db_table} e ON e.application_id = a.id "
        "WHERE a.reference = %s AND a.status <> %s" + (" AND a.applicant_id = %s " if of_applicant else " ")
        + "GROUP BY a.id, a.applicant_id, a.reference, a.kind, a.status, a.status_changed_at, a.pledge_due_on, "
        "a.clock_paused_at, a.limit_of_stay_on"
    )


STATUS_SQL = _status_sql(of_applicant=True)
STATUS_WITH_SESSION_SQL = _status_sql(of_applicant=False)  # joined on the session's account instead
STAGE_PARAMS = [str(status) for statuses in STAGES.values() for status in statuses]
COLUMNS = ("account_id", "reference", "kind", "status", "status_changed_at", "pledge_due_on", "clock_paused_at",
           "limit_of_stay_on", *(f"stage_{stage}" for stage in STAGES))


def status_read(reference: str) -> ReadWithSession | None:
    """The case-status read, to run in the session's query (None for what cannot be a reference)."""
    if not _could_be_reference(reference):
        return None
    return ReadWithSession(STATUS_WITH_SESSION_SQL, [*STAGE_PARAMS, reference, str(CaseStatus.DRAFT)])


def case_status_of(reference: str, applicant_id: int, today: dt.date) -> dict[str, Any] | None:
    """The status of one applicant's case by its reference, or None if it is not theirs."""
    with hot_cursor(connection) as cursor:
        cursor.execute(STATUS_SQL, [*STAGE_PARAMS, reference, str(CaseStatus.DRAFT), applicant_id])
        found = cursor.fetchone()
    return None if found is None else status_body(found, today)


def status_body(found: Any, today: dt.date) -> dict[str, Any]:
    """The API's answer from one row of the status read."""
    row: dict[str, Any] = dict(zip(COLUMNS, _typed(found), strict=True))
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


def _typed(values: tuple[Any, ...]) -> list[Any]:
    """SQLite hands back dates and times as text from a raw query; PostgreSQL as objects."""
    typed: list[Any] = []
    for name, value in zip(COLUMNS, values, strict=True):
        if isinstance(value, str) and name in {"pledge_due_on", "limit_of_stay_on"}:
            value = dt.date.fromisoformat(value)
        elif isinstance(value, str) and (name.startswith("stage_") or name.endswith("_at")):
            value = dt.datetime.fromisoformat(value)
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)  # SQLite keeps times in UTC without saying so
        typed.append(value)
    return typed


def _iso(moment: dt.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def _day(moment: dt.datetime | None) -> str | None:
    return timezone.localtime(moment).date().isoformat() if moment else None


def _could_be_reference(text: str) -> bool:
    """References are short printable ASCII; anything else (a NUL, which PostgreSQL refuses in
    a text parameter) cannot name a case, so it is not looked up."""
    return 0 < len(text) <= 20 and text.isascii() and text.isprintable()


@reads_with_session(status_read)
@allow_methods("GET")
@never_cache
def case_status(request: HttpRequest, reference: str) -> JsonResponse:
    user = request.user
    if not user.is_authenticated:
        return error_response(401, "not_signed_in", "Sign in to the applicant portal to see your application's status.")
    body = None
    if getattr(user, "role", None) == Role.APPLICANT and _could_be_reference(reference):
        today = timezone.localdate()
        found = request.session.row_read_for(user.pk)  # type: ignore[attr-defined]
        if found is NOT_READ:
            body = case_status_of(reference, user.pk, today)
        elif found is not None:
            body = status_body(found, today)
    if body is None:
        return error_response(404, "not_found", "No application with this reference was found in your account.")
    return JsonResponse(body)
