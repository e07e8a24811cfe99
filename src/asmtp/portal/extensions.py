"""Extensions of stay as the service applies them: whether a holder may apply today, what the
status page and the workbench say about it, and the reminder e-mails.

The rule and its window live in the domain (`asmtp.domain.lifecycle`) and the dated policy data
(`extension_of_stay.*` in policy/data/parameters.yaml); this module only reads them for a case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from asmtp.audit.services import record_audit_event
from asmtp.cases.models import Application, ApplicationKind, CaseStatus
from asmtp.cases.rules_in_force import service_policy
from asmtp.domain.lifecycle import (
    EXTENSION_LATE_REMINDER,
    Duration,
    check_extension,
    duration_in_force,
    extension_opens_on,
    extension_window_on,
    may_apply_for_extension,
)
from asmtp.jobs.mail import queue_email
from asmtp.portal.models import ExtensionReminder

GRANTED = (CaseStatus.APPROVED, CaseStatus.EVISA_ISSUED)
# An extension already applied for (and not given up) needs no reminder.
EXTENSION_IN_HAND = (
    CaseStatus.SUBMITTED, CaseStatus.ASSESSING, CaseStatus.AWAITING_APPLICANT, CaseStatus.RECOMMENDED, *GRANTED,
)


def check_extension_for(previous: Application, today: dt.date) -> None:
    """Refuse (``StayRefused``) an extension of this grant applied for on ``today`` outside the window."""
    check_extension(previous.limit_of_stay_on, today, service_policy(previous.edition))


def extension_in_hand(previous: Application) -> Application | None:
    """The extension of this grant already applied for and not given up (being decided, or granted)."""
    return (
        previous.follow_ups.filter(kind=ApplicationKind.EXTENSION, status__in=EXTENSION_IN_HAND).order_by("-id").first()
    )


@dataclass(frozen=True)
class ExtensionGuidance:
    """What a holder is told about extending a grant on one day."""

    state: str  # "open", "extension_too_early" or "extension_too_late"
    opens: dt.date | None  # the first day they may apply, from today on (None once the limit has passed)
    closes: dt.date  # the limit of stay: the last day
    window: Duration  # the window in force on the day it opens (today, when open); words: web.formats.duration_words


def extension_guidance(case: Application, today: dt.date) -> ExtensionGuidance | None:
    """Whether a granted stay can be extended on ``today``, and from when; None for a case with no
    grant, or whose extension has already been applied for."""
    if case.status not in GRANTED or case.limit_of_stay_on is None or extension_in_hand(case) is not None:
        return None
    policy = service_policy(case.edition)
    limit = case.limit_of_stay_on
    opens = extension_opens_on(limit, today, policy)
    if opens is None:
        return ExtensionGuidance("extension_too_late", None, limit, extension_window_on(limit, policy))
    state = "open" if may_apply_for_extension(limit, today, policy) else "extension_too_early"
    return ExtensionGuidance(state, opens, limit, extension_window_on(opens, policy))


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
