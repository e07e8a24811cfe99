"""Builders for the employer area's tests: offers with traits, documents, applicants' drafts."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from asmtp.cases.models import Application
from asmtp.employers import services as service
from asmtp.employers.models import JobOffer, OfferDocumentKind
from tests.factories import make_case


@functools.cache
def pdf_bytes() -> bytes:
    """A real one-page PDF (not just the magic bytes), as a scanner would produce."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Business Registration Certificate 12345678")
    return bytes(pdf.output())


def pdf_upload(name: str = "certificate.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


OFFER_DEFAULTS: dict[str, Any] = {
    "post_title": "Senior Data Scientist",
    "occupation": "Data scientist",
    "duties": "Build credit-risk models for Hong Kong clients.",
    "monthly_salary_hkd": 65_000,
    "benefits": "Medical insurance; 18 days' annual leave",
    "contract_months": 24,
    "why_not_filled_locally": "Six months of advertising found no candidate with the required Mandarin and modelling skills.",
    "local_recruitment_evidence": True,
    "local_recruitment_details": "JobsDB and LinkedIn, Jan to Jun 2026; 14 applicants, none suitable.",
    "company_standing": "Founded 2015; 120 staff in Hong Kong.",
}

TRAITS: dict[str, dict[str, Any]] = {
    "talent_list": {"talent_list_profession": "data-scientists-cyber-security-specialists", "local_recruitment_evidence": False,
                    "local_recruitment_details": ""},
    "high_salary": {"monthly_salary_hkd": 180_000, "local_recruitment_evidence": False, "local_recruitment_details": ""},
}


def offer_details(*traits: str, **overrides: Any) -> service.OfferDetails:
    fields = dict(OFFER_DEFAULTS)
    for trait in traits:
        fields.update(TRAITS[trait])
    fields.update(overrides)
    return service.OfferDetails(**fields)


def make_offer(staff: Any, *traits: str, filed: bool = True, **overrides: Any) -> JobOffer:
    """An offer by `staff`'s company, with every required document, filed unless told otherwise."""
    offer = service.save_offer(staff, offer_details(*traits, **overrides))
    if filed:
        for kind in service.required_offer_documents(offer, dt.date.today()):
            service.upload_offer_document(staff, offer, kind, pdf_upload(f"{kind}.pdf"))
        offer = service.file_offer(staff, offer)
    return offer


DRAFT_DATA: dict[str, Any] = {
    "name_en": "LI Wei", "sex": "M", "date_of_birth": "1949-12-31",
    "mainland_id_number": "11010519491231002X", "residence": "mainland",
    "education_level": "master", "experience_years": 8, "criminal_conviction_declared": False,
}


def make_draft(applicant: Any, *traits: str, **options: Any) -> Application:
    """An applicant's application with the particulars the engine reads (`make_case`'s options:
    employment_data, offer...), unsubmitted unless `traits` say otherwise."""
    return make_case(applicant, *traits, **{"applicant_data": dict(DRAFT_DATA), **options})


__all__ = ["OfferDocumentKind", "make_draft", "make_offer", "offer_details", "pdf_upload"]
