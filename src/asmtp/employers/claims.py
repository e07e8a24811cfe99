"""A company's claim to its Business Registration number, proved by its certificate.

Registering names a number; it proves nothing. The company's staff upload the Business
Registration certificate (screened as every upload is), an officer checks it in the workbench
and approves or rejects the claim, and only a verified company's offers can be filed, sent to
applicants or linked to an application. Several claims may name one number while none is
verified (a first claim holds nothing, so nobody can squat a number); approving one rejects the
others. A claim with no certificate after ``ASMTP_COMPANY_CLAIM_DAYS`` is released by the
retention job. Every change of status is an audit event, and the company's staff are e-mailed
the officer's decision in their own language.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation

from asmtp.accounts.models import OFFICER_ROLES, Role, User
from asmtp.audit.services import record_audit_event
from asmtp.employers.errors import EmployerError
from asmtp.employers.models import Company, CompanyCertificate
from asmtp.employers.services import _checked_content
from asmtp.jobs.mail import queue_email, render_plain_text

Status = Company.Status


def claim_days() -> int:
    """Days a company has, from registration (or a rejection), to upload its certificate."""
    return int(getattr(settings, "ASMTP_COMPANY_CLAIM_DAYS", 30))


def latest_certificate(company: Company) -> CompanyCertificate | None:
    return company.certificates.first()


def _set_status(company: Company, status: str, *, actor: User | None, action: str, reason: str = "",
                data: dict[str, Any] | None = None) -> None:
    before = company.status
    record_audit_event(action, actor=actor, object_type="company", object_id=company.pk, data={
        "business_registration_number": company.business_registration_number, "from": before, "to": status,
        **({"reason": reason} if reason else {}), **(data or {}),
    })
    company.status, company.status_reason, company.status_changed_at = status, reason, timezone.now()
    company.save(update_fields=["status", "status_reason", "status_changed_at"])


def _verified_elsewhere(company: Company) -> bool:
    return (Company.objects.filter(business_registration_number=company.business_registration_number,
                                   status=Status.VERIFIED).exclude(pk=company.pk).exists())


def upload_registration_certificate(actor: User, upload: UploadedFile[bytes]) -> CompanyCertificate:
    """The company's staff upload its certificate; a rejected claim goes back to the officers."""
    if actor.role != Role.EMPLOYER or actor.company_id is None:
        raise EmployerError("not_employer")
    data, content_type = _checked_content(upload)
    sha256 = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        company = Company.objects.select_for_update().get(pk=actor.company_id)
        if company.status == Status.VERIFIED:
            raise EmployerError("company_verified")
        if company.status == Status.REJECTED:
            if _verified_elsewhere(company):
                raise EmployerError("claim_taken", "file")
            _set_status(company, Status.PENDING, actor=actor, action="employer.claim_resubmitted")
        certificate = CompanyCertificate(
            company=company, original_name=(upload.name or "certificate")[:200], content_type=content_type,
            size=len(data), sha256=sha256, uploaded_by=actor,
        )
        certificate.file.save("upload", ContentFile(data), save=False)
        certificate.save()
        record_audit_event("employer.certificate_uploaded", actor=actor, object_type="company", object_id=company.pk,
                           data={"sha256": sha256})
    return certificate


def _decidable(officer: User, company_pk: int) -> Company:
    if officer.role not in OFFICER_ROLES:
        raise EmployerError("not_officer")
    company = Company.objects.select_for_update().get(pk=company_pk)
    if company.status != Status.PENDING:
        raise EmployerError("claim_not_pending")
    return company


def approve_company_claim(officer: User, company: Company) -> Company:
    """The certificate proves the claim: the company is verified, and competing claims rejected."""
    with transaction.atomic():
        company = _decidable(officer, company.pk)
        certificate = latest_certificate(company)
        if certificate is None:
            raise EmployerError("certificate_missing")
        if _verified_elsewhere(company):
            raise EmployerError("claim_taken")
        _set_status(company, Status.VERIFIED, actor=officer, action="employer.claim_approved",
                    data={"certificate_sha256": certificate.sha256})
        _tell_staff(company, "claim_approved")
        rivals = Company.objects.select_for_update().filter(
            business_registration_number=company.business_registration_number, status=Status.PENDING,
        ).exclude(pk=company.pk)
        for rival in rivals:
            # No reason of the officer's: the company is told the claim was closed, naming nobody.
            _set_status(rival, Status.REJECTED, actor=officer, action="employer.claim_rejected",
                        data={"verified_company": company.pk})
            _tell_staff(rival, "claim_rejected")
    return company


def reject_company_claim(officer: User, company: Company, reason: str) -> Company:
    """The certificate does not prove the claim; the company reads the officer's reason."""
    reason = reason.strip()
    if not reason:
        raise EmployerError("reason_required", "reason")
    with transaction.atomic():
        company = _decidable(officer, company.pk)
        _set_status(company, Status.REJECTED, actor=officer, action="employer.claim_rejected", reason=reason)
        _tell_staff(company, "claim_rejected")
    return company


def release_unfinished_claims(now: dt.datetime | None = None) -> int:
    """Reject claims with no certificate ``claim_days()`` after they were made (a daily job)."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=claim_days())
    released = 0
    stale = Company.objects.filter(status=Status.PENDING, status_changed_at__lt=cutoff, certificates__isnull=True)
    for pk in list(stale.values_list("pk", flat=True)):
        with transaction.atomic():
            company = Company.objects.select_for_update().get(pk=pk)
            if company.status != Status.PENDING or company.certificates.exists():
                continue
            _set_status(company, Status.REJECTED, actor=None, action="employer.claim_released",
                        data={"days": claim_days()})
            released += 1
    return released


def pending_claims() -> QuerySet[Company]:
    """The officers' queue: claims with a certificate to check, oldest first."""
    return (Company.objects.filter(status=Status.PENDING, certificates__isnull=False).distinct()
            .order_by("status_changed_at", "pk"))


def competing_claims(company: Company) -> QuerySet[Company]:
    """Other claims naming the same number, for the officer deciding this one."""
    return (Company.objects.filter(business_registration_number=company.business_registration_number)
            .exclude(pk=company.pk).order_by("created_at"))


def _tell_staff(company: Company, template: str) -> None:
    """E-mail each of the company's active staff, in their own language, once the decision commits."""
    for user in User.objects.filter(company=company, role=Role.EMPLOYER, is_active=True):
        context = {"company": company, "reason": company.status_reason}
        with translation.override(user.preferred_language):
            subject = render_plain_text(f"employers/email/{template}_subject.txt", context).strip()
            body = render_plain_text(f"employers/email/{template}.txt", context)
        queue_email([user.email], subject, body)
