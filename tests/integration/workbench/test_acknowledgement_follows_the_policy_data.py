"""The acknowledgement letter states the processing pledge the policy data state on the day the
case is submitted: a pledge changed in the data alone (no code) changes the letter's words."""

from __future__ import annotations

import datetime as dt

import pytest

from asmtp.cases.models import Letter
from tests.integration.workbench.factories import submitted_case

pytestmark = pytest.mark.django_db

CHANGED = dt.date(2026, 1, 1)


def _acknowledgement(applicant, language: str) -> str:
    case = submitted_case(applicant, language=language)
    return Letter.objects.get(application=case, kind="acknowledgement").body


def test_the_letter_promises_the_pledge_in_force_today(applicant):
    body = _acknowledgement(applicant, "en")
    assert "We aim to complete the processing about 4 weeks after we have received all the documents" in body
    assert "four weeks" not in body


def test_a_six_week_pledge_in_the_data_is_the_one_the_letter_promises(applicant, policy_data_change):
    policy_data_change("processing.pledge", {"weeks": 6}, CHANGED)
    assert "about 6 weeks after we have received all the documents" in _acknowledgement(applicant, "en")


@pytest.mark.parametrize(
    ("language", "words"),
    [("zh-hans", "我们会在收齐所需文件后约2个月内完成处理"), ("zh-hant", "本處會在收齊所需文件後約2個月內完成處理")],
)
def test_the_chinese_letters_name_the_pledge_in_the_data(applicant, policy_data_change, language, words):
    policy_data_change("processing.pledge", {"months": 2}, CHANGED)
    assert words in _acknowledgement(applicant, language)


@pytest.mark.parametrize(("language", "pattern"), [("en", r"by \d{1,2} [A-Z][a-z]{2} \d{4}\)"), ("zh-hans", r"\d{4}年\d{1,2}月\d{1,2}日")])
def test_the_letter_writes_its_due_date_as_the_readers_language_does(applicant, language, pattern):
    import re

    body = _acknowledgement(applicant, language)
    assert re.search(pattern, body), body
    assert not re.search(r"\d{4}-\d{2}-\d{2}", body)
