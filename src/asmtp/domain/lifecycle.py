"""The case state machine: every status change of an application goes through `apply_action`.

Pure: no Django, no clock. The caller passes the case as a `CaseSnapshot`, the actor, and
the action; it gets back the new snapshot and a `Transition` record to store as an event
row. `replay` rebuilds the snapshot from the stored transitions, so the event log is the
source of truth and can be checked against the status column.

Invariants the guards keep (tested with a Hypothesis state machine):
- no recommendation, and so no decision, without a recorded assessment;
- a decision is made by a senior officer who did not make the recommendation (maker-checker);
- no e-Visa without an approval and the issuance fee paid;
- terminal statuses (refused, withdrawn, lapsed, e-Visa issued) accept nothing further but
  what the table below allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ASSESSING = "assessing"
    AWAITING_APPLICANT = "awaiting_applicant"
    RECOMMENDED = "recommended"
    APPROVED = "approved"
    REFUSED = "refused"
    EVISA_ISSUED = "evisa_issued"
    WITHDRAWN = "withdrawn"
    LAPSED = "lapsed"


class Role(StrEnum):
    APPLICANT = "applicant"
    OFFICER = "officer"
    SENIOR_OFFICER = "senior_officer"
    SYSTEM = "system"


class Action(StrEnum):
    SUBMIT = "submit"
    CLAIM = "claim"
    REQUEST_INFORMATION = "request_information"
    RESPOND = "respond"
    RECORD_ASSESSMENT = "record_assessment"
    RECOMMEND_APPROVAL = "recommend_approval"
    RECOMMEND_REFUSAL = "recommend_refusal"
    RETURN_FOR_REVIEW = "return_for_review"
    APPROVE = "approve"
    REFUSE = "refuse"
    RECORD_FEE = "record_fee"
    ISSUE_EVISA = "issue_evisa"
    WITHDRAW = "withdraw"
    LAPSE = "lapse"


OPEN_STATUSES = frozenset(
    {Status.SUBMITTED, Status.ASSESSING, Status.AWAITING_APPLICANT, Status.RECOMMENDED}
)
TERMINAL_STATUSES = frozenset({Status.REFUSED, Status.EVISA_ISSUED, Status.WITHDRAWN, Status.LAPSED})

OFFICERS = frozenset({Role.OFFICER, Role.SENIOR_OFFICER})

# action -> (statuses it may start from, roles allowed, status it leads to; None keeps the status)
TRANSITIONS: dict[Action, tuple[frozenset[Status], frozenset[Role], Status | None]] = {
    Action.SUBMIT: (frozenset({Status.DRAFT}), frozenset({Role.APPLICANT}), Status.SUBMITTED),
    Action.CLAIM: (frozenset({Status.SUBMITTED, Status.ASSESSING}), OFFICERS, Status.ASSESSING),
    Action.REQUEST_INFORMATION: (frozenset({Status.ASSESSING}), OFFICERS, Status.AWAITING_APPLICANT),
    Action.RESPOND: (frozenset({Status.AWAITING_APPLICANT}), frozenset({Role.APPLICANT}), Status.ASSESSING),
    Action.RECORD_ASSESSMENT: (frozenset({Status.ASSESSING}), OFFICERS, None),
    Action.RECOMMEND_APPROVAL: (frozenset({Status.ASSESSING}), OFFICERS, Status.RECOMMENDED),
    Action.RECOMMEND_REFUSAL: (frozenset({Status.ASSESSING}), OFFICERS, Status.RECOMMENDED),
    Action.RETURN_FOR_REVIEW: (frozenset({Status.RECOMMENDED}), frozenset({Role.SENIOR_OFFICER}), Status.ASSESSING),
    Action.APPROVE: (frozenset({Status.RECOMMENDED}), frozenset({Role.SENIOR_OFFICER}), Status.APPROVED),
    Action.REFUSE: (frozenset({Status.RECOMMENDED}), frozenset({Role.SENIOR_OFFICER}), Status.REFUSED),
    Action.RECORD_FEE: (frozenset({Status.APPROVED}), frozenset({Role.APPLICANT, Role.OFFICER, Role.SENIOR_OFFICER, Role.SYSTEM}), None),
    Action.ISSUE_EVISA: (frozenset({Status.APPROVED}), frozenset({Role.OFFICER, Role.SENIOR_OFFICER, Role.SYSTEM}), Status.EVISA_ISSUED),
    Action.WITHDRAW: (
        frozenset({Status.DRAFT, Status.SUBMITTED, Status.ASSESSING, Status.AWAITING_APPLICANT, Status.RECOMMENDED}),
        frozenset({Role.APPLICANT}),
        Status.WITHDRAWN,
    ),
    Action.LAPSE: (frozenset({Status.DRAFT, Status.AWAITING_APPLICANT}), frozenset({Role.SYSTEM}), Status.LAPSED),
}


# Refusals and send-backs must say why: the reason is quoted in the letter and the history.
REASON_REQUIRED = frozenset({Action.REFUSE, Action.RECOMMEND_REFUSAL, Action.RETURN_FOR_REVIEW})


class TransitionRefused(Exception):
    """A transition the rules do not allow. `code` maps to a message in three languages."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Actor:
    id: int | None
    role: Role


@dataclass(frozen=True)
class CaseSnapshot:
    """What the guards need to know about a case; rebuilt from events by `replay`."""

    status: Status = Status.DRAFT
    assigned_to: int | None = None
    assessed: bool = False
    recommendation: str | None = None  # "approve" | "refuse"
    recommended_by: int | None = None
    decided_by: int | None = None
    fee_paid: bool = False


@dataclass(frozen=True)
class Transition:
    action: Action
    actor: Actor
    from_status: Status
    to_status: Status
    reason: str = ""
    data: dict[str, object] = field(default_factory=dict)


def allowed_actions(case: CaseSnapshot, actor: Actor) -> list[Action]:
    """The actions this actor may take on this case now (for showing buttons)."""
    result = []
    for action in TRANSITIONS:
        try:
            _check(case, action, actor, "")
        except TransitionRefused:
            continue
        result.append(action)
    return result


def _check(case: CaseSnapshot, action: Action, actor: Actor, reason: str) -> None:
    sources, roles, _target = TRANSITIONS[action]
    if actor.role not in roles:
        raise TransitionRefused("role_not_allowed", f"{actor.role} may not {action}")
    if case.status not in sources:
        raise TransitionRefused("wrong_status", f"cannot {action} a case that is {case.status}")
    if action in {Action.RECOMMEND_APPROVAL, Action.RECOMMEND_REFUSAL} and not case.assessed:
        raise TransitionRefused("not_assessed", "record an assessment before recommending")
    if action in {Action.APPROVE, Action.REFUSE}:
        if actor.id is not None and actor.id == case.recommended_by:
            raise TransitionRefused("maker_checker", "the recommending officer cannot decide the same case")
        if not case.assessed:
            raise TransitionRefused("not_assessed", "no decision without an assessment")
    if action in REASON_REQUIRED and not reason.strip():
        raise TransitionRefused("reason_required", f"{action} needs a reason")
    if action is Action.ISSUE_EVISA:
        if case.decided_by is None or case.decided_by == case.recommended_by:
            raise TransitionRefused("not_approved_by_second_officer", "an e-Visa needs approval by a second officer")
        if not case.fee_paid:
            raise TransitionRefused("fee_unpaid", "the issuance fee has not been recorded")
    if action is Action.RECORD_FEE and case.fee_paid:
        raise TransitionRefused("fee_already_paid", "the fee is already recorded")


def apply_action(
    case: CaseSnapshot, action: Action, actor: Actor, *, reason: str = "", data: dict[str, object] | None = None
) -> tuple[CaseSnapshot, Transition]:
    """Apply one action: the new snapshot and the transition to record, or `TransitionRefused`."""
    _check(case, action, actor, reason)
    target = TRANSITIONS[action][2] or case.status
    new = replace(case, status=target)
    if action is Action.CLAIM:
        new = replace(new, assigned_to=actor.id)
    elif action is Action.RECORD_ASSESSMENT:
        new = replace(new, assessed=True)
    elif action in {Action.RECOMMEND_APPROVAL, Action.RECOMMEND_REFUSAL}:
        verdict = "approve" if action is Action.RECOMMEND_APPROVAL else "refuse"
        new = replace(new, recommendation=verdict, recommended_by=actor.id)
    elif action is Action.RETURN_FOR_REVIEW:
        new = replace(new, recommendation=None, recommended_by=None)
    elif action in {Action.APPROVE, Action.REFUSE}:
        new = replace(new, decided_by=actor.id)
    elif action is Action.RECORD_FEE:
        new = replace(new, fee_paid=True)
    elif action is Action.RESPOND:
        # New material arrived: the earlier assessment no longer covers everything on file.
        new = replace(new, assessed=False)
    transition = Transition(action, actor, case.status, target, reason, dict(data or {}))
    return new, transition


def replay(transitions: list[Transition]) -> CaseSnapshot:
    """Rebuild a case from its event log; raises `TransitionRefused` if the log is not a valid history."""
    case = CaseSnapshot()
    for transition in transitions:
        case, _ = apply_action(case, transition.action, transition.actor, reason=transition.reason, data=transition.data)
    return case
