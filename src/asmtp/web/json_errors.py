"""The JSON error envelope every refusal of the API and of the request limits answers with:
`{"error": {"code", "message", "field"?}}` (described in the OpenAPI document as `Error`)."""

from __future__ import annotations

from django.http import JsonResponse


def error_response(status: int, code: str, message: str, *, field: str | None = None) -> JsonResponse:
    error: dict[str, str] = {"code": code, "message": message}
    if field is not None:
        error["field"] = field
    return JsonResponse({"error": error}, status=status)
