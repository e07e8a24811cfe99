"""Extensions of stay as the service applies them: whether a holder may apply today, what the
status page and the workbench say about it, and the reminder e-mails.

The rule and its window live in the domain (`asmtp.domain.lifecycle`) and the dated policy data
(`extension_of_stay.*` in policy/data/parameters.yaml); this module only reads them for a case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from asmtp.audit.services import record_audit_event
from asmtp.cases.models import Application, ApplicationKind
from asmtp.cases.rules_in_force import (
    EXTENSION_IN_HAND,
    GRANTED,
    ExtensionGuidance,
    extension_guidance,
    service_policy,
)
from asmtp.domain.lifecycle import (
    EXTENSION_LATE_REMINDER,
    duration_in_force,
    may_apply_for_extension,
)
from asmtp.jobs.mail import queue_email
from asmtp.portal.models import ExtensionReminder

# --- reminders ------------------------------------------------------------------------------------


def send_extension_reminders(today: dt.date | None = None) -> int:
    """E-mail each holder whose window to apply for an extension has opened, and again when the
    late reminder's day comes (6 weeks before the limit of stay, from the policy data), each
    reminder once. Returns how many e-mails were queued. Safe to run twice, and to miss days:
    a reminder not sent on its day goes on the next run while the stay can still be extended.

    The second reminder goes only when the first went before its day; where the window itself
    opens later (a window shorter than the late reminder's), the one reminder at the opening is
    all the holder gets.
    """
    today = today or timezone.localdate()
    sent = 0
    candidates = (
        Application.objects.filter(status__in=GRANTED, limit_of_stay_on__gte=today)
        .exclude(follow_ups__kind=ApplicationKind.EXTENSION, follow_ups__status__in=EXTENSION_IN_HAND)
        .select_related("applicant")
        .order_by("limit_of_stay_on", "pk")
    )
    for case in candidates.iterator():
        kind = _reminder_due(case, today)
        if kind is not None and _send_reminder(case, kind, today):
            sent += 1
    return sent


def _reminder_due(case: Application, today: dt.date) -> str | None:
    limit = case.limit_of_stay_on
    if limit is None:
        return None
    policy = service_policy(case.edition)
    if not may_apply_for_extension(limit, today, policy):
        return None
    sent = {
        reminder.kind: reminder.sent_on
        for reminder in ExtensionReminder.objects.filter(application=case, limit_of_stay_on=limit)
    }
    if ExtensionReminder.Kind.WINDOW_OPEN not in sent:
        return ExtensionReminder.Kind.WINDOW_OPEN
    late_day = duration_in_force(policy, EXTENSION_LATE_REMINDER, today).before(limit)
    if ExtensionReminder.Kind.LATE not in sent and today >= late_day > sent[ExtensionReminder.Kind.WINDOW_OPEN]:
        return ExtensionReminder.Kind.LATE
    return None


def _send_reminder(case: Application, kind: str, today: dt.date) -> bool:
    """Record and queue one reminder in one transaction (the job row is the outbox); False if another run sent it."""
    email = case.applicant.email
    if not email or case.limit_of_stay_on is None:
        return False
    guidance = extension_guidance(case, today)
    try:
        with transaction.atomic():
            ExtensionReminder.objects.create(application=case, kind=kind, limit_of_stay_on=case.limit_of_stay_on, sent_on=today)
            subject, body = _reminder_text(case, kind, guidance)
            queue_email([email], subject, body)
            record_audit_event(
                "application.extension_reminder_sent", actor=None, object_type="application", object_id=case.pk,
                data={"kind": kind, "limit_of_stay_on": case.limit_of_stay_on.isoformat()},
            )
    except IntegrityError:
        return False  # another run recorded this reminder first
    return True


def _reminder_text(case: Application, kind: str, guidance: ExtensionGuidance | None) -> tuple[str, str]:
    with translation.override(case.language or "zh-hans"):
        context: dict[str, Any] = {
            "case": case,
            "name": case.applicant.get_full_name() or case.name_en,
            "late": kind == ExtensionReminder.Kind.LATE,
            "limit": case.limit_of_stay_on,
            "window": guidance.window if guidance else None,
        }
        subject = render_to_string("portal/email/extension_reminder_subject.txt", context).strip()
        body = render_to_string("portal/email/extension_reminder.txt", context)
    return subject, body
