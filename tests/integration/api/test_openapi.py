"""The OpenAPI document describes every operation under /api/v1/, and is served as JSON.

The document is kept by hand (src/asmtp/api/openapi.yaml); these tests make sure it cannot fall
behind the URL map: a route under /api/v1/ without an operation, an operation without a route,
or a method the view answers that the document does not name (or the reverse) fails here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from asmtp.api.openapi import openapi_document
from asmtp.api.responses import no_such_operation

API_PREFIX = "/api/v1"
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def api_routes() -> Iterator[tuple[str, URLPattern]]:
    """Every URL pattern whose path starts with /api/v1/, as (OpenAPI path, pattern)."""

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> Iterator[tuple[str, URLPattern]]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif route.startswith(API_PREFIX[1:] + "/") and pattern.callback is not no_such_operation:
                yield "/" + route, pattern

    for route, pattern in walk(get_resolver().url_patterns, ""):
        # cases/<str:reference>/status -> /cases/{reference}/status
        yield re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.removeprefix(API_PREFIX)), pattern


def documented_operations() -> dict[str, set[str]]:
    return {
        path: {method for method in item if method in HTTP_METHODS}
        for path, item in openapi_document()["paths"].items()
    }


def test_every_route_under_api_v1_is_an_operation_of_the_document():
    routes = {path for path, _pattern in api_routes()}
    documented = set(documented_operations())
    assert routes, "no API routes found: the walk over the URL resolver is broken"
    assert routes - documented == set(), (
        "routes under /api/v1/ need an operation in src/asmtp/api/openapi.yaml"
    )
    assert documented - routes == set(), "openapi.yaml describes paths that have no route"


def test_each_operation_names_exactly_the_methods_its_view_answers():
    documented = documented_operations()
    for path, pattern in api_routes():
        allowed = getattr(pattern.callback, "allowed_methods", None)
        assert allowed is not None, f"{path}: the view should be wrapped in asmtp.api.responses.allow_methods"
        assert {method.lower() for method in allowed} == documented[path], path


def test_every_operation_documents_its_errors_and_load_shedding():
    for path, item in openapi_document()["paths"].items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation["responses"]
            assert {"403", "405", "503"} <= responses.keys(), f"{method.upper()} {path}"
            assert any(code.startswith("2") for code in responses), (
                f"{method.upper()} {path} has no success answer"
            )


@pytest.mark.django_db
def test_the_document_is_served_as_json_at_api_v1_openapi_json(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [{"url": API_PREFIX}]
    assert document == json.loads(json.dumps(openapi_document()))  # what the fuzzing test reads


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/no-such-thing", "/api/v1/ping/", "/api/v1/cases/a/b/status"])
def test_a_path_under_api_v1_that_is_no_operation_answers_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "no_such_operation"


@pytest.mark.django_db
def test_a_wrong_method_answers_a_json_405_naming_the_allowed_one(client):
    response = client.delete("/api/v1/statistics")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/statistics", "/api/v1/evisas/verify", "/api/v1/cases/ASMTP-2026-000001/status"])
def test_a_wrong_method_without_a_csrf_token_is_the_json_405_not_the_csrf_page(method, path):
    # A client with no session and no CSRF cookie, as an API caller usually is.
    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.django_db
def test_a_post_to_a_path_that_is_no_operation_is_the_json_404_not_the_csrf_page():
    response = Client(enforce_csrf_checks=True).post("/api/v1/no-such-thing", {"a": "b"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "no_such_operation"
