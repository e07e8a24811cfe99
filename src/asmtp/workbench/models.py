"""What the workbench keeps beside a case: letters issued and policy-change flags.

Both are written only by `asmtp.services.workbench` / `asmtp.services.letters`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    INFORMATION_REQUEST = "information_request", _("Request for information")
    APPROVAL = "approval", _("Approval")
    REFUSAL = "refusal", _("Refusal")


class Letter(models.Model):
    """A letter issued on a case, in the applicant's language; e-mailed once by a background job."""

    application = models.ForeignKey("cases.Application", on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=24, choices=LetterKind.choices)
    # One letter per triggering event: a retried job or a repeated call never issues it twice.
    key = models.CharField(max_length=80, unique=True)
    language = models.CharField(max_length=10)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"{self.kind} letter on case #{self.application_id}"


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
