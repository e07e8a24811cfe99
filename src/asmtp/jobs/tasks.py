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
