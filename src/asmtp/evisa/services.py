"""e-Visas: the issuance fee at the counter, issuance, revocation, and verification (audited).

The case's status changes only through `perform_action` (RECORD_FEE, ISSUE_EVISA); the
e-Visa rows are written in the same transaction, so a case is never `evisa_issued` without its
e-Visas or the other way round. Verification is public: its audit entry records when, through
which channel and with what result, never who asked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from asmtp.accounts.models import OFFICER_ROLES
from asmtp.audit.services import record_audit_event
from asmtp.cases.engine_input import engine_result
from asmtp.cases.models import Application, Dependant
from asmtp.cases.services import perform_action
from asmtp.cases.tp_quota import TECHNICAL_PROFESSIONAL
from asmtp.domain.evisa_token import (
    KEYS_FORMAT,
    Condition,
    EVisaClaims,
    Result,
    Verification,
    View,
    restrict_to_view,
    sign_revocation_list,
    sign_token,
    verify_token,
)
from asmtp.domain.lifecycle import Action, add_months
from asmtp.errors import DetailedError
from asmtp.evisa.messages import MESSAGES
from asmtp.evisa.models import EVisa, EVisaNumberCounter
from asmtp.evisa.notifications import evisa_ready_email
from asmtp.evisa.scanning import ScanError, tokens_in_file
from asmtp.evisa.signing_keys import current_signing_key, public_keys, published_key_entries
from asmtp.jobs.mail import queue_email

ISSUER = "ASMTP e-Visa service"
CHANNELS = frozenset({"web", "api", "upload"})


class EVisaError(DetailedError):
    """A request the e-Visa rules refuse."""

    MESSAGES = MESSAGES


# --- fees -----------------------------------------------------------------------------------


def admitted_dependants(case: Application) -> list[Dependant]:
    """The dependants who receive an e-Visa: all but those the rules found ineligible."""
    return [dependant for dependant in case.dependants.all() if dependant.rules_outcome != "ineligible"]


# --- issuance -------------------------------------------------------------------------------


def next_evisa_number(year: int) -> str:
    """EV-<year>-<6 digits>-<check digit>; the check digit catches a mistyped number."""
    counter, _ = EVisaNumberCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    body = f"{year}{counter.last:06d}"
    check = sum((index + 2) * int(digit) for index, digit in enumerate(reversed(body))) % 11 % 10
    return f"EV-{year}-{counter.last:06d}-{check}"


def _travel_document(data: Any) -> str:
    if isinstance(data, dict) and data.get("number"):
        return f"{data.get('type', '')} {data['number']}".strip()
    return ""


def limit_of_stay(case: Application, issued_on: dt.date) -> dt.date:
    """The decision's limit of stay, else the granted (or assessed) initial stay from the day of issue."""
    if case.limit_of_stay_on:
        return case.limit_of_stay_on
    months = case.granted_months or int((engine_result(case).get("stay") or {}).get("initial_months") or 0)
    if months <= 0:
        raise EVisaError("no_limit_of_stay", f"{case.reference} has no granted stay")
    return add_months(issued_on, months)


def _claims_of(evisa: EVisa) -> EVisaClaims:
    return EVisaClaims(
        number=evisa.number,
        view=View.FULL,
        name_en=evisa.name_en,
        name_zh=evisa.name_zh or None,
        date_of_birth=evisa.date_of_birth,
        travel_document=evisa.travel_document or None,
        employer=evisa.employer_name or None,
        condition=Condition(evisa.condition),
        limit_of_stay=evisa.limit_of_stay_on,
        issued_on=evisa.issued_on,
        principal_number=evisa.principal.number if evisa.principal else None,
        relationship=evisa.relationship or None,
        trade=evisa.tp_trade or None,
    )


def _sign(evisa: EVisa) -> None:
    key = current_signing_key()
    claims = _claims_of(evisa)
    evisa.key_id = key.kid
    evisa.token_full = sign_token(claims, key.private_key)
    evisa.token_work = sign_token(restrict_to_view(claims, View.WORK), key.private_key)
    evisa.save(update_fields=["key_id", "token_full", "token_work"])


def _principal_evisa(case: Application, user: Any, issued_on: dt.date, stay_until: dt.date) -> EVisa:
    data = case.applicant_data or {}
    employer = (case.offer.company.name_en if case.offer else "") or (case.employment_data or {}).get("employer_name", "")
    return EVisa.objects.create(
        number=next_evisa_number(issued_on.year),
        application=case,
        name_en=case.name_en or data.get("name_en", ""),
        name_zh=case.name_zh or data.get("name_zh", ""),
        date_of_birth=dt.date.fromisoformat(str(data["date_of_birth"])),
        travel_document=_travel_document(data.get("travel_document")),
        condition=Condition.EMPLOYER_ONLY if employer else Condition.ANY_EMPLOYMENT,
        employer_name=employer,
        tp_trade=str((case.employment_data or {}).get("tp_trade") or "") if case.stream == TECHNICAL_PROFESSIONAL else "",
        limit_of_stay_on=stay_until,
        issued_on=issued_on,
        issued_by=user,
    )


def _dependant_evisa(principal: EVisa, dependant: Dependant, user: Any) -> EVisa:
    return EVisa.objects.create(
        number=next_evisa_number(principal.issued_on.year),
        application=principal.application,
        dependant=dependant,
        principal=principal,
        name_en=dependant.name_en,
        name_zh=dependant.name_zh,
        date_of_birth=dependant.date_of_birth,
        travel_document=_travel_document(dependant.travel_document),
        relationship=dependant.relationship,
        condition=Condition.DEPENDANT,
        # Dependants' stay follows the principal's (rules.md "Limit of stay").
        limit_of_stay_on=principal.limit_of_stay_on,
        issued_on=principal.issued_on,
        issued_by=user,
    )


def issue_evisa(case_id: int, user: Any, *, today: dt.date | None = None, now: dt.datetime | None = None) -> list[EVisa]:
    """Issue the principal's and each admitted dependant's e-Visa and mark the case `evisa_issued`."""
    if getattr(user, "role", "") not in OFFICER_ROLES:
        raise EVisaError("not_an_officer", "only officers issue e-Visas")
    issued_on = today or (timezone.localtime(now).date() if now else timezone.localdate())
    with transaction.atomic():
        # The state machine checks approval by a second officer and the fee before anything is written.
        # Payments refuses the step if no paid bill shows the fee (asmtp.payments.receivers).
        case = perform_action(case_id, Action.ISSUE_EVISA, user, now=now)
        principal = _principal_evisa(case, user, issued_on, limit_of_stay(case, issued_on))
        evisas = [principal] + [_dependant_evisa(principal, dependant, user) for dependant in admitted_dependants(case)]
        for evisa in evisas:
            _sign(evisa)
        record_audit_event(
            "evisa.issued",
            actor=user,
            object_type="application",
            object_id=case.pk,
            data={"reference": case.reference, "numbers": [evisa.number for evisa in evisas], "key_id": principal.key_id},
        )
        _notify_holder(case, principal)
    return evisas


def _notify_holder(case: Application, principal: EVisa) -> None:
    subject, body = evisa_ready_email(case.language or case.applicant.preferred_language, principal.number)
    queue_email([case.applicant.email], subject, body)


# --- revocation -----------------------------------------------------------------------------


def revoke_evisa(number: str, user: Any, reason: str, *, now: dt.datetime | None = None) -> list[EVisa]:
    """Revoke an e-Visa (an officer's act, with a reason); a principal's takes its dependants' with it."""
    if getattr(user, "role", "") not in OFFICER_ROLES:
        raise EVisaError("not_an_officer", "only officers revoke e-Visas")
    if not reason.strip():
        raise EVisaError("reason_required", "a revocation needs a reason")
    now = now or timezone.now()
    with transaction.atomic():
        evisa = EVisa.objects.select_for_update().filter(number=number).first()
        if evisa is None:
            raise EVisaError("not_found", number)
        if evisa.status == EVisa.Status.REVOKED:
            raise EVisaError("already_revoked", number)
        affected = [evisa, *evisa.dependant_evisas.select_for_update().filter(status=EVisa.Status.ISSUED)]
        for item in affected:
            item.status = EVisa.Status.REVOKED
            item.revoked_at = now
            item.revoked_by = user
            item.revocation_reason = reason.strip()
            item.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
        record_audit_event(
            "evisa.revoked",
            actor=user,
            object_type="evisa",
            object_id=evisa.number,
            data={"numbers": [item.number for item in affected], "reason": reason.strip()},
        )
    return affected


def revoked_numbers() -> list[str]:
    return list(EVisa.objects.filter(status=EVisa.Status.REVOKED).values_list("number", flat=True))


# --- verification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VerificationOutcome:
    verification: Verification
    checked_on: dt.date

    @property
    def result(self) -> Result:
        return self.verification.result


def verify_evisa(token: str, *, channel: str, today: dt.date | None = None) -> VerificationOutcome:
    """Check a token against every published key and the live revocation list, and audit the check."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown verification channel {channel!r}")
    today = today or timezone.localdate()
    verification = verify_token(token, public_keys(), revoked_numbers(), today)
    claims = verification.claims
    # When, how and with what result; the e-Visa number only when the token is genuine (so
    # forged input never lands in the log), and nothing about the person asking.
    record_audit_event(
        "evisa.verified",
        object_type="evisa",
        object_id=claims.number if claims else "",
        data={
            "result": str(verification.result),
            "channel": channel,
            "view": str(claims.view) if claims else "",
            "key_id": verification.key_id or "",
            "problem": verification.problem,
        },
    )
    return VerificationOutcome(verification, today)


def verify_evisa_file(content: bytes, *, channel: str = "upload", today: dt.date | None = None) -> list[VerificationOutcome]:
    """Verify every e-Visa QR code found in an uploaded PDF or image; `EVisaError` if none is found."""
    try:
        tokens = tokens_in_file(content)
    except ScanError as exc:
        raise EVisaError(exc.code, str(exc)) from exc
    if not tokens:
        raise EVisaError("no_code_found", "no e-Visa QR code in the file")
    return [verify_evisa(token, channel=channel, today=today) for token in tokens]


# --- publishing -----------------------------------------------------------------------------


def verification_bundle(today: dt.date | None = None) -> dict[str, Any]:
    """What an offline verifier caches: every public key and a signed, dated revocation list."""
    today = today or timezone.localdate()
    key = current_signing_key()
    return {
        "format": KEYS_FORMAT,
        "issuer": ISSUER,
        "published_on": today.isoformat(),
        "keys": published_key_entries(),
        "revocation_list": sign_revocation_list(revoked_numbers(), today, key.private_key),
    }


# --- queries for the pages ------------------------------------------------------------------


def evisas_of_holder(user: Any) -> list[EVisa]:
    """The e-Visas of the cases this applicant owns (their own and their dependants')."""
    return list(EVisa.objects.filter(application__applicant=user).select_related("principal", "application").order_by("id"))


def evisa_for_viewer(number: str, user: Any) -> EVisa | None:
    """The e-Visa if this user may see it (its holder's account or an officer), else None (a 404)."""
    evisa = EVisa.objects.select_related("application", "principal").filter(number=number).first()
    if evisa is None:
        return None
    if getattr(user, "role", "") in OFFICER_ROLES or evisa.application.applicant_id == getattr(user, "pk", None):
        return evisa
    return None
