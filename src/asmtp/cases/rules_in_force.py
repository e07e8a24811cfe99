"""The dated policy the service's own clocks read for a case: the data of its edition, the
processing pledge in force on a day, and whether (and from when) a grant may be extended. The
rules themselves live in the domain (`asmtp.domain.lifecycle`) and the policy data; this only
chooses which data a case reads, for the portal, the workbench and the letters alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from asmtp.cases.models import Application, ApplicationKind, CaseStatus
from asmtp.domain.lifecycle import (
    PROCESSING_PLEDGE,
    Duration,
    check_extension,
    duration_in_force,
    extension_opens_on,
    extension_window_on,
    may_apply_for_extension,
)
from asmtp.policy import Policy, UnknownEdition, load_policy


def service_policy(edition: str) -> Policy:
    """The policy data the service's clocks read for a case of ``edition`` (the default for an unknown one)."""
    try:
        return load_policy(edition)
    except UnknownEdition:
        return load_policy()


def pledge_in_force(edition: str, day: dt.date) -> Duration:
    """The processing pledge in force on ``day`` (a case's submission day, or today for what the
    service promises now); shown with ``duration_words``."""
    return duration_in_force(service_policy(edition), PROCESSING_PLEDGE, day)


GRANTED = (CaseStatus.APPROVED, CaseStatus.EVISA_ISSUED)
# An extension already applied for (and not given up) needs no reminder.
EXTENSION_IN_HAND = (
    CaseStatus.SUBMITTED, CaseStatus.ASSESSING, CaseStatus.AWAITING_APPLICANT, CaseStatus.RECOMMENDED, *GRANTED,
)


def check_extension_for(previous: Application, today: dt.date) -> None:
    """Refuse (``StayRefused``) an extension of this grant applied for on ``today`` outside the window."""
    check_extension(previous.limit_of_stay_on, today, service_policy(previous.edition))


def _extensions_in_hand() -> QuerySet[Application]:
    return Application.objects.filter(kind=ApplicationKind.EXTENSION, status__in=EXTENSION_IN_HAND)


def extension_in_hand(previous: Application) -> Application | None:
    """The extension of this grant already applied for and not given up (being decided, or granted)."""
    return _extensions_in_hand().filter(previous=previous).order_by("-id").first()


def with_extension_applied(cases: QuerySet[Application]) -> QuerySet[Application]:
    """``cases``, each read with ``extension_applied``: whether an extension of it is in hand.

    A page that reads its case this way spares `extension_guidance` a query of its own."""
    return cases.annotate(extension_applied=Exists(_extensions_in_hand().filter(previous=OuterRef("pk"))))


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
    if case.status not in GRANTED or case.limit_of_stay_on is None:
        return None
    applied = getattr(case, "extension_applied", None)  # read with the case (with_extension_applied)
    if applied is None:
        applied = extension_in_hand(case) is not None
    if applied:
        return None
    policy = service_policy(case.edition)
    limit = case.limit_of_stay_on
    opens = extension_opens_on(limit, today, policy)
    if opens is None:
        return ExtensionGuidance("extension_too_late", None, limit, extension_window_on(limit, policy))
    state = "open" if may_apply_for_extension(limit, today, policy) else "extension_too_early"
    return ExtensionGuidance(state, opens, limit, extension_window_on(opens, policy))
