"""Read-only queries for the employer pages: a staff member sees only their own company's things.

Anything outside the company answers `Http404` (never 403): the page gives no hint it exists.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from asmtp.accounts.models import User
from asmtp.cases.models import Application, CaseEvent
from asmtp.employers.models import JobOffer, OfferDocument


def company_offers(user: User) -> QuerySet[JobOffer]:
    if user.company_id is None:
        return JobOffer.objects.none()
    return JobOffer.objects.filter(company_id=user.company_id).select_related("company").order_by("-id")


def company_cases(user: User) -> QuerySet[Application]:
    """Applications carrying one of the company's offers (drafts included: the employer sees the link)."""
    if user.company_id is None:
        # Never filter on a null company: that would match every case without an offer.
        return Application.objects.none()
    # "offer is not null" says nothing new to SQL, but tells PostgreSQL how few cases carry an offer
    # at all: without it, with a million cases it walked the whole table backwards in id order to
    # find the company's few (3 s), instead of reading the offer index (0.1 ms).
    return (
        Application.objects.filter(offer__isnull=False, offer__company_id=user.company_id)
        .select_related("offer", "applicant")
        .order_by("-id")
    )


def offer_for(user: User, pk: int) -> JobOffer:
    try:
        return company_offers(user).get(pk=pk)
    except JobOffer.DoesNotExist:
        raise Http404 from None


def offer_document_for(user: User, offer_pk: int, pk: int) -> OfferDocument:
    try:
        documents = OfferDocument.objects.select_related("offer").filter(offer__in=company_offers(user))
        return documents.get(pk=pk, offer_id=offer_pk)
    except OfferDocument.DoesNotExist:
        raise Http404 from None


def case_for(user: User, pk: int) -> Application:
    try:
        return company_cases(user).get(pk=pk)
    except Application.DoesNotExist:
        raise Http404 from None


def case_history(case: Application) -> QuerySet[CaseEvent]:
    """Status changes only: the employer sees where the case stands, not the officers' reasons."""
    return case.events.only("at", "action", "from_status", "to_status").order_by("id")


def linkable_applications(user: User) -> QuerySet[Application]:
    """The applicant's own drafts an offer may be linked to."""
    return Application.objects.filter(applicant=user, status="draft").order_by("-id")


def grants(user: User) -> QuerySet[Application]:
    """The applicant's approved applications a change of employment may follow."""
    return Application.objects.filter(applicant=user, status__in=["approved", "evisa_issued"]).order_by("-id")


def offer_document_for_officer(offer_pk: int, pk: int) -> OfferDocument:
    """Officers see an offer's documents once the offer is part of a submitted case."""
    documents = OfferDocument.objects.filter(offer__applications__submitted_at__isnull=False).distinct()
    try:
        return documents.get(pk=pk, offer_id=offer_pk)
    except OfferDocument.DoesNotExist:
        raise Http404 from None
