"""One policy simulation an analyst asked for: what it re-assesses, how far it has got, what it found."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

POPULATION_SIZES = (10_000, 100_000, 1_000_000)


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class SimulationRun(models.Model):
    """A baseline and a reform applied to a synthetic population of ``population_size`` for ``seed``.

    The reform is either another edition (``reform_edition``) or a reform file's YAML text
    (``reform_yaml``), exactly one of the two. ``result`` holds the run's tables as plain JSON
    (see ``SimulationResult.to_dict``) once it is done; ``error_code`` and ``error_detail``
    say why it failed, never with a traceback.
    """

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="simulation_runs")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    baseline = models.CharField(max_length=32)
    reform_edition = models.CharField(max_length=32, blank=True)
    reform_yaml = models.TextField(blank=True)
    as_of = models.DateField(null=True, blank=True)
    population_size = models.PositiveIntegerField()
    seed = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error_code = models.CharField(max_length=32, blank=True)
    error_detail = models.TextField(blank=True)
    result: models.JSONField[Any] = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("status", "updated_at"), name="simulation_status_updated")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(reform_edition="") & ~models.Q(reform_yaml=""))
                | (~models.Q(reform_edition="") & models.Q(reform_yaml="")),
                name="simulation_one_reform",
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="simulation_progress_percent"),
        ]

    def __str__(self) -> str:
        return f"simulation {self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in {RunStatus.DONE, RunStatus.FAILED}
