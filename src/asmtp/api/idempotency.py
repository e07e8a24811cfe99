"""`Idempotency-Key` on the operations that declare it (the `idempotent` decorator).

Only a signed-in account's request to such an operation (opening a draft, submitting it, opening
an extension) is remembered: anonymous requests and every other path run as if no key were
sent, so nobody can make the service store answers for them. The decorator runs inside the view,
after the CSRF check, so a forged request stores nothing either. Answers larger than
MAX_STORED_BODY are not kept (the key is released as after a failure), and every record is
deleted by the retention job once it is a day old (`purge_expired_idempotency_records`).

The first request with a key runs; its answer is stored. A repeat with the same key and the
same request gets the stored answer without running again; a repeat while the first is still
running waits for it (up to WAIT_SECONDS, then 409); the same key with a different request is
a client error (422). The key row is committed before the view runs, so of any number of
parallel identical requests exactly one reaches the view. A first request that failed (5xx or
an exception) releases its key so that the client may retry.

A request that never finishes (its process killed, its database connection cut) cannot release
its key itself. On PostgreSQL the request that owns a key holds a session advisory lock on it
while it runs; the lock dies with the process or the connection, so the client's retry finds
the key unowned and runs at once instead of waiting. Elsewhere such a key is taken over once it
is STALE_AFTER old.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from asmtp.api.responses import error_response
from asmtp.security.models import IdempotencyRecord

HEADER = "Idempotency-Key"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_KEY_LENGTH = 200
WAIT_SECONDS = 30.0
# A key still "running" after this long belongs to a process that died mid-request.
STALE_AFTER = dt.timedelta(minutes=5)
# A stored answer is a redirect or a short JSON body; anything bigger is not worth keeping.
MAX_STORED_BODY = 4 * 1024
# The first of PostgreSQL's two-number advisory lock keys; the second is drawn from owner and key.
_LOCK_CLASS = 7_461_208


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


def _lock_key(owner: str, key: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{owner}\n{key}".encode()).digest()[:4], "big", signed=True)


def _locks_owners() -> bool:
    return connection.vendor == "postgresql"


def _try_lock(owner: str, key: str) -> bool:
    """Hold the key's advisory lock for this connection, if no running request holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_LOCK_CLASS, _lock_key(owner, key)])
        return bool(cursor.fetchone()[0])


def _unlock(owner: str, key: str) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_LOCK_CLASS, _lock_key(owner, key)])
    except DatabaseError:
        pass  # the connection is gone, and its locks went with it


def _claim(owner: str, key: str, fingerprint: str) -> tuple[IdempotencyRecord | None, bool]:
    """(record, True) if this request now owns the key, (existing record, False) otherwise.

    (None, False) when another request has held the key for WAIT_SECONDS without recording it.
    """
    if not _locks_owners():
        IdempotencyRecord.objects.filter(
            owner=owner, key=key, completed_at__isnull=True, created_at__lt=timezone.now() - STALE_AFTER
        ).delete()
        try:
            with transaction.atomic():
                return IdempotencyRecord.objects.create(owner=owner, key=key, fingerprint=fingerprint), True
        except IntegrityError:
            return IdempotencyRecord.objects.get(owner=owner, key=key), False
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if not _try_lock(owner, key):
            existing = IdempotencyRecord.objects.filter(owner=owner, key=key).first()
            if existing is not None:
                return existing, False
            time.sleep(0.01)  # its owner is between taking the lock and recording the key
            continue
        existing = IdempotencyRecord.objects.filter(owner=owner, key=key).first()
        if existing is not None and existing.completed_at is not None:
            _unlock(owner, key)
            return existing, False
        try:
            if existing is not None:
                # Nobody holds the lock of a key still "running": its request died with its process.
                existing.delete()
            return IdempotencyRecord.objects.create(owner=owner, key=key, fingerprint=fingerprint), True
        except BaseException:
            _unlock(owner, key)
            raise
    return None, False


def _wait_for_answer(record: IdempotencyRecord) -> IdempotencyRecord | None:
    """The record once its request has answered; None if it failed, is still running after
    WAIT_SECONDS, or (PostgreSQL) as soon as its request is known to have died."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        current = IdempotencyRecord.objects.filter(pk=record.pk).first()
        if current is None or current.completed_at is not None:
            return current
        if _locks_owners() and _try_lock(record.owner, record.key):
            _unlock(record.owner, record.key)
            current = IdempotencyRecord.objects.filter(pk=record.pk).first()
            return current if current is not None and current.completed_at is not None else None
        time.sleep(0.05)
    return None


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status_code or 200, content_type=record.content_type or None)
    if record.location:
        response["Location"] = record.location
    response["Idempotent-Replayed"] = "true"
    return response


def _storable(response: HttpResponse) -> bool:
    return not response.streaming and len(response.content) <= MAX_STORED_BODY


def _store(record: IdempotencyRecord, response: HttpResponse) -> None:
    record.completed_at = timezone.now()
    record.status_code = response.status_code
    record.content_type = response.get("Content-Type", "")
    record.location = response.get("Location", "")
    record.body = response.content
    record.save(update_fields=["completed_at", "status_code", "content_type", "location", "body"])


def idempotent(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Declare a state-changing view idempotent: a signed-in caller's `Idempotency-Key` is honoured."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.headers.get(HEADER, "").strip()
        user = getattr(request, "user", None)
        if request.method not in UNSAFE_METHODS or not key or user is None or not user.is_authenticated:
            return view(request, *args, **kwargs)
        return _run_once(request, key, lambda: view(request, *args, **kwargs))

    guarded.idempotent = True  # type: ignore[attr-defined]
    return guarded


def _run_once(request: HttpRequest, key: str, run: Callable[[], HttpResponse]) -> HttpResponse:
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        return error_response(400, "invalid_idempotency_key", f"{HEADER} must be at most {MAX_KEY_LENGTH} printable characters.", field=HEADER)
    fingerprint = request_fingerprint(request)
    owner = _owner(request)
    record, owned = _claim(owner, key, fingerprint)
    if not owned and record is not None:
        if record.fingerprint != fingerprint:
            return error_response(422, "idempotency_key_reused", f"This {HEADER} was already used for a different request.", field=HEADER)
        if record.completed_at is None:
            answered = _wait_for_answer(record)
            # No answer: its request died (then this one takes the key over) or still runs.
            record, owned = (answered, False) if answered is not None else _claim(owner, key, fingerprint)
    if not owned or record is None:
        if record is None or record.completed_at is None:
            return error_response(409, "idempotency_key_in_progress", "The first request with this key is still being processed.", field=HEADER)
        if record.fingerprint != fingerprint:
            return error_response(422, "idempotency_key_reused", f"This {HEADER} was already used for a different request.", field=HEADER)
        return _replay(record)
    try:
        response = run()
        if response.status_code >= 500 or not _storable(response):
            record.delete()  # nothing was done for good, or too much to keep: the client may retry
        else:
            _store(record, response)
    except BaseException:
        record.delete()
        raise
    finally:
        if _locks_owners():
            _unlock(owner, key)
    return response
