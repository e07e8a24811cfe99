"""Reconciling the bank's camt.053 statement: exact matches pay their bills, the rest are exceptions."""

from __future__ import annotations

import pytest

from asmtp.audit.models import AuditEntry
from asmtp.payments.models import Bill, StatementEntry, StatementImport
from asmtp.payments.services import PaymentError, import_statement, resolve_exception
from asmtp.payments.statements import StatementError, read_camt053
from tests.integration.evisa.factories import SPOUSE
from tests.integration.payments.statements import approved_by_decision, camt053, submitted_case

pytestmark = pytest.mark.django_db


def _bill(applicant, **kwargs) -> Bill:
    return Bill.objects.get(application=submitted_case(applicant, **kwargs))


def test_a_credit_quoting_the_bill_for_its_exact_amount_pays_it(applicant, officer):
    bill = _bill(applicant, dependants=(SPOUSE,))

    outcome = import_statement(camt053({"amount": "1200.00", "reference": f"FPS {bill.reference}"}), "day.xml", officer)

    bill.refresh_from_db()
    assert (outcome.matched, outcome.exceptions) == (1, 0)
    assert (bill.status, bill.paid_via) == ("paid", "fps") and bill.receipt_number
    assert StatementEntry.objects.get().status == "matched"
    assert AuditEntry.objects.filter(action="payment.bill_paid", data__bill=bill.reference).exists()


def test_a_structured_creditor_reference_is_read_as_well(applicant, officer):
    bill = _bill(applicant)

    import_statement(camt053({"amount": "600", "reference": bill.reference, "structured": True}), "day.xml", officer)

    bill.refresh_from_db()
    assert bill.status == "paid"


def test_the_issuance_bill_paid_by_fps_records_the_cases_fee(applicant, officer, senior_officer):
    case = approved_by_decision(applicant, officer, senior_officer)
    bill = Bill.objects.get(application=case, kind="issuance")

    import_statement(camt053({"amount": "1300.00", "reference": bill.reference}), "day.xml", officer)

    case.refresh_from_db()
    assert case.fee_paid


def test_a_wrong_amount_leaves_the_bill_unpaid_and_goes_to_the_exceptions(applicant, officer):
    bill = _bill(applicant)

    outcome = import_statement(camt053({"amount": "60.00", "reference": bill.reference}), "day.xml", officer)

    bill.refresh_from_db()
    entry = StatementEntry.objects.get()
    assert (outcome.matched, outcome.exceptions) == (0, 1)
    assert bill.status == "unpaid"
    assert (entry.status, entry.problem, entry.bill) == ("exception", "wrong_amount", bill)


def test_an_unknown_reference_goes_to_the_exceptions(applicant, officer):
    _bill(applicant)

    import_statement(camt053({"amount": "600.00", "reference": "INVOICE 42"}), "day.xml", officer)

    entry = StatementEntry.objects.get()
    assert (entry.status, entry.problem, entry.bill) == ("exception", "unknown_reference", None)
    assert not Bill.objects.filter(status="paid").exists()


def test_debits_are_not_reconciled(applicant, officer):
    bill = _bill(applicant)

    outcome = import_statement(camt053({"amount": "600.00", "reference": bill.reference, "credit": False}), "d.xml", officer)

    assert (outcome.matched, outcome.exceptions, outcome.skipped) == (0, 0, 1)


def test_uploading_the_same_statement_twice_counts_nothing_twice(applicant, officer):
    bill = _bill(applicant)
    content = camt053({"amount": "600.00", "reference": bill.reference}, {"amount": "5.00", "reference": "X"})
    import_statement(content, "day.xml", officer)

    again = import_statement(content, "day (1).xml", officer)

    bill.refresh_from_db()
    assert again.duplicate
    assert StatementImport.objects.count() == 1
    assert StatementEntry.objects.count() == 2
    assert Bill.objects.filter(status="paid").count() == 1 and bill.receipt_number


def test_an_entry_repeated_in_a_later_statement_counts_once(applicant, officer):
    bill = _bill(applicant)
    entry = {"amount": "600.00", "reference": bill.reference, "bank_ref": "FPS-REF-1"}
    import_statement(camt053(entry, statement_id="A"), "a.xml", officer)

    later = import_statement(camt053(entry, statement_id="B"), "b.xml", officer)

    assert (later.matched, later.exceptions, later.skipped) == (0, 0, 1)


def test_an_officer_resolves_an_exception_by_settling_the_bill(applicant, officer):
    bill = _bill(applicant)
    import_statement(camt053({"amount": "600.00", "reference": "LI WEI VISA FEE"}), "day.xml", officer)
    entry = StatementEntry.objects.get()

    resolve_exception(entry.pk, officer, note="Payer named the case by phone", bill_reference=bill.reference)

    bill.refresh_from_db()
    entry.refresh_from_db()
    assert bill.status == "paid"
    assert (entry.status, entry.bill, entry.resolved_by) == ("resolved", bill, officer)
    assert AuditEntry.objects.filter(action="payment.exception_resolved").exists()


def test_resolving_needs_a_note(applicant, officer):
    import_statement(camt053({"amount": "5.00", "reference": "X"}), "day.xml", officer)

    with pytest.raises(PaymentError) as refused:
        resolve_exception(StatementEntry.objects.get().pk, officer, note=" ")

    assert refused.value.code == "note_required"


def test_an_applicant_cannot_upload_a_statement(applicant):
    with pytest.raises(PaymentError):
        import_statement(camt053({"amount": "5.00", "reference": "X"}), "day.xml", applicant)


def test_a_statement_declaring_entities_is_refused_unread():
    bomb = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><Document>&b;</Document>'

    with pytest.raises(StatementError) as refused:
        read_camt053(bomb)

    assert refused.value.code == "unsafe_xml"


def test_a_file_that_is_not_a_statement_is_refused():
    with pytest.raises(StatementError) as refused:
        read_camt053(b"<Document><CstmrCdtTrfInitn/></Document>")

    assert refused.value.code == "bad_statement"
