"""The message telling a holder their e-Visa is ready, in the language of the case."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext


def evisa_ready_email(language: str, number: str) -> tuple[str, str]:
    """Subject and body; the e-Visa itself is downloaded after signing in, never mailed."""
    with translation.override(language):
        subject = gettext("Your e-Visa %(number)s is ready") % {"number": number}
        body = gettext(
            "Your e-Visa %(number)s has been issued. Sign in to download it as a PDF. "
            "It carries QR codes anyone can check: the full one for airlines and border control, "
            "and a right-to-work one without your date of birth for employers."
        ) % {"number": number}
    return subject, body
