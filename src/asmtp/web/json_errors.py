"""The JSON error envelope every refusal of the API and of the request limits answers with:
`{"error": {"code", "message", "field"?}}` (described in the OpenAPI document as `Error`)."""

from __future__ import annotations

from django.http import JsonResponse

from asmtp.errors import CodedError


def error_response(status: int, code: str, message: str, *, field: str | None = None) -> JsonResponse:
    error: dict[str, str] = {"code": code, "message": message}
    if field is not None:
        error["field"] = field
    return JsonResponse({"error": error}, status=status)


def coded_error_response(error: CodedError) -> JsonResponse:
    """A use case's refusal as the envelope: its code, its words in the active language, its status."""
    return error_response(error.http_status, error.code, error.message, field=error.field)
