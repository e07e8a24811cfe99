"""The scheduler's record of periodic runs: one row per job and scheduled slot."""

from __future__ import annotations

from django.db import models


class ScheduledRun(models.Model):
    """A periodic job enqueued for one slot (e.g. "analytics-refresh" at 14:00).

    The unique (job, slot) pair is what makes a second scheduler harmless: whichever inserts the
    row first enqueues the job in the same transaction, and the other's insert fails."""

    job = models.CharField(max_length=60)
    slot = models.DateTimeField()
    enqueued_at = models.DateTimeField(auto_now_add=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    scheduler = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="jobs_one_run_per_job_and_slot")]
        indexes = [models.Index(fields=["slot"], name="jobs_scheduledrun_slot")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"
