"""What an upload must be: judged by content, never by its name."""

from __future__ import annotations

import io

import pytest

from asmtp.cases.documents import (
    DocumentRejected,
    dependant_document_kinds,
    principal_document_kinds,
    read_limited,
    sniff_content_type,
)
from tests.unit.portal.samples import image_bytes, pdf_bytes


@pytest.mark.parametrize(("content", "expected"), [
    (pdf_bytes(), "application/pdf"),
    (image_bytes("JPEG"), "image/jpeg"),
    (image_bytes("PNG"), "image/png"),
])
def test_real_pdf_jpeg_and_png_files_are_accepted(content, expected):
    assert sniff_content_type(content) == expected


@pytest.mark.parametrize("content", [
    b"MZ\x90\x00\x03\x00\x00\x00",                    # a Windows executable
    b"<html><script>alert(1)</script></html>",        # a web page
    b"GIF89a\x01\x00\x01\x00",                       # an image of another kind
    b"PK\x03\x04 a zip or a Word document",
])
def test_other_content_is_refused_as_the_wrong_type(content):
    with pytest.raises(DocumentRejected) as refused:
        sniff_content_type(content)
    assert refused.value.code == "wrong_type"


@pytest.mark.parametrize("content", [b"%PDF-1.7\n garbage that is no PDF", image_bytes("PNG")[:30], image_bytes("JPEG")[:4]])
def test_a_file_that_only_starts_right_is_refused_as_damaged(content):
    with pytest.raises(DocumentRejected) as refused:
        sniff_content_type(content)
    assert refused.value.code == "damaged"


def test_an_empty_file_is_refused():
    with pytest.raises(DocumentRejected) as refused:
        read_limited(io.BytesIO(b""))
    assert refused.value.code == "empty"


def test_a_file_over_the_limit_is_refused_and_the_message_names_the_limit(settings):
    settings.ASMTP_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    with pytest.raises(DocumentRejected) as refused:
        read_limited(io.BytesIO(b"%PDF-" + b"0" * (2 * 1024 * 1024)))
    assert refused.value.code == "too_large"
    assert "at most 2 MB" in refused.value.message


def test_a_file_at_the_limit_is_read_whole(settings):
    settings.ASMTP_UPLOAD_MAX_BYTES = 1000
    assert len(read_limited(io.BytesIO(b"x" * 1000))) == 1000


def test_a_graduate_with_an_offer_needs_a_degree_certificate_and_a_contract():
    kinds = dict(principal_document_kinds({"education_level": "master", "experience_years": 3}, has_offer=True))
    assert kinds["degree_certificate"] is True and kinds["employment_contract"] is True
    assert kinds["transcript"] is False


def test_without_a_degree_proof_of_experience_is_required_and_without_an_offer_no_contract():
    kinds = dict(principal_document_kinds({"education_level": "sub_degree", "experience_years": 8}, has_offer=False))
    assert kinds["experience_proof"] is True
    assert "degree_certificate" not in kinds and "employment_contract" not in kinds


def test_a_spouse_proves_the_marriage_and_a_child_the_birth():
    assert ("marriage_certificate", True) in dependant_document_kinds("spouse", has_mainland_id=False)
    assert ("marriage_certificate", True) in dependant_document_kinds("civil_partner", has_mainland_id=False)
    child = dict(dependant_document_kinds("child", has_mainland_id=True))
    assert child["birth_certificate"] is True and "marriage_certificate" not in child
    assert child["identity_card"] is False
