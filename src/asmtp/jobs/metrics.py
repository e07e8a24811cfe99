"""Job figures for /metrics: how long each task waited and ran, and how often it failed.

Recorded in the job worker's process from django-tasks' `task_finished` signal (the worker's
only hook around a job), into the multiprocess files that /metrics adds up (asmtp.web.metrics).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django_tasks import TaskResult, TaskResultStatus
from prometheus_client import Counter, Histogram

Path(settings.ASMTP_METRICS_DIR).mkdir(parents=True, exist_ok=True)  # this process's figures go there

JOB_SECONDS = Histogram(
    "asmtp_job_duration_seconds",
    "Time a job ran, by task and final status",
    ["task", "status"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0),
)
JOB_WAIT_SECONDS = Histogram(
    "asmtp_job_wait_seconds",
    "Time a job waited between being due and starting, by task",
    ["task"],
    buckets=(0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0),
)
JOB_FAILURES = Counter("asmtp_job_failures", "Jobs that failed, by task", ["task"])


def record_finished_job(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    """`task_finished` receiver: one job's run time, wait and outcome."""
    task = task_result.task.module_path
    status = str(task_result.status).lower()
    if task_result.started_at and task_result.finished_at:
        JOB_SECONDS.labels(task=task, status=status).observe((task_result.finished_at - task_result.started_at).total_seconds())
    if task_result.started_at and task_result.enqueued_at:
        due = max(task_result.enqueued_at, task_result.task.run_after or task_result.enqueued_at)
        JOB_WAIT_SECONDS.labels(task=task).observe(max(0.0, (task_result.started_at - due).total_seconds()))
    if task_result.status == TaskResultStatus.FAILED:
        JOB_FAILURES.labels(task=task).inc()
