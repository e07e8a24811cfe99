"""Cases in the shapes the portal's tests need, built through the portal's own services."""

from __future__ import annotations

import datetime as dt
import io
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from asmtp.cases.documents import document_checklist, upload_document
from asmtp.cases.models import Application
from asmtp.portal import services as svc
from tests.unit.portal.samples import image_bytes, mainland_id, pdf_bytes

BORN = dt.date(1990, 5, 17)


def personal_post(**overrides: str) -> dict[str, str]:
    data = {
        "name_en": "LI Wei", "name_zh": "李伟", "sex": "M", "date_of_birth": BORN.isoformat(),
        "mainland_id_number": mainland_id(BORN, sequence="011"), "travel_document_type": "EEP",
        "travel_document_number": "C12345678", "residence": "mainland", "overseas_residence_months": "",
        "hk_degree_graduate": "no",
    }
    data.update(overrides)
    return data


def start(applicant) -> Application:
    return svc.start_application(applicant, idempotency_key=uuid.uuid4().hex, language="en", edition="direct")


def fill_particulars(case: Application, applicant, *, offer: bool = False) -> Application:
    svc.save_draft_step(case.pk, applicant, "personal", {
        "name_en": "LI Wei", "name_zh": "李伟", "sex": "M", "date_of_birth": BORN.isoformat(),
        "mainland_id_number": mainland_id(BORN, sequence="011"), "travel_document": {"type": "EEP", "number": "C12345678"},
        "residence": "mainland", "hk_degree_graduate": False,
    })
    svc.save_draft_step(case.pk, applicant, "education", {
        "education_level": "master", "field_of_study": "Computer science", "professional_qualifications": [], "experience_years": 6,
    })
    employment = {
        "employer_name": "Harbour Analytics Limited", "business_registration_number": "12345678", "job_title": "Data scientist",
        "industry": "J", "monthly_salary_hkd": 45000, "relevant_to_background": True, "local_recruitment_evidence": False,
    } if offer else {}
    svc.save_draft_step(case.pk, applicant, "employment", employment)
    return svc.save_draft_step(case.pk, applicant, "declarations", {"criminal_conviction_declared": False})


def upload(case: Application, applicant, kind: str, person: str = "principal", content: bytes | None = None, name: str = "scan.pdf"):
    return upload_document(case.pk, applicant, kind=kind, person=person, upload=io.BytesIO(content or pdf_bytes()), original_name=name)


def upload_all(case: Application, applicant) -> None:
    for person in document_checklist(case):
        for item in person.missing:
            upload(case, applicant, item.kind, person.person)


def ready_to_submit(applicant, *, family: bool = False, offer: bool = False) -> Application:
    case = fill_particulars(start(applicant), applicant, offer=offer)
    if family:
        svc.add_dependant(case.pk, applicant, {"relationship": "spouse", "name_en": "WANG Fang", "sex": "F",
                                               "date_of_birth": dt.date(1991, 2, 3), "marital_status": "married"})
        svc.add_dependant(case.pk, applicant, {"relationship": "child", "name_en": "LI Xiaoming", "sex": "M",
                                               "date_of_birth": dt.date(2018, 9, 1), "marital_status": "single"})
    upload_all(case, applicant)
    return Application.objects.get(pk=case.pk)


def submitted(applicant, **kwargs) -> Application:
    case = ready_to_submit(applicant, **kwargs)
    return svc.submit_application(case.pk, applicant, idempotency_key=case.idempotency_key or "", declared=True)


def file_upload(content: bytes, name: str = "degree.pdf", content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


__all__ = ["BORN", "file_upload", "image_bytes", "mainland_id", "pdf_bytes", "personal_post", "ready_to_submit", "start", "submitted", "upload"]
