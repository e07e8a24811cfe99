"""Idempotency-Key: a repeated state-changing request is answered once, even 50 at a time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from asmtp.api.idempotency import MAX_STORED_BODY
from asmtp.cases.models import Application
from asmtp.security.models import IdempotencyRecord
from tests.processes import all_at_once

START = "/en/portal/applications/start/"


@pytest.mark.django_db
def test_a_repeated_start_with_the_same_key_opens_one_draft_and_replays_the_answer(client, applicant):
    client.force_login(applicant)
    first = client.post(START, HTTP_IDEMPOTENCY_KEY="start-1")
    again = client.post(START, HTTP_IDEMPOTENCY_KEY="start-1")
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert again["Idempotent-Replayed"] == "true"
    assert Application.objects.filter(applicant=applicant).count() == 1


@pytest.mark.django_db
def test_different_keys_are_different_requests(client, applicant):
    client.force_login(applicant)
    client.post(START, HTTP_IDEMPOTENCY_KEY="a")
    client.post(START, HTTP_IDEMPOTENCY_KEY="b")
    assert Application.objects.filter(applicant=applicant).count() == 2


@pytest.mark.django_db
def test_the_same_key_with_a_different_body_answers_422_and_does_nothing(client, applicant):
    client.force_login(applicant)
    client.post(START, {"idempotency_key": "form-1"}, HTTP_IDEMPOTENCY_KEY="k")
    response = client.post(START, {"idempotency_key": "form-2"}, HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert Application.objects.filter(applicant=applicant).count() == 1


@pytest.mark.django_db
def test_one_persons_key_never_replays_another_persons_answer(client, applicant, other_applicant):
    client.force_login(applicant)
    mine = client.post(START, HTTP_IDEMPOTENCY_KEY="shared")
    client.force_login(other_applicant)
    theirs = client.post(START, HTTP_IDEMPOTENCY_KEY="shared")
    assert mine["Location"] != theirs["Location"]
    assert Application.objects.filter(applicant=other_applicant).count() == 1


@pytest.mark.django_db
def test_an_overlong_key_is_refused_with_400(client, applicant):
    client.force_login(applicant)
    assert client.post(START, HTTP_IDEMPOTENCY_KEY="x" * 201).status_code == 400
    assert not Application.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_identical_requests_create_exactly_one_application(applicant):
    answers: list[tuple[int, str]] = []
    clients = [Client() for _ in range(50)]
    for client in clients:
        client.force_login(applicant)  # before the threads are released, so the 50 posts go together

    def send() -> None:
        # No key in the form: only the header stands between 50 posts and 50 drafts.
        response = clients.pop().post(START, HTTP_IDEMPOTENCY_KEY="parallel-50")
        answers.append((response.status_code, response.get("Location", "")))

    assert all_at_once(50, send) == []
    assert len(answers) == 50
    assert Application.objects.filter(applicant=applicant).count() == 1
    assert {status for status, _ in answers} == {302}
    assert len({location for _, location in answers}) == 1
    assert IdempotencyRecord.objects.filter(key="parallel-50").count() == 1


@pytest.mark.django_db
def test_an_anonymous_post_with_a_key_stores_nothing(client):
    client.post("/en/accounts/login/", {"username": "x@example.com", "password": "x"}, HTTP_IDEMPOTENCY_KEY="anon-1")
    client.post("/api/v1/assessments", b"{}", content_type="application/json", HTTP_IDEMPOTENCY_KEY="anon-2")
    client.post("/en/no/such/page/", HTTP_IDEMPOTENCY_KEY="anon-3")
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.django_db
def test_a_signed_in_post_to_a_page_that_does_not_declare_idempotency_stores_nothing(client, applicant):
    client.force_login(applicant)
    client.post("/en/portal/check/", HTTP_IDEMPOTENCY_KEY="not-declared")
    client.post("/en/accounts/logout/", HTTP_IDEMPOTENCY_KEY="not-declared-2")
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.django_db
def test_a_request_refused_by_the_csrf_check_stores_nothing(applicant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    response = client.post(START, HTTP_IDEMPOTENCY_KEY="forged")
    assert response.status_code == 403
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.django_db
def test_an_answer_larger_than_the_cap_is_not_kept(client, applicant):
    client.force_login(applicant)
    client.post(START)
    case = Application.objects.get(applicant=applicant)
    # The review page re-rendered with the declaration missing: a page, far above the cap.
    response = client.post(f"/en/portal/applications/{case.pk}/review/", {"idempotency_key": case.idempotency_key}, HTTP_IDEMPOTENCY_KEY="big")
    assert len(response.content) > MAX_STORED_BODY
    assert not IdempotencyRecord.objects.filter(key="big").exists()


@pytest.mark.django_db
def test_the_retention_job_forgets_keys_older_than_a_day(client, applicant):
    from asmtp.privacy.tasks import apply_retention

    client.force_login(applicant)
    client.post(START, HTTP_IDEMPOTENCY_KEY="old")
    client.post(START, HTTP_IDEMPOTENCY_KEY="new")
    IdempotencyRecord.objects.filter(key="old").update(created_at=timezone.now() - dt.timedelta(days=1, minutes=1))
    apply_retention.call()
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]
