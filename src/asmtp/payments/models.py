"""Bills and what pays them. Rows are written only by `asmtp.payments.services` (audited).

A case has at most one bill per stage: the application fee (billed at submission, from
2025-02-26) and the issuance fee (billed on approval; before 2025-02-26 the single visa fee).
Each bill lists one `FeeLine` per person, naming that person, so no two lines of a bill read
alike. A bill is paid whole, by one FPS credit on the bank's statement or at the counter.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BillKind(models.TextChoices):
    APPLICATION = "application", _("Application fee")
    ISSUANCE = "issuance", _("Issuance fee")
    VISA = "visa", _("Visa fee")


class Bill(models.Model):
    class Status(models.TextChoices):
        UNPAID = "unpaid", _("Unpaid")
        PAID = "paid", _("Paid")

    class Channel(models.TextChoices):
        FPS = "fps", _("FPS")
        COUNTER = "counter", _("At the counter")

    application = models.ForeignKey("cases.Application", on_delete=models.PROTECT, related_name="bills")
    kind = models.CharField(max_length=12, choices=BillKind.choices)
    reference = models.CharField(_("bill reference"), max_length=25, unique=True)
    amount_hkd = models.PositiveIntegerField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.UNPAID, db_index=True)
    created_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_via = models.CharField(max_length=8, choices=Channel.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("The officer who recorded the counter payment or uploaded the statement that paid it."),
    )
    receipt_number = models.CharField(_("receipt number"), max_length=20, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["application", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="one_bill_per_case_and_kind")]

    def __str__(self) -> str:
        return self.reference


class FeeLine(models.Model):
    """One person's fee on a bill: the principal (no dependant) or a named dependant."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    dependant = models.ForeignKey("cases.Dependant", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The name as billed: a receipt keeps saying whom it was for, whatever is corrected later.
    name_en = models.CharField(max_length=200)
    name_zh = models.CharField(max_length=100, blank=True)
    relationship = models.CharField(max_length=20, blank=True, help_text=_("Empty for the principal."))
    amount_hkd = models.PositiveIntegerField()

    class Meta:
        ordering = ["bill", "position"]
        constraints = [models.UniqueConstraint(fields=["bill", "position"], name="one_line_per_position")]

    def __str__(self) -> str:
        return f"{self.name_en}: HK${self.amount_hkd}"


class StatementImport(models.Model):
    """A camt.053 file an officer uploaded; the same file twice is one import."""

    sha256 = models.CharField(max_length=64, unique=True)
    file_name = models.CharField(max_length=200)
    statement_ids = models.CharField(max_length=400, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.file_name


class StatementEntry(models.Model):
    """One credit the bank reported, and what reconciliation made of it."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("Matched")
        EXCEPTION = "exception", _("Exception")
        RESOLVED = "resolved", _("Resolved")

    class Problem(models.TextChoices):
        UNKNOWN_REFERENCE = "unknown_reference", _("No bill has this reference")
        WRONG_AMOUNT = "wrong_amount", _("The amount differs from the bill")
        ALREADY_PAID = "already_paid", _("The bill was already paid")
        WRONG_CURRENCY = "wrong_currency", _("Not in Hong Kong dollars")

    statement_import = models.ForeignKey(StatementImport, on_delete=models.PROTECT, related_name="entries")
    entry_key = models.CharField(max_length=120, unique=True)
    booked_on = models.DateField(null=True, blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    reference = models.CharField(max_length=140, blank=True)
    payer = models.CharField(max_length=140, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, db_index=True)
    problem = models.CharField(max_length=20, choices=Problem.choices, blank=True)
    bill = models.ForeignKey(Bill, null=True, blank=True, on_delete=models.PROTECT, related_name="statement_entries")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "statement entries"

    def __str__(self) -> str:
        return f"{self.currency} {self.amount} {self.reference}"


class PaymentCounter(models.Model):
    """The last bill reference or receipt number handed out in a year."""

    series = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="one_counter_per_series_and_year")]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last}"
