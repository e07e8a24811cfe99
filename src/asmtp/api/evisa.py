"""`GET /api/v1/evisas/verify?token=...` and `GET /api/v1/evisas/keys`: public, read-only JSON.

The verify answer names the result and only the fields the token itself discloses; a token
that is not genuine shows nothing of what it claims.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from asmtp.domain.evisa_token import MAX_TOKEN_CHARS
from asmtp.services.evisa import verification_bundle, verify_evisa


@require_GET
@never_cache
def verify(request: HttpRequest) -> JsonResponse:
    token = request.GET.get("token", "").strip()
    if not token or len(token) > MAX_TOKEN_CHARS:
        error = {"code": "token_required", "field": "token", "message": "Give the text of the e-Visa's QR code as ?token=."}
        return JsonResponse({"error": error}, status=400)
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


@require_GET
def keys(request: HttpRequest) -> JsonResponse:
    """The public keys and the signed revocation list, for offline verifiers to cache."""
    response = JsonResponse(verification_bundle(), json_dumps_params={"indent": 2})
    response["Cache-Control"] = "public, max-age=3600"
    return response
