"""The Technical Professionals quota: places secured first come, first served when a TP
application is submitted (rules.md "The Technical Professionals stream").

A place is taken by a conditional UPDATE (``used = used + 1 WHERE used < cap``) of the trade's
counter row and then of the whole pilot's row, inside the submission's own transaction. The
database decides each UPDATE alone: on PostgreSQL a second submission waits for the first's row
lock and re-reads ``used`` before testing it; on SQLite writers take turns. So concurrent
submissions never take more places than the caps allow, and a submission that fails later
(a draft changed meanwhile) gives its place back with the rollback. The caps are the dated
parameters ``tp.quota_per_trade`` and ``tp.quota_total`` in force on the day of submission.
A place is not given back when an application is later withdrawn or refused: the quota counts
applications, as the ImmD announces it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from asmtp.cases.models import TPQuotaCounter
from asmtp.domain.eligibility.explain import tp_trade_condition
from asmtp.errors import CodedError
from asmtp.policy import Names, Policy, load_policy
from asmtp.policy.reference_names import policy_language

TECHNICAL_PROFESSIONAL = "technical_professional"
ALL_TRADES = ""  # the counter row of the whole pilot


class TPQuotaFull(CodedError):
    """The TP quota has no place left for the trade (or for any trade)."""

    MESSAGES: ClassVar[Mapping[str, Promise]] = {
        "tp_quota_full": _(
            "The Technical Professionals quota for %(trade)s is full: all %(cap)s places for this trade "
            "have been taken, so no further application for it can be submitted."
        ),
        "tp_quota_total_full": _(
            "The Technical Professionals quota is full: all %(cap)s places of the pilot have been taken, "
            "so no further application in this stream can be submitted."
        ),
        "tp_trade_required": _("Choose the trade of your job offer from the Technical Professionals List."),
        "tp_stream_closed": _("The Technical Professionals stream is not accepting applications today."),
    }
    DEFAULT_CODE = "tp_quota_full"


class _InLanguage:
    """A name rendered in the language active when the message is shown."""

    def __init__(self, names: Names) -> None:
        self.names = names

    def __str__(self) -> str:
        return self.names.get(policy_language(translation.get_language()))


@dataclass(frozen=True)
class TradeQuota:
    """One trade's places: the cap in force, how many are taken and how many remain."""

    trade: str
    names: Names
    cap: int
    used: int

    @property
    def remaining(self) -> int:
        return max(self.cap - self.used, 0)

    @property
    def full(self) -> bool:
        return self.remaining == 0

    def label(self, language: str | None) -> str:
        return self.names.get(policy_language(language))


@dataclass(frozen=True)
class QuotaState:
    """The quota as an applicant sees it before starting: the pilot's places and each trade's."""

    cap: int
    used: int
    trades: tuple[TradeQuota, ...]

    @property
    def remaining(self) -> int:
        return max(self.cap - self.used, 0)

    def remaining_for(self, trade: str) -> int:
        """Places an application for ``trade`` can still take (the trade's and the pilot's, whichever is fewer)."""
        found = next((quota for quota in self.trades if quota.trade == trade), None)
        return min(found.remaining, self.remaining) if found else 0


def _policy() -> Policy:
    from asmtp.cases.assessment import deployment_edition

    return load_policy(deployment_edition())


def tp_quota_remaining(on: dt.date | None = None) -> QuotaState:
    """Places left in the TP quota on ``on`` (today by default), per trade of the TP List then in force."""
    day = on or timezone.localdate()
    params = _policy().at(day)
    used = dict(TPQuotaCounter.objects.values_list("trade", "used"))
    tp_list = _policy().tp_list
    per_trade = int(params["tp.quota_per_trade"])
    trades = tuple(
        TradeQuota(trade, tp_list.label(trade), per_trade, used.get(trade, 0)) for trade in params.tp_list.trades
    )
    return QuotaState(int(params["tp.quota_total"]), used.get(ALL_TRADES, 0), trades)


def tp_trades_in_force(on: dt.date | None = None) -> tuple[tuple[str, Names], ...]:
    """The TP List's trades in force on ``on`` (today by default), each with its names in three languages."""
    policy = _policy()
    version = policy.at(on or timezone.localdate()).tp_list
    return tuple((trade, policy.tp_list.label(trade)) for trade in version.trades)


def tp_trade_names(trade: str) -> Names:
    """A trade's names in three languages (the id itself for an unknown trade)."""
    return _policy().tp_list.label(trade)


def tp_condition_of_stay(trade: str, employer_name: str = "") -> dict[str, str]:
    """The condition of stay naming the trade, in three languages (en, zh-Hant, zh-Hans), as the engine states it."""
    return tp_trade_condition(_policy(), trade, employer_name)


def tp_stream_open(on: dt.date | None = None) -> bool:
    """Whether the policy in force on ``on`` (today by default) has the TP stream accepting applications."""
    return bool(_policy().at(on or timezone.localdate())["tp.accepting_applications"])


def check_tp_place_left(trade: str | None, on: dt.date | None = None) -> None:
    """Refuse a TP draft (started or continued) whose trade has no place left, without taking one:
    the place itself is secured at submission (:func:`secure_tp_place`)."""
    day = on or timezone.localdate()
    if not tp_stream_open(day):
        raise TPQuotaFull("tp_stream_closed", "stream")
    if not trade:
        raise TPQuotaFull("tp_trade_required", "tp_trade")
    state = tp_quota_remaining(day)
    if state.remaining == 0:
        raise TPQuotaFull("tp_quota_total_full", "tp_trade", params={"cap": f"{state.cap:,}"})
    found = next((quota for quota in state.trades if quota.trade == trade), None)
    if found is None:
        raise TPQuotaFull("tp_trade_required", "tp_trade")
    if found.full:
        raise TPQuotaFull("tp_quota_full", "tp_trade", params={"trade": _InLanguage(found.names), "cap": f"{found.cap:,}"})


def secure_tp_place(trade: str | None, on: dt.date) -> None:
    """Take one place of the TP quota for ``trade``, or raise :class:`TPQuotaFull` (the caller's
    transaction then rolls back). Must run inside the submission's transaction."""
    if not trade:
        raise TPQuotaFull("tp_trade_required", "tp_trade")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("secure_tp_place must run inside the submission's transaction")
    params = _policy().at(on)
    per_trade, total = int(params["tp.quota_per_trade"]), int(params["tp.quota_total"])
    # The rows exist before anyone counts on them; a concurrent insert of the same row is ignored.
    TPQuotaCounter.objects.bulk_create(
        [TPQuotaCounter(trade=trade, used=0), TPQuotaCounter(trade=ALL_TRADES, used=0)], ignore_conflicts=True
    )
    # The trade's row first, then the pilot's: every submission locks them in the same order.
    if not TPQuotaCounter.objects.filter(trade=trade, used__lt=per_trade).update(used=F("used") + 1):
        raise TPQuotaFull("tp_quota_full", "tp_trade", params={"trade": _InLanguage(_policy().tp_list.label(trade)), "cap": f"{per_trade:,}"})
    if not TPQuotaCounter.objects.filter(trade=ALL_TRADES, used__lt=total).update(used=F("used") + 1):
        raise TPQuotaFull("tp_quota_total_full", "tp_trade", params={"cap": f"{total:,}"})
