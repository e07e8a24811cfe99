"""Policy-change flags raise themselves: a change of the rules in force (a Talent List import, a
dated value taking effect) re-assesses the open cases in a job and flags exactly those whose
outcome or a finding changes, never the others, on the demo's caseload too."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from asmtp.accounts.models import User
from asmtp.cases.models import Application, Assessment
from asmtp.domain.lifecycle import OPEN_STATUSES
from asmtp.operations.demo import load_demo_data
from asmtp.policystore.imports import import_talent_list
from asmtp.portal import services as portal
from asmtp.workbench.models import PolicyFlag
from asmtp.workbench.services import current_policy_fingerprint, flag_policy_changes, flag_rules_taking_effect
from tests.integration.portal.factories import fill_particulars, upload_all
from tests.personas import make_user

pytestmark = pytest.mark.django_db(transaction=True)  # the worker sees only committed jobs

SOURCE = "https://www.talentlist.gov.hk/en/talentlist.html"
# A complete Talent List version without the actuaries (on every list since 2018).
WITHOUT_ACTUARIES = (
    "id,segment,name_en,name_zh_hant,name_zh_hans,source_url\n"
    f"accountants,financial_services,Accountants,會計師,会计师,{SOURCE}\n"
).encode()


def applied_case(email: str, *, profession: str = "", local_recruitment: bool = False) -> Application:
    """A case an applicant files in the portal with a Talent List post (or none), submitted."""
    applicant = make_user(email, "applicant", email_verified_at=timezone.now())
    case = portal.start_application(applicant, idempotency_key=uuid.uuid4().hex, language="en", edition="direct")
    fill_particulars(case, applicant, offer=True)
    employment = {
        "employer_name": "Harbour Analytics Limited", "business_registration_number": "12345678", "job_title": "Actuary",
        "industry": "K", "monthly_salary_hkd": 60000, "relevant_to_background": True,
        "local_recruitment_evidence": local_recruitment,
    }
    if profession:
        employment["talent_list_profession"] = profession
    case = portal.save_draft_step(case.pk, applicant, "employment", employment)
    upload_all(case, applicant)
    case.refresh_from_db()
    return portal.submit_application(case.pk, applicant, idempotency_key=case.idempotency_key or "", declared=True)


def open_assessed_cases() -> list[Application]:
    return [case for case in Application.objects.filter(status__in=[str(s) for s in OPEN_STATUSES])
            if case.assessments.exists()]


def test_a_talent_list_import_flags_exactly_the_open_cases_it_changes_and_no_demo_case(run_jobs, settings):
    load_demo_data(cases=40, seed=19)
    actuary = applied_case("actuary@example.cn", profession="actuaries")
    unlisted = applied_case("analyst@example.cn", local_recruitment=True)
    run_jobs()  # what the worker does after the demo loads and the two submissions commit
    before = current_policy_fingerprint(settings.ASMTP_EDITION)
    demo_open = [case for case in open_assessed_cases() if case.pk not in {actuary.pk, unlisted.pk}]
    assert demo_open, "the reduced demo has open, assessed cases"
    assert all(case.assessments.latest().policy_fingerprint == before for case in open_assessed_cases())
    assert flag_policy_changes() == 0  # the demo's assessments carry the real rule version: no false flags

    import_talent_list(WITHOUT_ACTUARIES, effective_from=timezone.localdate() - dt.timedelta(days=30), source=SOURCE,
                       file_name="tl.csv", complete=True, user=User.objects.get(email="admin@demo.asmtp.example"))
    assert current_policy_fingerprint(settings.ASMTP_EDITION) != before  # the rule version covers imports
    run_jobs()  # the import queued the re-assessment

    flag = PolicyFlag.objects.get()
    assert flag.application_id == actuary.pk
    assert {"person": "principal", "criterion": "market_test", "old": "pass", "new": flag.differences[0]["new"]} in flag.differences
    assert flag.differences[0]["new"] in {"refer", "fail"}
    # Every other open case was re-assessed under the new rule version and judged as before.
    after = current_policy_fingerprint(settings.ASMTP_EDITION)
    for case in open_assessed_cases():
        if case.pk != actuary.pk:
            assert case.assessments.latest().policy_fingerprint == after, case.reference
    assert actuary.assessments.latest().policy_fingerprint == before  # kept for the officer to re-assess

    run_jobs()
    assert flag_policy_changes() == 0 and PolicyFlag.objects.count() == 1  # safe to run twice


def test_the_daily_check_re_assesses_open_cases_on_the_day_a_talent_list_version_takes_effect(run_jobs, settings):
    actuary = applied_case("actuary@example.cn", profession="actuaries")
    run_jobs()
    takes_effect = timezone.localdate() + dt.timedelta(days=1)
    import_talent_list(WITHOUT_ACTUARIES, effective_from=takes_effect, source=SOURCE, file_name="tl.csv", complete=True)
    run_jobs()  # imported ahead of time: nothing in force changes for a case submitted today
    assert not PolicyFlag.objects.exists()
    # A case the rules judge as of a day the new version is in force (a later submission, as it
    # were) is flagged by the check run on the morning the version takes effect.
    Application.objects.filter(pk=actuary.pk).update(submitted_at=timezone.now() + dt.timedelta(days=1))
    Assessment.objects.filter(application=actuary).update(as_of=takes_effect)
    assert flag_rules_taking_effect(today=takes_effect - dt.timedelta(days=1)) == 0  # an ordinary day: not re-assessed
    assert flag_rules_taking_effect(today=takes_effect) == 1
    assert PolicyFlag.objects.get().application_id == actuary.pk
