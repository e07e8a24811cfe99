"""The demo caseload covers every status, and its history is the real state machine's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from asmtp.audit.services import verify_audit_chain
from asmtp.cases.models import Application, CaseEvent, CaseStatus, Dependant
from asmtp.domain.lifecycle import Action, Actor, Role, Status, Transition, replay
from asmtp.operations.demo import DEMO_ACCOUNTS, demo_data_present, load_demo_data

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        summary = load_demo_data(cases=120, seed=7)
        yield summary
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


def test_demo_covers_every_status(demo):
    present = set(Application.objects.values_list("status", flat=True))
    assert present == {choice.value for choice in CaseStatus}


def test_demo_has_families_and_several_industries(demo):
    assert Dependant.objects.filter(relationship="child").exists()
    assert Dependant.objects.filter(relationship="spouse").exists()
    assert Application.objects.values("industry").distinct().count() >= 6


def test_every_demo_case_replays_from_its_events_to_its_status(demo):
    for case in Application.objects.prefetch_related("events"):
        transitions = [
            Transition(Action(e.action), Actor(e.actor_id, Role(e.actor_role)), Status(e.from_status), Status(e.to_status), e.reason)
            for e in case.events.all()
        ]
        assert replay(transitions).status == case.status, case.pk


def test_assessed_demo_cases_carry_the_engines_outcome(demo):
    assessed = Application.objects.exclude(rules_outcome="")
    assert assessed.exists()
    assert set(assessed.values_list("rules_outcome", flat=True)) <= {"eligible", "refer", "ineligible"}


def test_demo_history_is_on_an_intact_audit_chain(demo):
    from asmtp.audit.models import AuditEntry

    _count, problems = verify_audit_chain()
    assert problems == []
    transitions = AuditEntry.objects.filter(action__in=[f"case.{action}" for action in Action])
    assert transitions.count() == CaseEvent.objects.count() > 0


def test_submitted_demo_cases_hold_every_document_their_checklist_requires_as_real_pdfs(demo):
    import io

    from django.utils import translation
    from pypdf import PdfReader

    from asmtp.cases.documents import document_checklist, sniff_content_type
    from asmtp.cases.models import Document, DocumentKind

    submitted = Application.objects.exclude(status=CaseStatus.DRAFT)
    assert submitted.exists()
    for case in submitted:
        assert all(not person.missing for person in document_checklist(case)), case.pk
        # uploaded before submitting, but for the answers to an officer's request
        assert not case.documents.filter(information_request=None, uploaded_at__gt=case.submitted_at).exists()
    assert not Document.objects.filter(application__status=CaseStatus.DRAFT).exists()
    document = Document.objects.filter(dependant__isnull=False).first()
    assert document is not None  # family members' documents too
    with document.file.open("rb") as stored:
        data = stored.read()
    assert sniff_content_type(data) == "application/pdf" and len(data) == document.size
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    with translation.override("en"):
        assert "SPECIMEN" in text and str(DocumentKind(document.kind).label) in text  # says what it stands in for


def test_every_demo_request_for_information_is_there_to_read_and_answered_cases_hold_the_answer(demo):
    from asmtp.cases.models import InformationRequest, Letter

    asked = CaseEvent.objects.filter(action="request_information")
    assert asked.exists()
    for event in asked:
        request = InformationRequest.objects.get(application=event.application_id)
        assert request.message == event.reason and request.items == event.data["items"]
        assert request.created_at == event.at and request.application.messages.filter(body=request.message).exists()
        assert Letter.objects.filter(key=f"rfi-{request.pk}", kind="information_request").exists()
        answered = CaseEvent.objects.filter(application=event.application_id, action="respond").first()
        if answered is None:
            assert request.answered_at is None
        else:
            assert answered.data == {"information_request": request.pk} and request.answered_at == answered.at
            assert [d.kind for d in request.documents.all()] == [item["kind"] for item in request.items]
    waiting = Application.objects.filter(status=CaseStatus.AWAITING_APPLICANT)
    assert waiting.exists()
    for case in waiting:  # each has an open request, made recently enough to be answered
        open_request = case.information_requests.get(answered_at=None)
        assert open_request.created_at > timezone.now() - dt.timedelta(days=60)


def test_demo_letters_are_dated_with_the_step_that_wrote_them(demo):
    from asmtp.cases.models import Letter

    acknowledgements = Letter.objects.filter(kind="acknowledgement").select_related("application")
    assert acknowledgements.exists()
    for letter in acknowledgements:
        submitted = CaseEvent.objects.get(application=letter.application, action="submit")
        assert letter.created_at == submitted.at == letter.emailed_at, letter.application.reference


def test_demo_accounts_exist_for_every_role(demo):
    assert demo_data_present()
    from asmtp.accounts.models import User

    for role, (email, password) in DEMO_ACCOUNTS.items():
        user = User.objects.get(email=email)
        assert user.role == role
        assert user.check_password(password)


def test_the_demo_applicant_holds_an_e_visa_that_verifies(demo):
    from asmtp.accounts.models import Role
    from asmtp.evisa.models import EVisa
    from asmtp.evisa.services import verify_evisa

    holder_email = DEMO_ACCOUNTS[Role.APPLICANT][0]
    evisa = EVisa.objects.filter(application__applicant__email=holder_email).first()
    assert evisa is not None
    outcome = verify_evisa(evisa.token_full, channel="api")
    assert str(outcome.result) == "valid"  # demo grants are 36 months, issued within the last two years


def test_demo_identity_documents_are_well_formed_so_outcomes_reflect_the_rules(demo):
    from asmtp.cases.models import Assessment

    identity = [
        finding["status"]
        for assessment in Assessment.objects.all()
        for finding in assessment.result["findings"]
        if finding["criterion"] == "identity"
    ]
    assert identity and set(identity) == {"pass"}
    outcomes = set(Application.objects.exclude(rules_outcome="").values_list("rules_outcome", flat=True))
    assert "eligible" in outcomes and "refer" in outcomes


def test_demo_letters_count_as_sent_and_leave_no_e_mail_jobs_behind_while_assessments_still_wait_for_the_worker(demo):
    from django_tasks_db.models import DBTaskResult

    from asmtp.cases.models import Letter

    assert Letter.objects.exists() and not Letter.objects.filter(emailed_at__isnull=True).exists()
    waiting = set(DBTaskResult.objects.ready().values_list("task_path", flat=True))
    assert "asmtp.workbench.tasks.email_letter" not in waiting
    assert "asmtp.workbench.tasks.assess_case" in waiting


def test_demo_cases_record_their_dependants_count(demo):
    for case in Application.objects.all()[:60]:
        assert case.dependant_count == case.dependants.count()
