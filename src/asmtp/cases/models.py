"""Applications (cases), the people in them, their documents and their history.

The application's particulars are stored as the engine's JSON (`applicant_data`,
`employment_data`) so that what was assessed is exactly what was filed; the columns beside
them are denormalised copies for queues, filters and statistics, written by the services.
Status changes only through `asmtp.cases.services` (which runs the domain state machine and
writes a `CaseEvent` row in the same transaction).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asmtp.domain.lifecycle import Status


class CaseStatus(models.TextChoices):
    DRAFT = Status.DRAFT, _("Draft")
    SUBMITTED = Status.SUBMITTED, _("Submitted")
    ASSESSING = Status.ASSESSING, _("Being assessed")
    AWAITING_APPLICANT = Status.AWAITING_APPLICANT, _("Awaiting applicant")
    RECOMMENDED = Status.RECOMMENDED, _("Recommended, awaiting decision")
    APPROVED = Status.APPROVED, _("Approved")
    REFUSED = Status.REFUSED, _("Refused")
    EVISA_ISSUED = Status.EVISA_ISSUED, _("e-Visa issued")
    WITHDRAWN = Status.WITHDRAWN, _("Withdrawn")
    LAPSED = Status.LAPSED, _("Lapsed")


class ApplicationKind(models.TextChoices):
    ENTRY = "entry", _("Entry")
    EXTENSION = "extension", _("Extension of stay")
    CHANGE_OF_EMPLOYMENT = "change_of_employment", _("Change of employment")


class Application(models.Model):
    reference = models.CharField(_("reference number"), max_length=20, unique=True, null=True, blank=True)
    kind = models.CharField(max_length=24, choices=ApplicationKind.choices, default=ApplicationKind.ENTRY)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups",
        help_text=_("For an extension or change of employment: the grant it follows."),
    )
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications")
    edition = models.CharField(max_length=10, default="direct")
    # "general" or "technical_professional" (the TP stream, whose trade is employment_data["tp_trade"]).
    stream = models.CharField(max_length=24, default="general", db_index=True)
    status = models.CharField(max_length=24, choices=CaseStatus.choices, default=CaseStatus.DRAFT, db_index=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(_("language for letters"), max_length=10, default="zh-hans")
    draft_step = models.CharField(max_length=30, blank=True)

    applicant_data = models.JSONField(default=dict, blank=True)
    employment_data = models.JSONField(null=True, blank=True)
    offer = models.ForeignKey(
        "employers.JobOffer", null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )

    # Denormalised for queues, filters and statistics.
    name_en = models.CharField(max_length=200, blank=True)
    name_zh = models.CharField(max_length=100, blank=True)
    industry = models.CharField(max_length=1, blank=True, db_index=True)
    talent_list_profession = models.CharField(max_length=80, blank=True)
    monthly_salary_hkd = models.PositiveIntegerField(null=True, blank=True)
    province_code = models.CharField(max_length=2, blank=True)
    rules_outcome = models.CharField(max_length=12, blank=True)
    dependant_count = models.PositiveSmallIntegerField(default=0)

    idempotency_key = models.CharField(max_length=80, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)

    # The processing pledge (processing.pledge in the policy data): the clock starts when the
    # case is submitted and pauses while the applicant is asked for information.
    pledge_due_on = models.DateField(null=True, blank=True, db_index=True)
    clock_paused_at = models.DateTimeField(null=True, blank=True)

    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_cases"
    )
    assessed = models.BooleanField(default=False)
    recommendation = models.CharField(max_length=10, blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    fee_paid = models.BooleanField(default=False)

    granted_months = models.PositiveSmallIntegerField(null=True, blank=True)
    limit_of_stay_on = models.DateField(null=True, blank=True)
    first_admitted_on = models.DateField(
        null=True, blank=True, help_text=_("Start of continuous residence, carried over to extensions (7-year milestone).")
    )

    # Optimistic locking: every save through the services bumps it; a stale form is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "id"], name="case_status_id"),
            models.Index(fields=["assigned_officer", "status", "id"], name="case_officer_status_id"),
            models.Index(fields=["status", "pledge_due_on", "id"], name="case_status_due_id"),
            models.Index(fields=["status", "industry", "id"], name="case_status_industry_id"),
            models.Index(fields=["status", "rules_outcome", "id"], name="case_status_outcome_id"),
            # Industry and outcome filtered together (the workbench's commonest pair): read in id order.
            models.Index(fields=["status", "industry", "rules_outcome", "id"], name="case_status_ind_outcome_id"),
            # "Mine": an officer's open cases newest first, read in id order across the four open statuses.
            models.Index(
                fields=["assigned_officer", "id"], name="case_open_officer_id",
                condition=models.Q(status__in=["submitted", "assessing", "recommended", "awaiting_applicant"]),
            ),
            # "Ready to issue": approved with the fee paid, newest first. Without it PostgreSQL read every
            # approved case to find the paid ones (~200 ms with a million cases; benchmarks queue).
            models.Index(fields=["id"], name="case_ready_to_issue_id", condition=models.Q(status="approved", fee_paid=True)),
        ]

    def __str__(self) -> str:
        return self.reference or f"draft #{self.pk}"


class Dependant(models.Model):
    class Relationship(models.TextChoices):
        SPOUSE = "spouse", _("Spouse")
        CIVIL_PARTNER = "civil_partner", _("Civil partner")
        CHILD = "child", _("Child")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="dependants")
    position = models.PositiveSmallIntegerField(default=0)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_zh = models.CharField(_("name in Chinese"), max_length=100, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    date_of_birth = models.DateField(_("date of birth"))
    marital_status = models.CharField(max_length=12, blank=True)
    mainland_id_number = models.CharField(_("Mainland Resident ID number"), max_length=18, blank=True)
    travel_document = models.JSONField(null=True, blank=True)
    rules_outcome = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = ["application", "position"]

    def __str__(self) -> str:
        return f"{self.name_en} ({self.relationship})"

    def engine_data(self) -> dict[str, object]:
        """This dependant as the engine's JSON."""
        data: dict[str, object] = {
            "relationship": self.relationship,
            "name_en": self.name_en,
            "date_of_birth": self.date_of_birth.isoformat(),
        }
        if self.marital_status:
            data["marital_status"] = self.marital_status
        if self.mainland_id_number:
            data["mainland_id_number"] = self.mainland_id_number
        return data


def document_path(instance: Document, filename: str) -> str:
    # Never the uploaded name: it may carry path tricks or personal data.
    return f"cases/{instance.application_id}/{uuid.uuid4().hex}"


class DocumentKind(models.TextChoices):
    TRAVEL_DOCUMENT = "travel_document", _("Travel document (EEP or passport)")
    IDENTITY_CARD = "identity_card", _("Mainland Resident Identity Card")
    PHOTO = "photo", _("Photograph")
    DEGREE_CERTIFICATE = "degree_certificate", _("Degree certificate")
    TRANSCRIPT = "transcript", _("Academic transcript")
    EXPERIENCE_PROOF = "experience_proof", _("Proof of work experience")
    EMPLOYMENT_CONTRACT = "employment_contract", _("Employment contract")
    MARRIAGE_CERTIFICATE = "marriage_certificate", _("Marriage or civil partnership certificate")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    BR_CERTIFICATE = "br_certificate", _("Business Registration certificate")
    RECRUITMENT_EVIDENCE = "recruitment_evidence", _("Local recruitment evidence")
    BUSINESS_PLAN = "business_plan", _("Business plan")
    OTHER = "other", _("Other")


class StoredFile(models.Model):
    """What every stored upload keeps beside its file (which each kind stores in its own folder):
    the name it came with, its screened type, size and SHA-256, who uploaded it and when."""

    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Document(StoredFile):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    dependant = models.ForeignKey(Dependant, null=True, blank=True, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    file = models.FileField(upload_to=document_path, max_length=200)
    information_request = models.ForeignKey(
        "InformationRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )

    class Meta:
        ordering = ["application", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.original_name})"


class CaseEvent(models.Model):
    """One row per state-machine transition (who, when, from, to, why) — the case's history."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_role = models.CharField(max_length=20)
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=24)
    to_status = models.CharField(max_length=24)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status}"


class Assessment(models.Model):
    """The engine's result for a case, with the edition and policy it was made under."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assessments")
    edition = models.CharField(max_length=10)
    as_of = models.DateField()
    outcome = models.CharField(max_length=12)
    result = models.JSONField()
    policy_fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["application", "-id"]
        get_latest_by = "id"

    def __str__(self) -> str:
        return f"{self.outcome} under {self.edition} as of {self.as_of}"


class InformationRequest(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="information_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    message = models.TextField()
    items = models.JSONField(default=list, help_text=_("Documents asked for: [{kind, dependant_id|null}]"))
    created_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "-id"]

    def __str__(self) -> str:
        return f"request #{self.pk} on case {self.application_id}"


class Message(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"message #{self.pk} on case {self.application_id}"


class CaseNote(models.Model):
    """An officer's internal note; never shown to the applicant."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"note #{self.pk} on case {self.application_id}"


class FeePayment(models.Model):
    """Superseded by the fees area's bills (`asmtp.payments`: one fee line per person), to which
    migration payments 0002 moved every row; nothing writes or reads it, and it is to be dropped."""

    class Kind(models.TextChoices):
        APPLICATION = "application", _("Application fee")
        ISSUANCE = "issuance", _("Issuance fee")
        VISA = "visa", _("Visa fee")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="fee_payments")
    dependant = models.ForeignKey(Dependant, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    amount_hkd = models.PositiveIntegerField()
    paid_at = models.DateTimeField()
    receipt_reference = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} HK${self.amount_hkd} ({self.receipt_reference})"


class ReferenceCounter(models.Model):
    """The last reference number handed out in a year (ASMTP-2026-000123)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class TPQuotaCounter(models.Model):
    """Places of the Technical Professionals quota taken by submitted applications: one row per
    trade, and the row with an empty trade for the whole pilot. Rows are only ever incremented by
    a conditional UPDATE inside the submission's transaction (asmtp.cases.tp_quota)."""

    trade = models.CharField(max_length=60, unique=True, blank=True)
    used = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.trade or 'all trades'}: {self.used}"


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    INFORMATION_REQUEST = "information_request", _("Request for information")
    APPROVAL = "approval", _("Approval")
    REFUSAL = "refusal", _("Refusal")


class Letter(models.Model):
    """A letter issued on a case, in the applicant's language; e-mailed once by a background job."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
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
        db_table = "workbench_letter"  # made by the workbench before letters moved to the case core

    def __str__(self) -> str:
        return f"{self.kind} letter on case #{self.application_id}"
