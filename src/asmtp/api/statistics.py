"""GET /api/v1/statistics — the open statistics as JSON, with small cells suppressed (null).

Public and read-only. `?lang=en|zh-hant|zh-hans` chooses the language of the labels (English
by default); the numbers and codes are the same in every language. Before the first extract
is published (a fresh data folder, for the minute until the scheduler's start-up refresh has
run) it answers 404 `not_published`.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils import translation

from asmtp.analytics import services as analytics
from asmtp.api.responses import allow_methods, error_response
from asmtp.web.json_errors import coded_error_response

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
            # A new or restored data folder, before the scheduler's start-up refresh has run:
            # nothing to show yet (404 `not_published`), which is not a failure of the service.
            return coded_error_response(error)
    body["language"] = language
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=300"
    return response
