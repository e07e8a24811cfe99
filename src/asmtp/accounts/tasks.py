"""The accounts area's background job: the password-reset e-mail.

The reset page queues this job for every address typed, known or not, and answers at once; the
worker looks the address up. So the page does the same work, takes the same time and says the
same thing whether or not an account exists (no one learns who has one), and no mail is sent
inside a request. Safe to run twice: a second e-mail holds a second link that works as well.
"""

from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from asmtp.jobs.mail import render_plain_text
from asmtp.jobs.tasks import send_email


@task()
def send_password_reset(email: str, domain: str, use_https: bool, language: str) -> int:
    """E-mail a link to choose a new password to each active account with this address; returns how many."""
    sent = 0
    for user in PasswordResetForm().get_users(email):
        context = {
            "email": user.email, "domain": domain, "site_name": domain, "user": user,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user),
            "protocol": "https" if use_https else "http",
        }
        with translation.override(language):
            subject = render_plain_text("accounts/email/password_reset_subject.txt", context).strip()
            body = render_plain_text("accounts/email/password_reset.txt", context)
        send_email.call(to=[user.email], subject=subject, body=body)
        sent += 1
    return sent
