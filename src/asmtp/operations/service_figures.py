"""The service's own figures for /metrics, counted from the database when Prometheus scrapes.

Counted, not kept in memory: every web and job process sees the same rows, so the figures are
the same whichever node answers the scrape, and nothing is lost when a process restarts. About
a dozen aggregate queries over indexed columns; the scrape interval (15-60 s) bounds the cost.

Figures named `_total` count rows the service keeps (applications, case events, e-Visas, audit
entries), so they only rise, except when retention purges old records: Prometheus' `rate()`
reads such a drop as a counter reset.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Case, Count, F, Min, Q, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import TruncDate
from django.utils import timezone
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from asmtp.audit.models import AuditEntry
from asmtp.cases.models import Application, CaseEvent
from asmtp.domain.lifecycle import Action, Status
from asmtp.evisa.models import EVisa

# The officers' shared queues ("mine" is one per officer and left out).
OPEN_QUEUES = ("new", "awaiting", "due_soon", "overdue", "recommended", "awaiting_fee", "ready_to_issue")
# Days since submission: label -> the first day past the bucket (None: no end).
AGE_BUCKETS: tuple[tuple[str, int | None], ...] = (("0-7d", 8), ("8-14d", 15), ("15-28d", 29), ("29d+", None))


def _age_bucket(today: dt.date) -> Case:
    """A CASE expression naming the age bucket of a case from its submission time."""
    whens = [
        When(submitted_at__gte=timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=limit - 1), dt.time.min)),
             then=Value(label))
        for label, limit in AGE_BUCKETS if limit is not None
    ]
    return Case(*whens, default=Value(AGE_BUCKETS[-1][0]))


def submitted_by_kind() -> Metric:
    family = CounterMetricFamily("asmtp_applications_submitted", "Applications submitted, by kind", labels=["kind"])
    rows = Application.objects.filter(submitted_at__isnull=False).values("kind").annotate(n=Count("id")).order_by("kind")
    for row in rows:
        family.add_metric([row["kind"]], row["n"])
    return family


def decisions_by_outcome() -> Metric:
    family = CounterMetricFamily("asmtp_decisions", "Decisions taken, by outcome (approved, refused)", labels=["outcome"])
    counts = dict(
        CaseEvent.objects.filter(action__in=[Action.APPROVE, Action.REFUSE])
        .values_list("to_status").annotate(n=Count("id")).order_by("to_status")
    )
    for outcome in (Status.APPROVED, Status.REFUSED):
        family.add_metric([str(outcome)], counts.get(str(outcome), 0))
    return family


def open_cases(today: dt.date) -> Metric:
    from asmtp.workbench.selectors import queue_queryset

    family = GaugeMetricFamily("asmtp_open_cases", "Cases in each officers' queue, by days since submission", labels=["queue", "age"])
    for queue in OPEN_QUEUES:
        counts = dict(
            queue_queryset(queue, 0, today).order_by().annotate(age=_age_bucket(today))
            .values_list("age").annotate(n=Count("id"))
        )
        for label, _ in AGE_BUCKETS:
            family.add_metric([queue, label], counts.get(label, 0))
    return family


def pledge_breaches() -> Metric:
    family = CounterMetricFamily(
        "asmtp_pledge_breaches", "Decided cases decided after their pledge date (open ones past it: asmtp_open_cases{queue=\"overdue\"})"
    )
    family.add_metric([], Application.objects.filter(decided_at__isnull=False, pledge_due_on__isnull=False)
                      .annotate(decided_on=TruncDate("decided_at")).filter(decided_on__gt=F("pledge_due_on")).count())
    return family


def evisas() -> Iterator[Metric]:
    counts = EVisa.objects.aggregate(all=Count("id"), revoked=Count("id", filter=Q(status=EVisa.Status.REVOKED)))
    issued = CounterMetricFamily("asmtp_evisas_issued", "e-Visas issued (each person's, revoked ones included)")
    issued.add_metric([], counts["all"])
    revoked = CounterMetricFamily("asmtp_evisas_revoked", "e-Visas revoked")
    revoked.add_metric([], counts["revoked"])
    yield issued
    yield revoked


def verification_checks() -> Metric:
    family = CounterMetricFamily("asmtp_evisa_verifications", "e-Visa verification checks, by result and channel",
                                 labels=["result", "channel"])
    rows = (
        AuditEntry.objects.filter(action="evisa.verified")
        .annotate(result=KT("data__result"), channel=KT("data__channel"))
        .values_list("result", "channel").annotate(n=Count("id")).order_by("result", "channel")
    )
    for result, channel, n in rows:
        family.add_metric([result or "", channel or ""], n)
    return family


def job_backlog(now: dt.datetime) -> Iterator[Metric]:
    from django_tasks_db.models import DBTaskResult, get_date_max

    waiting = GaugeMetricFamily("asmtp_jobs_waiting", "Jobs ready to run and not yet taken by a worker, by queue", labels=["queue"])
    oldest = GaugeMetricFamily("asmtp_jobs_oldest_wait_seconds", "How long the oldest job ready to run has waited", labels=["queue"])
    rows = (
        DBTaskResult.objects.ready()
        .annotate(due=Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after")))
        .values("queue_name").annotate(n=Count("id"), oldest=Min("due")).order_by("queue_name")
    )
    seen: dict[str, tuple[int, dt.datetime | None]] = {row["queue_name"]: (row["n"], row["oldest"]) for row in rows}
    for queue in settings.TASKS["default"].get("QUEUES", ["default"]):
        count, first = seen.get(queue, (0, None))
        waiting.add_metric([queue], count)
        oldest.add_metric([queue], max(0.0, (now - first).total_seconds()) if first else 0.0)
    yield waiting
    yield oldest


class ServiceFiguresCollector(Collector):
    """prometheus_client collector: every figure above, counted at each scrape."""

    def collect(self) -> Iterator[Metric]:
        now = timezone.now()
        today = timezone.localdate(now)
        yield submitted_by_kind()
        yield decisions_by_outcome()
        yield open_cases(today)
        yield pledge_breaches()
        yield from evisas()
        yield verification_checks()
        yield from job_backlog(now)

