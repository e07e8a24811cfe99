"""Random sequences of actions by random people never break the lifecycle's invariants."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from asmtp.domain.lifecycle import (
    TERMINAL_STATUSES,
    Action,
    Actor,
    CaseSnapshot,
    Role,
    Status,
    Transition,
    TransitionRefused,
    apply_action,
    replay,
)

PEOPLE = [
    Actor(1, Role.APPLICANT),
    Actor(10, Role.OFFICER),
    Actor(11, Role.OFFICER),
    Actor(20, Role.SENIOR_OFFICER),
    Actor(21, Role.SENIOR_OFFICER),
    Actor(None, Role.SYSTEM),
]


class CaseLifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.case = CaseSnapshot()
        self.log: list[Transition] = []

    @rule(
        action=st.sampled_from(list(Action)),
        actor=st.sampled_from(PEOPLE),
        reason=st.sampled_from(["", "  ", "criterion education failed"]),
        officer=st.sampled_from([10, 11, 20, None]),
    )
    def act(self, action: Action, actor: Actor, reason: str, officer: int | None) -> None:
        before = self.case
        try:
            self.case, transition = apply_action(self.case, action, actor, reason=reason, data={"officer_id": officer})
        except TransitionRefused:
            assert self.case == before
            return
        assert before.status not in TERMINAL_STATUSES, "a closed case accepted an action"
        self.log.append(transition)

    @invariant()
    def the_event_log_replays_to_the_current_state(self) -> None:
        assert replay(self.log) == self.case

    @invariant()
    def no_decision_without_a_current_assessment(self) -> None:
        assessed = False
        for transition in self.log:
            if transition.action is Action.RECORD_ASSESSMENT:
                assessed = True
            elif transition.action is Action.RESPOND:
                assessed = False
            elif transition.action in {Action.APPROVE, Action.REFUSE, Action.RECOMMEND_APPROVAL, Action.RECOMMEND_REFUSAL}:
                assert assessed, f"{transition.action} without an assessment covering the file"

    @invariant()
    def no_evisa_without_approval_by_a_second_senior_officer(self) -> None:
        recommender: int | None = None
        approver: Actor | None = None
        for transition in self.log:
            if transition.action in {Action.RECOMMEND_APPROVAL, Action.RECOMMEND_REFUSAL}:
                recommender = transition.actor.id
            elif transition.action is Action.APPROVE:
                approver = transition.actor
                assert approver.id != recommender
            elif transition.action is Action.ISSUE_EVISA:
                assert approver is not None and approver.role is Role.SENIOR_OFFICER
                assert approver.id != recommender
                assert any(t.action is Action.RECORD_FEE for t in self.log)

    @invariant()
    def work_on_a_case_is_done_by_the_officer_holding_it(self) -> None:
        holder: int | None = None
        for transition in self.log:
            if transition.action is Action.CLAIM:
                holder = transition.actor.id
            elif transition.action is Action.ASSIGN:
                holder = transition.data["officer_id"]  # type: ignore[assignment]
            elif transition.action in {Action.REQUEST_INFORMATION, Action.RECORD_ASSESSMENT, Action.RECOMMEND_APPROVAL}:
                assert transition.actor.id == holder

    @invariant()
    def refusals_and_send_backs_say_why(self) -> None:
        for transition in self.log:
            if transition.action in {Action.REFUSE, Action.RECOMMEND_REFUSAL, Action.RETURN_FOR_REVIEW}:
                assert transition.reason.strip()

    @invariant()
    def a_submitted_case_never_returns_to_draft(self) -> None:
        if any(t.action is Action.SUBMIT for t in self.log):
            assert self.case.status is not Status.DRAFT


CaseLifecycle.TestCase.settings = settings(
    max_examples=300, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_random_sequences_of_actions_keep_the_lifecycle_invariants = CaseLifecycle.TestCase
