"""Retention (DPP2(2)): erase the personal data of cases closed longer ago than the policy's periods."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.functions import TruncYear
from django.utils import timezone

from asmtp.audit.services import record_audit_event
from asmtp.cases.models import Application, CaseStatus, Dependant, Letter
from asmtp.cases.signals import personal_data_erased
from asmtp.policy import load_policy
from asmtp.privacy.models import PersonalDataCorrection
from asmtp.security.models import IDEMPOTENCY_KEPT_FOR, IdempotencyRecord

ERASED_MARK = "personal_data_erased_on"  # the key an erased case's applicant data keeps, with the date

# --- retention -------------------------------------------------------------------------------

UNSUCCESSFUL = frozenset({CaseStatus.REFUSED, CaseStatus.WITHDRAWN, CaseStatus.LAPSED})
GRANTED = frozenset({CaseStatus.APPROVED, CaseStatus.EVISA_ISSUED})
# What stays of the engine's JSON after erasure: statistical, not identifying.
KEPT_APPLICANT_KEYS = ("education_level", "experience_years", "residence")


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _closed_on(case: Application) -> dt.date:
    moment = case.status_changed_at or case.decided_at or case.updated_at
    return timezone.localtime(moment).date()


def _granted_until(case: Application) -> dt.date | None:
    """The last day this grant, and every case that follows it, keeps a reason to hold the data.

    `None` while any follow-up is still a draft or open: the person is still dealing with us.
    """
    end = case.limit_of_stay_on or (timezone.localtime(case.decided_at).date() if case.decided_at else None)
    if end is None:
        return None
    for later in case.follow_ups.all():
        if later.status in UNSUCCESSFUL:
            later_end: dt.date | None = _closed_on(later)
        elif later.status in GRANTED:
            later_end = _granted_until(later)
        else:
            return None
        if later_end is None:
            return None
        end = max(end, later_end)
    return end


def _expired(case: Application, today: dt.date) -> str | None:
    """Which retention rule lets this case's personal data go today (None: keep them)."""
    at = load_policy().at(today)
    if case.status in UNSUCCESSFUL:
        return (
            "unsuccessful"
            if _closed_on(case) <= _years_before(today, at["retention.unsuccessful_case_years"])
            else None
        )
    if case.status in GRANTED:
        until = _granted_until(case)
        if until is not None and until <= _years_before(today, at["retention.granted_case_years_after_stay"]):
            return "granted"
    return None


def retention_candidates(today: dt.date) -> Iterable[tuple[Application, str]]:
    """Closed cases whose personal data are due for erasure on `today`, with the rule that applies."""
    closed = Application.objects.filter(status__in=[str(s) for s in UNSUCCESSFUL | GRANTED]).exclude(
        applicant_data__has_key=ERASED_MARK
    )
    for case in closed.order_by("pk").iterator(chunk_size=500):
        rule = _expired(case, today)
        if rule:
            yield case, rule


def _erase_case(case: Application, today: dt.date) -> int:
    """Blank every personal value of the case; return how many document files go (after commit)."""
    kept = {
        key: case.applicant_data[key] for key in KEPT_APPLICANT_KEYS if key in (case.applicant_data or {})
    }
    Application.objects.filter(pk=case.pk).update(
        applicant_data={**kept, ERASED_MARK: today.isoformat()},
        name_en="",
        name_zh="",
        decision_reasons="",
        version=case.version + 1,
    )
    # The birth dates are required columns; the year stays for age statistics, the day and month go.
    Dependant.objects.filter(application=case).update(
        name_en="",
        name_zh="",
        sex="",
        marital_status="",
        mainland_id_number="",
        travel_document=None,
        date_of_birth=TruncYear("date_of_birth"),
    )
    personal_data_erased.send(sender=Application, case=case, today=today)  # the areas' own records (e-Visas, ...)
    case.events.update(reason="")
    case.information_requests.update(message="")
    case.messages.update(body="")
    case.notes.update(body="")
    Letter.objects.filter(application=case).update(body="")
    PersonalDataCorrection.objects.filter(application=case).update(
        old_value="", new_value="", salt="", note=""
    )
    for assessment in case.assessments.all():
        result = assessment.result or {}
        assessment.result = {
            "outcome": result.get("outcome"),
            "stay": result.get("stay"),
            "fees_hkd": result.get("fees_hkd"),
            "findings": [
                {"criterion": f.get("criterion"), "status": f.get("status")}
                for f in result.get("findings", [])
            ],
        }
        assessment.save(update_fields=["result"])
    files = [name for name in case.documents.values_list("file", flat=True) if name]
    case.documents.all().delete()
    def delete_files() -> None:
        for name in files:
            default_storage.delete(name)

    transaction.on_commit(delete_files)
    return len(files)


def erase_expired_personal_data(today: dt.date | None = None) -> list[str]:
    """Erase the personal data of every closed case past its retention period; safe to run twice.

    Returns the references of the cases erased. Each gets a `privacy.erased` audit entry.
    """
    today = today or timezone.localdate()
    years = load_policy().at(today)
    erased = []
    for candidate, rule in retention_candidates(today):
        with transaction.atomic():
            case = Application.objects.select_for_update().get(pk=candidate.pk)
            if ERASED_MARK in (case.applicant_data or {}) or _expired(case, today) != rule:
                continue
            files = _erase_case(case, today)
            period = years[
                f"retention.{'unsuccessful_case_years' if rule == 'unsuccessful' else 'granted_case_years_after_stay'}"
            ]
            record_audit_event(
                "privacy.erased",
                object_type="application",
                object_id=case.pk,
                data={
                    "reference": case.reference,
                    "status": case.status,
                    "rule": rule,
                    "retention_years": period,
                    "documents": files,
                    "as_of": today.isoformat(),
                },
            )
        erased.append(case.reference or f"#{case.pk}")
    return erased


def purge_expired_idempotency_records(now: dt.datetime | None = None) -> int:
    """Delete the answers kept for `Idempotency-Key` retries once they are past IDEMPOTENCY_KEPT_FOR.

    They hold what a signed-in person was answered (a redirect, a short page): personal data
    with no reason to outlive the retry they serve. Returns how many were deleted.
    """
    cutoff = (now or timezone.now()) - IDEMPOTENCY_KEPT_FOR
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
