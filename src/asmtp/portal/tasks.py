"""Background jobs of the applicant portal. Each is safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task()
def send_extension_reminders() -> int:
    """Daily: e-mail holders whose window to apply for an extension of stay has opened, and again
    before the limit of stay (each reminder once; see asmtp.portal.extensions)."""
    from asmtp.portal.extensions import send_extension_reminders as send

    return send()
