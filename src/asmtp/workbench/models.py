"""What the workbench keeps beside a case: policy-change flags (written by `asmtp.workbench.services`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PolicyFlag(models.Model):
    """An open case whose recorded assessment was made under policy that has since changed."""

    application = models.ForeignKey("cases.Application", on_delete=models.CASCADE, related_name="policy_flags")
    assessment = models.ForeignKey("cases.Assessment", on_delete=models.CASCADE, related_name="+")
    old_fingerprint = models.CharField(max_length=64)
    new_fingerprint = models.CharField(max_length=64)
    old_outcome = models.CharField(max_length=12)
    new_outcome = models.CharField(max_length=12)
    # [{criterion, person, old, new}] — the findings whose status the new policy changes.
    differences = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["application", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "new_fingerprint"], name="policy_flag_once_per_change"),
        ]

    def __str__(self) -> str:
        return f"policy flag on case #{self.application_id}: {self.old_outcome} -> {self.new_outcome}"
