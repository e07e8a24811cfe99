"""The periodic jobs and the clock that enqueues them (`asmtp scheduler`; ADR 0003).

Each periodic job has slots (every hour at :00, every day at 02:30, ...). On each tick the
scheduler enqueues, for every job, its latest slot not yet enqueued: a row in `ScheduledRun`
(unique per job and slot) and the job itself, in one transaction. So a slot is enqueued once
however many schedulers run, a scheduler that was stopped catches up the slot it missed (only
the latest: the jobs look at the whole state, not at a day's events, except policy-change
flagging, which is passed the slot's date), and the jobs run in the ordinary job workers.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import structlog
from django.db import DatabaseError, IntegrityError, close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from asmtp.jobs.models import ScheduledRun

log = structlog.get_logger("asmtp.scheduler")

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
# Slot rows older than this are deleted: they only guard slots a scheduler could still catch up.
KEEP_RUNS_FOR = dt.timedelta(days=90)
# Sleep at most this long (real seconds) between ticks, so a changed wall clock or a database
# that was down is noticed.
MAX_NAP = 30.0


@dataclass(frozen=True)
class PeriodicJob:
    """A task enqueued every hour at `minute`, or every day at `hour`:`minute` local time."""

    name: str
    task_path: str
    every: str  # "hour" or "day"
    purpose: str
    hour: int = 0
    minute: int = 0
    pass_day: bool = False  # give the task its slot's local date as `today` (YYYY-MM-DD)
    # Also enqueue once when the scheduler starts and the function at this dotted path says so
    # (and no such job is waiting): a path, like `task_path`, so the table names every area's
    # jobs without importing them.
    at_start_when: str = ""

    @property
    def cadence(self) -> str:
        if self.every == "hour":
            return f"hourly at :{self.minute:02d}"
        return f"daily at {self.hour:02d}:{self.minute:02d}"

    def latest_slot(self, now: dt.datetime) -> dt.datetime:
        """The last slot at or before `now` (aware, in the service's time zone)."""
        local = timezone.localtime(now)
        if self.every == "hour":
            slot = local.replace(minute=self.minute, second=0, microsecond=0)
            return slot if slot <= local else timezone.localtime(slot - HOUR)
        slot = local.replace(hour=self.hour, minute=self.minute, second=0, microsecond=0)
        if slot > local:
            day = local.date() - DAY
            slot = timezone.make_aware(dt.datetime.combine(day, dt.time(self.hour, self.minute)))
        return slot

    def next_slot(self, now: dt.datetime) -> dt.datetime:
        """The first slot after `now`."""
        latest = self.latest_slot(now)
        if self.every == "hour":
            return timezone.localtime(latest + HOUR)
        return timezone.make_aware(dt.datetime.combine(latest.date() + DAY, dt.time(self.hour, self.minute)))

    def kwargs_for(self, slot: dt.datetime) -> dict[str, Any]:
        return {"today": timezone.localtime(slot).date().isoformat()} if self.pass_day else {}


# The schedule. Times are Hong Kong time (settings.TIME_ZONE). E-mail goes out in office hours;
# the heavier jobs run at night; the policy check runs just after midnight, on the day a dated
# value takes effect. docs/operations.md lists the same table.
PERIODIC_JOBS: tuple[PeriodicJob, ...] = (
    PeriodicJob("analytics-refresh", "asmtp.analytics.tasks.refresh_extract", "hour", minute=0,
                purpose="new extract for the dashboards and /api/v1/statistics",
                at_start_when="asmtp.analytics.extract.extract_missing"),
    PeriodicJob("audit-checkpoint", "asmtp.audit.tasks.write_audit_checkpoint", "hour", minute=15,
                purpose="sign a checkpoint of the audit chain's head into the checkpoint log (ADR 0004)"),
    PeriodicJob("policy-change-flagging", "asmtp.workbench.tasks.flag_rules_taking_effect", "day", hour=0, minute=5,
                purpose="re-assess open cases when a dated rule value takes effect", pass_day=True),
    PeriodicJob("retention", "asmtp.privacy.tasks.apply_retention", "day", hour=2, minute=30,
                purpose="erase personal data past retention; drop expired exports, sessions, idempotency keys"),
    PeriodicJob("claims-release", "asmtp.employers.tasks.release_unfinished_claims", "day", hour=2, minute=45,
                purpose="reject companies' claims left without a Business Registration certificate"),
    PeriodicJob("job-results-prune", "asmtp.jobs.tasks.prune_finished_jobs", "day", hour=3, minute=0,
                purpose="delete finished job rows older than 14 days (failed ones after 30)"),
    PeriodicJob("extension-reminders", "asmtp.portal.tasks.send_extension_reminders", "day", hour=9, minute=0,
                purpose="e-mail holders whose extension window opens or closes soon"),
)


def claim_slot(job: PeriodicJob, slot: dt.datetime, *, run_name: str = "", scheduler_id: str = "") -> ScheduledRun | None:
    """Enqueue `job` for `slot` unless it already was (by this or another scheduler).

    The slot row and the job row commit together, or neither does."""
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(job=run_name or job.name, slot=slot, scheduler=scheduler_id[:100])
            result = import_string(job.task_path).enqueue(**job.kwargs_for(slot))
            run.task_result_id = str(result.id)
            run.save(update_fields=["task_result_id"])
    except IntegrityError:
        return None
    log.info("scheduled job enqueued", job=run.job, slot=slot.isoformat(), task_result=run.task_result_id)
    return run


def _waiting(job: PeriodicJob) -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=job.task_path, status__in=["READY", "RUNNING"]).exists()


@dataclass
class Scheduler:
    """Enqueues each job's due slots; remembers what it has seen so a tick costs no query when
    nothing is due."""

    jobs: Iterable[PeriodicJob] = PERIODIC_JOBS
    scheduler_id: str = ""
    seen: dict[str, dt.datetime] = field(default_factory=dict)

    def tick(self, now: dt.datetime) -> list[ScheduledRun]:
        """Enqueue every job whose latest slot at `now` is not enqueued yet."""
        runs = []
        for job in self.jobs:
            slot = job.latest_slot(now)
            if self.seen.get(job.name) == slot:
                continue
            run = claim_slot(job, slot, scheduler_id=self.scheduler_id)
            self.seen[job.name] = slot
            if run is not None:
                runs.append(run)
        if runs:
            ScheduledRun.objects.filter(slot__lt=now - KEEP_RUNS_FOR).delete()
        return runs

    def at_start(self, now: dt.datetime, *, just_enqueued: Iterable[str] = ()) -> list[ScheduledRun]:
        """Enqueue, once per hour among all schedulers, the jobs whose start condition holds and
        which are neither just enqueued nor waiting (the analytics extract of a fresh or restored
        data folder whose hourly run was done before)."""
        runs = []
        for job in self.jobs:
            if not job.at_start_when or job.name in just_enqueued or not import_string(job.at_start_when)() or _waiting(job):
                continue
            slot = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
            run = claim_slot(job, slot, run_name=f"{job.name}-at-start", scheduler_id=self.scheduler_id)
            if run is not None:
                runs.append(run)
        return runs

    def next_wake(self, now: dt.datetime) -> dt.datetime:
        return min(job.next_slot(now) for job in self.jobs)


class Clock:
    """The wall clock, or (for tests and rehearsals) one that starts at `start` and runs `speed`
    times faster: with speed 3600 an hour of schedule passes in a second."""

    def __init__(self, start: dt.datetime | None = None, speed: float = 1.0) -> None:
        self.speed = speed
        self._wall = start is None and speed == 1.0
        self._start = start or timezone.now()
        self._started = time.monotonic()

    def now(self) -> dt.datetime:
        if self._wall:
            return timezone.now()
        return self._start + dt.timedelta(seconds=(time.monotonic() - self._started) * self.speed)

    def real_seconds_until(self, moment: dt.datetime) -> float:
        return max(0.0, (moment - self.now()).total_seconds() / self.speed)


def run_scheduler(
    scheduler: Scheduler,
    clock: Clock,
    stop: threading.Event,
    *,
    once: bool = False,
    until: dt.datetime | None = None,
) -> int:
    """Tick until `stop` is set (or once, or until the clock reaches `until`); return the number
    of slots this process enqueued. A database error is logged and retried at the next tick."""
    enqueued = 0
    started = False
    while not stop.is_set():
        now = clock.now()
        if until is not None and now > until:
            now = until
        try:
            close_old_connections()
            runs = scheduler.tick(now)
            if not started:
                runs += scheduler.at_start(now, just_enqueued={run.job for run in runs})
                started = True
            enqueued += len(runs)
        except DatabaseError:
            log.exception("scheduler tick failed; retrying")
            scheduler.seen.clear()
            stop.wait(min(MAX_NAP, 5.0))
            continue
        if once or (until is not None and now >= until):
            break
        wake = scheduler.next_wake(now)
        if until is not None:
            wake = min(wake, until)
        # A hair past the slot, so the tick after waking sees it due.
        stop.wait(min(MAX_NAP, clock.real_seconds_until(wake) + 0.01))
    return enqueued
