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
from django.http.request import RawPostDataException
from django.views.decorators.csrf import csrf_exempt

from asmtp.api.responses import allow_methods
from asmtp.services.assessment import assess_application


class _NotJson(ValueError):
    pass


def _decode(body: bytes) -> object:
    """The body's JSON value, or `_NotJson` saying why it is not one (never another exception)."""
    try:
        data = json.loads(body)
    except UnicodeDecodeError:
        raise _NotJson("not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise _NotJson(exc.msg) from None
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        raise _NotJson("a number has too many digits") from None
    except RecursionError:
        raise _NotJson("nested too deeply") from None
    try:
        # "\ud800" is valid JSON but not Unicode text: it could be neither assessed nor echoed.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise _NotJson("a string holds an unpaired surrogate escape such as \\ud800") from None
    return data


def _body(request: HttpRequest) -> bytes:
    """The raw body; a form upload (read as a form before any view runs) is `_NotJson`."""
    try:
        return request.body
    except RawPostDataException:
        raise _NotJson("it was sent as a form; send the application as JSON") from None


@csrf_exempt
@allow_methods("POST")
def create_assessment(request: HttpRequest) -> JsonResponse:
    try:
        data = _decode(_body(request))
    except _NotJson as exc:
        error = {"code": "invalid_json", "field": "", "message": f"the body is not JSON ({exc})"}
        return JsonResponse({"id": None, "error": error}, status=400)
    result = assess_application(data)
    return JsonResponse(
        result, status=400 if "error" in result else 200, json_dumps_params={"ensure_ascii": False}
    )
