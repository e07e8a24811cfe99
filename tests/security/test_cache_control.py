"""Answers that may hold personal data are never stored by a browser or a shared cache."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("applicant", "/en/portal/"),
        ("applicant", "/en/privacy/"),
        ("officer", "/en/workbench/"),
        ("employer_staff", "/en/employer/"),
        ("analyst", "/en/analytics/"),
    ],
)
def test_a_page_for_a_signed_in_person_is_never_stored(client, request, persona, url):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url)
    assert response.status_code == 200
    assert {"no-store", "private"} <= _directives(response)


def test_every_api_answer_is_never_stored_unless_it_says_it_is_public(client):
    assert {"no-store", "private"} <= _directives(client.get("/api/v1/ping"))
    assert {"no-store", "private"} <= _directives(client.get("/api/v1/no/such/operation"))
    assert "no-store" not in _directives(client.get("/api/v1/evisas/keys"))  # public on purpose


def test_a_public_page_for_an_anonymous_visitor_is_left_cacheable(client):
    assert "no-store" not in _directives(client.get("/en/"))


def test_static_files_keep_their_cache_lifetime(client, applicant):
    client.force_login(applicant)
    response = client.get("/static/asmtp/site.css")
    assert response.status_code == 200
    assert "no-store" not in _directives(response)
