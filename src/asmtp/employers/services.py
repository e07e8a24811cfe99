"""Employer (sponsor) use cases: the company's part of a sponsored application (ID 990B).

A company registers with its first staff account, adds colleagues, prepares a job offer with
its documents and files it, then invites the applicant, who links the offer to their own
application with the offer code. From then on both parts travel as one case, and the engine's
employer criteria read the employer's data (`employment_for_engine`), never the applicant's
claims about the employer. Every function owns its transaction and writes an audit event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation

from asmtp.accounts.models import Role, User
from asmtp.accounts.services import send_verification_link, tell_owner_of_known_address
from asmtp.audit.services import record_audit_event
from asmtp.cases.assessment import policy_for
from asmtp.cases.documents import DocumentRejected, checked_upload
from asmtp.cases.engine_input import employment_for_engine
from asmtp.cases.models import Application, ApplicationKind, CaseStatus
from asmtp.cases.services import open_draft
from asmtp.domain.eligibility.application import Employment
from asmtp.domain.eligibility.single import OfferFindings, offer_findings
from asmtp.domain.identity import brn_error
from asmtp.domain.lifecycle import change_of_employment_needs_approval
from asmtp.domain.plain_text import ascii_digits
from asmtp.employers.errors import EmployerError
from asmtp.employers.industries import Industry
from asmtp.employers.models import Company, JobOffer, OfferDocument, OfferDocumentKind
from asmtp.jobs.mail import queue_email, render_plain_text
from asmtp.security.throttling import invitation_allowed

# An offer stays with the case it was linked to unless that case ended without a grant.
_ENDED_WITHOUT_GRANT = frozenset({CaseStatus.WITHDRAWN, CaseStatus.REFUSED, CaseStatus.LAPSED})
_GRANTED = frozenset({CaseStatus.APPROVED, CaseStatus.EVISA_ISSUED})



@dataclass(frozen=True)
class CompanyDetails:
    business_registration_number: str
    name_en: str
    name_zh: str
    established_on: dt.date | None
    industry: str
    contact_person: str
    contact_email: str = ""
    contact_phone: str = ""


@dataclass(frozen=True)
class StaffDetails:
    email: str
    first_name: str = ""
    last_name: str = ""
    password: str | None = None
    preferred_language: str = "zh-hant"


@dataclass(frozen=True)
class OfferDetails:
    post_title: str
    monthly_salary_hkd: int
    occupation: str = ""
    talent_list_profession: str = ""
    duties: str = ""
    annual_package_hkd: int | None = None
    benefits: str = ""
    contract_months: int | None = None
    why_not_filled_locally: str = ""
    local_recruitment_evidence: bool = False
    local_recruitment_details: str = ""
    company_standing: str = ""


# --- the engine's employer rules, asked about one offer -------------------------------------------


def _employment(company: Company, offer: JobOffer | None) -> Employment:
    return Employment(
        employer_name=company.name_en,
        business_registration_number=company.business_registration_number,
        job_title=offer.post_title if offer else "",
        industry=company.industry,
        monthly_salary_hkd=float(offer.monthly_salary_hkd) if offer else 0.0,
        relevant_to_background=True,
        employer_established_on=company.established_on,
        talent_list_profession=(offer.talent_list_profession or None) if offer else None,
        annual_package_hkd=float(offer.annual_package_hkd) if offer and offer.annual_package_hkd else None,
        contract_months=float(offer.contract_months) if offer and offer.contract_months else None,
        local_recruitment_evidence=bool(offer and offer.local_recruitment_evidence),
    )


def offer_findings_on(offer: JobOffer, on: dt.date) -> OfferFindings:
    """What the engine's market_test and employer criteria say of this offer on ``on``, under the
    deployment's policy (imported Talent Lists included): the employer portal and the engine
    cannot disagree, since they run the same rules on the same data."""
    return offer_findings(_employment(offer.company, offer), policy_for(settings.ASMTP_EDITION), on)


@dataclass(frozen=True)
class OfferRules:
    """The employer rules in force on one day, as the forms and hints state them (the engine reads
    the same parameters when it judges an offer)."""

    talent_list_exemption: bool  # a post on the Talent List needs no local recruitment
    salary_exemption_annual_hkd: int | None  # nor one paying this much a year (None: no salary route)
    annual_salary_months: int  # months of salary in a year when no annual package is given
    new_company_months: int  # a company younger than this adds a business plan


def offer_rules_on(on: dt.date) -> OfferRules:
    """The market-test, salary and new-company rules of the deployment's policy in force on ``on``."""
    params = policy_for(settings.ASMTP_EDITION).at(on)
    threshold = params["market_test.salary_exemption_annual_hkd"]
    return OfferRules(
        talent_list_exemption=bool(params["market_test.talent_list_exemption"]),
        salary_exemption_annual_hkd=None if threshold is None else int(threshold),
        annual_salary_months=int(params["remuneration.annual_salary_months"]),
        new_company_months=int(params["employer.new_company_months"]),
    )


def market_test_exemption(offer: JobOffer, on: dt.date) -> str | None:
    """Which exemption from the local market-availability test applies: talent_list, salary or none."""
    return offer_findings_on(offer, on).market_test_exemption


def is_new_company(company: Company, on: dt.date) -> bool:
    """Established too recently before `on` (policy: employer.new_company_months): a business plan is needed."""
    if company.established_on is None:
        return False
    return offer_findings(_employment(company, None), policy_for(settings.ASMTP_EDITION), on).new_company


def required_offer_documents(offer: JobOffer, on: dt.date) -> list[str]:
    """The documents this offer must carry before it can be filed, in checklist order."""
    kinds = [OfferDocumentKind.BR_CERTIFICATE, OfferDocumentKind.EMPLOYMENT_CONTRACT]
    findings = offer_findings_on(offer, on)
    if findings.market_test_exemption is None:
        kinds.append(OfferDocumentKind.RECRUITMENT_EVIDENCE)
    if findings.new_company:
        kinds.append(OfferDocumentKind.BUSINESS_PLAN)
    return [str(kind) for kind in kinds]


def missing_offer_documents(offer: JobOffer, on: dt.date) -> list[str]:
    have = set(offer.documents.values_list("kind", flat=True))
    return [kind for kind in required_offer_documents(offer, on) if kind not in have]


# --- company and staff --------------------------------------------------------------------------


def _check_company(details: CompanyDetails, today: dt.date) -> None:
    if brn_error(details.business_registration_number) is not None:
        raise EmployerError("brn_invalid", "business_registration_number")
    if details.established_on and details.established_on > today:
        raise EmployerError("established_in_future", "established_on")
    if details.industry not in Industry.values:
        raise EmployerError("industry_unknown", "industry")


def _create_staff(company: Company, staff: StaffDetails) -> User:
    user = User.objects.create_user(
        username=staff.email.lower(),
        email=staff.email.lower(),
        password=staff.password,
        first_name=staff.first_name,
        last_name=staff.last_name,
        role=Role.EMPLOYER,
        company=company,
        preferred_language=staff.preferred_language,
    )
    if staff.password is None:
        # A colleague added by staff chooses a password through the welcome link.
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def register_employer(company: CompanyDetails, staff: StaffDetails, *, link_for: Callable[[str], str]) -> None:
    """Register a Hong Kong company and its first staff account, opened from the e-mailed link.

    Nothing says whether the address already has an account (the same page follows, the password
    is hashed either way, the one e-mail goes through the job worker): an existing account is left
    as it is and its owner told by e-mail, and no company is registered on its behalf. Until the
    address is confirmed the account cannot sign in, so nothing is sent in the company's name.
    `link_for(token)` builds the absolute verification link (the web layer knows the host).
    """
    company = replace(company, business_registration_number=ascii_digits(company.business_registration_number))
    _check_company(company, timezone.localdate())
    hashed = make_password(staff.password)  # first, whoever owns the address: the slow step, both ways
    with transaction.atomic():
        # A verified company keeps its number; a pending claim holds nothing (a second claim goes
        # to the officers beside it), so nobody can take a number by registering it first.
        if Company.objects.filter(business_registration_number=company.business_registration_number,
                                  status=Company.Status.VERIFIED).exists():
            raise EmployerError("company_exists", "business_registration_number")
        existing = User.objects.filter(email__iexact=staff.email).first()
        if existing is not None:
            tell_owner_of_known_address(existing, link_for)
            return
        record = Company.objects.create(**asdict(company))
        user = User.objects.create(
            username=staff.email.lower(), email=staff.email.lower(), password=hashed, first_name=staff.first_name,
            last_name=staff.last_name, role=Role.EMPLOYER, company=record, preferred_language=staff.preferred_language,
            is_active=False,  # until the e-mail address is shown to be theirs
        )
        record_audit_event(
            "employer.registered", actor=user, object_type="company", object_id=record.pk,
            data={"business_registration_number": record.business_registration_number},
        )
        send_verification_link(user, staff.preferred_language, link_for)


def add_staff(actor: User, staff: StaffDetails, *, welcome_url: Any) -> None:
    """Add a colleague to the actor's company and e-mail them a link to choose a password.

    An address that already has an account is left as it is and its owner told by e-mail: the
    actor sees the same answer either way, so the page tells nobody who has an account.
    `welcome_url(user)` builds the absolute set-password link (the web layer knows the host).
    """
    company = _company_of(actor)
    with transaction.atomic():
        existing = User.objects.filter(email__iexact=staff.email).first()
        if existing is not None:
            record_audit_event("employer.staff_add_known_address", actor=actor, object_type="user",
                               object_id=existing.pk, data={"company": company.pk})
            _send("known_address", existing.email, existing.preferred_language, {"company": company})
            return
        user = _create_staff(company, StaffDetails(**{**asdict(staff), "password": None}))
        record_audit_event("employer.staff_added", actor=actor, object_type="user", object_id=user.pk,
                           data={"company": company.pk})
        _send("welcome", user.email, user.preferred_language, {"company": company, "link": welcome_url(user)})


def _company_of(actor: User) -> Company:
    if actor.role != Role.EMPLOYER or actor.company_id is None:
        raise EmployerError("not_employer")
    assert actor.company is not None
    return actor.company


# --- offers -------------------------------------------------------------------------------------


def talent_list_ids() -> list[str]:
    """Talent List profession ids the engine knows, when its policy data provides them."""
    try:
        assessment = importlib.import_module("asmtp.cases.assessment")
    except ImportError:
        return []
    lister = getattr(assessment, "talent_list_professions", None)
    if lister is None:
        return []
    return [str(item["id"] if isinstance(item, dict) else item) for item in lister()]


def _check_offer(details: OfferDetails) -> None:
    known = talent_list_ids()
    if details.talent_list_profession and known and details.talent_list_profession not in known:
        raise EmployerError("talent_list_unknown", "talent_list_profession")


def save_offer(actor: User, details: OfferDetails, offer: JobOffer | None = None) -> JobOffer:
    """Create a draft offer for the actor's company, or update one that is still a draft."""
    company = _company_of(actor)
    _check_offer(details)
    with transaction.atomic():
        if offer is None:
            offer = JobOffer.objects.create(company=company, created_by=actor, **asdict(details))
            action = "employer.offer_created"
        else:
            offer = JobOffer.objects.select_for_update().get(pk=offer.pk, company=company)
            if offer.status != JobOffer.Status.DRAFT:
                raise EmployerError("offer_not_draft")
            for name, value in asdict(details).items():
                setattr(offer, name, value)
            offer.save()
            action = "employer.offer_updated"
        record_audit_event(action, actor=actor, object_type="job_offer", object_id=offer.pk, data={"code": offer.code})
    return offer


_REJECTIONS = {"empty": "document_empty", "too_large": "document_too_large", "wrong_type": "document_type",
               "damaged": "document_damaged"}


def _checked_content(upload: UploadedFile[bytes]) -> tuple[bytes, str]:
    """The upload's bytes and real content type, checked and screened as applicants' documents are."""
    try:
        return checked_upload(upload, upload.name or "document")
    except DocumentRejected as rejected:
        # Screening refusals (hostile content, deceptive names) keep their own code and message.
        raise EmployerError(_REJECTIONS.get(rejected.code, rejected.code), "file") from rejected


def upload_offer_document(actor: User, offer: JobOffer, kind: str, upload: UploadedFile[bytes]) -> OfferDocument:
    """Attach a document to a draft offer (PDF, JPEG or PNG by content, within the size limit)."""
    if kind not in OfferDocumentKind.values:
        raise EmployerError("document_kind", "kind")
    data, content_type = _checked_content(upload)
    sha256 = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        offer = JobOffer.objects.select_for_update().get(pk=offer.pk, company=_company_of(actor))
        if offer.status != JobOffer.Status.DRAFT:
            raise EmployerError("offer_not_draft")
        document = OfferDocument(
            offer=offer, kind=kind, original_name=(upload.name or "document")[:200], content_type=content_type,
            size=len(data), sha256=sha256, uploaded_by=actor,
        )
        document.file.save("upload", ContentFile(data), save=False)
        document.save()
        record_audit_event("employer.offer_document_uploaded", actor=actor, object_type="job_offer",
                           object_id=offer.pk, data={"kind": kind, "sha256": sha256})
    return document


def remove_offer_document(actor: User, document: OfferDocument) -> None:
    """Remove a document from a draft offer (a wrong file uploaded by mistake)."""
    with transaction.atomic():
        offer = JobOffer.objects.select_for_update().get(pk=document.offer_id, company=_company_of(actor))
        if offer.status != JobOffer.Status.DRAFT:
            raise EmployerError("offer_not_draft")
        record_audit_event("employer.offer_document_removed", actor=actor, object_type="job_offer",
                           object_id=offer.pk, data={"kind": document.kind, "sha256": document.sha256})
        stored = document.file.name or ""
        document.delete()
        transaction.on_commit(lambda: OfferDocument.file.field.storage.delete(stored))


def file_offer(actor: User, offer: JobOffer) -> JobOffer:
    """File a complete draft offer: from now on it is fixed and can be linked to an application."""
    with transaction.atomic():
        offer = JobOffer.objects.select_for_update().get(pk=offer.pk, company=_company_of(actor))
        if offer.status != JobOffer.Status.DRAFT:
            raise EmployerError("offer_not_draft")
        if offer.company.status != Company.Status.VERIFIED:
            raise EmployerError("company_not_verified")
        if missing_offer_documents(offer, timezone.localdate()):
            raise EmployerError("offer_incomplete")
        offer.status = JobOffer.Status.FILED
        offer.filed_at = timezone.now()
        offer.save(update_fields=["status", "filed_at"])
        record_audit_event("employer.offer_filed", actor=actor, object_type="job_offer", object_id=offer.pk,
                           data={"code": offer.code})
    return offer


def withdraw_offer(actor: User, offer: JobOffer) -> JobOffer:
    """Withdraw an offer that no live application carries."""
    with transaction.atomic():
        offer = JobOffer.objects.select_for_update().get(pk=offer.pk, company=_company_of(actor))
        if _live_application(offer) is not None:
            raise EmployerError("offer_linked")
        offer.status = JobOffer.Status.WITHDRAWN
        offer.save(update_fields=["status"])
        record_audit_event("employer.offer_withdrawn", actor=actor, object_type="job_offer", object_id=offer.pk)
    return offer


def invite_applicant(actor: User, offer: JobOffer, email: str, *, language: str, link: str) -> JobOffer:
    """E-mail the applicant the offer code and a link (`link`, absolute) to join it to their application."""
    with transaction.atomic():
        offer = JobOffer.objects.select_for_update().get(pk=offer.pk, company=_company_of(actor))
        if offer.status != JobOffer.Status.FILED:
            raise EmployerError("offer_not_filed")
        if offer.company.status != Company.Status.VERIFIED:
            raise EmployerError("company_not_verified")
        if not invitation_allowed(offer.company_id):
            raise EmployerError("invitations_throttled")
        offer.invited_email = email.lower()
        offer.save(update_fields=["invited_email"])
        record_audit_event("employer.applicant_invited", actor=actor, object_type="job_offer", object_id=offer.pk,
                           data={"email": offer.invited_email})
        _send("invitation", offer.invited_email, language, {"offer": offer, "company": offer.company, "link": link})
    return offer


def _send(template: str, to: str, language: str, context: dict[str, Any]) -> None:
    """Render in the recipient's language now; the worker sends it once the transaction commits."""
    with translation.override(language):
        subject = render_plain_text(f"employers/email/{template}_subject.txt", context).strip()
        body = render_plain_text(f"employers/email/{template}.txt", context)
    queue_email([to], subject, body)


# --- linking the employer's part to the applicant's case ----------------------------------------


def _live_application(offer: JobOffer) -> Application | None:
    return offer.applications.exclude(status__in=_ENDED_WITHOUT_GRANT).first()


def _filed_offer_for_code(code: str) -> JobOffer:
    normalised = "".join(code.split()).upper()
    offer = JobOffer.objects.select_for_update().filter(code=normalised, status=JobOffer.Status.FILED).first()
    if offer is None:
        raise EmployerError("offer_code_unknown", "code")
    if offer.company.status != Company.Status.VERIFIED:  # its claim to the company is not yet proved
        raise EmployerError("employer_not_verified", "code")
    return offer


def _attach(application: Application, offer: JobOffer, applicant: User) -> Application:
    live = _live_application(offer)
    if live is not None and live.pk != application.pk:
        raise EmployerError("offer_already_linked", "code")
    application.offer = offer
    application.employment_data = employment_for_engine(application)
    application.industry = offer.company.industry
    application.talent_list_profession = offer.talent_list_profession
    application.monthly_salary_hkd = offer.monthly_salary_hkd
    application.version += 1
    application.save()
    record_audit_event("employer.offer_linked", actor=applicant, object_type="application", object_id=application.pk,
                       data={"offer": offer.pk, "code": offer.code, "kind": application.kind})
    return application


def link_offer_to_application(application: Application, code: str, applicant: User) -> Application:
    """Join a filed offer (by its code) to the applicant's own unsubmitted application."""
    with transaction.atomic():
        case = Application.objects.select_for_update().get(pk=application.pk, applicant=applicant)
        if case.status != CaseStatus.DRAFT:
            raise EmployerError("application_not_draft")
        return _attach(case, _filed_offer_for_code(code), applicant)


def start_application_with_offer(applicant: User, code: str, *, language: str | None = None) -> Application:
    """A new draft entry application carrying the offer, for an applicant who has none yet.

    Like the portal's "new application", it is in the language of the page it was started from
    (letters and e-mails follow it); without one, the applicant's preferred language."""
    with transaction.atomic():
        offer = _filed_offer_for_code(code)
        case = open_draft(applicant, language=language or applicant.preferred_language, edition=settings.ASMTP_EDITION)
        return _attach(case, offer, applicant)


def change_of_employment(previous: Application, code: str, applicant: User) -> Application:
    """A draft change-of-employment application: the admitted person's new employer's offer.

    It follows the grant (`previous`) and carries over the applicant's particulars; the applicant
    submits it like any application and it takes effect on approval, or at once for a top-tier
    person (notification only: `is_notification_only`).
    """
    with transaction.atomic():
        grant = Application.objects.select_for_update().get(pk=previous.pk, applicant=applicant)
        if grant.status not in _GRANTED:
            raise EmployerError("no_grant")
        offer = _filed_offer_for_code(code)
        case = open_draft(
            applicant, kind=ApplicationKind.CHANGE_OF_EMPLOYMENT, previous=grant,
            edition=settings.ASMTP_EDITION, language=grant.language,
            applicant_data=grant.applicant_data, employment_data={
                "relevant_to_background": bool((grant.employment_data or {}).get("relevant_to_background", False)),
            },
            first_admitted_on=grant.first_admitted_on,
            audit_event="application.change_of_employment_started", audit_data={"previous": grant.pk},
        )
        return _attach(case, offer, applicant)


def is_notification_only(application: Application) -> bool:
    """A top-tier person's change of employer needs no approval, only notice (rules.md, asmtp.md)."""
    if application.kind != ApplicationKind.CHANGE_OF_EMPLOYMENT or application.previous is None:
        return False
    income = (application.previous.applicant_data or {}).get("previous_year_assessable_income_hkd")
    threshold = policy_for(settings.ASMTP_EDITION).at(timezone.localdate())["stay.top_tier_assessable_income_hkd"]
    top_tier = threshold is not None and income is not None and int(income) >= int(threshold)
    return not change_of_employment_needs_approval(top_tier)


def employment_change_in_effect(application: Application) -> bool:
    """Whether a change of employment has taken effect: approved, or notified by a top-tier person."""
    if application.kind != ApplicationKind.CHANGE_OF_EMPLOYMENT:
        return False
    if application.status in _GRANTED:
        return True
    notified = application.status not in {CaseStatus.DRAFT, *_ENDED_WITHOUT_GRANT}
    return notified and is_notification_only(application)
