"""`asmtp scheduler`: enqueue the periodic jobs (analytics refresh, retention, reminders, ...).

Runs in the foreground beside the web server and the job workers (`asmtp serve` starts one);
the workers run what it enqueues. One per deployment is enough; a second one started by mistake
enqueues nothing twice (ADR 0003). `--list` prints the schedule.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import threading
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("scheduler", help="enqueue the periodic jobs on their schedule (one per deployment)")
    parser.add_argument("--list", action="store_true", help="print each periodic job, its cadence and next run, and exit")
    parser.add_argument("--once", action="store_true",
                        help="enqueue the jobs now due (each slot once) and exit, e.g. from a cron line or systemd timer")
    # For tests and rehearsals: a clock that starts at a given moment and runs faster.
    parser.add_argument("--clock-start", type=dt.datetime.fromisoformat, metavar="ISO-TIME",
                        help="pretend the clock starts at this moment (tests and rehearsals)")
    parser.add_argument("--clock-speed", type=float, default=1.0, metavar="N",
                        help="run the clock N times faster: 3600 makes an hour a second (tests and rehearsals)")
    parser.add_argument("--until", type=dt.datetime.fromisoformat, metavar="ISO-TIME",
                        help="stop when the clock reaches this moment (tests and rehearsals)")
    parser.set_defaults(func=run_scheduler_command)


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    from django.utils import timezone

    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment)


def run_scheduler_command(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asmtp.settings")
    import django

    django.setup()
    from django.utils import timezone

    from asmtp.jobs.scheduler import PERIODIC_JOBS, Clock, Scheduler, run_scheduler

    if args.clock_speed <= 0:
        print("asmtp scheduler: --clock-speed must be positive", flush=True)
        return 2
    clock = Clock(_aware(args.clock_start), args.clock_speed)
    if args.list:
        _print_schedule(PERIODIC_JOBS, clock.now())
        return 0
    scheduler_id = f"{os.uname().nodename[:60]}-{os.getpid()}"
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    if not args.once:
        print(f"ASMTP scheduler {scheduler_id}: {len(PERIODIC_JOBS)} periodic jobs "
              f"(`asmtp scheduler --list`). Press Ctrl-C to stop.", flush=True)
    count = run_scheduler(Scheduler(scheduler_id=scheduler_id), clock, stop, once=args.once, until=_aware(args.until))
    if args.once or args.until:
        print(f"Enqueued {count} periodic job(s) at {timezone.localtime(clock.now()):%Y-%m-%d %H:%M}.", flush=True)
    else:
        print("Stopped.", flush=True)
    return 0


def _print_schedule(jobs: Any, now: dt.datetime) -> None:
    from django.db import DatabaseError
    from django.db.models import Max
    from django.utils import timezone

    from asmtp.jobs.models import ScheduledRun

    try:
        last = dict(ScheduledRun.objects.values_list("job").annotate(Max("slot")))
    except DatabaseError:  # no database yet, or not migrated: the schedule is still worth seeing
        last = {}
    rows = [("job", "cadence (Hong Kong time)", "next run", "last enqueued", "task")]
    for job in jobs:
        previous = last.get(job.name)
        rows.append((
            job.name,
            job.cadence,
            f"{timezone.localtime(job.next_slot(now)):%Y-%m-%d %H:%M}",
            f"{timezone.localtime(previous):%Y-%m-%d %H:%M}" if previous else "never",
            job.task_path,
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1])
    print()
    for job in jobs:
        print(f"{job.name}: {job.purpose}")
