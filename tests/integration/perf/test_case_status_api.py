"""The applicant's case-status API: their own case only, as data, with the stage dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from asmtp.cases.models import Application
from tests.factories import make_case
from tests.integration.perf.factories import draft_case, submitted_case

pytestmark = pytest.mark.django_db


def status_url(reference: str) -> str:
    return f"/api/v1/cases/{reference}/status"


def test_ping_answers_ok_without_a_session(client):
    response = client.get("/api/v1/ping")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_applicant_sees_their_case_status_with_stage_dates_and_pledge_date(client, applicant, officer):
    case = submitted_case(applicant, claimed_by=officer)
    client.force_login(applicant)
    response = client.get(status_url(case.reference))
    assert response.status_code == 200
    body = response.json()
    today = timezone.localdate().isoformat()
    assert body["reference"] == case.reference
    assert body["status"] == "assessing"
    assert body["stages"]["submitted"] == today
    assert body["stages"]["assessment_started"] == today
    assert body["stages"]["decided"] is None
    assert body["pledge_due_on"] == case.pledge_due_on.isoformat()
    assert body["clock_paused"] is False
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_paused_clock_moves_the_pledge_date_on(client, applicant, officer):
    case = make_case(applicant, "awaiting_applicant", officer=officer, at=timezone.now() - dt.timedelta(days=5))
    client.force_login(applicant)
    body = client.get(status_url(case.reference)).json()
    assert body["clock_paused"] is True
    assert dt.date.fromisoformat(body["pledge_due_on"]) > case.pledge_due_on


def test_another_applicants_case_answers_404_like_an_unknown_reference(client, applicant, other_applicant):
    case = submitted_case(applicant)
    client.force_login(other_applicant)
    theirs = client.get(status_url(case.reference))
    unknown = client.get(status_url("ASMTP-2026-999999"))
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json() == unknown.json()
    assert case.reference not in theirs.content.decode()


def test_an_officer_gets_404_from_the_applicants_api(client, applicant, officer):
    case = submitted_case(applicant)
    client.force_login(officer)
    assert client.get(status_url(case.reference)).status_code == 404


def test_signed_out_caller_is_asked_to_sign_in(client, applicant):
    case = submitted_case(applicant)
    response = client.get(status_url(case.reference))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_signed_in"


def test_a_draft_has_no_status_to_report(client, applicant):
    draft = draft_case(applicant)
    Application.objects.filter(pk=draft.pk).update(reference="ASMTP-2026-DRAFT1")
    client.force_login(applicant)
    assert client.get(status_url("ASMTP-2026-DRAFT1")).status_code == 404


def test_only_get_is_allowed(client, applicant):
    case = submitted_case(applicant)
    client.force_login(applicant)
    assert client.post(status_url(case.reference)).status_code == 405
