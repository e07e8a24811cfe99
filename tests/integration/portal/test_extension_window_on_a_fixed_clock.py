"""The status page and the officer's case page give the extension window in force on the day
they are read: 4 weeks until 28 February 2026, 3 calendar months from 1 March 2026."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from asmtp.cases.models import Application
from tests.factories import decided_for, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    """Set the clock the pages read (``timezone.localdate``) to a fixed day."""

    def set_day(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_day


@pytest.fixture
def granted(applicant, officer, senior_officer):
    """An e-Visa holder's case whose stay, granted by decide_case 36 months before, ends on `limit`."""

    def make(limit: dt.date) -> Application:
        case = make_case(applicant, "issued", "portal", officer=officer, senior_officer=senior_officer, at=decided_for(limit))
        assert case.limit_of_stay_on == limit
        return case

    return make


def _status_page(client, applicant, case: Application, language: str = "en") -> str:
    client.force_login(applicant)
    return client.get(f"/{language}/portal/applications/{case.pk}/").content.decode()


def test_on_10_february_2026_the_status_page_gives_the_4_week_window(client, applicant, granted, today):
    case = granted(dt.date(2026, 3, 20))
    today(dt.date(2026, 2, 10))
    page = _status_page(client, applicant, case)
    assert "You can apply to extend your stay from 20 Feb 2026, in the 4 weeks before your limit of stay." in page
    assert "/extend/" not in page


def test_on_20_february_2026_a_stay_ending_on_15_may_opens_on_1_march_under_the_3_month_window(client, applicant, granted, today):
    case = granted(dt.date(2026, 5, 15))
    today(dt.date(2026, 2, 20))
    page = _status_page(client, applicant, case)
    assert "You can apply to extend your stay from 1 Mar 2026, in the 3 months before your limit of stay." in page
    assert "17 Apr 2026" not in page


def test_on_1_march_2026_the_same_stay_can_be_extended_at_once(client, applicant, granted, today):
    case = granted(dt.date(2026, 5, 15))
    today(dt.date(2026, 3, 1))
    page = _status_page(client, applicant, case)
    assert "You can apply to extend your stay now, in the 3 months before your limit of stay, until 15 May 2026." in page
    assert f'action="/en/portal/applications/{case.pk}/extend/"' in page


def test_after_1_march_2026_the_status_page_gives_the_3_month_window_in_chinese(client, applicant, granted, today):
    case = granted(dt.date(2028, 12, 5))
    today(dt.date(2026, 12, 5))
    assert "您可由2028年9月5日起（逗留期限届满前3个月内）申请延长逗留" in _status_page(client, applicant, case, "zh-hans")
    assert "您可由2028年9月5日起（逗留期限屆滿前3個月內）申請延長逗留" in _status_page(client, applicant, case, "zh-hant")


def test_on_10_february_2026_the_officers_case_page_gives_the_4_week_window(client, applicant, granted, officer, today):
    case = granted(dt.date(2026, 3, 20))
    today(dt.date(2026, 2, 10))
    client.force_login(officer)
    page = client.get(f"/en/workbench/cases/{case.pk}/").content.decode()
    assert "20 Feb 2026 – 20 Mar 2026 (the 4 weeks before the limit of stay)" in page


def test_on_1_march_2026_the_officers_case_page_gives_the_3_month_window(client, applicant, granted, officer, today):
    case = granted(dt.date(2026, 5, 15))
    today(dt.date(2026, 3, 1))
    client.force_login(officer)
    page = client.get(f"/en/workbench/cases/{case.pk}/").content.decode()
    assert "1 Mar 2026 – 15 May 2026 (the 3 months before the limit of stay)" in page
