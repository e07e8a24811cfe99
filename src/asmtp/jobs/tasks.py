"""Background jobs shared by every area. Each is safe to run twice."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(to: list[str], subject: str, body: str, html: str = "", attachments: list[tuple[str, str, str]] | None = None) -> int:
    """Send one e-mail through Django's e-mail backend (file backend in development, SMTP in production).

    `attachments` are (filename, base64 content, MIME type): job arguments must be JSON.
    A retry may send the message twice; for the acknowledgements and letters this service
    sends, a duplicate is harmless where a lost one is not.
    """
    import base64

    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message.send()


@task()
def prune_finished_jobs() -> None:
    """Daily: delete the rows of jobs that finished over 14 days ago (failed ones after 30 days,
    kept longer for looking into), so the job table stays small."""
    from django.core.management import call_command

    call_command("prune_db_task_results", queue_name="*", min_age_days=14, failed_min_age_days=30, verbosity=0)
