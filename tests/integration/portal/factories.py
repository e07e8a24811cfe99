"""Cases in the shapes the portal's tests need: the portal's own steps, in tests/factories.py."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from asmtp.cases.models import Application
from tests.factories import (
    BORN,
    PORTAL_CHILD,
    PORTAL_EMPLOYMENT,
    PORTAL_SPOUSE,
    fill_particulars,
    make_case,
    start,
    upload,
    upload_all,
)
from tests.unit.portal.samples import image_bytes, mainland_id, pdf_bytes


def personal_post(**overrides: str) -> dict[str, str]:
    data = {
        "name_en": "LI Wei", "name_zh": "李伟", "sex": "M", "date_of_birth": BORN.isoformat(),
        "mainland_id_number": mainland_id(BORN, sequence="011"), "travel_document_type": "EEP",
        "travel_document_number": "C12345678", "residence": "mainland", "overseas_residence_months": "",
        "hk_degree_graduate": "no",
    }
    data.update(overrides)
    return data


def _portal(stage: str, applicant: Any, *, family: bool = False, offer: bool = False) -> Application:
    return make_case(applicant, stage, "portal", dependants=(PORTAL_SPOUSE, PORTAL_CHILD) if family else (),
                     employment_data=dict(PORTAL_EMPLOYMENT) if offer else None)


def ready_to_submit(applicant: Any, *, family: bool = False, offer: bool = False) -> Application:
    """A draft filled in through the portal's steps with every document uploaded (a spouse and a
    child if `family`, a job offer's details if `offer`)."""
    return _portal("draft", applicant, family=family, offer=offer)


def submitted(applicant: Any, **kwargs: Any) -> Application:
    """`ready_to_submit`, then submitted through the portal's `submit_application`."""
    return _portal("submitted", applicant, **kwargs)


def file_upload(content: bytes, name: str = "degree.pdf", content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


__all__ = ["BORN", "file_upload", "fill_particulars", "image_bytes", "mainland_id", "pdf_bytes", "personal_post", "ready_to_submit",
           "start", "submitted", "upload", "upload_all"]
