"""A refusal letter cites each quoted finding's public source in the applicant's language."""

from __future__ import annotations

import pytest

from asmtp.cases.models import Letter
from asmtp.workbench.services import decide_case, recommend, record_assessment
from tests.integration.workbench.factories import FakeEngine, claimed_case, finding

pytestmark = pytest.mark.django_db

SOURCE = {"en": "Immigration Department, criterion 2", "zh-Hant": "入境事務處申請資格第2項", "zh-Hans": "入境事务处申请资格第2项"}


def _refused(applicant, officer, senior_officer, education):
    case = claimed_case(applicant, officer)
    record_assessment(case.pk, officer, engine=FakeEngine("ineligible", [finding("identity", "pass"), education]))
    recommend(case.pk, officer, verdict="refuse", reason="education fails")
    decide_case(case.pk, senior_officer, decision="refuse", criteria=["education"], reason="见上。")
    return Letter.objects.get(application=case, kind="refusal").body


def test_a_refusal_letter_in_simplified_chinese_cites_the_source_in_simplified_chinese(applicant, officer, senior_officer):
    education = {**finding("education", "fail", "No degree."), "source": SOURCE}
    body = _refused(applicant, officer, senior_officer, education)
    assert "入境事务处申请资格第2项" in body
    assert "Immigration Department" not in body and "ImmD ASMTP guidebook" not in body


def test_a_finding_assessed_before_sources_existed_is_cited_by_its_public_source_never_an_internal_file(
    applicant, officer, senior_officer
):
    education = {**finding("education", "fail", "No degree."), "reference": "ImmD criterion 2; rules.md education"}
    body = _refused(applicant, officer, senior_officer, education)
    assert "入境事务处《输入内地人才计划》申请资格第2项" in body
    assert "rules.md" not in body
