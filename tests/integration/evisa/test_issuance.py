"""Issuance fee and issuance: through the state machine, per person, audited."""

from __future__ import annotations

import datetime as dt

import pytest

from asmtp.audit.models import AuditEntry
from asmtp.cases.models import CaseEvent
from asmtp.domain.evisa_token import Condition, Result
from asmtp.domain.lifecycle import TransitionRefused
from asmtp.evisa.models import EVisa
from asmtp.evisa.services import EVisaError, issue_evisa, revoke_evisa, verify_evisa
from asmtp.payments.services import record_issuance_fee
from tests.integration.evisa.factories import CHILD, SPOUSE, approved_case

pytestmark = pytest.mark.django_db

ISSUED_ON = dt.date(2026, 3, 20)


def test_the_issuance_fee_is_recorded_for_each_person_at_the_policy_amount(applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer, dependants=(SPOUSE, CHILD))

    payments = record_issuance_fee(case.pk, officer)

    case.refresh_from_db()
    assert case.fee_paid
    assert [(p.bill.kind, p.amount_hkd, p.dependant.name_en if p.dependant else None) for p in payments] == [
        ("issuance", 1300, None), ("issuance", 1300, "WANG, Fang"), ("issuance", 1300, "LI, Xiaoming"),
    ]
    assert CaseEvent.objects.filter(application=case, action="record_fee").get().data == {
        "amount_hkd": 3900, "people": 3, "bill": payments[0].bill.reference,
    }


def test_the_fee_cannot_be_recorded_twice(applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer, with_fee=True)

    with pytest.raises(TransitionRefused) as refused:
        record_issuance_fee(case.pk, officer)

    assert refused.value.code == "fee_already_paid"
    assert case.bills.get(kind="issuance").lines.count() == 1


def test_no_evisa_is_issued_before_the_fee_is_recorded(applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer)

    with pytest.raises(TransitionRefused) as refused:
        issue_evisa(case.pk, officer, today=ISSUED_ON)

    assert refused.value.code == "fee_unpaid"
    assert not EVisa.objects.exists()


def test_an_applicant_cannot_issue_their_own_evisa(applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer, with_fee=True)

    with pytest.raises(EVisaError):
        issue_evisa(case.pk, applicant, today=ISSUED_ON)

    case.refresh_from_db()
    assert case.status == "approved"


def test_issuing_gives_each_person_an_evisa_tied_to_the_principals_and_closes_the_case(applicant, officer, senior_officer, employer_staff):
    case = approved_case(applicant, officer, senior_officer, offer_by=employer_staff, dependants=(SPOUSE, CHILD), with_fee=True)

    principal, spouse, child = issue_evisa(case.pk, officer, today=ISSUED_ON)

    case.refresh_from_db()
    assert case.status == "evisa_issued"
    assert (principal.condition, principal.employer_name) == (Condition.EMPLOYER_ONLY, "Harbour Analytics Limited")
    assert principal.travel_document == "EEP C12345678"
    assert case.limit_of_stay_on is not None and principal.limit_of_stay_on == case.limit_of_stay_on  # the stay decide_case granted
    assert [spouse.principal, child.principal] == [principal, principal]
    assert {spouse.limit_of_stay_on, child.limit_of_stay_on} == {principal.limit_of_stay_on}
    assert (spouse.condition, child.relationship) == (Condition.DEPENDANT, "child")
    assert AuditEntry.objects.get(action="evisa.issued").data["numbers"] == [principal.number, spouse.number, child.number]


@pytest.mark.django_db(transaction=True)
def test_the_holder_is_told_by_email_in_the_language_of_the_case_once_the_issue_commits(applicant, officer, senior_officer, mailoutbox, run_jobs):
    case = approved_case(applicant, officer, senior_officer, with_fee=True)

    principal = issue_evisa(case.pk, officer, today=ISSUED_ON)[0]
    run_jobs()

    evisa_mail = [message for message in mailoutbox if principal.number in message.subject]
    assert [(message.to, message.subject) for message in evisa_mail] == [([applicant.email], f"您的电子签证 {principal.number} 已签发")]
    assert "工作权利" in evisa_mail[0].body


def test_without_a_sponsor_the_condition_is_any_employment(applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer, with_fee=True)

    evisa = issue_evisa(case.pk, officer, today=ISSUED_ON)[0]

    assert evisa.condition == Condition.ANY_EMPLOYMENT
    assert evisa.employer_name == ""


def test_evisa_numbers_count_up_within_the_year_and_carry_a_check_digit(applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer, dependants=(SPOUSE,), with_fee=True)

    numbers = [evisa.number for evisa in issue_evisa(case.pk, officer, today=ISSUED_ON)]

    assert [number[:15] for number in numbers] == ["EV-2026-000001-", "EV-2026-000002-"]
    assert all(number[-1].isdigit() for number in numbers)


def test_a_revocation_needs_a_reason_and_an_officer(applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer, with_fee=True)
    evisa = issue_evisa(case.pk, officer, today=ISSUED_ON)[0]

    with pytest.raises(EVisaError) as no_reason:
        revoke_evisa(evisa.number, officer, "   ")
    with pytest.raises(EVisaError) as not_officer:
        revoke_evisa(evisa.number, applicant, "I no longer need it")

    assert (no_reason.value.code, not_officer.value.code) == ("reason_required", "not_an_officer")
    evisa.refresh_from_db()
    assert evisa.status == EVisa.Status.ISSUED


def test_revocation_is_audited_with_its_reason_and_cannot_be_repeated(applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer, dependants=(SPOUSE,), with_fee=True)
    principal, spouse = issue_evisa(case.pk, officer, today=ISSUED_ON)

    revoke_evisa(principal.number, senior_officer, "Employment ended.")

    entry = AuditEntry.objects.get(action="evisa.revoked")
    assert entry.actor_id == senior_officer.pk
    assert entry.data == {"numbers": [principal.number, spouse.number], "reason": "Employment ended."}
    with pytest.raises(EVisaError) as again:
        revoke_evisa(principal.number, senior_officer, "again")
    assert again.value.code == "already_revoked"


def test_every_verification_is_audited_with_its_result_and_nothing_about_the_verifier(applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer, with_fee=True)
    evisa = issue_evisa(case.pk, officer, today=ISSUED_ON)[0]

    verify_evisa(evisa.token_work, channel="web", today=dt.date(2026, 4, 1))
    verify_evisa("HKEV1:NOT A TOKEN", channel="api", today=dt.date(2026, 4, 1))
    verify_evisa(evisa.token_full, channel="api", today=case.limit_of_stay_on + dt.timedelta(days=30))

    entries = list(AuditEntry.objects.filter(action="evisa.verified").order_by("id"))
    assert [(e.data["result"], e.data["channel"], e.object_id) for e in entries] == [
        ("valid", "web", evisa.number), ("not_genuine", "api", ""), ("expired", "api", evisa.number),
    ]
    assert {(e.actor_id, e.actor_label) for e in entries} == {(None, "system")}
    assert all("1990" not in str(e.data) and "LI" not in str(e.data) for e in entries)


def test_an_expired_evisa_verifies_as_expired(applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer, with_fee=True)
    evisa = issue_evisa(case.pk, officer, today=ISSUED_ON)[0]

    assert verify_evisa(evisa.token_full, channel="web", today=case.limit_of_stay_on).result is Result.VALID
    assert verify_evisa(evisa.token_full, channel="web", today=case.limit_of_stay_on + dt.timedelta(days=1)).result is Result.EXPIRED
