"""The audit chain's public anchors: its latest signed checkpoint and the key that signs them,
for anyone (a witness) to fetch and keep (ADR 0004). Plain text, no language prefix."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from asmtp.audit.checkpoints import latest_checkpoint_note, published_verifier_key

_TEXT = "text/plain; charset=utf-8"


@require_safe
def checkpoint(request: HttpRequest) -> HttpResponse:
    """The newest signed checkpoint (a C2SP tlog-checkpoint signed note)."""
    note = latest_checkpoint_note()
    if note is None:
        return HttpResponse("No checkpoint has been written yet.\n", status=404, content_type=_TEXT)
    return HttpResponse(note, content_type=_TEXT)


@require_safe
def checkpoint_key(request: HttpRequest) -> HttpResponse:
    """The key that signs the checkpoints, in the signed-note verifier key form."""
    vkey = published_verifier_key()
    if vkey is None:
        return HttpResponse("No checkpoint key has been made yet.\n", status=404, content_type=_TEXT)
    return HttpResponse(vkey + "\n", content_type=_TEXT)
