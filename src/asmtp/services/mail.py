"""Queue an e-mail for the job worker once the surrounding transaction commits."""

from __future__ import annotations

import base64

from django.db import transaction

from asmtp.jobs.tasks import send_email


def queue_email(to: list[str], subject: str, body: str, *, html: str = "", attachments: list[tuple[str, bytes, str]] | None = None) -> None:
    """Send after commit, in the worker: no mail for a change that rolled back, none sent in a request."""
    encoded = [(name, base64.b64encode(content).decode("ascii"), mimetype) for name, content, mimetype in attachments or []]
    transaction.on_commit(lambda: send_email.enqueue(to=to, subject=subject, body=body, html=html, attachments=encoded))
