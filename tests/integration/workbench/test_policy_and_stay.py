"""Policy changes while cases are in flight, and what follows a grant (extension, new employer)."""

from __future__ import annotations

import datetime as dt

import pytest

from asmtp.cases.models import Assessment
from asmtp.cases.services import perform_action
from asmtp.domain.lifecycle import Action, add_months
from asmtp.portal.services import ApplicationError, start_extension
from asmtp.workbench.models import PolicyFlag
from asmtp.workbench.services import (
    flag_policy_changes,
    record_assessment,
)
from tests.factories import advance
from tests.integration.workbench.factories import FakeEngine, claimed_case, finding, granted_case

pytestmark = pytest.mark.django_db


def test_an_open_case_assessed_under_older_policy_is_flagged_once_with_the_difference(applicant, officer):
    case = claimed_case(applicant, officer)
    assessment = record_assessment(case.pk, officer, engine=FakeEngine())
    Assessment.objects.filter(pk=assessment.pk).update(policy_fingerprint="0" * 64)  # assessed under other policy
    stricter = FakeEngine("refer", [finding("identity", "pass"), finding("education", "refer")])
    assert flag_policy_changes(engine=stricter) == 1
    assert flag_policy_changes(engine=stricter) == 0  # safe to run twice
    flag = PolicyFlag.objects.get(application=case)
    assert (flag.old_outcome, flag.new_outcome) == ("eligible", "refer")
    assert flag.differences == [{"person": "principal", "criterion": "education", "old": "pass", "new": "refer"}]


def test_a_case_assessed_under_the_current_policy_is_not_flagged(applicant, officer):
    case = claimed_case(applicant, officer)
    record_assessment(case.pk, officer, engine=FakeEngine())
    assert flag_policy_changes(engine=FakeEngine("refer")) == 0


def test_re_assessment_is_an_explicit_audited_action_that_settles_the_flag(applicant, officer):
    case = claimed_case(applicant, officer)
    assessment = record_assessment(case.pk, officer, engine=FakeEngine())
    Assessment.objects.filter(pk=assessment.pk).update(policy_fingerprint="0" * 64)
    flag_policy_changes(engine=FakeEngine("refer"))
    record_assessment(case.pk, officer, engine=FakeEngine("refer"))
    flag = PolicyFlag.objects.get(application=case)
    assert flag.resolved_by == officer and flag.resolved_at is not None
    assert case.events.filter(action="record_assessment").count() == 2


def apply_for_extension(case, user, today):
    """The holder's extension as the status page files it: the draft, then its submission."""
    draft = start_extension(case.pk, user, idempotency_key=f"extend-{case.pk}-{today}", today=today)
    return perform_action(draft.pk, Action.SUBMIT, user)


def test_an_extension_is_refused_before_the_3_months_before_the_limit_and_filed_within_them(applicant, officer, senior_officer):
    case = granted_case(applicant, officer, senior_officer)
    case.refresh_from_db()
    limit = case.limit_of_stay_on
    assert limit > dt.date(2026, 3, 1)  # the 3-month window is in force from then
    with pytest.raises(ApplicationError) as early:
        apply_for_extension(case, applicant, add_months(limit, -3) - dt.timedelta(days=1))
    assert early.value.code == "extension_too_early"
    extension = apply_for_extension(case, applicant, add_months(limit, -3))
    assert extension.kind == "extension" and extension.status == "submitted" and extension.previous_id == case.pk
    assert extension.first_admitted_on == case.first_admitted_on


def test_an_extension_granted_runs_on_from_the_previous_limit(applicant, officer, senior_officer):
    case = granted_case(applicant, officer, senior_officer)
    case.refresh_from_db()
    extension = apply_for_extension(case, applicant, case.limit_of_stay_on)
    extension = advance(extension, "approved", officer=officer, senior_officer=senior_officer, engine=FakeEngine())
    assert extension.granted_months == 36
    assert extension.limit_of_stay_on == case.limit_of_stay_on.replace(year=case.limit_of_stay_on.year + 3)


def test_another_persons_grant_cannot_be_extended(applicant, other_applicant, officer, senior_officer):
    case = granted_case(applicant, officer, senior_officer)
    with pytest.raises(ApplicationError) as refused:
        start_extension(case.pk, other_applicant, idempotency_key="theirs")
    assert refused.value.code == "not_found"


def test_a_flag_from_a_personal_data_correction_says_so_not_that_the_policy_changed(client, applicant, officer):
    case = claimed_case(applicant, officer)
    assessment = record_assessment(case.pk, officer, engine=FakeEngine())
    PolicyFlag.objects.create(application=case, assessment=assessment, old_fingerprint=assessment.policy_fingerprint,
                              new_fingerprint="correction:7", old_outcome="eligible", new_outcome="eligible")
    client.force_login(officer)
    page = client.get(f"/zh-hant/workbench/cases/{case.pk}/").content.decode()
    assert "本個案評估後，申請人的個人資料已更正。" in page and "請按更正後的資料重新評估本個案。" in page
    assert "此個案評估後，政策已有變更。" not in page  # the policy wording is for policy flags only
