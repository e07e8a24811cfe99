"""Imported Talent List versions: each import is a row (who, when, what), with its entries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class TalentListImport(models.Model):
    """One administrator's import of a Talent List version, applied or rejected as a whole."""

    class Status(models.TextChoices):
        APPLIED = "applied", "applied"
        REJECTED = "rejected", "rejected"

    effective_from = models.DateField(help_text="The date the imported list took effect (its version).")
    complete = models.BooleanField(default=False, help_text="The file holds the whole official list.")
    source = models.URLField(max_length=500, help_text="Where the official list is published.")
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices)
    errors = models.JSONField(default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The command line runs without a signed-in user; the name it gives is kept here.
    imported_by_name = models.CharField(max_length=150)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-imported_at", "-id")

    def __str__(self) -> str:
        return f"Talent List of {self.effective_from} ({self.status}, {self.imported_at:%Y-%m-%d %H:%M})"


class TalentListEntry(models.Model):
    """One profession of an applied import."""

    talent_list_import = models.ForeignKey(TalentListImport, on_delete=models.CASCADE, related_name="entries")
    profession_id = models.SlugField(max_length=100)
    segment = models.CharField(max_length=64)
    name_en = models.CharField(max_length=300)
    name_zh_hant = models.CharField(max_length=300)
    name_zh_hans = models.CharField(max_length=300)
    source_url = models.URLField(max_length=500)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ("talent_list_import", "id")
        constraints = [
            models.UniqueConstraint(fields=("talent_list_import", "profession_id"), name="policystore_unique_profession_per_import"),
        ]

    def __str__(self) -> str:
        return f"{self.profession_id}: {self.name_en}"
