"""`GET /api/v1/evisas/verify` and `/api/v1/evisas/keys`: public JSON."""

from __future__ import annotations

import datetime as dt

import pytest

from asmtp.domain.evisa_token import read_public_keys, read_revocation_list
from asmtp.evisa.services import issue_evisa, revoke_evisa
from tests.integration.evisa.factories import approved_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def evisa(applicant, officer, senior_officer, employer_staff):
    case = approved_case(applicant, officer, senior_officer, offer_by=employer_staff, with_fee=True)
    # Issued today, so it is in force whatever day the test runs.
    return issue_evisa(case.pk, officer, today=dt.date.today())[0]


def test_a_valid_right_to_work_token_answers_valid_with_only_its_disclosed_fields(client, evisa):
    response = client.get("/api/v1/evisas/verify", {"token": evisa.token_work})

    body = response.json()
    assert response.status_code == 200
    assert body["result"] == "valid"
    assert body["view"] == "work"
    assert body["disclosed"]["name_zh"] == "李伟"
    assert body["disclosed"]["employer"] == "Harbour Analytics Limited"
    assert "date_of_birth" not in body["disclosed"]
    assert "travel_document" not in body["disclosed"]


def test_an_altered_token_answers_not_genuine_and_shows_nothing_it_claims(client, evisa):
    tampered = evisa.token_full[:-3] + ("AAA" if not evisa.token_full.endswith("AAA") else "BBB")

    body = client.get("/api/v1/evisas/verify", {"token": tampered}).json()

    assert body["result"] == "not_genuine"
    assert body["disclosed"] == {}
    assert body["view"] is None


def test_a_revoked_evisa_answers_revoked(client, evisa, officer):
    revoke_evisa(evisa.number, officer, "Employment ended.")

    assert client.get("/api/v1/evisas/verify", {"token": evisa.token_full}).json()["result"] == "revoked"


def test_a_missing_token_is_a_400_naming_the_field(client, db):
    response = client.get("/api/v1/evisas/verify")

    assert response.status_code == 400
    assert response.json()["error"]["field"] == "token"


def test_verification_answers_are_never_cached(client, evisa):
    response = client.get("/api/v1/evisas/verify", {"token": evisa.token_full})

    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_keys_endpoint_publishes_keys_and_a_signed_revocation_list(client, evisa, officer):
    revoke_evisa(evisa.number, officer, "Employment ended.")

    bundle = client.get("/api/v1/evisas/keys").json()

    keys = read_public_keys(bundle)
    assert evisa.key_id in keys
    assert read_revocation_list(bundle["revocation_list"], keys).numbers == {evisa.number}
