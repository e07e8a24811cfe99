"""The public self-check API is bounded: size of the body, of the application, of each amount,
and requests per client; every refusal is the API's JSON error."""

from __future__ import annotations

import io
import json

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.unit.domain.eligibility.builders import application, spouse

pytestmark = pytest.mark.django_db

URL = "/api/v1/assessments"


def _post(client, body: object, **extra):
    return client.post(URL, data=json.dumps(body), content_type="application/json", **extra)


def _error(response, status: int) -> dict[str, str]:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    return response.json()["error"]


def test_more_than_twenty_dependants_are_refused_before_anything_is_assessed(client):
    error = _error(_post(client, application(dependants=[spouse()] * 21)), 400)
    assert error == {"code": "invalid_value", "field": "dependants", "message": "must hold at most 20 people"}


def test_twenty_dependants_are_still_assessed(client):
    assert _post(client, application(dependants=[spouse()] * 20)).status_code == 200


@pytest.mark.parametrize(
    ("part", "field", "value"),
    [
        ("employment", "monthly_salary_hkd", 1e308),
        ("employment", "monthly_salary_hkd", 100_000_001),
        ("employment", "annual_package_hkd", 1e12),
        ("employment", "contract_months", 10**9),
        ("applicant", "experience_years", 1e6),
        ("applicant", "previous_year_assessable_income_hkd", 1e100),
    ],
)
def test_an_absurd_amount_is_refused_with_the_field_named(client, part, field, value):
    error = _error(_post(client, application(**{part: {field: value}})), 400)
    assert error["code"] == "invalid_value" and error["field"] == f"{part}.{field}"


def test_a_salary_of_a_hundred_million_a_month_is_still_assessed(client):
    assert _post(client, application(employment={"monthly_salary_hkd": 100_000_000})).status_code == 200


@pytest.mark.parametrize(
    ("part", "field", "value", "path"),
    [
        ("applicant", "name_en", "A" * 201, "applicant.name_en"),
        ("employment", "job_title", "職" * 201, "employment.job_title"),
        ("applicant", "professional_qualifications", ["CPA"] * 21, "applicant.professional_qualifications"),
        ("applicant", "professional_qualifications", ["C" * 201], "applicant.professional_qualifications"),
    ],
)
def test_an_overlong_text_or_list_is_refused_with_the_field_named(client, part, field, value, path):
    error = _error(_post(client, application(**{part: {field: value}})), 400)
    assert error["code"] == "invalid_value" and error["field"] == path


def test_an_overlong_id_is_refused(client):
    assert _error(_post(client, application(id="x" * 201)), 400)["field"] == "id"


def test_a_body_over_the_limit_gets_a_json_413_not_a_bare_html_400(client):
    body = json.dumps(application(applicant={"name_en": "A" * 3_000_000}))
    error = _error(client.post(URL, data=body, content_type="application/json"), 413)
    assert error["code"] == "body_too_large"


def test_a_form_upload_over_the_limit_gets_a_json_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    upload = io.BytesIO(b"x" * 4096)
    upload.name = "big.txt"
    response = client.post(URL, {"note": "y" * 4096, "file": upload})
    assert _error(response, 413)["code"] == "body_too_large"


def test_malformed_json_is_answered_in_json(client):
    response = client.post(URL, data=b'{"id": 1,', content_type="application/json")
    assert _error(response, 400)["code"] == "invalid_json"


@override_settings(ASMTP_ASSESSMENTS_PER_MINUTE=3)
def test_a_client_over_its_per_minute_limit_gets_429_with_retry_after_and_others_do_not(client):
    cache.clear()
    data = application()
    assert [_post(client, data).status_code for _ in range(3)] == [200, 200, 200]
    refused = _post(client, data)
    assert _error(refused, 429)["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert _post(client, data, REMOTE_ADDR="192.0.2.7").status_code == 200


@override_settings(ASMTP_ASSESSMENTS_PER_MINUTE=3)
def test_the_count_is_kept_in_the_database_where_every_web_process_reads_it(client):
    """Counted in one process's memory, N web workers would allow N times the limit."""
    from django.db import connection

    cache.clear()
    for _ in range(3):
        _post(client, application(), REMOTE_ADDR="198.51.100.4")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM asmtp_cache")
        keys = [row[0] for row in cursor.fetchall()]

    assert any("198.51.100.4" in key for key in keys), keys
    assert _post(client, application(), REMOTE_ADDR="198.51.100.4").status_code == 429
