"""`GET /api/v1/evisas/verify?token=...` and `GET /api/v1/evisas/keys`: public, read-only JSON.

The verify answer names the result and only the fields the token itself discloses; a token
that is not genuine shows nothing of what it claims.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from asmtp.api.responses import allow_methods, error_response
from asmtp.domain.evisa_token import MAX_TOKEN_CHARS
from asmtp.evisa.services import verification_bundle, verify_evisa


@allow_methods("GET")
@never_cache
def verify(request: HttpRequest) -> JsonResponse:
    token = request.GET.get("token", "").strip()
    if not token or len(token) > MAX_TOKEN_CHARS:
        message = f"Give the text of the e-Visa's QR code (at most {MAX_TOKEN_CHARS} characters) as ?token=."
        return error_response(400, "token_required", message, field="token")
    outcome = verify_evisa(token, channel="api")
    verification = outcome.verification
    return JsonResponse(
        {
            "result": str(verification.result),
            "checked_on": outcome.checked_on.isoformat(),
            "key_id": verification.key_id,
            "view": str(verification.claims.view) if verification.claims else None,
            "disclosed": verification.disclosed(),
        },
        json_dumps_params={"ensure_ascii": False},
    )


@allow_methods("GET")
def keys(request: HttpRequest) -> JsonResponse:
    """The public keys and the signed revocation list, for offline verifiers to cache."""
    response = JsonResponse(verification_bundle(), json_dumps_params={"indent": 2})
    response["Cache-Control"] = "public, max-age=3600"
    return response
