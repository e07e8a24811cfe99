"""New cases reach the officers assessed: the rules run in a job when a case is submitted and
again when the applicant answers a request, recorded with the rule version they ran under."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from asmtp.cases.models import Assessment
from asmtp.cases.services import perform_action
from asmtp.domain.lifecycle import Action
from asmtp.portal import services as portal
from asmtp.workbench.services import assess_by_rules, current_policy_fingerprint, request_information
from asmtp.workbench.tasks import assess_case
from tests.integration.portal.factories import file_upload, pdf_bytes, submitted

pytestmark = pytest.mark.django_db(transaction=True)  # the worker sees only committed jobs


def assessment_jobs(case_id: int) -> list[DBTaskResult]:
    return [job for job in DBTaskResult.objects.filter(task_path__endswith=".assess_case")
            if job.args_kwargs["args"] == [case_id]]


def test_a_submitted_case_is_assessed_by_a_job_under_the_current_rule_version(applicant, run_jobs, settings):
    case = submitted(applicant)
    assert not case.assessments.exists()  # not in the request: in a job, after the submission commits
    assert len(assessment_jobs(case.pk)) == 1
    run_jobs()
    assessment = case.assessments.get()
    assert assessment.policy_fingerprint == current_policy_fingerprint(settings.ASMTP_EDITION)
    assert len(assessment.policy_fingerprint) == 64 and assessment.created_by is None
    assert assessment.as_of == case.submitted_at.date() and assessment.outcome in {"eligible", "refer", "ineligible"}
    case.refresh_from_db()
    assert case.rules_outcome == assessment.outcome
    assert case.status == "submitted" and not case.assessed  # the officer's own assessment is still theirs to record


def test_the_new_cases_queue_shows_the_outcome_of_a_case_just_submitted(client, applicant, officer, run_jobs):
    case = submitted(applicant)
    run_jobs()
    outcome = case.assessments.get().outcome
    client.force_login(officer)
    page = client.get("/en/workbench/?queue=new").content.decode()
    row = next(line for line in page.split("<tr") if case.reference in line)
    assert f'class="status {outcome}"' in row
    assert {"eligible": "Eligible", "refer": "Refer", "ineligible": "Ineligible"}[outcome] in row


def test_the_assessment_job_run_twice_records_one_assessment(applicant, run_jobs):
    case = submitted(applicant)
    run_jobs()
    assess_case.enqueue(case.pk)  # a retry, or the same job delivered twice
    run_jobs()
    assert assess_by_rules(case.pk) is None
    assert case.assessments.count() == 1
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


def test_an_answer_to_a_request_queues_the_rules_again(applicant, officer, run_jobs):
    case = submitted(applicant)
    run_jobs()
    perform_action(case.pk, Action.CLAIM, officer)
    request = request_information(case.pk, officer, items=[{"kind": "degree_certificate", "dependant_id": None}],
                                  message="Please upload your degree certificate.")
    # The assessment on file predates the answer; make it stale, as a change of rules would.
    Assessment.objects.filter(application=case).update(policy_fingerprint="0" * 64)
    portal.respond_to_information_request(case.pk, applicant, request.pk,
                                          [("degree_certificate", "principal", file_upload(pdf_bytes()), "degree.pdf")])
    assert len(assessment_jobs(case.pk)) == 2
    run_jobs()
    latest = case.assessments.order_by("-id").first()
    assert case.assessments.count() == 2 and latest.policy_fingerprint != "0" * 64


def test_a_case_no_longer_open_is_not_assessed_by_the_job(applicant, run_jobs):
    case = submitted(applicant)
    portal.withdraw_application(case.pk, applicant, reason="changed my mind")
    run_jobs()
    assert not case.assessments.exists()
