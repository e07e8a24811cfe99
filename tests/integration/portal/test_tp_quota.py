"""The Technical Professionals quota: secured at submission, never overshot, refused when full."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections, transaction
from django.utils import translation

from asmtp.cases.models import Application, TPQuotaCounter
from asmtp.cases.tp_quota import ALL_TRADES, TPQuotaFull, secure_tp_place, tp_quota_remaining
from asmtp.portal.services import ApplicationError, submit_application
from tests.integration.portal.factories import ready_to_submit

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 9, 1)
CAP = 3000  # tp.quota_per_trade in force on DAY


def _used(trade: str) -> int:
    row = TPQuotaCounter.objects.filter(trade=trade).first()
    return row.used if row else 0


def _tp_draft(applicant, trade: str = "nurse") -> Application:
    # The application form's stream and trade questions are not built yet: set what they store.
    case = ready_to_submit(applicant, offer=True)
    case.stream = "technical_professional"
    case.employment_data = {**(case.employment_data or {}), "tp_trade": trade}
    case.version += 1
    case.save()
    return case


def test_the_quota_remaining_is_shown_per_trade_of_the_tp_list_with_labels_in_the_pages_language():
    TPQuotaCounter.objects.create(trade="nurse", used=2990)
    TPQuotaCounter.objects.create(trade=ALL_TRADES, used=4000)
    state = tp_quota_remaining(DAY)
    assert (state.cap, state.remaining) == (10000, 6000)
    nurse = next(quota for quota in state.trades if quota.trade == "nurse")
    assert (nurse.cap, nurse.remaining, nurse.full) == (CAP, 10, False)
    assert (nurse.label("zh-hant"), nurse.label("zh-hans"), nurse.label("en")) == ("護士", "护士", "Nurse")
    assert len(state.trades) == 8 and state.remaining_for("bim_coordinator") == CAP


def test_the_pilots_total_limits_a_trade_that_still_has_places():
    TPQuotaCounter.objects.create(trade=ALL_TRADES, used=9998)
    assert tp_quota_remaining(DAY).remaining_for("nurse") == 2


@pytest.mark.django_db(transaction=True)
def test_a_place_is_taken_only_inside_the_submissions_transaction():
    with pytest.raises(RuntimeError):
        secure_tp_place("nurse", DAY)


def test_a_full_trade_refuses_the_place_and_leaves_the_counters_unchanged():
    TPQuotaCounter.objects.create(trade="nurse", used=CAP)
    with pytest.raises(TPQuotaFull) as full, transaction.atomic():
        secure_tp_place("nurse", DAY)
    assert full.value.code == "tp_quota_full"
    assert (_used("nurse"), _used(ALL_TRADES)) == (CAP, 0)


def test_a_full_pilot_refuses_a_trade_with_places_and_gives_the_trades_place_back():
    TPQuotaCounter.objects.create(trade=ALL_TRADES, used=10000)
    with pytest.raises(TPQuotaFull) as full, transaction.atomic():
        secure_tp_place("it_technician", DAY)
    assert full.value.code == "tp_quota_total_full"
    assert (_used("it_technician"), _used(ALL_TRADES)) == (0, 10000)


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_take_exactly_the_places_left_for_a_trade():
    TPQuotaCounter.objects.create(trade="marine_technician", used=CAP - 3)
    TPQuotaCounter.objects.create(trade=ALL_TRADES, used=500)
    threads, start = 8, threading.Barrier(8)
    taken, refused, errors = [], [], []

    def submit() -> None:
        try:
            start.wait()
            with transaction.atomic():
                secure_tp_place("marine_technician", DAY)
            taken.append(1)
        except TPQuotaFull:
            refused.append(1)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=submit) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert errors == []
    assert (len(taken), len(refused)) == (3, 5)
    assert (_used("marine_technician"), _used(ALL_TRADES)) == (CAP, 503)


def test_submitting_a_tp_application_takes_one_place_of_its_trade_once(applicant):
    case = _tp_draft(applicant)
    submitted = submit_application(case.pk, applicant, idempotency_key=case.idempotency_key or "", declared=True)
    again = submit_application(case.pk, applicant, idempotency_key=case.idempotency_key or "", declared=True)
    assert submitted.status == "submitted" and again.reference == submitted.reference
    assert (_used("nurse"), _used(ALL_TRADES)) == (1, 1)


def test_a_general_application_takes_no_tp_place(applicant):
    case = ready_to_submit(applicant, offer=True)
    submit_application(case.pk, applicant, idempotency_key=case.idempotency_key or "", declared=True)
    assert TPQuotaCounter.objects.count() == 0


def test_once_a_trade_is_full_its_application_is_not_submitted_and_says_so_in_simplified_chinese(applicant):
    TPQuotaCounter.objects.create(trade="nurse", used=CAP)
    case = _tp_draft(applicant)
    with pytest.raises(ApplicationError) as refused:
        submit_application(case.pk, applicant, idempotency_key=case.idempotency_key or "", declared=True)
    case.refresh_from_db()
    assert case.status == "draft" and not case.reference
    assert refused.value.code == "tp_quota_full"
    with translation.override("zh-hans"):
        assert "护士" in refused.value.message and "3,000" in refused.value.message and "名额" in refused.value.message
    with translation.override("zh-hant"):
        assert "護士" in refused.value.message and "名額" in refused.value.message
    with translation.override("en"):
        assert "Nurse" in refused.value.message and "full" in refused.value.message
