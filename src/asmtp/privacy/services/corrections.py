"""Correction (DPP2(1)): an officer corrects one detail, audited with digests, never values."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from asmtp.accounts.models import OFFICER_ROLES, User
from asmtp.audit.models import AuditEntry
from asmtp.audit.services import record_audit_event
from asmtp.cases.models import Application, CaseStatus, Dependant
from asmtp.cases.signals import gathered, iso, personal_data_corrected
from asmtp.domain.identity import mainland_id_error, travel_document_error
from asmtp.policy import load_policy
from asmtp.privacy.errors import PrivacyError
from asmtp.privacy.models import CorrectionReason, PersonalDataCorrection
from asmtp.privacy.services.retention import ERASED_MARK

# --- correction ------------------------------------------------------------------------------

PRINCIPAL_FIELDS = (
    "name_en",
    "name_zh",
    "sex",
    "date_of_birth",
    "mainland_id_number",
    "travel_document_number",
)
DEPENDANT_FIELDS = ("name_en", "name_zh", "sex", "date_of_birth", "mainland_id_number")


def _digest(salt: str, value: str) -> str:
    return hashlib.sha256(f"{salt}\x00{value}".encode()).hexdigest()


def _clean_value(field: str, value: str, travel_document_type: str) -> str:
    value = value.strip()
    if field in {"name_en", "name_zh"}:
        if field == "name_en" and not value:
            raise PrivacyError("bad_value", "value")
        return value[: 200 if field == "name_en" else 100]
    if field == "sex":
        if value not in {"M", "F"}:
            raise PrivacyError("bad_value", "value")
        return value
    if field == "date_of_birth":
        try:
            born = dt.date.fromisoformat(value)
        except ValueError as bad:
            raise PrivacyError("bad_value", "value") from bad
        if born > timezone.localdate() or born.year < 1900:
            raise PrivacyError("bad_value", "value")
        return born.isoformat()
    if field == "mainland_id_number":
        value = value.upper()
        if value and mainland_id_error(value, load_policy().provinces.mainland) is not None:
            raise PrivacyError("bad_value", "value")
        return value
    value = "".join(value.split()).upper()
    if travel_document_error(travel_document_type or "EEP", value) is not None:
        raise PrivacyError("bad_value", "value")
    return value


def _current_value(case: Application, dependant: Dependant | None, field: str) -> str:
    if dependant is not None:
        return str(iso(getattr(dependant, field)) or "")
    if field == "travel_document_number":
        return str((case.applicant_data.get("travel_document") or {}).get("number", ""))
    return str(case.applicant_data.get(field, "") or "")


def _apply(case: Application, dependant: Dependant | None, field: str, value: str) -> None:
    if dependant is not None:
        setattr(dependant, field, dt.date.fromisoformat(value) if field == "date_of_birth" else value)
        dependant.save()
        return
    data = dict(case.applicant_data or {})
    if field == "travel_document_number":
        data["travel_document"] = {**(data.get("travel_document") or {"type": "EEP"}), "number": value}
    else:
        data[field] = value
    case.applicant_data = data
    case.name_en, case.name_zh = str(data.get("name_en", ""))[:200], str(data.get("name_zh", ""))[:100]
    case.province_code = str(data.get("mainland_id_number", ""))[:2]
    case.version += 1
    case.save()


def correct_personal_data(
    case_id: int,
    officer: User,
    *,
    field: str,
    value: str,
    reason: str,
    note: str = "",
    dependant_id: int | None = None,
    engine: Callable[..., dict[str, Any]] | None = None,
) -> PersonalDataCorrection:
    """An officer corrects one personal detail of a submitted case; audited with digests of old and new."""
    if getattr(officer, "role", None) not in OFFICER_ROLES or not officer.is_active:
        raise PrivacyError("not_allowed")
    if reason not in CorrectionReason.values:
        raise PrivacyError("unknown_reason", "reason")
    with transaction.atomic():
        case = Application.objects.select_for_update().filter(pk=case_id).first()
        if case is None:
            raise PrivacyError("no_case")
        if case.status == CaseStatus.DRAFT:
            raise PrivacyError("draft")
        if ERASED_MARK in (case.applicant_data or {}):
            raise PrivacyError("erased")
        dependant = None
        if dependant_id is not None:
            dependant = case.dependants.filter(pk=dependant_id).first()
            if dependant is None:
                raise PrivacyError("unknown_person", "person")
        if field not in (DEPENDANT_FIELDS if dependant else PRINCIPAL_FIELDS):
            raise PrivacyError("unknown_field", "field")
        document_type = str((case.applicant_data.get("travel_document") or {}).get("type", "EEP"))
        new = _clean_value(field, value, document_type)
        old = _current_value(case, dependant, field)
        if new == old:
            raise PrivacyError("unchanged", "value")
        _apply(case, dependant, field, new)
        correction = PersonalDataCorrection.objects.create(
            application=case,
            dependant=dependant,
            person=f"dependant:{dependant.position}" if dependant else "principal",
            field=field,
            old_value=old,
            new_value=new,
            salt=secrets.token_hex(16),
            reason=reason,
            note=note.strip(),
            corrected_by=officer,
        )
        # What the other areas did about it: the workbench's re-assessment flag, whether an
        # e-Visa must be issued again (asmtp/cases/signals.py).
        done: dict[str, Any] = {"reassessment_flag": None, "evisa_to_reissue": False}
        done.update(gathered(personal_data_corrected.send(sender=Application, case=case, correction=correction, engine=engine)))
        record_audit_event(
            "privacy.corrected",
            actor=officer,
            object_type="application",
            object_id=case.pk,
            data={
                "correction": correction.pk,
                "reference": case.reference,
                "person": correction.person,
                "field": field,
                "old_sha256": _digest(correction.salt, old),
                "new_sha256": _digest(correction.salt, new),
                "reason": reason,
                **done,
            },
        )
    return correction


def verify_correction(correction: PersonalDataCorrection, entry: AuditEntry) -> bool:
    """Whether the audit entry's digests match the correction's stored values (false once erased)."""
    return (
        bool(correction.salt)
        and entry.data.get("old_sha256") == _digest(correction.salt, correction.old_value)
        and (entry.data.get("new_sha256") == _digest(correction.salt, correction.new_value))
    )
