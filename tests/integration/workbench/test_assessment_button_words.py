"""The assessment card on the case page says what the officer must do: a case the rules assessed
in a job still needs the officer's own assessment before a recommendation, and the button says
"Run the eligibility rules", not "Re-assess under the current policy" (no policy has changed)."""

from __future__ import annotations

import pytest

from asmtp.cases.services import perform_action
from asmtp.domain.lifecycle import Action
from asmtp.workbench.services import record_assessment
from tests.integration.portal.factories import submitted

pytestmark = pytest.mark.django_db(transaction=True)  # the worker sees only committed jobs


def _assess_card(client, case) -> str:
    page = client.get(f"/en/workbench/cases/{case.pk}/").content.decode()
    return page.split('id="action-assess"', 1)[1].split("</div>", 1)[0]


def test_a_case_assessed_by_the_job_asks_the_officer_to_run_the_rules_before_recommending(
    client, applicant, officer, run_jobs
):
    case = submitted(applicant)
    run_jobs()
    assert case.assessments.exists()
    perform_action(case.pk, Action.CLAIM, officer)
    client.force_login(officer)

    card = _assess_card(client, case)

    assert "Run the eligibility rules" in card and "Re-assess under the current policy" not in card
    assert "Record an assessment before making a recommendation or a decision." in card


def test_once_the_officer_has_recorded_the_assessment_the_button_offers_to_re_assess(client, applicant, officer, run_jobs):
    case = submitted(applicant)
    run_jobs()
    perform_action(case.pk, Action.CLAIM, officer)
    record_assessment(case.pk, officer)
    client.force_login(officer)

    card = _assess_card(client, case)

    assert "Re-assess under the current policy" in card and "Record an assessment before" not in card
