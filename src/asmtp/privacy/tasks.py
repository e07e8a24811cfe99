"""Background jobs for personal-data requests. Each is safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task()
def build_data_export(request_id: int) -> str:
    """Build a data-access export requested in the portal and mail its owner (see services.privacy)."""
    from asmtp.services.privacy import build_requested_export

    return build_requested_export(request_id)


@task()
def apply_retention() -> int:
    """Erase the personal data of closed cases past their retention period; drop expired export
    files, expired sessions and expired Idempotency-Key records; release companies' claims left
    without a Business Registration certificate."""
    from asmtp.security.sessions import delete_expired_sessions
    from asmtp.services.company_claims import release_unfinished_claims
    from asmtp.services.privacy import (
        erase_expired_personal_data,
        purge_expired_exports,
        purge_expired_idempotency_records,
    )

    purge_expired_exports()
    purge_expired_idempotency_records()
    delete_expired_sessions()
    release_unfinished_claims()
    return len(erase_expired_personal_data())
