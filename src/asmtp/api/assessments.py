"""`POST /api/v1/assessments`: one application in, its assessment out (the JSON of `asmtp assess`).

The body is one application as rules.md defines it (it may name its own `edition` and
`as_of`). A body that is not JSON, or an application with a missing or mistyped field, answers
400 with the same error record the command line writes: `{"id", "error": {code, field, message}}`.
Nothing is stored and nothing depends on who asks, so the endpoint needs neither a session nor
a CSRF token: it is the applicant's self-check, reachable before any account exists.

Because anyone may call it, it is bounded: the body is at most MAX_BODY_BYTES (413), each client
address at most ASMTP_ASSESSMENTS_PER_MINUTE requests a minute (429 with Retry-After), and the
application itself within the validator's limits (20 dependants, 200-character texts, HK$100
million a month). Every refusal is JSON.
"""

from __future__ import annotations

import json
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.http.request import RawPostDataException
from django.views.decorators.csrf import csrf_exempt

from asmtp.api.responses import allow_methods, error_response
from asmtp.cases.assessment import assess_application
from asmtp.security.throttling import client_address

# A real application with 20 dependants, all texts at their longest in Chinese, is under 100 KB.
MAX_BODY_BYTES = 256 * 1024


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


class _TooLarge(ValueError):
    pass


def _body(request: HttpRequest) -> bytes:
    """The raw body; a form upload (read as a form before any view runs) is `_NotJson`, a body
    over MAX_BODY_BYTES `_TooLarge` (judged by its Content-Length before anything is read)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        raise _TooLarge
    try:
        body = request.body
    except RawPostDataException:
        raise _NotJson("it was sent as a form; send the application as JSON") from None
    except RequestDataTooBig:
        raise _TooLarge from None
    if len(body) > MAX_BODY_BYTES:
        raise _TooLarge
    return body


def _over_rate(request: HttpRequest) -> int:
    """Seconds until this client may ask again, or 0 while it is within its per-minute limit."""
    limit = int(getattr(settings, "ASMTP_ASSESSMENTS_PER_MINUTE", 0))
    if limit <= 0:
        return 0
    now = time.time()
    key = f"api-assessments:{client_address(request)}:{int(now // 60)}"
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new minute has begun
        cache.add(key, 1, timeout=60)
        count = 1
    return 0 if count <= limit else max(1, 60 - int(now % 60))


@csrf_exempt
@allow_methods("POST")
def create_assessment(request: HttpRequest) -> JsonResponse:
    wait = _over_rate(request)
    if wait:
        refused = error_response(429, "rate_limited", f"Too many assessments from this address; try again in {wait} s.")
        refused["Retry-After"] = str(wait)
        return refused
    try:
        data = _decode(_body(request))
    except _TooLarge:
        return error_response(413, "body_too_large", f"The body is larger than {MAX_BODY_BYTES // 1024} KiB; send one application.")
    except _NotJson as exc:
        error = {"code": "invalid_json", "field": "", "message": f"the body is not JSON ({exc})"}
        return JsonResponse({"id": None, "error": error}, status=400)
    result = assess_application(data)
    return JsonResponse(
        result, status=400 if "error" in result else 200, json_dumps_params={"ensure_ascii": False}
    )
