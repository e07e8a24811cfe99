"""Use cases that open a case or change its status. The only door to `Application.status`.

Each function owns its transaction: it locks the case row, runs the domain state machine,
writes the new status, a `CaseEvent` row and an audit entry together, and bumps the case's
version (optimistic locking for forms that were opened on an older version).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from asmtp.audit.services import record_audit_event
from asmtp.cases.letters import issue_letter
from asmtp.cases.models import Application, ApplicationKind, CaseEvent, ReferenceCounter
from asmtp.cases.rules_in_force import service_policy
from asmtp.cases.signals import case_action_performed
from asmtp.domain.lifecycle import (
    Action,
    Actor,
    CaseSnapshot,
    Role,
    Status,
    TransitionRefused,
    apply_action,
    pledge_due_on,
    resumed_due_on,
)

__all__ = ["StaleCase", "actor_for", "denormalise", "open_draft", "perform_action", "snapshot_of"]


class StaleCase(Exception):
    """The case changed since the form was opened (optimistic locking).

    Carries the case as it is now, so the page can show what changed instead of overwriting it.
    """

    code = "stale_case"

    def __init__(self, message: str, case: Application | None = None) -> None:
        super().__init__(message)
        self.case = case


def actor_for(user: Any) -> Actor:
    """The domain's view of a user: their id and the role they act in."""
    if user is None:
        return Actor(None, Role.SYSTEM)
    role = getattr(user, "role", "")
    if role == "senior_officer":
        return Actor(user.pk, Role.SENIOR_OFFICER)
    if role == "officer":
        return Actor(user.pk, Role.OFFICER)
    if role == "applicant":
        return Actor(user.pk, Role.APPLICANT)
    raise TransitionRefused("role_not_allowed", f"role {role!r} takes no part in a case's lifecycle")


def snapshot_of(case: Application) -> CaseSnapshot:
    return CaseSnapshot(
        status=Status(case.status),
        assigned_to=case.assigned_officer_id,
        assessed=case.assessed,
        recommendation=case.recommendation or None,
        recommended_by=case.recommended_by_id,
        decided_by=case.decided_by_id,
        fee_paid=case.fee_paid,
    )


def next_reference(year: int) -> str:
    """ASMTP-<year>-<6 digits>, counted per year, gap-free within a committed year.

    One statement creates the year's counter or moves it on, and returns the new number. The
    counter's row stays locked until the submission commits, so submitters take their numbers
    in turn and a rolled-back submission gives its number back."""
    with connection.cursor() as cursor:
        cursor.execute(_NEXT_REFERENCE_SQL, [year])
        (last,) = cursor.fetchone()
    return f"ASMTP-{year}-{last:06d}"


# PostgreSQL and SQLite (3.35 and later) both take this upsert; only the table's name is formatted in.
_COUNTERS = ReferenceCounter._meta.db_table
_NEXT_REFERENCE_SQL = (
    f"INSERT INTO {_COUNTERS} (year, last) VALUES (%s, 1) "  # noqa: S608
    f"ON CONFLICT (year) DO UPDATE SET last = {_COUNTERS}.last + 1 RETURNING last"
)


# Every column an action can change (`_write_snapshot` and the lines around it): only these are
# written, so an action never rewrites the application's answers it did not touch.
ACTION_FIELDS = (
    "status", "status_changed_at", "submitted_at", "pledge_due_on", "clock_paused_at", "assigned_officer", "assessed",
    "recommendation", "recommended_by", "decided_by", "fee_paid", "reference", "decided_at", "decision_reasons",
    "version", "updated_at",
)


def perform_action(
    case_id: int,
    action: Action,
    user: Any,
    *,
    reason: str = "",
    data: dict[str, Any] | None = None,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Application:
    """Apply one lifecycle action to a case, or raise `TransitionRefused` / `StaleCase`."""
    now = now or timezone.now()
    with transaction.atomic():
        case = Application.objects.select_for_update().filter(pk=case_id).first()
        if case is None:
            raise Application.DoesNotExist(f"no case {case_id}")
        if expected_version is not None and case.version != expected_version:
            raise StaleCase(f"case {case.reference} changed (version {case.version}, form had {expected_version})", case)
        actor = actor_for(user)
        snapshot, transition = apply_action(snapshot_of(case), action, actor, reason=reason, data=data)
        _write_snapshot(case, snapshot, action, now)
        if action is Action.SUBMIT and not case.reference:
            case.reference = next_reference(timezone.localtime(now).year)
        if action in {Action.APPROVE, Action.REFUSE}:
            case.decided_at = now
            case.decision_reasons = reason
        case.version += 1
        case.save(update_fields=ACTION_FIELDS)
        CaseEvent.objects.create(
            application=case,
            at=now,
            actor=user,
            actor_role=str(actor.role),
            action=str(action),
            from_status=str(transition.from_status),
            to_status=str(transition.to_status),
            reason=reason,
            data=transition.data,
        )
        record_audit_event(
            f"case.{action}",
            actor=user,
            object_type="application",
            object_id=case.pk,
            data={"reference": case.reference, "from": str(transition.from_status), "to": str(transition.to_status)},
        )
        if action is Action.SUBMIT:
            issue_letter(case, "acknowledgement", key=f"acknowledgement-{case.pk}")
        # The areas that act on a step (the fee's bill, the rules' run) receive it in this
        # transaction: asmtp/cases/signals.py names them.
        case_action_performed.send(sender=Application, case=case, action=action, user=user, now=now)
        return case


def _write_snapshot(case: Application, snapshot: CaseSnapshot, action: Action, now: dt.datetime) -> None:
    """Copy the state machine's result onto the row and keep the pledge clock."""
    if case.status != snapshot.status:
        case.status_changed_at = now
    today = timezone.localtime(now).date()
    if action is Action.SUBMIT:
        case.submitted_at = now
        case.pledge_due_on = pledge_due_on(today, service_policy(case.edition))
    elif action is Action.REQUEST_INFORMATION:
        case.clock_paused_at = now
    elif case.clock_paused_at is not None and snapshot.status != Status.AWAITING_APPLICANT:
        # The clock restarts whenever the case leaves "awaiting applicant" (an answer), and a
        # withdrawn or lapsed case keeps no running pause that would push its date on for ever.
        if case.pledge_due_on is not None:
            paused_on = timezone.localtime(case.clock_paused_at).date()
            case.pledge_due_on = resumed_due_on(case.pledge_due_on, paused_on, today)
        case.clock_paused_at = None
    case.status = snapshot.status
    case.assigned_officer_id = snapshot.assigned_to
    case.assessed = snapshot.assessed
    case.recommendation = snapshot.recommendation or ""
    case.recommended_by_id = snapshot.recommended_by
    case.decided_by_id = snapshot.decided_by
    case.fee_paid = snapshot.fee_paid


# --- opening a case ----------------------------------------------------------------------------


def open_draft(
    user: Any,
    *,
    language: str,
    edition: str,
    idempotency_key: str | None = None,
    kind: str = ApplicationKind.ENTRY,
    previous: Application | None = None,
    applicant_data: Mapping[str, Any] | None = None,
    audit_event: str = "application.started",
    audit_data: Mapping[str, Any] | None = None,
    **carried: Any,
) -> Application:
    """Create a draft as every way into an application does (the portal's "new application", an
    employer's offer code, a change of employment, an extension), inside the caller's transaction.

    Each draft gets its own form key, which submitting checks (`submit_application`): a draft made
    without one could never be submitted. `carried` are further fields taken over from a grant or
    an offer (employment_data, offer, first_admitted_on).
    """
    case = Application(
        applicant=user,
        kind=kind,
        previous=previous,
        idempotency_key=idempotency_key or uuid.uuid4().hex,
        language=language,
        edition=edition,
        draft_step="personal",
        applicant_data=dict(applicant_data or {}),
        **carried,
    )
    denormalise(case)
    case.save()
    record_audit_event(audit_event, actor=user, object_type="application", object_id=case.pk, data=dict(audit_data or {}))
    return case


def denormalise(case: Application) -> None:
    """Copy the answers the queues, filters and statistics read into the case's own columns."""
    applicant = case.applicant_data or {}
    employment = case.employment_data or {}
    case.name_en = str(applicant.get("name_en", ""))[:200]
    case.name_zh = str(applicant.get("name_zh", ""))[:100]
    case.province_code = str(applicant.get("mainland_id_number", ""))[:2]
    case.industry = str(employment.get("industry", ""))[:1]
    case.talent_list_profession = str(employment.get("talent_list_profession", ""))[:80]
    salary = employment.get("monthly_salary_hkd")
    case.monthly_salary_hkd = int(salary) if isinstance(salary, int) else None
