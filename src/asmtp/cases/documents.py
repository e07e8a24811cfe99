"""Documents an applicant uploads: what is accepted, how it is stored, and what is still needed.

A file is judged by its content, never its name or the browser's declared type: the first
bytes must be a PDF, JPEG or PNG signature and the whole file must parse as that format
(pypdf for PDF, Pillow for images), so a renamed executable or a truncated scan is refused
with a clear reason before anything is stored. Stored files get a random name through
Django's storage API (filesystem by default, S3-compatible by setting) and their SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, Any, ClassVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from asmtp.audit.services import record_audit_event
from asmtp.cases.models import Application, Dependant, Document, DocumentKind
from asmtp.errors import CodedError
from asmtp.security.uploads import MESSAGES as SCREENING_MESSAGES
from asmtp.security.uploads import UploadRefused, message_for, screen_upload, strip_metadata

log = logging.getLogger(__name__)

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)


class DocumentRejected(CodedError):
    """An upload that cannot be accepted; `code` selects the message shown to the applicant."""

    MESSAGES: ClassVar[Mapping[str, Promise]] = {
        "empty": _("The file is empty. Choose the file again."),
        "too_large": _("The file is too large. Upload a file of at most %(limit)s MB."),
        "wrong_type": _("This file is not a PDF, JPEG or PNG. Save or scan the document in one of these formats and upload it again."),
        "damaged": _("The file could not be opened: it may be damaged or protected by a password. Save it again and upload the new copy."),
        "unknown_person": _("Choose the person this document belongs to."),
        "unknown_kind": _("Choose what kind of document this is."),
        "not_editable": _("Documents can no longer be changed on this application."),
    }

    @property
    def message(self) -> str:
        if self.code in SCREENING_MESSAGES:  # hostile-file screening (asmtp.security.uploads)
            return message_for(self.code)
        limit = max(1, settings.ASMTP_UPLOAD_MAX_BYTES // (1024 * 1024))
        return str(self.MESSAGES[self.code]) % {"limit": limit} if self.code == "too_large" else str(self.MESSAGES[self.code])


def read_limited(upload: IO[bytes]) -> bytes:
    """The whole upload, refusing it as soon as it passes the size limit (never read it all first)."""
    limit = settings.ASMTP_UPLOAD_MAX_BYTES
    chunks: list[bytes] = []
    total = 0
    upload.seek(0)
    while chunk := upload.read(64 * 1024):
        total += len(chunk)
        if total > limit:
            raise DocumentRejected("too_large")
        chunks.append(chunk)
    if total == 0:
        raise DocumentRejected("empty")
    return b"".join(chunks)


def checked_upload(upload: IO[bytes], original_name: str) -> tuple[bytes, str]:
    """An uploaded file's bytes, fit to keep, and its real content type; `DocumentRejected` otherwise.

    Every upload goes through this, whoever sends it (applicants, employers): within the size
    limit, screened for hostile content (asmtp.security.uploads), a PDF, JPEG or PNG by its
    content, and with image metadata (location, camera) removed.
    """
    data = read_limited(upload)
    try:
        screen_upload(data, original_name)
    except UploadRefused as refused:
        raise DocumentRejected(refused.code) from None
    content_type = sniff_content_type(data)
    return strip_metadata(data, content_type), content_type


def sniff_content_type(data: bytes) -> str:
    """The content type the bytes really are (PDF, JPEG or PNG), or `DocumentRejected`."""
    if not data:
        raise DocumentRejected("empty")
    for signature, content_type in _SIGNATURES:
        if data.startswith(signature):
            _check_parses(data, content_type)
            return content_type
    raise DocumentRejected("wrong_type")


def _check_parses(data: bytes, content_type: str) -> None:
    # A matching signature is not enough: a file that merely starts like a PDF or an image is
    # refused here rather than reaching an officer as something that will not open.
    try:
        if content_type == PDF:
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted or len(reader.pages) < 1:
                raise DocumentRejected("damaged")
        else:
            from PIL import Image

            with Image.open(io.BytesIO(data)) as image:
                expected = "JPEG" if content_type == JPEG else "PNG"
                if image.format != expected:
                    raise DocumentRejected("damaged")
                image.verify()
    except DocumentRejected:
        raise
    except Exception as exc:  # any parser failure means the file does not open: say so, never crash
        log.info("upload refused as damaged: %s", exc.__class__.__name__)
        raise DocumentRejected("damaged") from exc


# --- the checklist ----------------------------------------------------------------------------

DEGREE_LEVELS = frozenset({"bachelor", "master", "doctorate"})


@dataclass
class ChecklistItem:
    kind: str
    label: str
    required: bool
    documents: list[Document] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return bool(self.documents)


@dataclass
class PersonChecklist:
    person: str  # "principal" or the dependant's id as text
    name: str
    relationship: str
    items: list[ChecklistItem]

    @property
    def missing(self) -> list[ChecklistItem]:
        return [item for item in self.items if item.required and not item.done]


def principal_document_kinds(applicant: dict[str, Any], has_offer: bool) -> list[tuple[str, bool]]:
    """(kind, required) for the principal, given the case's particulars."""
    kinds: list[tuple[str, bool]] = [
        (DocumentKind.IDENTITY_CARD, True),
        (DocumentKind.TRAVEL_DOCUMENT, True),
        (DocumentKind.PHOTO, True),
    ]
    if applicant.get("education_level") in DEGREE_LEVELS:
        kinds += [(DocumentKind.DEGREE_CERTIFICATE, True), (DocumentKind.TRANSCRIPT, False)]
    else:
        # Without a degree the case rests on experience and qualifications (special circumstances).
        kinds += [(DocumentKind.EXPERIENCE_PROOF, True)]
    if applicant.get("education_level") in DEGREE_LEVELS and applicant.get("experience_years"):
        kinds.append((DocumentKind.EXPERIENCE_PROOF, False))
    if has_offer:
        kinds.append((DocumentKind.EMPLOYMENT_CONTRACT, True))
    return kinds


def dependant_document_kinds(relationship: str, has_mainland_id: bool) -> list[tuple[str, bool]]:
    """(kind, required) for one dependant: proof of the relationship and of identity."""
    kinds: list[tuple[str, bool]] = [(DocumentKind.TRAVEL_DOCUMENT, True), (DocumentKind.PHOTO, True)]
    if relationship in {Dependant.Relationship.SPOUSE, Dependant.Relationship.CIVIL_PARTNER}:
        kinds.append((DocumentKind.MARRIAGE_CERTIFICATE, True))
    elif relationship == Dependant.Relationship.CHILD:
        kinds.append((DocumentKind.BIRTH_CERTIFICATE, True))
    if has_mainland_id:
        kinds.append((DocumentKind.IDENTITY_CARD, False))
    return kinds


def document_checklist(case: Application) -> list[PersonChecklist]:
    """Per person, the documents this case needs and those already uploaded."""
    labels = dict(DocumentKind.choices)
    documents = list(Document.objects.filter(application_id=case.pk, information_request__isnull=True))

    def items(kinds: list[tuple[str, bool]], dependant_id: int | None) -> list[ChecklistItem]:
        return [
            ChecklistItem(
                kind=str(kind),
                label=str(labels[kind]),
                required=required,
                documents=[d for d in documents if d.kind == kind and d.dependant_id == dependant_id],
            )
            for kind, required in kinds
        ]

    has_offer = bool(case.offer_id or (case.employment_data or {}).get("employer_name"))
    people = [
        PersonChecklist(
            "principal",
            case.name_en or str(_("You")),
            "principal",
            items(principal_document_kinds(case.applicant_data or {}, has_offer), None),
        )
    ]
    for dependant in Dependant.objects.filter(application_id=case.pk):
        kinds = dependant_document_kinds(dependant.relationship, bool(dependant.mainland_id_number))
        people.append(PersonChecklist(str(dependant.pk), dependant.name_en, dependant.relationship, items(kinds, dependant.pk)))
    return people


# --- storing ----------------------------------------------------------------------------------


def upload_document(
    case_id: int,
    user: Any,
    *,
    kind: str,
    person: str,
    upload: IO[bytes],
    original_name: str,
    information_request_id: int | None = None,
) -> Document:
    """Check and store one document for a person in the applicant's case."""
    if kind not in DocumentKind.values:
        raise DocumentRejected("unknown_kind")
    data, content_type = checked_upload(upload, original_name)
    document = Document(
        application_id=case_id,
        kind=kind,
        original_name=_safe_name(original_name),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user,
        information_request_id=information_request_id,
    )
    # The file is written before the transaction, so that no other writer waits on the disk
    # (SQLite has one writer at a time); if the row is not written, the file goes again.
    # The storage picks the path from `document_path`: a random name, never the uploaded one.
    document.file.save("upload", ContentFile(data), save=False)
    stored = document.file.name or ""
    try:
        with transaction.atomic():
            case = Application.objects.select_for_update().only("id", "status").filter(pk=case_id, applicant_id=user.pk).first()
            if case is None:
                raise Application.DoesNotExist(f"no case {case_id} of this applicant")
            if information_request_id is None and case.status != "draft":
                raise DocumentRejected("not_editable")
            if person != "principal":
                document.dependant = case.dependants.filter(pk=int(person) if person.isdigit() else -1).first()
                if document.dependant is None:
                    raise DocumentRejected("unknown_person")
            document.save()
            record_audit_event(
                "document.uploaded",
                actor=user,
                object_type="application",
                object_id=case.pk,
                data={"document": document.pk, "kind": kind, "sha256": document.sha256, "size": document.size},
            )
    except BaseException:
        document.file.storage.delete(stored)
        raise
    return document


def remove_document(case_id: int, user: Any, document_id: int) -> None:
    """Remove a document from a draft (the stored file goes too)."""
    with transaction.atomic():
        case = Application.objects.select_for_update().get(pk=case_id, applicant=user)
        if case.status != "draft":
            raise DocumentRejected("not_editable")
        document = case.documents.get(pk=document_id)
        name = document.file.name or ""
        document.delete()
        # A removed document can leave the draft incomplete: the version moves on, so a
        # submission checked before the removal is checked again (`submit_application`).
        case.version += 1
        case.save(update_fields=["version", "updated_at"])
        record_audit_event(
            "document.removed", actor=user, object_type="application", object_id=case.pk, data={"document": document_id}
        )
        storage = document.file.storage
        # The file goes only once the row is gone for good: a rolled-back removal keeps both.
        transaction.on_commit(lambda: storage.delete(name) if name else None)


def _safe_name(name: str) -> str:
    # Kept only to show the applicant which file they chose; never used as a path.
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(ch for ch in base if ch.isprintable())[:200] or "document"
