"""Reading cases for the officer's queues: keyset pages over the indexes on Application.

Every queue is one indexed query, `WHERE <queue> AND id < :last ORDER BY id DESC LIMIT n`, so a
page costs the same on the first page and the ten-thousandth, with a million cases or more.
No page counts: counting a million rows on every view is the slow part keyset paging avoids.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from asmtp.cases.models import Application
from asmtp.cases.rules_in_force import service_policy
from asmtp.domain.lifecycle import Status, due_soon_until

PAGE_SIZE = 50
# Cases whose pledge clock runs: not waiting for the applicant, not yet decided.
CLOCK_RUNNING = [str(Status.SUBMITTED), str(Status.ASSESSING), str(Status.RECOMMENDED)]
OPEN = [*CLOCK_RUNNING, str(Status.AWAITING_APPLICANT)]

QUEUES = {
    "new": _("New"),
    "mine": _("Mine"),
    "awaiting": _("Awaiting applicant"),
    "due_soon": _("Due soon"),
    "overdue": _("Overdue"),
    "recommended": _("Awaiting a second officer"),
    # After the senior officer's approval: the issuance fee, then the e-Visa (the e-Visa page).
    "awaiting_fee": _("Awaiting the fee"),
    "ready_to_issue": _("Ready to issue"),
}
COLUMNS = ("id", "reference", "name_en", "name_zh", "status", "industry", "talent_list_profession",
           "rules_outcome", "edition", "pledge_due_on", "submitted_at", "assigned_officer_id", "recommended_by_id",
           "stream", "employment_data__tp_trade")


@dataclass(frozen=True)
class QueueFilters:
    industry: str = ""
    talent_list: str = ""  # "yes" | "no" | ""
    outcome: str = ""
    edition: str = ""


@dataclass
class QueuePage:
    rows: list[dict[str, Any]] = field(default_factory=list)
    next_before: int | None = None


def queue_queryset(queue: str, user_id: int, today: dt.date) -> QuerySet[Application]:
    """The cases in one queue (unordered, unpaged)."""
    cases = Application.objects.all()
    if queue == "new":
        return cases.filter(status=Status.SUBMITTED, assigned_officer__isnull=True)
    if queue == "mine":
        return cases.filter(assigned_officer_id=user_id, status__in=OPEN)
    if queue == "awaiting":
        return cases.filter(status=Status.AWAITING_APPLICANT)
    if queue == "due_soon":
        return cases.filter(status__in=CLOCK_RUNNING, pledge_due_on__gte=today,
                            pledge_due_on__lte=due_soon_until(today, service_policy(settings.ASMTP_EDITION)))
    if queue == "overdue":
        return cases.filter(status__in=CLOCK_RUNNING, pledge_due_on__lt=today)
    if queue == "recommended":
        return cases.filter(status=Status.RECOMMENDED)
    if queue == "awaiting_fee":
        return cases.filter(status=Status.APPROVED, fee_paid=False)
    if queue == "ready_to_issue":
        return cases.filter(status=Status.APPROVED, fee_paid=True)
    raise ValueError(f"unknown queue {queue!r}")


def apply_filters(cases: QuerySet[Application], filters: QueueFilters) -> QuerySet[Application]:
    if filters.industry:
        cases = cases.filter(industry=filters.industry)
    if filters.talent_list == "yes":
        cases = cases.exclude(talent_list_profession="")
    elif filters.talent_list == "no":
        cases = cases.filter(talent_list_profession="")
    if filters.outcome:
        cases = cases.filter(rules_outcome=filters.outcome)
    if filters.edition:
        cases = cases.filter(edition=filters.edition)
    return cases


# What the search box is given: a case reference, a Mainland ID number, a travel document number
# (EEP or passport), or else part of a name. Each kind is one query on its own column, so a
# reference or a number never scans the names.
_REFERENCE = re.compile(r"ASMTP-\d{4}-\d{6}")
_MAINLAND_ID = re.compile(r"\d{17}[\dX]")
_TRAVEL_DOCUMENT = re.compile(r"[A-Z]{1,2}\d{7,8}")
SEARCH_LIMIT = 50


def search_cases(text: str, *, size: int = SEARCH_LIMIT) -> QueuePage:
    """Submitted cases (any status but draft) found by reference, ID or travel document number
    (the principal's or a family member's), or part of the principal's name; newest first."""
    words = " ".join(text.split())
    if not words:
        return QueuePage()
    compact = "".join(words.split()).upper()
    cases = Application.objects.exclude(status=Status.DRAFT)
    if _REFERENCE.fullmatch(compact):
        found = cases.filter(reference=compact)
    elif _MAINLAND_ID.fullmatch(compact):
        found = cases.filter(
            Q(applicant_data__mainland_id_number=compact) | Q(dependants__mainland_id_number=compact)
        )
    elif _TRAVEL_DOCUMENT.fullmatch(compact):
        found = cases.filter(
            Q(applicant_data__travel_document__number=compact) | Q(dependants__travel_document__number=compact)
        )
    else:
        found = cases.filter(Q(name_en__icontains=words) | Q(name_zh__icontains=words))
    rows = list(found.distinct().order_by("-id").values(*COLUMNS)[:size])
    return QueuePage(rows=rows)


def queue_page(
    queue: str, user_id: int, *, today: dt.date, filters: QueueFilters | None = None,
    before: int | None = None, size: int = PAGE_SIZE,
) -> QueuePage:
    """One page of a queue, newest first, starting below case id `before`."""
    cases = apply_filters(queue_queryset(queue, user_id, today), filters or QueueFilters())
    if before is not None:
        cases = cases.filter(Q(id__lt=before))
    rows = list(cases.order_by("-id").values(*COLUMNS)[: size + 1])
    next_before = rows[size - 1]["id"] if len(rows) > size else None
    return QueuePage(rows=rows[:size], next_before=next_before)
