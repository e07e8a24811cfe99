"""The case state machine's guards and the clocks around a case, one rule at a time."""

from __future__ import annotations

import datetime as dt

import pytest

from asmtp.domain.lifecycle import (
    PROCESSING_PLEDGE,
    Action,
    Actor,
    CaseSnapshot,
    Duration,
    Role,
    Status,
    StayRefused,
    TransitionRefused,
    add_months,
    allowed_actions,
    apply_action,
    change_of_employment_needs_approval,
    check_extension,
    due_soon_until,
    effective_due_on,
    extension_opens_on,
    extension_window,
    extension_window_on,
    permanent_residence_milestone,
    pledge_due_on,
    refusal,
    replay,
    resumed_due_on,
)
from asmtp.policy import load_policy

POLICY = load_policy()

APPLICANT = Actor(1, Role.APPLICANT)
OFFICER = Actor(10, Role.OFFICER)
OTHER_OFFICER = Actor(11, Role.OFFICER)
SENIOR = Actor(20, Role.SENIOR_OFFICER)
OTHER_SENIOR = Actor(21, Role.SENIOR_OFFICER)


def run(*steps: tuple[Action, Actor] | tuple[Action, Actor, str]) -> CaseSnapshot:
    case = CaseSnapshot()
    for step in steps:
        action, actor = step[0], step[1]
        reason = step[2] if len(step) == 3 else ""
        case, _ = apply_action(case, action, actor, reason=reason)
    return case


def recommended_by(officer: Actor) -> CaseSnapshot:
    return run(
        (Action.SUBMIT, APPLICANT),
        (Action.CLAIM, officer),
        (Action.RECORD_ASSESSMENT, officer),
        (Action.RECOMMEND_APPROVAL, officer),
    )


def test_a_recommended_case_is_approved_by_a_different_senior_officer():
    case, transition = apply_action(recommended_by(OFFICER), Action.APPROVE, SENIOR)
    assert case.status is Status.APPROVED
    assert case.decided_by == SENIOR.id
    assert transition.from_status is Status.RECOMMENDED


def test_a_senior_officer_who_recommended_cannot_approve_their_own_recommendation():
    with pytest.raises(TransitionRefused) as refused:
        apply_action(recommended_by(SENIOR), Action.APPROVE, SENIOR)
    assert refused.value.code == "maker_checker"


def test_a_plain_officer_cannot_approve():
    with pytest.raises(TransitionRefused) as refused:
        apply_action(recommended_by(OFFICER), Action.APPROVE, OTHER_OFFICER)
    assert refused.value.code == "role_not_allowed"


def test_no_recommendation_without_an_assessment():
    case = run((Action.SUBMIT, APPLICANT), (Action.CLAIM, OFFICER))
    with pytest.raises(TransitionRefused) as refused:
        apply_action(case, Action.RECOMMEND_APPROVAL, OFFICER)
    assert refused.value.code == "not_assessed"


def test_an_answer_from_the_applicant_calls_for_a_fresh_assessment():
    case = run(
        (Action.SUBMIT, APPLICANT),
        (Action.CLAIM, OFFICER),
        (Action.RECORD_ASSESSMENT, OFFICER),
        (Action.REQUEST_INFORMATION, OFFICER),
        (Action.RESPOND, APPLICANT),
    )
    assert case.status is Status.ASSESSING
    assert not case.assessed


def test_only_the_officer_holding_a_case_may_work_on_it():
    case = run((Action.SUBMIT, APPLICANT), (Action.CLAIM, OFFICER))
    with pytest.raises(TransitionRefused) as refused:
        apply_action(case, Action.REQUEST_INFORMATION, OTHER_OFFICER)
    assert refused.value.code == "not_assigned"


def test_a_senior_officer_assigns_a_case_to_an_officer_who_may_then_work_on_it():
    case = run((Action.SUBMIT, APPLICANT))
    case, _ = apply_action(case, Action.ASSIGN, SENIOR, data={"officer_id": OTHER_OFFICER.id})
    assert case.assigned_to == OTHER_OFFICER.id and case.status is Status.SUBMITTED
    case, _ = apply_action(case, Action.CLAIM, OTHER_OFFICER)
    case, _ = apply_action(case, Action.RECORD_ASSESSMENT, OTHER_OFFICER)
    assert case.assessed


def test_assigning_needs_an_officer():
    with pytest.raises(TransitionRefused) as refused:
        apply_action(run((Action.SUBMIT, APPLICANT)), Action.ASSIGN, SENIOR, data={})
    assert refused.value.code == "officer_required"


def test_a_refusal_needs_a_reason():
    with pytest.raises(TransitionRefused) as refused:
        apply_action(recommended_by(OFFICER), Action.REFUSE, SENIOR, reason="  ")
    assert refused.value.code == "reason_required"


def test_no_evisa_before_the_fee_is_recorded():
    case, _ = apply_action(recommended_by(OFFICER), Action.APPROVE, SENIOR)
    with pytest.raises(TransitionRefused) as refused:
        apply_action(case, Action.ISSUE_EVISA, SENIOR)
    assert refused.value.code == "fee_unpaid"
    case, _ = apply_action(case, Action.RECORD_FEE, APPLICANT)
    case, _ = apply_action(case, Action.ISSUE_EVISA, OTHER_SENIOR)
    assert case.status is Status.EVISA_ISSUED


def test_the_buttons_offered_include_refusals_that_need_a_reason_but_not_the_makers_own_approval():
    offered = allowed_actions(recommended_by(SENIOR), OTHER_SENIOR)
    assert {Action.APPROVE, Action.REFUSE, Action.RETURN_FOR_REVIEW} <= set(offered)
    assert Action.APPROVE not in allowed_actions(recommended_by(SENIOR), SENIOR)
    refused = refusal(recommended_by(SENIOR), Action.APPROVE, SENIOR)
    assert refused is not None and refused.code == "maker_checker"


def test_a_history_that_skips_a_step_does_not_replay():
    _, submit = apply_action(CaseSnapshot(), Action.SUBMIT, APPLICANT)
    _, approve = apply_action(recommended_by(OFFICER), Action.APPROVE, SENIOR)
    with pytest.raises(TransitionRefused):
        replay([submit, approve])


def test_the_pledge_falls_due_four_weeks_after_submission():
    assert pledge_due_on(dt.date(2026, 3, 2), POLICY) == dt.date(2026, 3, 30)


def test_the_pledge_follows_the_policy_data():
    longer = POLICY.with_overrides({PROCESSING_PLEDGE: {"weeks": 6}})
    assert pledge_due_on(dt.date(2026, 3, 2), longer) == dt.date(2026, 4, 13)


def test_the_workbench_shows_as_due_soon_the_pledges_of_the_next_seven_days():
    assert due_soon_until(dt.date(2026, 3, 2), POLICY) == dt.date(2026, 3, 9)


def test_the_pledge_moves_by_the_days_spent_waiting_for_the_applicant():
    assert resumed_due_on(dt.date(2026, 3, 30), dt.date(2026, 3, 10), dt.date(2026, 3, 20)) == dt.date(2026, 4, 9)
    assert resumed_due_on(dt.date(2026, 3, 30), dt.date(2026, 3, 10), dt.date(2026, 3, 10)) == dt.date(2026, 3, 30)


def test_a_paused_clock_is_never_overdue_unless_it_was_overdue_when_paused():
    due = dt.date(2026, 3, 30)
    assert effective_due_on(due, dt.date(2026, 3, 10), dt.date(2026, 5, 1)) > dt.date(2026, 5, 1)
    assert effective_due_on(due, None, dt.date(2026, 5, 1)) == due


def test_before_march_2026_an_extension_may_be_applied_for_only_in_the_four_weeks_before_the_limit_of_stay():
    limit = dt.date(2025, 6, 30)
    assert extension_window(limit, dt.date(2025, 1, 1), POLICY) == (dt.date(2025, 6, 2), limit)
    check_extension(limit, dt.date(2025, 6, 2), POLICY)
    check_extension(limit, limit, POLICY)
    with pytest.raises(StayRefused) as early:
        check_extension(limit, dt.date(2025, 6, 1), POLICY)
    assert early.value.code == "extension_too_early"
    with pytest.raises(StayRefused) as late:
        check_extension(limit, dt.date(2025, 7, 1), POLICY)
    assert late.value.code == "extension_too_late"


def test_from_march_2026_an_extension_may_be_applied_for_in_the_three_calendar_months_before_the_limit_of_stay():
    limit = dt.date(2027, 6, 30)
    assert extension_window(limit, dt.date(2026, 12, 5), POLICY) == (dt.date(2027, 3, 30), limit)
    check_extension(limit, dt.date(2027, 3, 30), POLICY)
    with pytest.raises(StayRefused):
        check_extension(limit, dt.date(2027, 3, 29), POLICY)
    # Calendar months: three months before 31 May is the last day of February.
    assert extension_opens_on(dt.date(2027, 5, 31), dt.date(2026, 12, 5), POLICY) == dt.date(2027, 2, 28)


def test_the_window_in_force_on_the_day_of_applying_decides():
    limit = dt.date(2026, 5, 15)
    assert extension_window_on(dt.date(2026, 2, 20), POLICY) == Duration(weeks=4)
    assert Duration(weeks=4).before(limit) == dt.date(2026, 4, 17)
    with pytest.raises(StayRefused):
        check_extension(limit, dt.date(2026, 2, 20), POLICY)
    check_extension(limit, dt.date(2026, 3, 1), POLICY)
    # On 20 February the holder is told the first day the rule lets them in: 1 March, not 17 April.
    assert extension_opens_on(limit, dt.date(2026, 2, 20), POLICY) == dt.date(2026, 3, 1)


def test_a_stay_ending_soon_after_march_2026_opens_under_the_old_window_if_that_comes_first():
    assert extension_opens_on(dt.date(2026, 3, 20), dt.date(2026, 2, 10), POLICY) == dt.date(2026, 2, 20)


def test_a_duration_in_the_policy_data_must_be_whole_days_weeks_or_months():
    assert Duration.from_policy({"months": 3}) == Duration(months=3)
    for bad in ({"years": 1}, {"days": -1}, {"days": 1.5}, 28, {}):
        with pytest.raises(ValueError):
            Duration.from_policy(bad)


def test_a_top_tier_talent_only_notifies_a_change_of_employer():
    assert not change_of_employment_needs_approval(top_tier=True)
    assert change_of_employment_needs_approval(top_tier=False)


def test_permanent_residence_comes_seven_years_after_first_admission():
    assert permanent_residence_milestone(dt.date(2020, 5, 17)) == dt.date(2027, 5, 17)
    assert permanent_residence_milestone(dt.date(2024, 2, 29)) == dt.date(2031, 3, 1)


def test_months_are_added_calendar_wise_and_clipped_to_the_month_end():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 3, 15), 36) == dt.date(2029, 3, 15)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
