"""What officers do to a case: claim, assign, ask for information, assess, recommend, decide.

Every function owns its transaction, changes status only through `perform_action` (which
writes the CaseEvent and the audit entry and checks the form's `expected_version`), and
issues letters in the same transaction; the e-mail goes out after commit from a job.
Errors carry a code: `WorkbenchError` for input the officer can fix, `TransitionRefused`
for what the lifecycle forbids, `StaleCase` when the case changed since the form was opened.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from asmtp.accounts.models import OFFICER_ROLES, User
from asmtp.audit.services import record_audit_event
from asmtp.cases.assessment import assess_application
from asmtp.cases.letters import issue_letter
from asmtp.cases.models import (
    Application,
    ApplicationKind,
    Assessment,
    CaseNote,
    DocumentKind,
    InformationRequest,
    LetterKind,
    Message,
)
from asmtp.cases.services import perform_action
from asmtp.domain.lifecycle import (
    OPEN_STATUSES,
    Action,
    add_months,
)
from asmtp.errors import CodedError
from asmtp.workbench.errors import MESSAGES
from asmtp.workbench.models import PolicyFlag

Engine = Callable[..., dict[str, Any]]
logger = logging.getLogger(__name__)


class WorkbenchError(CodedError):
    """Input an officer can correct, or a step the case refuses; `field` names the form field."""

    MESSAGES = MESSAGES
    DEFAULT_CODE = "wrong_status"


# --- the engine and the policy it runs under -------------------------------------------------


def default_engine() -> Engine:
    """The eligibility engine the workbench runs (tests pass their own)."""
    return assess_application


def current_policy_fingerprint(edition: str) -> str:
    """The rule version an assessment runs under: a digest of everything the engine reads, the
    policy files and the Talent Lists administrators imported (see `asmtp.policy.fingerprint`).

    It moves when a value the engine reads changes (an import included), not when a label, a
    source or the retention period does.
    """
    from asmtp.cases.assessment import policy_for
    from asmtp.policy.fingerprint import policy_fingerprint

    return policy_fingerprint(policy_for(edition))


def _engine_input(case: Application) -> dict[str, Any]:
    from asmtp.cases.engine_input import build_engine_input

    return build_engine_input(case)


def _assess(case: Application, engine: Engine, edition: str) -> tuple[dict[str, Any], dt.date]:
    as_of = timezone.localtime(case.submitted_at).date() if case.submitted_at else timezone.localdate()
    result = engine(_engine_input(case), edition=edition, as_of=as_of)
    if "error" in result:
        raise WorkbenchError("engine_input_error", str(result["error"].get("field") or ""))
    return result, as_of


# --- officers reading personal data -------------------------------------------------------------


def record_officer_access(user: User, case: Application, *, what: str, object_id: int) -> None:
    """An officer opened an applicant's document or letter: who saw whose papers, and when.

    Reading is not a change, but under the PDPO (DPP4) and ASVS V16 access by staff to a person's
    identity papers is what an audit of misuse needs, so it goes into the hash-chained log.
    """
    record_audit_event(f"{what}.viewed", actor=user, object_type="application", object_id=case.pk, data={what: object_id})


# --- claiming and assigning ------------------------------------------------------------------


def claim_case(case_id: int, user: User, *, expected_version: int | None = None) -> Application:
    """The officer takes the case (starting its assessment, or taking it over from a colleague)."""
    return perform_action(case_id, Action.CLAIM, user, expected_version=expected_version)


def assign_case(case_id: int, user: User, *, officer_id: int, expected_version: int | None = None) -> Application:
    """A senior officer hands the case to an officer."""
    if not User.objects.filter(pk=officer_id, role__in=OFFICER_ROLES, is_active=True).exists():
        raise WorkbenchError("unknown_officer", "officer")
    return perform_action(
        case_id, Action.ASSIGN, user, data={"officer_id": officer_id}, expected_version=expected_version
    )


# --- asking the applicant --------------------------------------------------------------------


def request_information(
    case_id: int,
    user: User,
    *,
    items: list[dict[str, Any]],
    message: str,
    due_on: dt.date | None = None,
    expected_version: int | None = None,
) -> InformationRequest:
    """Ask the applicant for documents: a checklist and a message, in the portal and by letter."""
    if not items:
        raise WorkbenchError("no_documents_chosen", "items")
    if not message.strip():
        raise WorkbenchError("message_required", "message")
    if any(item.get("kind") not in DocumentKind.values for item in items):
        raise WorkbenchError("unknown_document_kind", "items")
    with transaction.atomic():
        case = perform_action(
            case_id, Action.REQUEST_INFORMATION, user, reason=message.strip(),
            data={"items": items}, expected_version=expected_version,
        )
        dependant_ids = set(case.dependants.values_list("pk", flat=True))
        if any(item.get("dependant_id") not in (None, *dependant_ids) for item in items):
            raise WorkbenchError("unknown_person", "items")
        request = InformationRequest.objects.create(
            application=case, requested_by=user, message=message.strip(), items=items, due_on=due_on
        )
        Message.objects.create(application=case, sender=user, body=message.strip())
        issue_letter(case, LetterKind.INFORMATION_REQUEST, key=f"rfi-{request.pk}", context={"request": request})
        return request


# --- assessing -------------------------------------------------------------------------------


def record_assessment(
    case_id: int,
    user: User,
    *,
    expected_version: int | None = None,
    engine: Engine | None = None,
) -> Assessment:
    """Run the engine on the case as filed and keep its result with the edition and policy used.

    Also the explicit, audited re-assessment after a policy change: it settles open flags.
    """
    engine = engine or default_engine()
    with transaction.atomic():
        case = perform_action(case_id, Action.RECORD_ASSESSMENT, user, expected_version=expected_version)
        assessment = write_assessment(case, user=user, engine=engine)
        settled = PolicyFlag.objects.filter(application=case, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=user
        )
        record_audit_event(
            "case.assessed", actor=user, object_type="application", object_id=case.pk,
            data={"assessment": assessment.pk, "outcome": assessment.outcome, "edition": assessment.edition,
                  "policy_fingerprint": assessment.policy_fingerprint, "policy_flags_settled": settled},
        )
        return assessment


def write_assessment(case: Application, *, user: User | None, engine: Engine | None = None) -> Assessment:
    """Run the engine on the case as filed (as of its submission) and store the result with its
    rule version; the case's and its dependants' outcomes follow. The caller owns the transaction.

    The one way an assessment is written: by an officer, by the job after submission, by the
    re-assessment after a policy change, and by the demo data.
    """
    edition = settings.ASMTP_EDITION
    result, as_of = _assess(case, engine or default_engine(), edition)
    return _store_assessment(case, result, as_of, edition, current_policy_fingerprint(edition), user)


def _store_assessment(
    case: Application, result: dict[str, Any], as_of: dt.date, edition: str, fingerprint: str, user: User | None
) -> Assessment:
    assessment = Assessment.objects.create(
        application=case, edition=edition, as_of=as_of, outcome=str(result.get("outcome", "")),
        result=result, policy_fingerprint=fingerprint, created_by=user,
    )
    Application.objects.filter(pk=case.pk).update(rules_outcome=assessment.outcome)
    for entry in result.get("dependants") or []:
        case.dependants.filter(position=entry.get("index", -1)).update(rules_outcome=str(entry.get("outcome", "")))
    return assessment


def assess_by_rules(case_id: int, *, engine: Engine | None = None) -> Assessment | None:
    """Run the rules on an open case for the officers who will take it up: the job queued when a
    case is submitted and when the applicant answers a request (no officer, no change of status).

    Safe to run twice: nothing is written when the latest assessment already says the same under
    the same rule version, nor for a case no longer open. Input the engine cannot read is left
    for the officer, who meets it when running the rules.
    """
    engine = engine or default_engine()
    edition = settings.ASMTP_EDITION
    with transaction.atomic():
        case = Application.objects.select_for_update().filter(pk=case_id).first()
        if case is None or case.status not in OPEN_STATUSES:
            return None
        try:
            result, as_of = _assess(case, engine, edition)
        except WorkbenchError:
            return None
        fingerprint = current_policy_fingerprint(edition)
        latest = case.assessments.order_by("-id").first()
        if latest is not None and _same_assessment(latest, edition, as_of, fingerprint, result):
            return None
        assessment = _store_assessment(case, result, as_of, edition, fingerprint, None)
        record_audit_event(
            "case.assessed_by_rules", object_type="application", object_id=case.pk,
            data={"assessment": assessment.pk, "outcome": assessment.outcome, "edition": edition,
                  "policy_fingerprint": fingerprint},
        )
        return assessment


def _same_assessment(latest: Assessment, edition: str, as_of: dt.date, fingerprint: str, result: dict[str, Any]) -> bool:
    # The stored result went through JSON; compare the new one in the same form.
    same_result: bool = latest.result == json.loads(json.dumps(result, default=str))
    return (latest.edition, latest.as_of, latest.policy_fingerprint) == (edition, as_of, fingerprint) and same_result


# --- recommending and deciding ---------------------------------------------------------------


def recommend(
    case_id: int, user: User, *, verdict: str, reason: str = "", expected_version: int | None = None
) -> Application:
    """The assessing officer recommends approval or refusal, for a second officer to decide."""
    actions = {"approve": Action.RECOMMEND_APPROVAL, "refuse": Action.RECOMMEND_REFUSAL}
    if verdict not in actions:
        raise WorkbenchError("choose_recommendation", "verdict")
    return perform_action(case_id, actions[verdict], user, reason=reason.strip(), expected_version=expected_version)


def quoted_findings(case: Application, criteria: list[str]) -> list[dict[str, Any]]:
    """The latest assessment's findings for the chosen criteria, each with its reason in three languages."""
    latest = case.assessments.order_by("-id").first()
    if latest is None:
        return []
    wanted = set(criteria)
    return [
        {"criterion": f.get("criterion"), "status": f.get("status"), "reason": f.get("reason", {}),
         "reference": f.get("reference", ""), "source": f.get("source")}
        for f in latest.result.get("findings", [])
        if f.get("criterion") in wanted
    ]


def decide_case(
    case_id: int,
    user: User,
    *,
    decision: str,
    reason: str = "",
    criteria: list[str] | None = None,
    expected_version: int | None = None,
) -> Application:
    """A second (senior) officer approves or refuses; a refusal quotes the findings it rests on."""
    if decision not in {"approve", "refuse"}:
        raise WorkbenchError("choose_decision", "decision")
    with transaction.atomic():
        case = Application.objects.get(pk=case_id)
        quotes = quoted_findings(case, criteria or [])
        if decision == "refuse" and not quotes:
            raise WorkbenchError("quote_findings", "criteria")
        action = Action.APPROVE if decision == "approve" else Action.REFUSE
        case = perform_action(
            case_id, action, user, reason=reason.strip(), data={"findings": quotes}, expected_version=expected_version
        )
        bill = None
        if decision == "approve":
            _grant_stay(case)
            # Payments billed the issuance fee as the case was approved (asmtp.payments.receivers):
            # the letter quotes that bill, the case's newest.
            bill = case.bills.order_by("-id").first()
        issue_letter(
            case, LetterKind.APPROVAL if decision == "approve" else LetterKind.REFUSAL,
            key=f"decision-{case.pk}-{case.version}", context={"findings": quotes, "reason": reason.strip(), "bill": bill},
        )
        return case


def _grant_stay(case: Application) -> None:
    """Write the limit of stay the assessment supports and carry the residence start forward."""
    latest = case.assessments.order_by("-id").first()
    stay = (latest.result.get("stay") if latest else None) or {}
    decided_on = timezone.localtime(case.decided_at).date() if case.decided_at else timezone.localdate()
    previous = case.previous
    months: int | None = stay.get("initial_months")
    start = decided_on
    if case.kind == ApplicationKind.EXTENSION and previous is not None:
        extensions = stay.get("extension_months") or []
        done = _extensions_before(previous)
        months = extensions[min(done, len(extensions) - 1)] if extensions else None
        start = previous.limit_of_stay_on or decided_on
    elif case.kind == ApplicationKind.CHANGE_OF_EMPLOYMENT and previous is not None:
        # A new employer does not restart the stay: the limit already granted still applies.
        months, start = previous.granted_months, previous.limit_of_stay_on or decided_on
        case.limit_of_stay_on = previous.limit_of_stay_on
    if months and case.kind != ApplicationKind.CHANGE_OF_EMPLOYMENT:
        case.limit_of_stay_on = add_months(start, int(months))
    case.granted_months = months
    # The system does not see the border: for a first entry the approval date stands in for the
    # first admission until the e-Visa holder's arrival is recorded; follow-ups carry it over.
    case.first_admitted_on = (previous.first_admitted_on if previous else None) or case.first_admitted_on or decided_on
    Application.objects.filter(pk=case.pk).update(
        granted_months=case.granted_months, limit_of_stay_on=case.limit_of_stay_on,
        first_admitted_on=case.first_admitted_on,
    )


def _extensions_before(case: Application) -> int:
    count = 0
    while case is not None and case.kind == ApplicationKind.EXTENSION:
        count += 1
        case = case.previous  # type: ignore[assignment]
    return count


# --- notes and messages ----------------------------------------------------------------------


def add_note(case_id: int, user: User, *, body: str) -> CaseNote:
    """An internal note on the case (never shown to the applicant)."""
    if not body.strip():
        raise WorkbenchError("note_required", "body")
    with transaction.atomic():
        case = Application.objects.select_for_update().get(pk=case_id)
        note = CaseNote.objects.create(application=case, author=user, body=body.strip())
        record_audit_event("case.note_added", actor=user, object_type="application", object_id=case.pk,
                           data={"note": note.pk})
        return note


def send_message(case_id: int, user: User, *, body: str) -> Message:
    """A message to the applicant, shown in their portal."""
    if not body.strip():
        raise WorkbenchError("message_required", "body")
    with transaction.atomic():
        case = Application.objects.select_for_update().get(pk=case_id)
        message = Message.objects.create(application=case, sender=user, body=body.strip())
        record_audit_event("case.message_sent", actor=user, object_type="application", object_id=case.pk,
                           data={"message": message.pk})
        return message


# --- what follows a grant: extension, change of employment -----------------------------------


# --- policy changes while cases are in flight ------------------------------------------------


def _finding_statuses(result: dict[str, Any]) -> dict[tuple[str, str], str]:
    statuses = {("principal", str(f.get("criterion"))): str(f.get("status")) for f in result.get("findings", [])}
    for entry in result.get("dependants") or []:
        for f in entry.get("findings", []):
            statuses[(f"dependant {entry.get('index')}", str(f.get("criterion")))] = str(f.get("status"))
    return statuses


def policy_difference(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, str]]:
    """The findings whose status differs between two results of the engine."""
    before, after = _finding_statuses(old), _finding_statuses(new)
    return [
        {"person": person, "criterion": criterion, "old": before.get((person, criterion), ""),
         "new": after.get((person, criterion), "")}
        for person, criterion in sorted(set(before) | set(after))
        if before.get((person, criterion)) != after.get((person, criterion))
    ]


def _changed(latest: Assessment, result: dict[str, Any]) -> bool:
    return str(result.get("outcome", "")) != latest.outcome or bool(policy_difference(latest.result, result))


def flag_policy_changes(*, engine: Engine | None = None, batch: int = 500, recheck: bool = False) -> int:
    """Re-assess the open cases assessed under another rule version, and flag those the rules in
    force now judge differently: the outcome, or the status of a finding, of anyone on the case.

    A case the rules judge as before gets an assessment under the new rule version (by no
    officer), so it is not looked at again; a flagged case keeps its assessment until an officer
    re-assesses it. With `recheck` the cases already under the current version are re-assessed
    too (the day a dated value takes effect). Safe to run twice: one flag per assessment and rule
    version. Returns the number of new flags.
    """
    engine = engine or default_engine()
    edition = settings.ASMTP_EDITION
    fingerprint = current_policy_fingerprint(edition)
    flagged = 0
    open_cases = Application.objects.filter(status__in=[str(s) for s in OPEN_STATUSES]).order_by("pk")
    for case in open_cases.iterator(chunk_size=batch):
        latest = case.assessments.order_by("-id").first()
        if latest is None or (latest.policy_fingerprint == fingerprint and not recheck):
            continue
        if PolicyFlag.objects.filter(assessment=latest, new_fingerprint=fingerprint).exists():
            continue
        try:
            result, as_of = _assess(case, engine, edition)
        except WorkbenchError as refused:
            logger.warning("case %s: the rules in force cannot assess it (%s %s)", case.pk, refused.code, refused.field)
            continue
        with transaction.atomic():
            if not _changed(latest, result):
                if latest.policy_fingerprint != fingerprint:
                    assessment = _store_assessment(case, result, as_of, edition, fingerprint, None)
                    record_audit_event("case.reassessed_unchanged", object_type="application", object_id=case.pk,
                                       data={"assessment": assessment.pk, "outcome": assessment.outcome,
                                             "old_fingerprint": latest.policy_fingerprint, "policy_fingerprint": fingerprint})
                continue
            flag, created = PolicyFlag.objects.get_or_create(
                assessment=latest, new_fingerprint=fingerprint,
                defaults={"application": case, "old_fingerprint": latest.policy_fingerprint,
                          "old_outcome": latest.outcome, "new_outcome": str(result.get("outcome", "")),
                          "differences": policy_difference(latest.result, result)},
            )
            if created:
                flagged += 1
                record_audit_event("case.policy_flagged", object_type="application", object_id=case.pk,
                                   data={"flag": flag.pk, "old": flag.old_outcome, "new": flag.new_outcome,
                                         "differences": len(flag.differences)})
    return flagged


def flag_rules_taking_effect(today: dt.date | None = None, *, engine: Engine | None = None) -> int:
    """The daily check of the rules in force: flag the open cases they now judge differently.

    On a day a dated value the engine reads takes effect (a parameter, a Talent List version, a
    wage benchmark) every open case is re-assessed; on other days only those assessed under
    another rule version (policy files deployed since, an import whose job has not run yet).
    Returns the number of new flags.
    """
    from asmtp.cases.assessment import policy_for
    from asmtp.policy.in_force import rules_taking_effect

    day = today or timezone.localdate()
    starting = rules_taking_effect(policy_for(settings.ASMTP_EDITION), day)
    if starting:
        record_audit_event("policy.rules_took_effect", object_type="policy", object_id=settings.ASMTP_EDITION,
                           data={"day": day.isoformat(), "values": starting})
    return flag_policy_changes(engine=engine, recheck=bool(starting))
