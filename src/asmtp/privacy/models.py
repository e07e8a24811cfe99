"""What the service keeps about requests under the Personal Data (Privacy) Ordinance.

Rows are written only by `asmtp.privacy.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Being prepared")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class DataAccessRequest(models.Model):
    """One data-access request (PDPO s.18) and the export that answers it.

    The ZIP file lives in the document storage under `file_name` until `expires_at`; the row
    stays as the record that the request was made and answered (DPP6, s.19 time limit).
    """

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Online")
        PAPER = "paper", _("On paper")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="data_access_requests"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.PORTAL)
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    # The download link's secret part; the link also works only for `person`, signed in.
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    # Where the "your export is ready" e-mail points: the person's page, never the file itself.
    page_url = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["person", "-id"]

    def __str__(self) -> str:
        return f"data-access request #{self.pk} ({self.status})"


class CorrectionReason(models.TextChoices):
    APPLICANT_REQUEST = (
        "applicant_request",
        _("The applicant asked for the correction (data correction request)"),
    )
    DOCUMENT_EVIDENCE = "document_evidence", _("A document on file shows the correct value")
    DATA_ENTRY_ERROR = "data_entry_error", _("A typing or data-entry mistake")
    IDENTITY_VERIFIED = "identity_verified", _("Verified against an identity or travel document in person")


class PersonalDataCorrection(models.Model):
    """One officer's correction of one personal detail (DPP2(1), DPP6; PDPO s.22-23).

    The old and new values live here, not in the audit log: the audit entry holds their
    salted digests, so the retention job can erase the values while the chain stays intact.
    """

    application = models.ForeignKey("cases.Application", on_delete=models.CASCADE, related_name="corrections")
    dependant = models.ForeignKey(
        "cases.Dependant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.CharField(max_length=20, help_text="principal, or dependant:<position>")
    field = models.CharField(max_length=40)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    salt = models.CharField(max_length=32, blank=True)
    reason = models.CharField(max_length=24, choices=CorrectionReason.choices)
    note = models.TextField(blank=True)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"correction of {self.field} on case #{self.application_id}"
