"""`POST /api/v1/assessments`: the same JSON in and out as `asmtp assess`."""

from __future__ import annotations

import json

import pytest

from asmtp.cases.assessment import assess_application
from tests.unit.domain.eligibility.builders import application, spouse

pytestmark = pytest.mark.django_db

URL = "/api/v1/assessments"


def _post(client, body: object, raw: bytes | None = None):
    return client.post(URL, data=raw if raw is not None else json.dumps(body), content_type="application/json")


def test_an_application_is_assessed_with_the_same_result_as_the_service(client):
    data = application(dependants=[spouse()], edition="immd")
    response = _post(client, data)
    assert response.status_code == 200
    assert response.json() == assess_application(data)
    assert response.json()["outcome"] == "eligible"


def test_findings_come_back_in_simplified_chinese_as_readable_text(client):
    response = _post(client, application(applicant={"criminal_conviction_declared": True}, edition="immd"))
    character = next(f for f in response.json()["findings"] if f["criterion"] == "character")
    assert character["status"] == "refer" and "刑事定罪" in character["reason"]["zh-Hans"]
    assert "刑事定罪".encode() in response.content  # not \\u-escaped


def test_a_body_that_is_not_json_is_a_400_error_record(client):
    response = _post(client, None, raw=b"{not json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json" and "Traceback" not in response.content.decode()


def test_a_form_upload_instead_of_json_is_a_400_error_record_not_a_server_error(client):
    # A multipart body is read as a form before the view runs; it once ended in a 500.
    response = client.post("/api/v1/assessments", {"applicant": "x", "file": ("a.txt", b"x")})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_json" and "sent as a form" in error["message"]


def test_a_missing_field_is_a_400_naming_the_field(client):
    response = _post(client, application(applicant={"date_of_birth": None}))
    assert response.status_code == 400
    assert response.json() == {
        "id": "APP-1",
        "error": {"code": "missing_field", "field": "applicant.date_of_birth", "message": "is required"},
    }


def test_an_unknown_edition_is_a_400(client):
    response = _post(client, application(edition="eu"))
    assert (response.status_code, response.json()["error"]["field"]) == (400, "edition")


def test_only_post_is_allowed(client):
    assert client.get(URL).status_code == 405


def test_no_session_or_csrf_token_is_needed(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert _post(strict, application()).status_code == 200
