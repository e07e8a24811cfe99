"""Saving a step and submitting read the draft without a lock and write it back only if it has not
changed since: each test makes a real change land in that gap and checks nothing is lost and
nothing incomplete is submitted."""

from __future__ import annotations

import pytest

from asmtp.cases.documents import remove_document
from asmtp.cases.models import CaseEvent, Document
from asmtp.portal import services as svc
from tests.integration.portal.factories import fill_particulars, ready_to_submit, start

pytestmark = pytest.mark.django_db


def _in_the_gap(monkeypatch, name: str, change) -> list[int]:
    """Run `change` once, just after the service's first unlocked read of the draft (`name`)."""
    real = getattr(svc, name)
    calls: list[int] = []

    def read_then_change(*args, **kwargs):
        result = real(*args, **kwargs)
        calls.append(1)
        if len(calls) == 1:
            change()
        return result

    monkeypatch.setattr(svc, name, read_then_change)
    return calls


def test_a_step_saved_while_another_was_being_saved_keeps_both_answers(monkeypatch, applicant):
    case = fill_particulars(start(applicant), applicant)
    before = case.version
    _in_the_gap(
        monkeypatch, "_own_draft",
        lambda: svc.save_draft_step(case.pk, applicant, "education", {"field_of_study": "Statistics"}),
    )
    saved = svc.save_draft_step(case.pk, applicant, "personal", {"name_en": "LI Wei Ming"})
    case.refresh_from_db()
    assert case.applicant_data["field_of_study"] == "Statistics"  # the other tab's answer is kept
    assert case.applicant_data["name_en"] == "LI Wei Ming"
    assert case.name_en == "LI Wei Ming"
    assert saved.version == case.version == before + 2


def test_a_draft_submitted_while_a_step_was_being_saved_is_not_changed(monkeypatch, applicant):
    case = ready_to_submit(applicant)
    _in_the_gap(
        monkeypatch, "_own_draft",
        lambda: svc.submit_application(case.pk, applicant, idempotency_key=case.idempotency_key, declared=True),
    )
    with pytest.raises(svc.ApplicationError) as refused:
        svc.save_draft_step(case.pk, applicant, "personal", {"name_en": "SOMEONE ELSE"})
    assert refused.value.code == "not_draft"
    case.refresh_from_db()
    assert case.status == "submitted" and case.applicant_data["name_en"] == "LI Wei"


def test_a_document_removed_after_the_checks_stops_the_submission(monkeypatch, applicant):
    case = ready_to_submit(applicant)
    required = Document.objects.filter(application=case, kind="identity_card").get()
    calls = _in_the_gap(monkeypatch, "completed_steps", lambda: remove_document(case.pk, applicant, required.pk))
    with pytest.raises(svc.ApplicationError) as refused:
        svc.submit_application(case.pk, applicant, idempotency_key=case.idempotency_key, declared=True)
    assert refused.value.code == "incomplete"
    assert len(calls) == 2, "the checks were not run again after the draft changed"
    case.refresh_from_db()
    assert case.status == "draft" and case.reference is None
    assert not CaseEvent.objects.filter(application=case).exists()


def test_a_double_click_that_lands_between_the_checks_and_the_lock_answers_with_one_submission(monkeypatch, applicant):
    case = ready_to_submit(applicant)
    other: list = []
    _in_the_gap(
        monkeypatch, "completed_steps",
        lambda: other.append(svc.perform_action(case.pk, svc.Action.SUBMIT, applicant)),  # the other click
    )
    answer = svc.submit_application(case.pk, applicant, idempotency_key=case.idempotency_key, declared=True)
    assert answer.reference and answer.reference == other[0].reference
    assert CaseEvent.objects.filter(application=case, action="submit").count() == 1


def test_removing_a_document_moves_the_draft_on_a_version(applicant):
    case = ready_to_submit(applicant)
    before = case.version
    document = Document.objects.filter(application=case).first()
    remove_document(case.pk, applicant, document.pk)
    case.refresh_from_db()
    assert case.version == before + 1
