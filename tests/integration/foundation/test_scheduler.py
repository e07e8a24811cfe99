"""`asmtp scheduler` enqueues each periodic job once per slot, however many schedulers run, and
the job workers run what it enqueues."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from asmtp.cli import build_parser
from asmtp.commands.serve import _children
from asmtp.jobs.models import ScheduledRun
from asmtp.jobs.scheduler import PERIODIC_JOBS, Scheduler
from tests.processes import all_at_once, database_url_of

pytestmark = pytest.mark.django_db(transaction=True)

ASMTP = str(Path(sys.executable).with_name("asmtp"))
JOB_NAMES = {job.name for job in PERIODIC_JOBS}


def hk(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def service_env(tmp_path: Path, settings) -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "asmtp.settings", "ASMTP_DATA_DIR": str(tmp_path),
            "DATABASE_URL": database_url_of(settings.DATABASES["default"])}


def enqueued_slots() -> dict[str, list[str]]:
    slots: dict[str, list[str]] = {}
    for job, slot in ScheduledRun.objects.order_by("slot").values_list("job", "slot"):
        slots.setdefault(job, []).append(f"{timezone.localtime(slot):%m-%d %H:%M}")
    return slots


def test_two_schedulers_on_a_fast_clock_enqueue_each_periodic_job_once_per_slot_and_the_worker_runs_them(
    tmp_path, settings, run_jobs
):
    """Two hours and a half of schedule pass in 2.5 s, from 23:58 to 01:30 the next day, in two
    `asmtp scheduler` processes started at once."""
    command = [ASMTP, "scheduler", "--clock-start", "2026-03-02T23:58", "--clock-speed", "3600",
               "--until", "2026-03-03T01:30"]
    env = service_env(tmp_path, settings)
    schedulers = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                  for _ in range(2)]
    outputs = [p.communicate(timeout=120)[0] for p in schedulers]
    assert [p.returncode for p in schedulers] == [0, 0], outputs

    # At start each job's latest slot (caught up), then every slot the clock passed: once each.
    assert enqueued_slots() == {
        "policy-change-flagging": ["03-02 00:05", "03-03 00:05"],
        "retention": ["03-02 02:30"],
        "claims-release": ["03-02 02:45"],
        "job-results-prune": ["03-02 03:00"],
        "extension-reminders": ["03-02 09:00"],
        "analytics-refresh": ["03-02 23:00", "03-03 00:00", "03-03 01:00"],
        "audit-checkpoint": ["03-02 23:15", "03-03 00:15", "03-03 01:15"],
    }
    by_task = Counter(DBTaskResult.objects.values_list("task_path", flat=True))
    assert by_task == {job.task_path: len(enqueued_slots()[job.name]) for job in PERIODIC_JOBS}
    # Between them the two enqueued the 12 slots, whichever got each one.
    assert sum(int(out.rsplit("Enqueued ", 1)[1].split()[0]) for out in outputs) == 12
    # The policy check is told the day of its slot, so a caught-up day is checked as that day.
    flagging = DBTaskResult.objects.filter(task_path="asmtp.workbench.tasks.flag_rules_taking_effect")
    assert sorted(r.args_kwargs["kwargs"]["today"] for r in flagging) == ["2026-03-02", "2026-03-03"]

    run_jobs()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}, [
        (r.task_path, r.traceback[-300:]) for r in DBTaskResult.objects.exclude(status="SUCCESSFUL")
    ]


def test_scheduler_on_the_wall_clock_enqueues_due_jobs_a_real_worker_runs_them_and_ctrl_c_stops_it(tmp_path, settings):
    env = service_env(tmp_path, settings)
    started = timezone.now()
    scheduler = subprocess.Popen([ASMTP, "scheduler"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    worker = subprocess.Popen([ASMTP, "worker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            done = DBTaskResult.objects.filter(status__in=["SUCCESSFUL", "FAILED"]).count()
            if done == len(PERIODIC_JOBS) or scheduler.poll() is not None:
                break
            time.sleep(0.3)
        assert scheduler.poll() is None, scheduler.communicate()[0]
    finally:
        for process in (scheduler, worker):
            process.send_signal(signal.SIGINT)
        outputs = [p.communicate(timeout=30)[0] for p in (scheduler, worker)]
    assert scheduler.returncode == 0 and "Stopped." in outputs[0], outputs[0]
    # Each job's latest slot, once (and the next one too if the test ran across it).
    ended = timezone.now()
    for job in PERIODIC_JOBS:
        slots = list(ScheduledRun.objects.filter(job=job.name).order_by("slot").values_list("slot", flat=True))
        assert slots == sorted({job.latest_slot(started), job.latest_slot(ended)}), job.name
    assert DBTaskResult.objects.count() == ScheduledRun.objects.count()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}, outputs


def test_a_scheduler_starting_without_an_analytics_extract_refreshes_it_even_if_this_hours_run_is_done(
    settings, tmp_path
):
    """A restored or new data folder has no extract: /api/v1/statistics would answer 404 for up
    to an hour. Two schedulers starting together enqueue one refresh between them."""
    settings.DATA_DIR = tmp_path
    now = hk("2026-03-03T10:20")
    Scheduler().tick(now)
    DBTaskResult.objects.update(status="SUCCESSFUL")  # this hour's refresh ran, on another data folder
    assert not (Path(settings.DATA_DIR) / "analytics" / "cases.parquet").exists()

    failures = all_at_once(2, lambda: Scheduler().at_start(now))

    assert failures == []
    assert list(ScheduledRun.objects.filter(job="analytics-refresh-at-start").values_list("slot", flat=True)) == [
        hk("2026-03-03T10:00")
    ]
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_a_scheduler_starting_beside_a_waiting_refresh_does_not_enqueue_another():
    now = hk("2026-03-03T10:20")
    Scheduler().tick(now)
    assert Scheduler().at_start(now) == []


def test_scheduler_list_names_each_job_its_cadence_and_next_run(tmp_path, settings):
    result = subprocess.run([ASMTP, "scheduler", "--list", "--clock-start", "2026-03-03T08:59"],
                            env=service_env(tmp_path, settings), capture_output=True, text=True, timeout=60, check=True)
    lines = result.stdout.splitlines()
    assert "analytics-refresh       hourly at :00             2026-03-03 09:00  never" in result.stdout
    assert any(line.startswith("extension-reminders") and "daily at 09:00" in line and "2026-03-03 09:00" in line
               for line in lines)
    assert any(line.startswith("retention") and "daily at 02:30" in line and "2026-03-04 02:30" in line for line in lines)
    assert {line.split()[0] for line in lines[1:len(PERIODIC_JOBS) + 1]} == JOB_NAMES


def test_serve_and_demo_start_the_scheduler_unless_told_another_node_runs_it():
    parser = build_parser()
    for command in ("serve", "demo"):
        assert [sys.executable, "-m", "asmtp", "scheduler"] in _children(parser.parse_args([command]))
        assert not any("scheduler" in child for child in _children(parser.parse_args([command, "--no-scheduler"])))


def test_scheduler_once_from_cron_enqueues_the_due_slots_and_a_second_run_in_the_same_hour_enqueues_nothing(tmp_path, settings):
    env = service_env(tmp_path, settings)
    command = [ASMTP, "scheduler", "--once", "--clock-start", "2026-03-03T09:10"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=True)
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=True)

    assert f"Enqueued {len(PERIODIC_JOBS)} periodic job(s) at 2026-03-03 09:10." in first.stdout
    assert "Enqueued 0 periodic job(s)" in second.stdout
    assert enqueued_slots()["extension-reminders"] == ["03-03 09:00"]
    assert DBTaskResult.objects.count() == len(PERIODIC_JOBS)
