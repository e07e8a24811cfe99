"""Holders are e-mailed in their language when the window to apply for an extension opens and
again 6 weeks before the limit of stay, each reminder once, with the warning that a holder whose
extension is not granted by then must leave."""

from __future__ import annotations

import datetime as dt

import pytest

from asmtp.cases.models import Application, ApplicationKind
from asmtp.portal.extensions import send_extension_reminders
from asmtp.portal.models import ExtensionReminder
from asmtp.portal.tasks import send_extension_reminders as reminder_task
from tests.factories import decided_for, make_case

pytestmark = pytest.mark.django_db

LEAVE = {
    "en": "If your extension has not been granted by the end of your limit of stay, you must leave Hong Kong by then.",
    "zh-hans": "如在逗留期限届满前延期申请仍未获批准，您必须在期限届满前离开香港。",
    "zh-hant": "如在逗留期限屆滿前延期申請仍未獲批准，您必須在期限屆滿前離開香港。",
}


TRANSACTIONAL = pytest.mark.django_db(transaction=True)  # the worker sees only committed jobs


@pytest.fixture
def granted(applicant, officer, senior_officer):
    """An e-Visa holder's case whose stay, granted by decide_case 36 months before, ends on `limit`."""

    def make(limit: dt.date, language: str = "en") -> Application:
        case = make_case(applicant, "issued", officer=officer, senior_officer=senior_officer, language=language,
                         at=decided_for(limit))
        assert case.limit_of_stay_on == limit
        return case

    return make


@TRANSACTIONAL
def test_the_first_reminder_goes_on_the_day_the_3_month_window_opens_and_only_once(applicant, granted, mailoutbox, run_jobs):
    case = granted(dt.date(2026, 9, 30))
    assert send_extension_reminders(dt.date(2026, 6, 29)) == 0
    assert send_extension_reminders(dt.date(2026, 6, 30)) == 1
    assert send_extension_reminders(dt.date(2026, 6, 30)) == 0
    assert send_extension_reminders(dt.date(2026, 7, 1)) == 0
    run_jobs()
    [mail] = [m for m in mailoutbox if "apply to extend it" in m.subject]
    assert case.reference in mail.subject
    assert mail.to == [applicant.email]
    assert "You can now apply to extend your stay, in the 3 months before your limit of stay, which ends on 30 Sep 2026." in mail.body
    assert LEAVE["en"] in mail.body


@TRANSACTIONAL
def test_the_second_reminder_goes_6_weeks_before_the_limit_of_stay(applicant, granted, mailoutbox, run_jobs):
    case = granted(dt.date(2026, 9, 30))
    send_extension_reminders(dt.date(2026, 6, 30))
    assert send_extension_reminders(dt.date(2026, 8, 18)) == 0
    assert send_extension_reminders(dt.date(2026, 8, 19)) == 1  # 6 weeks before 30 September
    assert send_extension_reminders(dt.date(2026, 8, 20)) == 0
    assert sorted(case.extension_reminders.values_list("kind", "sent_on")) == [
        ("late", dt.date(2026, 8, 19)), ("window_open", dt.date(2026, 6, 30)),
    ]
    run_jobs()
    late = [m for m in mailoutbox if "you have not yet applied" in m.body]
    assert len(late) == 1 and LEAVE["en"] in late[0].body


@TRANSACTIONAL
def test_before_march_2026_the_one_reminder_comes_when_the_4_week_window_opens(applicant, granted, mailoutbox, run_jobs):
    granted(dt.date(2026, 3, 20))
    assert send_extension_reminders(dt.date(2026, 2, 19)) == 0
    assert send_extension_reminders(dt.date(2026, 2, 20)) == 1
    assert send_extension_reminders(dt.date(2026, 2, 21)) == 0  # the window opened inside the last 6 weeks
    run_jobs()
    assert "in the 4 weeks before your limit of stay, which ends on 20 Mar 2026" in mailoutbox[-1].body


@TRANSACTIONAL
@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_a_reminder_is_written_in_the_holders_language(applicant, granted, mailoutbox, run_jobs, language):
    granted(dt.date(2026, 9, 30), language=language)
    send_extension_reminders(dt.date(2026, 7, 15))
    run_jobs()
    assert LEAVE[language] in mailoutbox[-1].body
    window = {"en": "3 months", "zh-hans": "3个月", "zh-hant": "3個月"}[language]
    assert window in mailoutbox[-1].body


def test_a_holder_who_has_applied_for_an_extension_is_not_reminded(applicant, granted):
    case = granted(dt.date(2026, 9, 30))
    make_case(applicant, "submitted", kind=ApplicationKind.EXTENSION, previous=case)
    assert send_extension_reminders(dt.date(2026, 7, 15)) == 0


def test_a_stay_past_its_limit_gets_no_reminder(applicant, granted):
    granted(dt.date(2026, 9, 30))
    assert send_extension_reminders(dt.date(2026, 10, 1)) == 0
    assert not ExtensionReminder.objects.exists()


def test_the_daily_task_sends_the_reminders_due_today(applicant, granted, monkeypatch):
    from django.utils import timezone

    granted(dt.date(2026, 9, 30))
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(2026, 7, 1))
    assert reminder_task.call() == 1
