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

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from asmtp.policy import Policy


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
    ASSIGN = "assign"
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
    Action.ASSIGN: (
        frozenset({Status.SUBMITTED, Status.ASSESSING, Status.AWAITING_APPLICANT}),
        frozenset({Role.SENIOR_OFFICER}),
        None,
    ),
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


# Work on a case in hand is done by the officer holding it; others claim it first (audited).
ASSIGNED_ONLY = frozenset(
    {Action.REQUEST_INFORMATION, Action.RECORD_ASSESSMENT, Action.RECOMMEND_APPROVAL, Action.RECOMMEND_REFUSAL}
)

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
    return [action for action in TRANSITIONS if refusal(case, action, actor) is None]


def refusal(case: CaseSnapshot, action: Action, actor: Actor) -> TransitionRefused | None:
    """Why this actor may not take this action now (None: they may), before any form is filled.

    A reason or an officer to assign is asked for by the form itself, so stand-ins are used here.
    """
    try:
        _check(case, action, actor, "(reason given on the form)", {"officer_id": 0})
    except TransitionRefused as refused:
        return refused
    return None


def data_officer(data: dict[str, object] | None) -> object:
    """The officer an ASSIGN action names (its `officer_id`)."""
    return (data or {}).get("officer_id")


def _check(case: CaseSnapshot, action: Action, actor: Actor, reason: str, data: dict[str, object] | None = None) -> None:
    sources, roles, _target = TRANSITIONS[action]
    if actor.role not in roles:
        raise TransitionRefused("role_not_allowed", f"{actor.role} may not {action}")
    if case.status not in sources:
        raise TransitionRefused("wrong_status", f"cannot {action} a case that is {case.status}")
    if action in ASSIGNED_ONLY and actor.id != case.assigned_to:
        raise TransitionRefused("not_assigned", f"{action} is for the officer the case is assigned to")
    if action is Action.ASSIGN and not isinstance(data_officer(data), int):
        raise TransitionRefused("officer_required", "say which officer the case is assigned to")
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
    _check(case, action, actor, reason, data)
    target = TRANSITIONS[action][2] or case.status
    new = replace(case, status=target)
    if action is Action.CLAIM:
        new = replace(new, assigned_to=actor.id)
    elif action is Action.ASSIGN:
        officer = data_officer(data)
        new = replace(new, assigned_to=officer if isinstance(officer, int) else None)
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


# --- the clocks around a case (pure: today and the policy come in as arguments) ---------------

PERMANENT_RESIDENCE_YEARS = 7  # Basic Law Art. 24(2)(2): 7 years of continuous ordinary residence

# The service's clocks, dated policy data (policy/data/parameters.yaml), each a length of time.
EXTENSION_WINDOW = "extension_of_stay.window"
EXTENSION_LATE_REMINDER = "extension_of_stay.late_reminder"
PROCESSING_PLEDGE = "processing.pledge"
DUE_SOON_MARGIN = "processing.due_soon_margin"


@dataclass(frozen=True)
class Duration:
    """A length of time as the policy data states it: ``{days: N}``, ``{weeks: N}`` or ``{months: N}``.

    Months are calendar months (3 months before 15 May is 15 February; before 31 May, 28 or
    29 February), so a window stated in months is never turned into a number of days.
    """

    days: int = 0
    weeks: int = 0
    months: int = 0

    @classmethod
    def from_policy(cls, value: object) -> Duration:
        """Read a parameter's value; anything but whole, non-negative days, weeks or months is refused."""
        units = ("days", "weeks", "months")
        if not isinstance(value, Mapping) or not value or set(value) - set(units):
            raise ValueError(f"a duration is a mapping of {', '.join(units)} to whole numbers, not {value!r}")
        for amount in value.values():
            if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
                raise ValueError(f"a duration counts whole, non-negative units, not {value!r}")
        return cls(**{unit: int(amount) for unit, amount in value.items()})

    def before(self, day: dt.date) -> dt.date:
        return add_months(day, -self.months) - dt.timedelta(days=self.days + 7 * self.weeks)

    def after(self, day: dt.date) -> dt.date:
        return add_months(day, self.months) + dt.timedelta(days=self.days + 7 * self.weeks)


def duration_in_force(policy: Policy, name: str, day: dt.date) -> Duration:
    """The length of time a dated policy parameter states on ``day``."""
    return Duration.from_policy(policy.parameter(name).value_at(day))


def pledge_due_on(submitted_on: dt.date, policy: Policy) -> dt.date:
    """When the processing pledge falls due for a case submitted (all documents in) on that day."""
    return duration_in_force(policy, PROCESSING_PLEDGE, submitted_on).after(submitted_on)


def due_soon_until(today: dt.date, policy: Policy) -> dt.date:
    """The last pledge date the workbench's "due soon" queue shows today."""
    return duration_in_force(policy, DUE_SOON_MARGIN, today).after(today)


def resumed_due_on(due_on: dt.date, paused_on: dt.date, resumed_on: dt.date) -> dt.date:
    """The pledge date after the clock stood still from `paused_on` to `resumed_on`.

    Only whole days the case spent with the applicant move the date; a same-day answer moves nothing.
    """
    return due_on + dt.timedelta(days=max((resumed_on - paused_on).days, 0))


def effective_due_on(due_on: dt.date, paused_on: dt.date | None, today: dt.date) -> dt.date:
    """The pledge date as it stands today: a paused clock keeps moving the date while it waits."""
    if paused_on is None:
        return due_on
    return resumed_due_on(due_on, paused_on, today)


class StayRefused(TransitionRefused):
    """An extension or change of employment the rules do not allow (code maps to a message)."""


def extension_window_on(day: dt.date, policy: Policy) -> Duration:
    """The window before the limit of stay in which an extension may be applied for, as in force on ``day``."""
    return duration_in_force(policy, EXTENSION_WINDOW, day)


def may_apply_for_extension(limit_of_stay_on: dt.date, day: dt.date, policy: Policy) -> bool:
    """The rule: on ``day`` a holder may apply when it is on or after the limit of stay minus the
    window in force on ``day``, and not after the limit of stay."""
    return extension_window_on(day, policy).before(limit_of_stay_on) <= day <= limit_of_stay_on


def extension_opens_on(limit_of_stay_on: dt.date, today: dt.date, policy: Policy) -> dt.date | None:
    """The first day, ``today`` or later, on which the rule lets the holder apply; None once the
    limit of stay has passed.

    A change of window already in the policy data counts: on 20 February 2026, a stay ending on
    15 May 2026 opens on 1 March 2026 (the 3-month window), not on 17 April (4 weeks).
    """
    if today > limit_of_stay_on:
        return None
    periods = policy.parameter(EXTENSION_WINDOW).periods
    for index, period in enumerate(periods):
        ends = periods[index + 1].effective_from if index + 1 < len(periods) else None
        if ends is not None and ends <= today:
            continue  # a window no longer in force
        starts = today if index == 0 else max(today, period.effective_from)
        first = max(starts, Duration.from_policy(period.value).before(limit_of_stay_on))
        if ends is None or first < ends:
            return first if first <= limit_of_stay_on else None
    return None


def extension_window(limit_of_stay_on: dt.date, today: dt.date, policy: Policy) -> tuple[dt.date | None, dt.date]:
    """The first day (from today on; None once passed) and the last day an extension may be applied for."""
    return extension_opens_on(limit_of_stay_on, today, policy), limit_of_stay_on


def check_extension(limit_of_stay_on: dt.date | None, today: dt.date, policy: Policy) -> None:
    """Refuse an extension application made outside the window in force today."""
    if limit_of_stay_on is None:
        raise StayRefused("no_limit_of_stay", "only a granted stay with a limit can be extended")
    if today > limit_of_stay_on:
        raise StayRefused("extension_too_late", f"the limit of stay ended on {limit_of_stay_on.isoformat()}")
    if not may_apply_for_extension(limit_of_stay_on, today, policy):
        opens = extension_opens_on(limit_of_stay_on, today, policy)
        raise StayRefused("extension_too_early", f"extensions open on {opens.isoformat() if opens else '?'}")


def change_of_employment_needs_approval(top_tier: bool) -> bool:
    """A change of employer needs prior approval, except for top-tier talents, who notify."""
    return not top_tier


def anniversary(start: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February falls on 1 March in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return dt.date(start.year + years, 3, 1)


def permanent_residence_milestone(first_admitted_on: dt.date) -> dt.date:
    """The day 7 years of continuous ordinary residence are complete."""
    return anniversary(first_admitted_on, PERMANENT_RESIDENCE_YEARS)


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has none (31 Jan + 1 = 28/29 Feb)."""
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    for day in (start.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(start.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")
