"""GET /api/v1/statistics — the open statistics as JSON, with small cells suppressed (null).

Public and read-only. `?lang=en|zh-hant|zh-hans` chooses the language of the labels (English
by default); the numbers and codes are the same in every language.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from asmtp.services import analytics

LANGUAGES = ("en", "zh-hant", "zh-hans")


@require_GET
def statistics(request: HttpRequest) -> JsonResponse:
    language = request.GET.get("lang", "en").lower()
    if language not in LANGUAGES:
        return JsonResponse(
            {"error": {"code": "unknown_language", "field": "lang", "message": f"lang must be one of {', '.join(LANGUAGES)}"}},
            status=400,
        )
    with translation.override(language):
        try:
            body = analytics.open_statistics(language)
        except analytics.AnalyticsError as error:
            return JsonResponse(
                {"error": {"code": error.code, "message": "The statistics have not been published yet."}}, status=503
            )
    body["language"] = language
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=300"
    return response
