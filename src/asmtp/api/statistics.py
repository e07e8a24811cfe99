"""GET /api/v1/statistics — the open statistics as JSON, with small cells suppressed (null).

Public and read-only. `?lang=en|zh-hant|zh-hans` chooses the language of the labels (English
by default); the numbers and codes are the same in every language.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils import translation

from asmtp.api.responses import allow_methods, error_response
from asmtp.services import analytics

LANGUAGES = ("en", "zh-hant", "zh-hans")


@allow_methods("GET")
def statistics(request: HttpRequest) -> JsonResponse:
    language = request.GET.get("lang", "en").lower()
    if language not in LANGUAGES:
        return error_response(400, "unknown_language", f"lang must be one of {', '.join(LANGUAGES)}", field="lang")
    with translation.override(language):
        try:
            body = analytics.open_statistics(language)
        except analytics.AnalyticsError as error:
            return error_response(503, error.code, "The statistics have not been published yet.")
    body["language"] = language
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=300"
    return response
