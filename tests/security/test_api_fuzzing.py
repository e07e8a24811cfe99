"""schemathesis against the OpenAPI document: every operation, generated requests, no 5xx and
no answer the document does not allow (status, content type, headers, body schema).

Every operation is fuzzed twice: signed out, and signed in as an applicant who owns a case
(their portal session cookie, and the CSRF cookie and X-CSRFToken header a page gives them,
sent with any unsafe method), with the open statistics published. The applicant's own case is
then read in each status a case can be in, since that answer depends on the case, not on the
request.

The requests go through Django's real WSGI application and its whole middleware stack (load
shedding, sessions, CSRF, idempotency, axes) inside the test's transaction: no server, no mock.
The document is the one /api/v1/openapi.json serves (tests/integration/api/test_openapi.py);
it is loaded when the module is collected because `schemathesis.pytest.from_fixture` reads a
pytest-internal attribute that pytest 9.2 no longer has.
Bounded for CI: every boundary case schemathesis derives from the document plus ten random
requests per operation and caller, derandomised (the same requests on every run), no deadline
(2 shared cores), so the file runs in about a minute. Runs of 150 examples, derandomised and
not, found nothing more than these settings find.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from asmtp.analytics.services import refresh_analytics_extract
from asmtp.api.openapi import openapi_document
from asmtp.evisa.services import issue_evisa, revoke_evisa
from tests.factories import make_case
from tests.integration.analytics.factories import make_caseload
from tests.integration.evisa.factories import approved_case
from tests.integration.perf.factories import submitted_case

pytestmark = pytest.mark.django_db

# No 5xx; only statuses, content types, headers and bodies the document declares; a request the
# document forbids is refused (4xx), not answered; and a method the document does not list is
# the API's 405 with an Allow header that names the right ones.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    unsupported_method,
    allow_header_conformance,
]
FUZZ = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
SESSION_COOKIE = "sessionid"
CSRF_COOKIE = "csrftoken"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


schema = schemathesis.openapi.from_dict(openapi_document())
schema.app = WSGIHandler()


@pytest.fixture(autouse=True)
def in_test_transaction(db, settings, tmp_path):
    """Django's WSGI application answering inside the test's transaction, with its own files.

    A WSGI server closes stale database connections as each request starts and ends; inside a
    test that would end the transaction holding the test's data, so — as Django's own test
    client does — that hook is off while the test runs. Statistics and signing keys go to a
    folder of this test's own.
    """
    settings.DATA_DIR = tmp_path
    settings.ASMTP_KEYS_DIR = tmp_path / "keys"
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def published_statistics():
    """The open statistics published once (before that they answer 404 `not_published`)."""
    make_caseload(20)
    refresh_analytics_extract()


@pytest.fixture
def applicant_session(client, applicant) -> str:
    """A real signed-in session of the applicant portal (the session cookie's value)."""
    client.force_login(applicant)
    return client.cookies[SESSION_COOKIE].value


@dataclass(frozen=True)
class Caller:
    """Who sends the generated requests: the cookies they hold and the CSRF token their page gave."""

    cookies: dict[str, str] = field(default_factory=dict)
    csrf_token: str = ""

    def call_and_validate(self, case):
        unsafe = case.method.upper() not in SAFE_METHODS
        headers = {"X-CSRFToken": self.csrf_token} if unsafe and self.csrf_token else None
        return case.call_and_validate(checks=CHECKS, cookies=self.cookies, headers=headers)


def signed_in_caller(user) -> Caller:
    """The user's real portal session, with the CSRF cookie and token a portal page hands out."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get("/en/portal/")
    # The test client hooks the per-request connection closing back up after its request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token, "the portal page carries no CSRF token"
    return Caller(
        cookies={SESSION_COOKIE: client.cookies[SESSION_COOKIE].value, CSRF_COOKIE: client.cookies[CSRF_COOKIE].value},
        csrf_token=token.group(1),
    )


@pytest.fixture(params=["signed out", "signed in as an applicant with a case"])
def caller(request, applicant, officer, published_statistics) -> Caller:
    if request.param == "signed out":
        return Caller()
    submitted_case(applicant, claimed_by=officer)
    return signed_in_caller(applicant)


@schema.parametrize()
@FUZZ
def test_no_operation_answers_a_server_error_or_outside_its_schema(case, caller):
    caller.call_and_validate(case)


def test_before_the_first_publication_the_open_statistics_are_a_documented_404_not_a_server_error():
    """A new or restored data folder has no extract until the scheduler's start-up refresh has
    run: a documented 404 (`not_published`) in the JSON envelope, never a 5xx."""
    operation = schema["/statistics"]["GET"]

    response = operation.Case(query={"lang": "zh-hant"}).call_and_validate(checks=CHECKS)

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_published"


# Each status an applicant's own case can be in, and the factory's stage that leaves it there.
OWN_CASES = {
    "submitted": "submitted",
    "assessing": "claimed",
    "awaiting_applicant": "awaiting_applicant",
    "recommended": "recommended",
    "refused": "refused",
    "approved": "approved",
    "evisa_issued": "issued",
    "withdrawn": "withdrawn",
    "lapsed": "lapsed",
}


@pytest.mark.parametrize("status", OWN_CASES)
def test_the_applicants_own_case_in_each_status_conforms_to_the_schema(applicant, officer, senior_officer, status):
    case = make_case(applicant, OWN_CASES[status], officer=officer, senior_officer=senior_officer)
    operation = schema["/cases/{reference}/status"]["GET"]

    response = signed_in_caller(applicant).call_and_validate(
        operation.Case(path_parameters={"reference": case.reference})
    )

    assert response.status_code == 200
    assert response.json()["reference"] == case.reference
    assert response.json()["status"] == status


def test_signed_out_the_case_status_is_a_401_that_conforms_to_the_schema(applicant):
    case = submitted_case(applicant)
    operation = schema["/cases/{reference}/status"]["GET"]

    response = operation.Case(path_parameters={"reference": case.reference}).call_and_validate(checks=CHECKS)

    assert response.status_code == 401


def test_genuine_and_revoked_e_visa_tokens_verify_within_the_schema(
    applicant, officer, senior_officer, employer_staff
):
    case = approved_case(applicant, officer, senior_officer, offer_by=employer_staff, with_fee=True)
    evisa = issue_evisa(case.pk, officer, today=dt.date.today())[0]
    verify = schema["/evisas/verify"]["GET"]

    def check(token: str) -> dict[str, object]:
        return verify.Case(query={"token": token}).call_and_validate(checks=CHECKS).json()

    valid = [check(evisa.token_full), check(evisa.token_work)]
    revoke_evisa(evisa.number, officer, "Employment ended.")
    revoked = check(evisa.token_full)
    keys = schema["/evisas/keys"]["GET"].Case().call_and_validate(checks=CHECKS).json()

    assert [(answer["result"], answer["view"]) for answer in valid] == [("valid", "full"), ("valid", "work")]
    assert revoked["result"] == "revoked"
    assert keys["revocation_list"]["revoked"] == [evisa.number]


def test_a_staff_session_without_its_second_factor_is_refused_within_the_schema(settings, officer):
    settings.ASMTP_REQUIRE_STAFF_2FA = True
    client = Client()
    client.force_login(officer)
    operation = schema["/cases/{reference}/status"]["GET"]

    response = operation.Case(path_parameters={"reference": "ASMTP-2026-000001"}).call_and_validate(
        checks=CHECKS, cookies={SESSION_COOKIE: client.cookies[SESSION_COOKIE].value}
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "two_factor_required"


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b'{"id": 1' + b"0" * 5000 + b"}", "too many digits"),
        (b"[" * 100_000, "nested too deeply"),
        (b'{"id": "\\ud800"}', "unpaired surrogate"),
        (b"\xc3\x28", "not UTF-8"),
    ],
)
def test_bodies_python_cannot_decode_or_echo_are_a_400_not_a_server_error(body, why):
    operation = schema["/assessments"]["POST"]

    response = operation.Case(body=body, media_type="application/json").call_and_validate(checks=CHECKS)

    assert response.status_code == 400
    assert why in response.json()["error"]["message"]


def test_a_reference_holding_a_nul_is_not_found_rather_than_a_database_error(applicant_session):
    operation = schema["/cases/{reference}/status"]["GET"]

    response = operation.Case(path_parameters={"reference": "ASMTP\x00"}).call_and_validate(
        checks=CHECKS, cookies={SESSION_COOKIE: applicant_session}
    )

    assert response.status_code == 404
