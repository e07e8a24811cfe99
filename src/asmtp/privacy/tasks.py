"""Background jobs for personal-data requests. Each is safe to run twice."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from asmtp.accounts.models import User
from asmtp.privacy.models import DataAccessRequest
from asmtp.privacy.services import (
    build_requested_export,
    erase_expired_personal_data,
    purge_expired_exports,
    purge_expired_idempotency_records,
    record_export_request,
)
from asmtp.security.sessions import delete_expired_sessions


@task()
def build_data_export(request_id: int) -> str:
    """Build a data-access export requested in the portal and mail its owner (see asmtp.privacy.services)."""
    return build_requested_export(request_id)


def request_export(user: User, *, page_url: str = "") -> DataAccessRequest:
    """The person asks for their data: the request is recorded, and a new one is built by a job after commit."""
    with transaction.atomic():
        request, new = record_export_request(user, page_url=page_url)
        if new:
            transaction.on_commit(lambda: build_data_export.enqueue(request.pk))
    return request


@task()
def apply_retention() -> int:
    """Erase the personal data of closed cases past their retention period; drop expired export
    files, expired sessions and expired Idempotency-Key records."""
    purge_expired_exports()
    purge_expired_idempotency_records()
    delete_expired_sessions()
    return len(erase_expired_personal_data())
