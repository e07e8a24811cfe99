"""`Idempotency-Key` for every state-changing request (API POSTs, form posts, the submission).

The first request with a key runs; its answer is stored. A repeat with the same key and the
same request gets the stored answer without running again; a repeat while the first is still
running waits for it (up to WAIT_SECONDS, then 409); the same key with a different request is
a client error (422). The key row is committed before the view runs, so of any number of
parallel identical requests exactly one reaches the view. A first request that failed (5xx or
an exception) releases its key so that the client may retry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from asmtp.security.models import IdempotencyRecord

HEADER = "Idempotency-Key"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_KEY_LENGTH = 200
WAIT_SECONDS = 30.0
# A key still "running" after this long belongs to a process that died mid-request.
STALE_AFTER = dt.timedelta(minutes=5)


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "field": HEADER, "message": message}}, status=status)


def request_fingerprint(request: HttpRequest) -> str:
    """What makes two requests "the same": method, path and content (files by their hash)."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    if request.content_type == "multipart/form-data":
        for name, values in sorted(request.POST.lists()):
            digest.update(repr((name, values)).encode())
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(repr((name, upload.name, upload.size)).encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _owner(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    return f"user:{user.pk}" if user is not None and user.is_authenticated else "anonymous"


def _claim(owner: str, key: str, fingerprint: str) -> tuple[IdempotencyRecord, bool]:
    """(record, True) if this request now owns the key, (existing record, False) otherwise."""
    IdempotencyRecord.objects.filter(
        owner=owner, key=key, completed_at__isnull=True, created_at__lt=timezone.now() - STALE_AFTER
    ).delete()
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(owner=owner, key=key, fingerprint=fingerprint), True
    except IntegrityError:
        return IdempotencyRecord.objects.get(owner=owner, key=key), False


def _wait_for_answer(record: IdempotencyRecord) -> IdempotencyRecord | None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        current = IdempotencyRecord.objects.filter(pk=record.pk).first()
        if current is None or current.completed_at is not None:
            return current
        time.sleep(0.05)
    return None


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status_code or 200, content_type=record.content_type or None)
    if record.location:
        response["Location"] = record.location
    response["Idempotent-Replayed"] = "true"
    return response


def _store(record: IdempotencyRecord, response: HttpResponse) -> None:
    record.completed_at = timezone.now()
    record.status_code = response.status_code
    record.content_type = response.get("Content-Type", "")
    record.location = response.get("Location", "")
    record.body = b"" if response.streaming else response.content
    record.save(update_fields=["completed_at", "status_code", "content_type", "location", "body"])


class IdempotencyMiddleware:
    """Placed after the authentication middleware (keys are scoped to the signed-in account)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER, "").strip()
        if request.method not in UNSAFE_METHODS or not key:
            return self.get_response(request)
        if len(key) > MAX_KEY_LENGTH or not key.isprintable():
            return _error(400, "invalid_idempotency_key", f"{HEADER} must be at most {MAX_KEY_LENGTH} printable characters.")
        fingerprint = request_fingerprint(request)
        record, owned = _claim(_owner(request), key, fingerprint)
        if not owned:
            if record.fingerprint != fingerprint:
                return _error(422, "idempotency_key_reused", f"This {HEADER} was already used for a different request.")
            answered = record if record.completed_at is not None else _wait_for_answer(record)
            if answered is None:
                return _error(409, "idempotency_key_in_progress", "The first request with this key is still being processed.")
            return _replay(answered)
        try:
            response = self.get_response(request)
        except BaseException:
            record.delete()
            raise
        if response.status_code >= 500:
            record.delete()  # nothing was done for good: let the client retry with the same key
        else:
            _store(record, response)
        return response
