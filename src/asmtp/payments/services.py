"""Fees: bills at submission and on approval, payment by FPS or at the counter, reconciliation.

- `open_application_bill` runs inside the SUBMIT action's transaction: the application fee in
  force on the day of submission (dated policy data; none before 2025-02-26), for every person.
- `open_issuance_bill` runs inside the approval's transaction: the issuance fee the decision's
  assessment names, for the principal and each dependant not found ineligible.
- `pay_bill` is the one door to a paid bill, whichever way the money came (an FPS credit on the
  bank's statement, or the counter). It writes the audit entry and a receipt number, and for the
  issuance bill takes the case's RECORD_FEE action, so the e-Visa guard sees the fee paid.
- `import_statement` reads a camt.053 file an officer uploads: a credit whose reference names an
  unpaid bill, in HKD for exactly its amount, pays it; anything else becomes an exception for an
  officer to resolve. The same file (or the same bank entry in a later file) counts once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from asmtp.accounts.models import OFFICER_ROLES
from asmtp.audit.services import record_audit_event
from asmtp.cases.engine_input import engine_result
from asmtp.cases.models import Application, Dependant
from asmtp.cases.services import perform_action
from asmtp.domain.fps_qr import FpsPayment, fps_payload
from asmtp.domain.lifecycle import Action, TransitionRefused
from asmtp.errors import DetailedError
from asmtp.payments.messages import MESSAGES
from asmtp.payments.models import Bill, BillKind, FeeLine, PaymentCounter, StatementEntry, StatementImport
from asmtp.payments.statements import StatementCredit, StatementError, read_camt053
from asmtp.policy import load_policy

ISSUANCE_KINDS = frozenset({BillKind.ISSUANCE, BillKind.VISA})
BILL_REFERENCE = re.compile(r"B-?(\d{4})-?(\d{6})-?(\d)")

__all__ = ["PaymentError", "StatementError"]


class PaymentError(DetailedError):
    """A payment request the rules refuse."""

    MESSAGES = MESSAGES


# --- numbers ----------------------------------------------------------------------------------


def _next_in_series(series: str, year: int) -> int:
    counter, _created = PaymentCounter.objects.select_for_update().get_or_create(series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _check_digit(body: str) -> int:
    return sum((index + 2) * int(digit) for index, digit in enumerate(reversed(body))) % 11 % 10


def bill_reference(year: int, serial: int) -> str:
    """B-<year>-<6 digits>-<check digit>: short enough for the FPS code, a mistyped one is caught."""
    return f"B-{year}-{serial:06d}-{_check_digit(f'{year}{serial:06d}')}"


def valid_bill_reference(text: str) -> str | None:
    """The bill reference written in a payer's free text (spaces, case and dashes aside), if any."""
    compact = re.sub(r"\s+", "", text.upper())
    for match in BILL_REFERENCE.finditer(compact):
        year, serial, check = match.groups()
        if _check_digit(year + serial) == int(check):
            return bill_reference(int(year), int(serial))
    return None


def receipt_number(year: int, serial: int) -> str:
    """R-<year>-<6 digits>: numbers and the letter R only, the same in every language."""
    return f"R-{year}-{serial:06d}"


# --- billing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    dependant: Dependant | None
    name_en: str
    name_zh: str
    relationship: str


def _principal(case: Application) -> Person:
    data = case.applicant_data or {}
    return Person(None, case.name_en or str(data.get("name_en", "")), case.name_zh or str(data.get("name_zh", "")), "")


def _people(case: Application, *, admitted_only: bool) -> list[Person]:
    dependants = [
        d for d in case.dependants.all() if not (admitted_only and d.rules_outcome == "ineligible")
    ]
    return [_principal(case)] + [Person(d, d.name_en, d.name_zh, d.relationship) for d in dependants]


def application_fee_per_person(case: Application, day: dt.date) -> int:
    """The application fee per person in force on `day` under the case's edition (policy data)."""
    return int(load_policy(case.edition or None).at(day)["fees.application_fee_hkd"])


def _open_bill(case: Application, kind: BillKind, people: list[Person], amount: int, now: dt.datetime) -> Bill:
    existing = Bill.objects.filter(application=case, kind=kind).first()
    if existing is not None:
        return existing  # billed once per case and stage, however often the step is retried
    year = timezone.localtime(now).year
    bill = Bill.objects.create(
        application=case, kind=kind, reference=bill_reference(year, _next_in_series("bill", year)),
        amount_hkd=amount * len(people), created_at=now,
    )
    FeeLine.objects.bulk_create(
        FeeLine(bill=bill, position=position, dependant=person.dependant, name_en=person.name_en,
                name_zh=person.name_zh, relationship=person.relationship, amount_hkd=amount)
        for position, person in enumerate(people)
    )
    record_audit_event(
        "payment.bill_opened", object_type="application", object_id=case.pk,
        data={"bill": bill.reference, "kind": str(kind), "amount_hkd": bill.amount_hkd, "people": len(people)},
    )
    return bill


def open_application_bill(case: Application, now: dt.datetime) -> Bill | None:
    """Bill the application fee for every person, if one is in force on the day of submission."""
    amount = application_fee_per_person(case, timezone.localtime(now).date())
    if amount <= 0:
        return None
    return _open_bill(case, BillKind.APPLICATION, _people(case, admitted_only=False), amount, now)


def open_issuance_bill(case: Application, now: dt.datetime | None = None) -> Bill:
    """Bill the issuance fee the decision's assessment names, for each person who will be issued."""
    fees = engine_result(case).get("fees_hkd") or {}
    amount = int(fees.get("issuance") or 0)
    if amount <= 0:
        raise PaymentError("no_fee_in_policy", f"the assessment of {case.reference} names no issuance fee")
    # Before 26 Feb 2025 there was no application fee and one "visa fee" on approval.
    kind = BillKind.ISSUANCE if fees.get("application") else BillKind.VISA
    return _open_bill(case, kind, _people(case, admitted_only=True), amount, now or timezone.now())


def issuance_bill(case: Application) -> Bill | None:
    return Bill.objects.filter(application=case, kind__in=ISSUANCE_KINDS).first()


def issuance_bill_paid(case: Application) -> bool:
    bill = issuance_bill(case)
    return bill is not None and bill.status == Bill.Status.PAID


# --- paying -----------------------------------------------------------------------------------


def pay_bill(
    bill_id: int, user: Any, *, via: str, now: dt.datetime | None = None, entry: StatementEntry | None = None
) -> Bill:
    """Mark the bill paid (audited, with a receipt number); the issuance bill records the case's fee."""
    now = now or timezone.now()
    with transaction.atomic():
        bill = Bill.objects.select_for_update().select_related("application").get(pk=bill_id)
        if bill.status == Bill.Status.PAID:
            raise PaymentError("already_paid", bill.reference)
        year = timezone.localtime(now).year
        bill.status = Bill.Status.PAID
        bill.paid_at = now
        bill.paid_via = via
        bill.recorded_by = user
        bill.receipt_number = receipt_number(year, _next_in_series("receipt", year))
        record_audit_event(
            "payment.bill_paid", actor=user, object_type="application", object_id=bill.application_id,
            data={"bill": bill.reference, "receipt": bill.receipt_number, "amount_hkd": bill.amount_hkd, "via": via,
                  "statement_entry": entry.entry_key if entry else ""},
        )
        bill.save(update_fields=["status", "paid_at", "paid_via", "recorded_by", "receipt_number"])
        if bill.kind in ISSUANCE_KINDS:
            people = bill.lines.count()
            # The state machine refuses a case that is not approved or whose fee is recorded.
            perform_action(bill.application_id, Action.RECORD_FEE, user, now=now,
                           data={"amount_hkd": bill.amount_hkd, "people": people, "bill": bill.reference})
    return bill


def record_counter_payment(reference: str, user: Any, *, now: dt.datetime | None = None) -> Bill:
    """An officer records a bill paid in full at the counter (the fallback to FPS)."""
    if getattr(user, "role", "") not in OFFICER_ROLES:
        raise PaymentError("not_an_officer", "only officers record counter payments")
    bill = Bill.objects.filter(reference=reference).first()
    if bill is None:
        raise PaymentError("no_such_bill", reference)
    return pay_bill(bill.pk, user, via=Bill.Channel.COUNTER, now=now)


# --- FPS --------------------------------------------------------------------------------------


def fps_payment(bill: Bill) -> FpsPayment:
    """What the bill's FPS code asks the payer's bank to pay, to the department's FPS identifier."""
    return FpsPayment(
        fps_id=settings.ASMTP_FPS_ID, amount_hkd=bill.amount_hkd, reference=bill.reference,
        merchant_name=settings.ASMTP_FPS_MERCHANT_NAME, merchant_city="HONG KONG",
    )


def fps_payload_of(bill: Bill) -> str:
    return fps_payload(fps_payment(bill))


# --- reconciliation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportOutcome:
    statement_import: StatementImport
    duplicate: bool
    matched: int
    exceptions: int
    skipped: int  # debits, and credits an earlier upload already counted


def _bill_named_by(credit: StatementCredit) -> Bill | None:
    for text in credit.references:
        reference = valid_bill_reference(text)
        if reference:
            return Bill.objects.filter(reference=reference).first()
    return None


def _problem(credit: StatementCredit, bill: Bill | None) -> str:
    if bill is None:
        return StatementEntry.Problem.UNKNOWN_REFERENCE
    if credit.currency != "HKD":
        return StatementEntry.Problem.WRONG_CURRENCY
    if credit.amount != Decimal(bill.amount_hkd):
        return StatementEntry.Problem.WRONG_AMOUNT
    if bill.status == Bill.Status.PAID:
        return StatementEntry.Problem.ALREADY_PAID
    return ""


def _reconcile(statement_import: StatementImport, credit: StatementCredit, user: Any, now: dt.datetime) -> str:
    bill = _bill_named_by(credit)
    problem = _problem(credit, bill)
    entry = StatementEntry.objects.create(
        statement_import=statement_import, entry_key=credit.key, booked_on=credit.booked_on, amount=credit.amount,
        currency=credit.currency[:3], reference=" / ".join(credit.references)[:140], payer=credit.payer[:140],
        status=StatementEntry.Status.EXCEPTION if problem else StatementEntry.Status.MATCHED, problem=problem, bill=bill,
    )
    if bill is not None and not problem:
        try:
            with transaction.atomic():
                pay_bill(bill.pk, user, via=Bill.Channel.FPS, now=now, entry=entry)
        except (PaymentError, TransitionRefused):
            entry.status, entry.problem = StatementEntry.Status.EXCEPTION, StatementEntry.Problem.ALREADY_PAID
            entry.save(update_fields=["status", "problem"])
    return entry.status


def import_statement(content: bytes, file_name: str, user: Any, *, now: dt.datetime | None = None) -> ImportOutcome:
    """Reconcile a camt.053 file's credits against the bills (see the module docstring)."""
    if getattr(user, "role", "") not in OFFICER_ROLES:
        raise PaymentError("not_an_officer", "only officers upload bank statements")
    now = now or timezone.now()
    digest = hashlib.sha256(content).hexdigest()
    statements = read_camt053(content)
    with transaction.atomic():
        existing = StatementImport.objects.select_for_update().filter(sha256=digest).first()
        if existing is not None:
            return ImportOutcome(existing, True, 0, 0, 0)
        statement_import = StatementImport.objects.create(
            sha256=digest, file_name=file_name[:200], uploaded_by=user, uploaded_at=now,
            statement_ids=", ".join(s.statement_id for s in statements)[:400],
        )
        counts = {StatementEntry.Status.MATCHED: 0, StatementEntry.Status.EXCEPTION: 0, "skipped": 0}
        credits = [credit for statement in statements for credit in statement.entries]
        seen = set(StatementEntry.objects.filter(entry_key__in=[c.key for c in credits]).values_list("entry_key", flat=True))
        for credit in credits:
            if not credit.credit or credit.key in seen:
                counts["skipped"] += 1
                continue
            seen.add(credit.key)
            counts[_reconcile(statement_import, credit, user, now)] += 1
        outcome = ImportOutcome(
            statement_import, False, counts[StatementEntry.Status.MATCHED], counts[StatementEntry.Status.EXCEPTION],
            counts["skipped"],
        )
        record_audit_event(
            "payment.statement_imported", actor=user, object_type="statement", object_id=statement_import.pk,
            data={"sha256": digest, "matched": outcome.matched, "exceptions": outcome.exceptions, "skipped": outcome.skipped},
        )
    return outcome


def resolve_exception(entry_id: int, user: Any, *, note: str, bill_reference: str = "",
                      now: dt.datetime | None = None) -> StatementEntry:
    """Close an exception: pay the bill an officer names with this credit, or record why not (a refund)."""
    if getattr(user, "role", "") not in OFFICER_ROLES:
        raise PaymentError("not_an_officer", "only officers resolve payment exceptions")
    if not note.strip():
        raise PaymentError("note_required", "say how the exception is resolved")
    now = now or timezone.now()
    with transaction.atomic():
        entry = StatementEntry.objects.select_for_update().get(pk=entry_id)
        if entry.status != StatementEntry.Status.EXCEPTION:
            raise PaymentError("not_an_exception", str(entry_id))
        if bill_reference.strip():
            reference = valid_bill_reference(bill_reference)
            bill = Bill.objects.filter(reference=reference).first() if reference else None
            if bill is None:
                raise PaymentError("no_such_bill", bill_reference)
            pay_bill(bill.pk, user, via=Bill.Channel.FPS, now=now, entry=entry)
            entry.bill = bill
        entry.status = StatementEntry.Status.RESOLVED
        entry.resolved_by, entry.resolved_at, entry.resolution = user, now, note.strip()
        record_audit_event(
            "payment.exception_resolved", actor=user, object_type="statement_entry", object_id=entry.pk,
            data={"problem": entry.problem, "bill": entry.bill.reference if entry.bill else "", "note": note.strip()},
        )
        entry.save(update_fields=["status", "bill", "resolved_by", "resolved_at", "resolution"])
    return entry


def open_exceptions() -> list[StatementEntry]:
    return list(StatementEntry.objects.filter(status=StatementEntry.Status.EXCEPTION).select_related("bill", "statement_import"))


def record_issuance_fee(case_id: int, user: Any, *, now: dt.datetime | None = None) -> list[FeeLine]:
    """An officer records the issuance bill paid in full at the counter (the fallback to FPS).

    The bill (one line per person: the principal and each admitted dependant) is opened on
    approval; a case approved before bills existed gets it here. Paying it takes RECORD_FEE.
    """
    if getattr(user, "role", "") not in OFFICER_ROLES:
        raise PaymentError("not_an_officer", "only officers record counter payments")
    with transaction.atomic():
        case = Application.objects.select_for_update().get(pk=case_id)
        try:
            bill = open_issuance_bill(case, now)
            pay_bill(bill.pk, user, via=Bill.Channel.COUNTER, now=now)
        except PaymentError as error:
            if error.code == "already_paid":
                raise TransitionRefused("fee_already_paid", "the fee is already recorded") from None
            raise
        return list(bill.lines.select_related("dependant"))
