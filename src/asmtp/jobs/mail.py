"""Queue an e-mail for the job worker, atomically with the change that causes it."""

from __future__ import annotations

import base64
from typing import Any

from django.template import Context, Engine

from asmtp.jobs.tasks import send_email


def render_plain_text(template_name: str, context: dict[str, Any]) -> str:
    """A plain-text e-mail part (subject or body), rendered without HTML escaping.

    A text/plain message is not HTML: escaping would show a company called `"Lion & Co"` as
    `&quot;Lion &amp; Co&quot;`. Nothing here is ever rendered into a page.
    """
    return Engine.get_default().get_template(template_name).render(Context(context, autoescape=False))


def queue_email(to: list[str], subject: str, body: str, *, html: str = "", attachments: list[tuple[str, bytes, str]] | None = None) -> None:
    """Queue the mail inside the caller's transaction; the worker sends it once that commits.

    The job queue lives in the same database (django-tasks' database backend), so the job row is
    a transactional outbox: a change that rolls back leaves no mail, and a change that commits
    always leaves its mail queued, even if the process is killed the instant after the commit
    (queueing "on commit" instead would lose that mail). No mail is ever sent inside a request.
    """
    encoded = [(name, base64.b64encode(content).decode("ascii"), mimetype) for name, content, mimetype in attachments or []]
    send_email.enqueue(to=to, subject=subject, body=body, html=html, attachments=encoded)
