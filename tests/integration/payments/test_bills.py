"""Bills: the application fee at submission (from the dated policy), the issuance fee on approval,
one line per person by name; counter payment as the fallback; nothing issued before it is paid."""

from __future__ import annotations

import datetime as dt

import pytest

from asmtp.audit.models import AuditEntry
from asmtp.cases.models import CaseEvent, Letter
from asmtp.domain.lifecycle import TransitionRefused
from asmtp.evisa.models import EVisa
from asmtp.evisa.services import issue_evisa
from asmtp.payments.models import Bill
from asmtp.payments.services import record_counter_payment, valid_bill_reference
from tests.integration.evisa.factories import CHILD, SPOUSE
from tests.integration.payments.statements import approved_by_decision, submitted_case

pytestmark = pytest.mark.django_db


def test_a_submission_bills_the_application_fee_for_each_person_by_name(applicant):
    case = submitted_case(applicant, dependants=(SPOUSE, CHILD))

    bill = Bill.objects.get(application=case)
    assert (bill.kind, bill.status, bill.amount_hkd) == ("application", "unpaid", 1800)
    assert [(line.name_en, line.relationship, line.amount_hkd) for line in bill.lines.all()] == [
        ("LI, Wei", "", 600), ("WANG, Fang", "spouse", 600), ("LI, Xiaoming", "child", 600),
    ]
    assert valid_bill_reference(bill.reference) == bill.reference


def test_a_submission_before_26_february_2025_is_billed_nothing(applicant):
    case = submitted_case(applicant, on=dt.datetime(2025, 2, 25, 9, 0, tzinfo=dt.UTC))

    assert not Bill.objects.filter(application=case).exists()


def test_approval_bills_the_issuance_fee_for_each_person_not_found_ineligible(applicant, officer, senior_officer):
    case = approved_by_decision(applicant, officer, senior_officer, dependants=(SPOUSE, CHILD),
                                dependant_outcomes=("eligible", "ineligible"))

    bill = Bill.objects.get(application=case, kind="issuance")
    assert bill.amount_hkd == 2600
    assert [line.name_en for line in bill.lines.all()] == ["LI, Wei", "WANG, Fang"]
    letter = Letter.objects.get(application=case, kind="approval")
    assert bill.reference in letter.body and "港币2,600元" in letter.body  # the letter is in Simplified Chinese
    assert f"/zh-hans/payments/case/{case.pk}/" in letter.body


def test_no_evisa_is_issued_while_the_issuance_bill_is_unpaid(applicant, officer, senior_officer):
    case = approved_by_decision(applicant, officer, senior_officer)

    with pytest.raises(TransitionRefused) as refused:
        issue_evisa(case.pk, officer, today=dt.date(2026, 3, 20))

    assert refused.value.code == "fee_unpaid"
    assert not EVisa.objects.exists()


def test_a_counter_payment_pays_the_bill_records_the_fee_and_numbers_a_receipt(applicant, officer, senior_officer):
    case = approved_by_decision(applicant, officer, senior_officer, dependants=(SPOUSE,))
    bill = Bill.objects.get(application=case, kind="issuance")

    paid = record_counter_payment(bill.reference, officer)

    assert (paid.status, paid.paid_via) == ("paid", "counter")
    assert paid.receipt_number.startswith("R-2026-") and paid.receipt_number[2:].replace("-", "").isdigit()
    assert CaseEvent.objects.get(application=case, action="record_fee").data == {
        "amount_hkd": 2600, "people": 2, "bill": bill.reference,
    }
    assert AuditEntry.objects.filter(action="payment.bill_paid", object_id=str(case.pk)).exists()
    assert len(issue_evisa(case.pk, officer, today=dt.date(2026, 3, 20))) == 2


def test_a_flag_set_by_hand_does_not_stand_in_for_a_paid_bill(applicant, officer, senior_officer):
    case = approved_by_decision(applicant, officer, senior_officer)
    type(case).objects.filter(pk=case.pk).update(fee_paid=True)

    with pytest.raises(TransitionRefused) as refused:
        issue_evisa(case.pk, officer, today=dt.date(2026, 3, 20))

    assert refused.value.code == "fee_unpaid"
