"""Access (DPP6): everything held on one person, as a ZIP; the portal's export requests."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import re
import secrets
import zipfile
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from asmtp.accounts.models import User
from asmtp.audit.models import AuditEntry
from asmtp.audit.services import record_audit_event
from asmtp.cases.models import Application, Dependant, Document, Letter
from asmtp.cases.signals import gathered, iso, personal_data_exported
from asmtp.jobs.mail import queue_email
from asmtp.privacy.errors import PrivacyError
from asmtp.privacy.models import DataAccessRequest, ExportStatus, PersonalDataCorrection
from asmtp.privacy.notifications import export_readme, export_ready_email

logger = logging.getLogger(__name__)

EXPORT_FORMAT = "asmtp-personal-data/1"
EXPORT_DAYS = 7
EXPORT_FOLDER = "privacy-exports"

# --- access: what the service holds on one person -------------------------------------------


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name, flags=re.ASCII).strip("._")[:80] or "file"


def _document_path(case: Application, document: Document) -> str:
    return (
        f"documents/{case.reference or f'draft-{case.pk}'}/{document.pk}-{_safe_name(document.original_name)}"
    )


def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.role,
        "preferred_language": user.preferred_language,
        "company": user.company.name_en if user.company else None,
        "is_active": user.is_active,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
        "email_verified_at": iso(user.email_verified_at),
    }


def _dependant(person: Dependant) -> dict[str, Any]:
    return {
        "id": person.pk,
        "relationship": person.relationship,
        "name_en": person.name_en,
        "name_zh": person.name_zh,
        "sex": person.sex,
        "date_of_birth": iso(person.date_of_birth),
        "marital_status": person.marital_status,
        "mainland_id_number": person.mainland_id_number,
        "travel_document": person.travel_document,
    }


def _application(case: Application, user: User, include_notes: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "reference": case.reference,
        "kind": case.kind,
        "status": case.status,
        "edition": case.edition,
        "language": case.language,
        "created_at": iso(case.created_at),
        "submitted_at": iso(case.submitted_at),
        "status_changed_at": iso(case.status_changed_at),
        "decided_at": iso(case.decided_at),
        "decision_reasons": case.decision_reasons,
        "granted_months": case.granted_months,
        "limit_of_stay_on": iso(case.limit_of_stay_on),
        "first_admitted_on": iso(case.first_admitted_on),
        "previous": case.previous.reference if case.previous else None,
        "personal_details": case.applicant_data,
        "employment": case.employment_data,
        "dependants": [_dependant(person) for person in case.dependants.all()],
        "documents": [
            {
                "id": d.pk,
                "kind": d.kind,
                "person": "principal" if d.dependant_id is None else f"dependant {d.dependant_id}",
                "original_name": d.original_name,
                "content_type": d.content_type,
                "size": d.size,
                "sha256": d.sha256,
                "uploaded_at": iso(d.uploaded_at),
                "file": _document_path(case, d),
            }
            for d in case.documents.all()
        ],
        # Officers are named by role only: their identities are third parties' data (s.20(1)(b)).
        "history": [
            {
                "at": iso(e.at),
                "action": e.action,
                "by": e.actor_role,
                "from": e.from_status,
                "to": e.to_status,
                "reason": e.reason,
            }
            for e in case.events.all()
        ],
        "information_requests": [
            {
                "at": iso(r.created_at),
                "message": r.message,
                "items": r.items,
                "due_on": iso(r.due_on),
                "answered_at": iso(r.answered_at),
            }
            for r in case.information_requests.all()
        ],
        "messages": [
            {
                "at": iso(m.created_at),
                "from": "you" if m.sender_id == user.pk else "Immigration Department",
                "body": m.body,
            }
            for m in case.messages.all()
        ],
        "letters": [
            {
                "kind": letter.kind,
                "language": letter.language,
                "subject": letter.subject,
                "body": letter.body,
                "created_at": iso(letter.created_at),
                "emailed_at": iso(letter.emailed_at),
            }
            for letter in Letter.objects.filter(application=case).order_by("id")
        ],
        "assessments": [
            {"as_of": iso(a.as_of), "edition": a.edition, "outcome": a.outcome, "result": a.result}
            for a in case.assessments.order_by("id")
        ],
        "fees": [
            {
                "kind": bill.kind,
                "bill": bill.reference,
                "amount_hkd": bill.amount_hkd,
                "people": [line.name_en for line in bill.lines.all()],
                "paid_at": iso(bill.paid_at),
                "receipt": bill.receipt_number or "",
            }
            for bill in case.bills.all()
        ],
        "corrections": [
            {
                "at": iso(c.corrected_at),
                "person": c.person,
                "field": c.field,
                "old": c.old_value,
                "new": c.new_value,
                "reason": c.reason,
            }
            for c in PersonalDataCorrection.objects.filter(application=case).order_by("id")
        ],
        # Each area's own part (the e-Visas issued on the case, ...): asmtp/cases/signals.py.
        **gathered(personal_data_exported.send(sender=Application, case=case)),
    }
    notes = case.notes.order_by("id")
    if include_notes:
        data["officer_notes"] = [{"at": iso(n.created_at), "body": n.body} for n in notes]
    else:
        data["officer_notes_held"] = notes.count()
    return data


def personal_data(user: User, *, include_notes: bool = False) -> dict[str, Any]:
    """Everything held on `user`, as the JSON of a data-access export (see the module's notes)."""
    cases = Application.objects.filter(applicant=user).select_related("previous").order_by("id")
    own_activity = AuditEntry.objects.filter(
        Q(actor_id=user.pk) | Q(object_type="user", object_id=str(user.pk))
    )
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "account": _account(user),
        "applications": [_application(case, user, include_notes) for case in cases],
        "data_access_requests": [
            {"at": iso(r.created_at), "channel": r.channel, "status": r.status}
            for r in DataAccessRequest.objects.filter(person=user).order_by("id")
        ],
        "activity": [{"at": iso(e.at), "action": e.action} for e in own_activity.order_by("id")],
        "withheld": {
            "officer_notes": "included"
            if include_notes
            else "reviewed by the Data Protection Officer (PDPO s.58); "
            "the number held is given per application",
            "officer_identities": "named by role only (PDPO s.20(1)(b))",
        },
    }


def _zip(user: User, include_notes: bool) -> bytes:
    data = personal_data(user, include_notes=include_notes)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        archive.writestr("README.txt", export_readme(user.preferred_language))
        for case in Application.objects.filter(applicant=user).order_by("id"):
            for document in case.documents.all():
                try:
                    with document.file.open("rb") as handle:
                        archive.writestr(_document_path(case, document), handle.read())
                except FileNotFoundError:
                    logger.warning("document %s of case %s has no file", document.pk, case.pk)
    return buffer.getvalue()


def export_personal_data(
    user: User, *, actor: Any = None, channel: str = "paper", include_notes: bool = False
) -> bytes:
    """The ZIP answering a data-access request by or for `user` (audited as `privacy.export`)."""
    content = _zip(user, include_notes)
    record_audit_event(
        "privacy.export",
        actor=actor,
        object_type="user",
        object_id=user.pk,
        data={
            "channel": channel,
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
            "include_notes": include_notes,
        },
    )
    return content


def record_export_request(user: User, *, page_url: str = "") -> tuple[DataAccessRequest, bool]:
    """The person asks for their data from the portal: one request row (audited), and whether it
    is new; a request already being prepared is returned instead of a second one.
    `asmtp.privacy.tasks.request_export` queues the job that builds a new one."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        pending = DataAccessRequest.objects.filter(person=user, status=ExportStatus.QUEUED).first()
        if pending is not None:
            return pending, False
        request = DataAccessRequest.objects.create(
            person=user,
            requested_by=user,
            channel=DataAccessRequest.Channel.PORTAL,
            token=secrets.token_urlsafe(32),
            page_url=page_url[:300],
        )
        record_audit_event(
            "privacy.export_requested",
            actor=user,
            object_type="user",
            object_id=user.pk,
            data={"request": request.pk},
        )
    return request, True


def build_requested_export(request_id: int, now: dt.datetime | None = None) -> str:
    """The job: build the ZIP, store it, mail the person. Safe to run twice (a finished request is left)."""
    now = now or timezone.now()
    request = DataAccessRequest.objects.select_related("person").get(pk=request_id)
    if request.status != ExportStatus.QUEUED:
        return str(request.status)
    person = request.person
    try:
        content = export_personal_data(person, actor=request.requested_by, channel=request.channel)
    except Exception:
        logger.exception("data-access export %s failed", request_id)
        DataAccessRequest.objects.filter(pk=request_id).update(status=ExportStatus.FAILED, finished_at=now)
        raise
    name = default_storage.save(f"{EXPORT_FOLDER}/{secrets.token_hex(16)}.zip", ContentFile(content))
    with transaction.atomic():
        updated = DataAccessRequest.objects.filter(pk=request_id, status=ExportStatus.QUEUED).update(
            status=ExportStatus.READY,
            finished_at=now,
            expires_at=now + dt.timedelta(days=EXPORT_DAYS),
            file_name=name,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        if not updated:  # another run finished first: keep its file, drop ours
            transaction.on_commit(lambda: default_storage.delete(name))
            return "duplicate"
        subject, body = export_ready_email(person.preferred_language, request.page_url, EXPORT_DAYS)
        queue_email([person.email], subject, body)
    return str(ExportStatus.READY)


def data_access_requests(user: User) -> list[DataAccessRequest]:
    """The person's own requests, newest first."""
    return list(DataAccessRequest.objects.filter(person=user).order_by("-id")[:20])


def export_for_download(
    user: User, token: str, now: dt.datetime | None = None
) -> tuple[DataAccessRequest, bytes]:
    """The person's own ready, unexpired export and its bytes; anything else is `not_found` (audited download)."""
    now = now or timezone.now()
    request = DataAccessRequest.objects.filter(
        token=token, person_id=user.pk, status=ExportStatus.READY, expires_at__gt=now
    ).first()
    if request is None or not request.file_name:
        raise PrivacyError("not_found")
    try:
        with default_storage.open(request.file_name, "rb") as handle:
            content = handle.read()
    except FileNotFoundError as missing:
        raise PrivacyError("not_found") from missing
    with transaction.atomic():
        DataAccessRequest.objects.filter(pk=request.pk).update(downloaded_at=now)
        record_audit_event(
            "privacy.export_downloaded",
            actor=user,
            object_type="user",
            object_id=user.pk,
            data={"request": request.pk},
        )
    return request, content


def purge_expired_exports(now: dt.datetime | None = None) -> int:
    """Delete export files past their expiry (the request rows stay as the record). Returns how many."""
    now = now or timezone.now()
    purged = 0
    for request in DataAccessRequest.objects.filter(status=ExportStatus.READY, expires_at__lte=now):
        if request.file_name:
            default_storage.delete(request.file_name)
        DataAccessRequest.objects.filter(pk=request.pk).update(status=ExportStatus.EXPIRED, file_name="")
        purged += 1
    return purged
