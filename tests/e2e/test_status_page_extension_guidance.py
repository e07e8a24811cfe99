"""The status page's extension guidance in English, in a real browser: a holder whose limit of
stay is two months ahead reads that the 3-month window (from 1 March 2026) is open now, with the
window's length as the policy data state it and the last day, and a button to apply."""

from __future__ import annotations

import datetime as dt

import pytest

from asmtp.domain.lifecycle import add_months
from asmtp.web.formats import day
from tests.e2e.conftest import save_screenshot
from tests.e2e.journeys import holder_of_an_e_visa, signed_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_holder_two_months_from_the_limit_of_stay_reads_that_the_3_month_window_is_open(
    browser, live_server, applicant, employer_staff, officer, senior_officer
):
    limit = add_months(dt.date.today(), 2)
    grant = holder_of_an_e_visa(applicant, employer_staff, officer, senior_officer, limit_of_stay_on=limit)

    holder = signed_in(browser, live_server, applicant.email, "en")
    holder.goto(f"/en/portal/applications/{grant.pk}/")
    text = holder.locator("main").inner_text()
    assert (f"You can apply to extend your stay now, in the 3 months before your limit of stay, until {day(limit, 'en')}."
            in text)
    assert holder.get_by_role("button", name="Apply for an extension of stay").is_visible()
    holder.get_by_role("button", name="Apply for an extension of stay").scroll_into_view_if_needed()
    save_screenshot(holder, "portal-status-extension-en.png")
    assert holder.console_errors == []
