"""Submitting: one application, one reference, one acknowledgement, whatever the clicks."""

from __future__ import annotations

import re

import pytest

from asmtp.cases.models import Application, CaseEvent
from tests.integration.portal.factories import fill_particulars, ready_to_submit, start

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_submitting_gives_a_reference_number_and_an_acknowledgement_e_mail(client, applicant, mailoutbox, run_jobs):
    case = ready_to_submit(applicant, family=True)
    client.force_login(applicant)
    response = client.post(f"/en/portal/applications/{case.pk}/review/", {"idempotency_key": case.idempotency_key, "declaration": "on"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "submitted"
    assert re.fullmatch(r"ASMTP-\d{4}-\d{6}", case.reference or "")
    assert case.pledge_due_on is not None
    run_jobs()
    assert len(mailoutbox) == 1
    assert case.reference in mailoutbox[0].subject and case.reference in mailoutbox[0].body
    assert mailoutbox[0].to == [applicant.email]


@pytest.mark.django_db(transaction=True)
def test_submitting_twice_with_the_same_form_creates_one_application_and_one_e_mail(client, applicant, mailoutbox, run_jobs):
    case = ready_to_submit(applicant)
    client.force_login(applicant)
    form = {"idempotency_key": case.idempotency_key, "declaration": "on"}
    first = client.post(f"/en/portal/applications/{case.pk}/review/", form)
    second = client.post(f"/en/portal/applications/{case.pk}/review/", form)
    assert first["Location"] == second["Location"]
    assert Application.objects.filter(applicant=applicant).count() == 1
    assert CaseEvent.objects.filter(application=case, action="submit").count() == 1
    run_jobs()
    assert len(mailoutbox) == 1


def test_the_service_returns_the_same_submitted_case_on_a_retry(applicant):
    from asmtp.portal.services import submit_application

    case = ready_to_submit(applicant)
    first = submit_application(case.pk, applicant, idempotency_key=case.idempotency_key, declared=True)
    again = submit_application(case.pk, applicant, idempotency_key=case.idempotency_key, declared=True)
    assert first.reference == again.reference
    assert first.version == again.version


def test_submission_needs_the_declaration(client, applicant):
    case = ready_to_submit(applicant)
    client.force_login(applicant)
    response = client.post(f"/en/portal/applications/{case.pk}/review/", {"idempotency_key": case.idempotency_key})
    assert response.status_code == 400
    assert "Tick the declaration" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "draft"


def test_an_unfinished_application_cannot_be_submitted_and_says_what_is_missing(client, applicant):
    case = fill_particulars(start(applicant), applicant)  # no documents yet
    client.force_login(applicant)
    page = client.get(f"/en/portal/applications/{case.pk}/review/").content.decode()
    assert "Still to do before you can submit" in page
    response = client.post(f"/en/portal/applications/{case.pk}/review/", {"idempotency_key": case.idempotency_key, "declaration": "on"})
    assert response.status_code == 400
    assert "not finished yet" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "draft" and case.reference is None


def test_a_submitted_application_can_no_longer_be_edited(client, applicant):
    from asmtp.portal.services import submit_application

    case = ready_to_submit(applicant)
    submit_application(case.pk, applicant, idempotency_key=case.idempotency_key, declared=True)
    client.force_login(applicant)
    assert client.get(f"/en/portal/applications/{case.pk}/step/personal/").status_code == 404
    assert client.post(f"/en/portal/applications/{case.pk}/family/", {}).status_code == 404
