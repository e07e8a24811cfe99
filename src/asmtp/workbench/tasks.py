"""Background jobs of the workbench. Each is safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task()
def email_letter(letter_id: int) -> bool:
    """Send a letter to the applicant (a letter already sent is not sent again)."""
    from asmtp.services.letters import email_letter_now

    return email_letter_now(letter_id)


@task()
def flag_policy_changes() -> int:
    """Flag open cases assessed under policy that has since changed (see services.workbench)."""
    from asmtp.services.workbench import flag_policy_changes as flag

    return flag()
