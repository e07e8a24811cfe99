"""`POST /api/v1/assessments`: one application in, its assessment out (the JSON of `asmtp assess`).

The body is one application as rules.md defines it (it may name its own `edition` and
`as_of`). A body that is not JSON, or an application with a missing or mistyped field, answers
400 with the same error record the command line writes: `{"id", "error": {code, field, message}}`.
Nothing is stored and nothing depends on who asks, so the endpoint needs neither a session nor
a CSRF token: it is the applicant's self-check, reachable before any account exists.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from asmtp.services.assessment import assess_application


@csrf_exempt
@require_POST
def create_assessment(request: HttpRequest) -> JsonResponse:
    try:
        data = json.loads(request.body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        message = f"the body is not JSON ({exc.msg if isinstance(exc, json.JSONDecodeError) else 'not UTF-8'})"
        return JsonResponse({"id": None, "error": {"code": "invalid_json", "field": "", "message": message}}, status=400)
    result = assess_application(data)
    return JsonResponse(result, status=400 if "error" in result else 200, json_dumps_params={"ensure_ascii": False})
