"""Issued e-Visas (entry permits): one per person, a dependant's tied to the principal's.

Rows are written only by `asmtp.evisa.services`; the signed tokens are stored as issued so the
PDF can be produced again byte-for-byte the same claims, whatever key signs today.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asmtp.domain.evisa_token import Condition


class EVisa(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REVOKED = "revoked", _("Revoked")

    number = models.CharField(_("e-Visa number"), max_length=24, unique=True)
    application = models.ForeignKey("cases.Application", on_delete=models.PROTECT, related_name="evisas")
    dependant = models.OneToOneField(
        "cases.Dependant", null=True, blank=True, on_delete=models.PROTECT, related_name="evisa"
    )
    principal = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="dependant_evisas",
        help_text=_("For a dependant: the principal's e-Visa, whose fate this one shares."),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ISSUED, db_index=True)

    name_en = models.CharField(_("name in English"), max_length=200)
    name_zh = models.CharField(_("name in Chinese"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"))
    travel_document = models.CharField(_("travel document"), max_length=40, blank=True)
    relationship = models.CharField(max_length=20, blank=True)
    condition = models.CharField(max_length=20, choices=[(c.value, c.value) for c in Condition])
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    # A Technical Professional's trade (TP List id): the conditions of stay keep the holder in it.
    tp_trade = models.CharField(max_length=60, blank=True)
    limit_of_stay_on = models.DateField(_("limit of stay"))
    issued_on = models.DateField(_("date of issue"))
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    key_id = models.CharField(max_length=16)
    token_full = models.TextField()
    token_work = models.TextField()

    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    revocation_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["application", "id"]
        verbose_name = _("e-Visa")

    def __str__(self) -> str:
        return self.number


class EVisaNumberCounter(models.Model):
    """The last e-Visa number handed out in a year."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
