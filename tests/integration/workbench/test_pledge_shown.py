"""The processing pledge is shown only on open cases.

The pledge ("about 4 weeks after all documents are received") runs while a case is open; once it
is decided, issued, withdrawn or lapsed there is no pledge date to meet. The queues and the case
page show a dash, read out as "Not applicable", instead of a date that no longer means anything.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from asmtp.cases.services import perform_action
from asmtp.domain.lifecycle import Action
from asmtp.evisa.services import issue_evisa
from asmtp.web.formats import day
from tests.integration.evisa.factories import approved_case
from tests.integration.workbench.factories import submitted_case

pytestmark = pytest.mark.django_db


def page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def pledge_cell(html: str, case) -> str:
    """The queue's "Pledge due" cell in the row of `case`."""
    row = re.search(rf'<tr>\s*<td[^>]*><a href="/en/workbench/cases/{case.pk}/".*?</tr>', html, re.S)
    assert row, f"case {case.pk} is not in the table"
    cell = re.search(r'<td data-label="Pledge due">(.*?)</td>', row.group(0), re.S)
    assert cell
    return cell.group(1)


def shows_no_pledge(cell: str) -> bool:
    return "—" in cell and "Not applicable" in cell and not re.search(r"\d", cell)


@pytest.mark.parametrize(("with_fee", "queue"), [(False, "awaiting_fee"), (True, "ready_to_issue")])
def test_an_approved_case_in_the_fee_queues_has_no_pledge_date(client, applicant, officer, senior_officer, with_fee, queue):
    case = approved_case(applicant, officer, senior_officer, with_fee=with_fee)
    assert case.pledge_due_on is not None  # the stored date is still there; it is just not shown
    html = page(client, officer, f"/en/workbench/?queue={queue}")
    assert shows_no_pledge(pledge_cell(html, case))
    assert day(case.pledge_due_on, "en") not in html


def test_an_issued_case_found_by_search_has_no_pledge_date(client, applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer, with_fee=True)
    issue_evisa(case.pk, officer, today=dt.date.today())
    html = page(client, officer, f"/en/workbench/?q={case.reference}")
    assert shows_no_pledge(pledge_cell(html, case))


def test_a_withdrawn_case_found_by_search_has_no_pledge_date(client, applicant, officer):
    case = submitted_case(applicant)
    perform_action(case.pk, Action.WITHDRAW, applicant)
    case.refresh_from_db()
    html = page(client, officer, f"/en/workbench/?q={case.reference}")
    assert shows_no_pledge(pledge_cell(html, case))


def test_an_open_case_in_the_queue_still_shows_its_pledge_date(client, applicant, officer):
    case = submitted_case(applicant)
    html = page(client, officer, "/en/workbench/?queue=new")
    assert day(case.pledge_due_on, "en") in pledge_cell(html, case)


def test_the_approved_case_page_shows_no_pledge_date(client, applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer)
    html = page(client, officer, f"/en/workbench/cases/{case.pk}/")
    assert "Pledge due" not in html
    assert day(case.pledge_due_on, "en") not in html


def test_an_open_case_page_shows_its_pledge_date(client, applicant, officer):
    case = submitted_case(applicant)
    html = page(client, officer, f"/en/workbench/cases/{case.pk}/")
    assert f"Pledge due {day(case.pledge_due_on, 'en')}" in html
