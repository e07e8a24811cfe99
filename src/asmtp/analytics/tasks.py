"""The analytics background job: refresh the extract the dashboards read; and the analyst's request for it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks import task

from asmtp.analytics.services import refresh_analytics_extract
from asmtp.audit.services import record_audit_event


@task(queue_name="reports")
def refresh_extract() -> int:
    """Take a new extract of every submitted case; return its number of rows.

    Safe to run twice: the file is replaced atomically and holds the same rows either way.
    """
    return refresh_analytics_extract().rows


def request_extract_refresh(user: Any) -> None:
    """An analyst asks for a refresh: audited, and queued once the audit entry commits."""
    with transaction.atomic():
        record_audit_event("analytics.refresh_requested", actor=user, object_type="analytics_extract")
        transaction.on_commit(lambda: refresh_extract.enqueue())
