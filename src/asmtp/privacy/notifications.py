"""The texts that go with a data-access export: the e-mail and the README inside the ZIP."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext


def export_ready_email(language: str, page_url: str, days: int) -> tuple[str, str]:
    """Subject and body; the mail points to the page, never to the file (a mail can be forwarded)."""
    with translation.override(language):
        subject = gettext("A copy of your personal data is ready")
        body = gettext(
            "The copy of the personal data we hold about you, which you asked for, is ready. "
            "Sign in and open “Your personal data” to download it: %(url)s\n\n"
            "The download is available for %(days)s days and only to you, signed in."
        ) % {"url": page_url or "", "days": days}
    return subject, body


def export_readme(language: str) -> str:
    """What the ZIP holds, for the person who opens it."""
    with translation.override(language):
        return (
            "\n\n".join(
                [
                    gettext(
                        "A copy of the personal data held about you by the ASMTP service (Personal Data (Privacy) Ordinance, Cap. 486, section 18)."
                    ),
                    gettext(
                        "data.json holds your account, every application you made with its personal details, family members, employment, the history of each case, messages, letters, assessments, corrections and e-Visas."
                    ),
                    gettext(
                        "The documents folder holds the files you uploaded, named by application and document number."
                    ),
                    gettext(
                        "Officers' internal notes and the identities of the officers who handled your cases are not in this copy. The notes are reviewed by the Data Protection Officer, who sends you those whose release does not prejudice a purpose protected by section 58 of the Ordinance. To ask for a correction, write to the Data Protection Officer of the Immigration Department."
                    ),
                ]
            )
            + "\n"
        )
