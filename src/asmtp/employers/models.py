"""Hong Kong companies and the job offers they file (the ID 990B part of a case)."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asmtp.cases.models import StoredFile


class Company(models.Model):
    """A company's claim to a Business Registration number, and once an officer has checked its
    certificate, the company itself. Several pending claims may name one number (a first claim
    holds nothing); only one company per number is ever verified."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Not verified")

    business_registration_number = models.CharField(_("Business Registration number"), max_length=8)
    status = models.CharField(_("registration status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # The officer's reason for a rejection, shown to the company; empty when the claim was released.
    status_reason = models.TextField(_("reason"), blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    name_en = models.CharField(_("company name (English)"), max_length=200)
    name_zh = models.CharField(_("company name (Chinese)"), max_length=200, blank=True)
    established_on = models.DateField(_("date established"), null=True, blank=True)
    industry = models.CharField(_("industry (HSIC section)"), max_length=1)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        constraints = [
            models.UniqueConstraint(fields=["business_registration_number"], condition=models.Q(status="verified"),
                                    name="one_verified_company_per_business_registration_number"),
        ]

    def __str__(self) -> str:
        return f"{self.name_en} ({self.business_registration_number})"


def certificate_path(instance: CompanyCertificate, filename: str) -> str:
    # Never the uploaded name: it may carry path tricks or personal data.
    return f"companies/{instance.company_id}/{uuid.uuid4().hex}"


class CompanyCertificate(StoredFile):
    """The Business Registration certificate a company uploads to prove its claim; the newest is
    the one the officer checks (earlier ones stay, as the audit log names their digests)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="certificates")
    file = models.FileField(upload_to=certificate_path, max_length=200)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.company.business_registration_number}: {self.original_name}"


def new_offer_code() -> str:
    # Short enough to read over the phone; no 0/O/1/I to confuse.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class JobOffer(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FILED = "filed", _("Filed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="offers")
    code = models.CharField(_("offer code"), max_length=12, unique=True, default=new_offer_code)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    post_title = models.CharField(_("post title"), max_length=200)
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    talent_list_profession = models.CharField(_("Talent List profession"), max_length=80, blank=True)
    duties = models.TextField(_("duties"), blank=True)
    monthly_salary_hkd = models.PositiveIntegerField(_("monthly salary (HK$)"))
    annual_package_hkd = models.PositiveIntegerField(_("annual package (HK$)"), null=True, blank=True)
    benefits = models.TextField(_("benefits"), blank=True)
    contract_months = models.PositiveSmallIntegerField(_("contract length (months)"), null=True, blank=True)
    why_not_filled_locally = models.TextField(_("why the post cannot readily be filled locally"), blank=True)
    local_recruitment_evidence = models.BooleanField(_("local recruitment made"), default=False)
    local_recruitment_details = models.TextField(_("local recruitment made"), blank=True)
    company_standing = models.TextField(
        _("company standing"), blank=True,
        help_text=_("The company's business, size and track record: why it can offer this post."),
    )
    invited_email = models.EmailField(_("applicant's e-mail (invitation)"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    filed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("job offer")

    def __str__(self) -> str:
        return f"{self.post_title} — {self.company.name_en}"


class OfferDocumentKind(models.TextChoices):
    BR_CERTIFICATE = "br_certificate", _("Business Registration certificate")
    EMPLOYMENT_CONTRACT = "employment_contract", _("Employment contract")
    RECRUITMENT_EVIDENCE = "recruitment_evidence", _("Local recruitment evidence")
    BUSINESS_PLAN = "business_plan", _("Business plan")


def offer_document_path(instance: OfferDocument, filename: str) -> str:
    # Never the uploaded name: it may carry path tricks or personal data.
    return f"offers/{instance.offer_id}/{uuid.uuid4().hex}"


class OfferDocument(StoredFile):
    """A document the employer files with its offer (the ID 990B part).

    Kept on the offer rather than on a case: the employer files it before any applicant has
    linked the offer, and one filed offer travels to the case it is linked to unchanged.
    """

    offer = models.ForeignKey(JobOffer, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=30, choices=OfferDocumentKind.choices)
    file = models.FileField(upload_to=offer_document_path, max_length=200)

    class Meta:
        ordering = ["offer", "uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"
