"""Letters to the applicant, in the language they chose: acknowledgement, request for
information, approval, refusal with reasons.

A letter is written (its text fixed) in the transaction of the action that causes it, keyed
by that action so it is issued once; a job e-mails it after commit with the PDF attached.
The PDF is rendered from the stored text with the shared CJK document (`asmtp.pdf`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from asmtp.audit.services import record_audit_event
from asmtp.cases.models import Application, DocumentKind, Letter
from asmtp.cases.rules_in_force import pledge_in_force
from asmtp.cases.signals import letter_issued
from asmtp.domain.person_names import name_for_reader
from asmtp.policy.finding_sources import finding_source
from asmtp.web.formats import day

REASON_KEYS = {"en": "en", "zh-hant": "zh-Hant", "zh-hans": "zh-Hans"}
LETTER_LANGUAGES = frozenset(REASON_KEYS)


def letter_language(case: Application) -> str:
    return case.language if case.language in LETTER_LANGUAGES else "zh-hans"


def _context(case: Application, kind: str, context: dict[str, Any], language: str) -> dict[str, Any]:
    full: dict[str, Any] = {"case": case, "kind": kind, "site_url": settings.ASMTP_SITE_URL, **context}
    full["name"] = name_for_reader(case.name_en, case.name_zh, language)
    request = context.get("request")
    if request is not None:
        labels = dict(DocumentKind.choices)
        full["items"] = [str(labels.get(item.get("kind"), item.get("kind"))) for item in request.items]
    full["findings"] = [
        {
            "text": (f.get("reason") or {}).get(REASON_KEYS[language])
            or (f.get("reason") or {}).get("en", ""),
            "reference": finding_source(f, language),
        }
        for f in context.get("findings", [])
    ]
    full["due_on"] = day(case.pledge_due_on, language)
    submitted_on = timezone.localtime(case.submitted_at).date() if case.submitted_at else timezone.localdate()
    full["pledge"] = pledge_in_force(case.edition, submitted_on)  # the pledge the case was submitted under
    return full


def issue_letter(case: Application, kind: str, *, key: str, context: dict[str, Any] | None = None) -> Letter:
    """Write the letter once (by `key`) and queue its e-mail in the same transaction."""
    language = letter_language(case)
    with translation.override(language):
        full = _context(case, kind, context or {}, language)
        subject = render_to_string("workbench/letters/subject.txt", full).strip()
        body = render_to_string(f"workbench/letters/{kind}.txt", full).strip() + "\n"
    letter, created = Letter.objects.get_or_create(
        key=key,
        defaults={"application": case, "kind": kind, "language": language, "subject": subject, "body": body},
    )
    if created:
        record_audit_event(
            "letter.issued",
            object_type="application",
            object_id=case.pk,
            data={"letter": letter.pk, "kind": kind, "language": language},
        )
        letter_issued.send(sender=Letter, letter=letter)  # the workbench queues its e-mail (asmtp/cases/signals.py)
    return letter


def letter_pdf(letter: Letter) -> bytes:
    """The letter as an A4 PDF in its language (text extractable, CJK font embedded)."""
    from asmtp.pdf import new_cjk_document

    pdf = new_cjk_document(language=letter.language, title=letter.subject, author="ASMTP")
    pdf.add_page()
    pdf.set_font(size=15)
    pdf.multi_cell(0, 8, letter.subject)
    pdf.ln(2)
    pdf.set_font(size=9)
    reference = letter.application.reference or ""
    pdf.multi_cell(0, 5, f"{reference}    {day(letter.created_at, letter.language)}")
    pdf.ln(4)
    pdf.set_font(size=11)
    pdf.multi_cell(0, 6.5, letter.body)
    return bytes(pdf.output())


def letter_filename(letter: Letter) -> str:
    """The PDF's file name, the same in the e-mail and in the officer's download."""
    return f"{letter.application.reference or letter.application_id}-{letter.kind}.pdf"


def email_letter_now(letter_id: int) -> bool:
    """E-mail one letter with its PDF, unless it was already sent (safe to run twice)."""
    letter = Letter.objects.select_related("application__applicant").get(pk=letter_id)
    if letter.emailed_at is not None:
        return False
    # Render before taking the row lock: a PDF takes seconds, and on SQLite a write
    # transaction held that long would stall every other writer (web requests included).
    pdf = letter_pdf(letter)
    with transaction.atomic():
        locked = Letter.objects.select_for_update().get(pk=letter_id)
        if locked.emailed_at is not None:  # another worker sent it meanwhile
            return False
        message = EmailMessage(
            subject=letter.subject, body=letter.body, to=[letter.application.applicant.email]
        )
        message.attach(letter_filename(letter), pdf, "application/pdf")
        message.send()
        locked.emailed_at = timezone.now()
        locked.save(update_fields=["emailed_at"])
    return True
