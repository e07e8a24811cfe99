"""Uploads are judged by content, size-limited, stored under a random name with their SHA-256."""

from __future__ import annotations

import hashlib

import pytest

from asmtp.cases.models import Document
from tests.factories import advance
from tests.integration.portal.factories import file_upload, fill_particulars, image_bytes, pdf_bytes, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(applicant):
    return fill_particulars(start(applicant), applicant)


def test_a_real_pdf_is_stored_under_a_random_name_with_its_hash(client, applicant, draft):
    client.force_login(applicant)
    content = pdf_bytes()
    response = client.post(
        f"/en/portal/applications/{draft.pk}/documents/",
        {"person": "principal", "kind": "degree_certificate", "file": file_upload(content, "../../Li Wei degree.pdf")},
    )
    assert response.status_code == 302
    document = Document.objects.get(application=draft)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.content_type == "application/pdf"
    assert document.original_name == "Li Wei degree.pdf"
    assert "Li Wei" not in document.file.name and document.file.name.startswith(f"cases/{draft.pk}/")
    assert document.file.read() == content


def test_a_text_file_renamed_to_pdf_is_refused_with_a_clear_message(client, applicant, draft):
    client.force_login(applicant)
    response = client.post(
        f"/en/portal/applications/{draft.pk}/documents/",
        {"person": "principal", "kind": "degree_certificate", "file": file_upload(b"MZ\x90\x00 not a document", "degree.pdf")},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "This file is not a PDF, JPEG or PNG." in page
    assert '<option value="degree_certificate" selected>' in page  # the choice made is kept
    assert not Document.objects.exists()


def test_a_file_that_only_starts_like_a_png_is_refused_as_damaged(client, applicant, draft):
    client.force_login(applicant)
    truncated = image_bytes("PNG")[:20]
    response = client.post(
        f"/en/portal/applications/{draft.pk}/documents/",
        {"person": "principal", "kind": "photo", "file": file_upload(truncated, "photo.png", "image/png")},
    )
    assert response.status_code == 400
    assert "could not be opened" in response.content.decode()


def test_a_file_over_the_size_limit_is_refused_in_the_chosen_language(client, applicant, draft, settings):
    settings.ASMTP_UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(applicant)
    big = pdf_bytes() + b"\n%" + b"0" * (1024 * 1024)
    response = client.post(
        f"/zh-hans/portal/applications/{draft.pk}/documents/",
        {"person": "principal", "kind": "degree_certificate", "file": file_upload(big)},
    )
    assert response.status_code == 400
    assert "文件太大" in response.content.decode()
    assert not Document.objects.exists()


def test_the_checklist_asks_for_a_marriage_certificate_for_a_spouse_and_a_birth_certificate_for_a_child(client, applicant, draft):
    client.force_login(applicant)
    url = f"/en/portal/applications/{draft.pk}/family/"
    client.post(url, {"relationship": "spouse", "name_en": "WANG Fang", "sex": "F", "date_of_birth": "1991-02-03", "marital_status": "married"})
    client.post(url, {"relationship": "child", "name_en": "LI Xiaoming", "sex": "M", "date_of_birth": "2018-09-01", "marital_status": "single"})
    page = client.get(f"/en/portal/applications/{draft.pk}/documents/").content.decode()
    spouse_part = page.split("WANG Fang", 1)[1].split("LI Xiaoming", 1)[0]
    child_part = page.split("LI Xiaoming", 1)[1]
    assert "Marriage or civil partnership certificate" in spouse_part
    assert "Birth certificate" in child_part and "Marriage" not in child_part.split("Upload a document")[0]
    assert "Degree certificate" in page.split("WANG Fang", 1)[0]


def test_an_employment_contract_is_asked_for_only_when_there_is_an_offer(applicant):
    from asmtp.cases.documents import document_checklist

    without = fill_particulars(start(applicant), applicant, offer=False)
    with_offer = fill_particulars(start(applicant), applicant, offer=True)
    kinds = lambda case: {item.kind for item in document_checklist(case)[0].items}  # noqa: E731
    assert "employment_contract" not in kinds(without)
    assert "employment_contract" in kinds(with_offer)


def test_a_document_can_be_removed_from_a_draft(client, applicant, draft, django_capture_on_commit_callbacks):
    client.force_login(applicant)
    client.post(f"/en/portal/applications/{draft.pk}/documents/", {"person": "principal", "kind": "photo", "file": file_upload(image_bytes("JPEG"), "me.jpg", "image/jpeg")})
    document = Document.objects.get()
    stored = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/portal/applications/{draft.pk}/documents/{document.pk}/remove/")
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert not document.file.storage.exists(stored)


def test_a_refused_upload_leaves_no_file_behind(applicant, draft):
    """The file is written before the row (outside the write lock); when the row is refused, the file goes too."""
    from django.core.files.storage import default_storage

    from asmtp.cases.documents import DocumentRejected, upload_document

    folder = f"cases/{draft.pk}"
    before = set(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else set()
    with pytest.raises(DocumentRejected) as refused:
        upload_document(draft.pk, applicant, kind="photo", person="999999", upload=file_upload(pdf_bytes(), "a.pdf"), original_name="a.pdf")
    assert refused.value.code == "unknown_person"
    advance(draft, "submitted")
    with pytest.raises(DocumentRejected) as refused:
        upload_document(draft.pk, applicant, kind="photo", person="principal", upload=file_upload(pdf_bytes(), "a.pdf"), original_name="a.pdf")
    assert refused.value.code == "not_editable"
    after = set(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else set()
    assert after == before
    assert not Document.objects.filter(application=draft).exists()
