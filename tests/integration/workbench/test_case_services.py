"""The officer's use cases against a real database: claim, ask, assess, recommend, decide."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from asmtp.cases.models import Application, Assessment, CaseEvent, InformationRequest, Letter, Message
from asmtp.cases.services import StaleCase, perform_action
from asmtp.domain.lifecycle import Action, Actor, Role, Status, Transition, TransitionRefused, replay
from asmtp.workbench.services import (
    WorkbenchError,
    add_note,
    claim_case,
    decide_case,
    record_assessment,
    request_information,
)
from tests.integration.workbench.factories import (
    FakeEngine,
    claimed_case,
    columns,
    finding,
    recommended_case,
    submitted_case,
)

pytestmark = pytest.mark.django_db


def test_claiming_a_submitted_case_assigns_it_and_starts_the_assessment(applicant, officer):
    case = submitted_case(applicant)
    case = claim_case(case.pk, officer, expected_version=case.version)
    assert case.status == Status.ASSESSING and case.assigned_officer == officer


def test_a_form_opened_on_an_older_version_is_refused_and_changes_nothing(applicant, officer, second_officer):
    case = submitted_case(applicant)
    opened = case.version
    claim_case(case.pk, officer, expected_version=opened)
    with pytest.raises(StaleCase) as stale:
        claim_case(case.pk, second_officer, expected_version=opened)
    assert stale.value.case is not None and stale.value.case.assigned_officer_id == officer.pk
    assert Application.objects.get(pk=case.pk).assigned_officer == officer


@pytest.mark.django_db(transaction=True)
def test_requesting_information_pauses_the_clock_and_tells_the_applicant_in_their_language(applicant, officer, mailoutbox, run_jobs):
    case = claimed_case(applicant, officer, language="zh-hant")
    request = request_information(
        case.pk, officer, items=[{"kind": "degree_certificate", "dependant_id": None}], message="請上載學位證書。"
    )
    case.refresh_from_db()
    assert case.status == Status.AWAITING_APPLICANT and case.clock_paused_at is not None
    assert InformationRequest.objects.get(pk=request.pk).items == [{"kind": "degree_certificate", "dependant_id": None}]
    assert Message.objects.filter(application=case, body="請上載學位證書。").exists()
    letter = Letter.objects.get(application=case, kind="information_request")
    assert "學位證書" in letter.body and letter.language == "zh-hant"
    run_jobs()
    run_jobs()  # a second run sends nothing more
    sent = [m for m in mailoutbox if m.subject == letter.subject]
    assert len(sent) == 1 and sent[0].to == [applicant.email]
    assert sent[0].attachments[0][2] == "application/pdf" and sent[0].attachments[0][1].startswith(b"%PDF")


def test_a_request_without_documents_or_message_is_refused_with_the_field_named(applicant, officer):
    case = claimed_case(applicant, officer)
    with pytest.raises(WorkbenchError) as error:
        request_information(case.pk, officer, items=[], message="x")
    assert (error.value.code, error.value.field) == ("no_documents_chosen", "items")
    with pytest.raises(WorkbenchError) as error:
        request_information(case.pk, officer, items=[{"kind": "photo"}], message="  ")
    assert error.value.field == "message"
    assert Application.objects.get(pk=case.pk).status == Status.ASSESSING


def test_the_pledge_moves_by_the_days_the_case_waited_for_the_applicant(applicant, officer):
    start = timezone.now() - dt.timedelta(days=20)
    case = submitted_case(applicant, now=start)
    due = case.pledge_due_on
    perform_action(case.pk, Action.CLAIM, officer, now=start)
    perform_action(case.pk, Action.REQUEST_INFORMATION, officer, reason="photo", now=start + dt.timedelta(days=2))
    perform_action(case.pk, Action.RESPOND, applicant, now=start + dt.timedelta(days=12))
    case.refresh_from_db()
    assert case.pledge_due_on == due + dt.timedelta(days=10)
    assert case.clock_paused_at is None


def test_a_withdrawal_while_waiting_stops_the_paused_clock(applicant, officer):
    case = claimed_case(applicant, officer)
    perform_action(case.pk, Action.REQUEST_INFORMATION, officer, reason="photo")
    perform_action(case.pk, Action.WITHDRAW, applicant)
    assert Application.objects.get(pk=case.pk).clock_paused_at is None


def test_an_assessment_records_the_edition_the_date_and_the_policy_fingerprint(applicant, officer, settings):
    settings.ASMTP_EDITION = "immd"
    case = claimed_case(applicant, officer)
    engine = FakeEngine(outcome="refer")
    assessment = record_assessment(case.pk, officer, engine=engine)
    assert assessment.edition == "immd" and engine.calls[0]["edition"] == "immd"
    assert assessment.as_of == timezone.localtime(case.submitted_at).date()
    assert len(assessment.policy_fingerprint) == 64
    assert Application.objects.get(pk=case.pk).rules_outcome == "refer"
    assert CaseEvent.objects.filter(application=case, action="record_assessment").exists()


def test_the_officer_who_recommended_can_never_approve_their_own_case(applicant, senior_officer):
    case = recommended_case(applicant, senior_officer)
    with pytest.raises(TransitionRefused) as refused:
        decide_case(case.pk, senior_officer, decision="approve")
    assert refused.value.code == "maker_checker"
    assert Application.objects.get(pk=case.pk).status == Status.RECOMMENDED


def test_a_second_officer_approves_and_the_stay_and_residence_start_are_granted(applicant, officer, senior_officer):
    case = recommended_case(applicant, officer)
    case = decide_case(case.pk, senior_officer, decision="approve", expected_version=case.version)
    case.refresh_from_db()
    assert case.status == Status.APPROVED and case.decided_by == senior_officer
    assert case.granted_months == 36 and case.limit_of_stay_on is not None
    assert case.first_admitted_on == timezone.localdate()
    assert Letter.objects.filter(application=case, kind="approval").count() == 1


def test_a_refusal_quotes_the_findings_in_the_applicants_language(applicant, officer, senior_officer):
    engine = FakeEngine("ineligible", [finding("identity", "pass"), finding("education", "fail", "No degree.")])
    case = recommended_case(applicant, officer, verdict="refuse", engine=engine)
    with pytest.raises(WorkbenchError) as error:
        decide_case(case.pk, senior_officer, decision="refuse", criteria=[])
    assert error.value.field == "criteria"
    decide_case(case.pk, senior_officer, decision="refuse", criteria=["education"], reason="见上。")
    event = CaseEvent.objects.get(application=case, action="refuse")
    assert event.data["findings"][0]["criterion"] == "education"
    letter = Letter.objects.get(application=case, kind="refusal")
    assert "education：简体理由" in letter.body and "见上。" in letter.body


def test_the_case_events_replay_to_the_status_column(applicant, officer, senior_officer):
    case = recommended_case(applicant, officer)
    decide_case(case.pk, senior_officer, decision="approve")
    case.refresh_from_db()
    log = [
        Transition(Action(e.action), Actor(e.actor_id, Role(e.actor_role)), Status(e.from_status), Status(e.to_status),
                   e.reason, e.data)
        for e in CaseEvent.objects.filter(application=case).order_by("id")
    ]
    assert replay(log).status == Status(case.status) == Status.APPROVED


def test_a_note_is_kept_and_an_empty_one_refused(applicant, officer):
    case = claimed_case(applicant, officer)
    add_note(case.pk, officer, body="Checked the degree with CHSI.")
    assert case.notes.count() == 1
    with pytest.raises(WorkbenchError):
        add_note(case.pk, officer, body=" ")


def test_assessments_are_kept_one_per_run(applicant, officer):
    case = claimed_case(applicant, officer)
    record_assessment(case.pk, officer, engine=FakeEngine())
    record_assessment(case.pk, officer, engine=FakeEngine("refer"))
    assert Assessment.objects.filter(application=case).count() == 2


def test_every_action_stores_every_column_it_changes(applicant, officer, senior_officer):
    """Actions write only `ACTION_FIELDS`; a column an action changes but that list lacks would be
    lost. After each action the case it returns must be exactly the row stored."""
    start = timezone.now()
    steps = [
        (Action.CLAIM, officer, {}),
        (Action.REQUEST_INFORMATION, officer, {"reason": "photo"}),
        (Action.RESPOND, applicant, {}),
        (Action.RECORD_ASSESSMENT, officer, {}),
        (Action.RECOMMEND_REFUSAL, officer, {"reason": "education fails"}),
        (Action.RETURN_FOR_REVIEW, senior_officer, {"reason": "look again"}),
        (Action.RECOMMEND_APPROVAL, officer, {}),
        (Action.APPROVE, senior_officer, {}),
        (Action.RECORD_FEE, officer, {}),
    ]
    case = submitted_case(applicant, now=start)
    assert columns(case) == columns(Application.objects.get(pk=case.pk))
    for day, (action, actor, extra) in enumerate(steps, start=1):
        case = perform_action(case.pk, action, actor, now=start + dt.timedelta(days=day), **extra)
        assert columns(case) == columns(Application.objects.get(pk=case.pk)), action
    withdrawn = perform_action(submitted_case(applicant).pk, Action.WITHDRAW, applicant, reason="changed my mind")
    assert columns(withdrawn) == columns(Application.objects.get(pk=withdrawn.pk))
