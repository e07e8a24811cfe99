"""`GET /api/v1/openapi.json`: the API's OpenAPI 3.1 description, kept by hand in openapi.yaml.

Hand-kept so that it says what the API promises, not what a generator could infer; two tests
keep it honest: tests/integration/api/test_openapi.py fails on a route under /api/v1/ that
the document does not describe, and tests/security/test_api_fuzzing.py (schemathesis) fails
on any answer that the document does not allow.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml
from django.http import HttpRequest, JsonResponse

from asmtp.api.responses import allow_methods


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    """The OpenAPI document as data (read once per process)."""
    loaded: dict[str, Any] = yaml.safe_load(
        files("asmtp.api").joinpath("openapi.yaml").read_text(encoding="utf-8")
    )
    return loaded


@allow_methods("GET")
def openapi_json(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=3600"
    return response
