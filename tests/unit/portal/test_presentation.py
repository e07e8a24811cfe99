"""The engine's findings put into the applicant's language."""

from __future__ import annotations

from django.utils import translation

from asmtp.portal.presentation import explain_result

RESULT = {
    "outcome": "refer",
    "edition": "direct",
    "findings": [
        {"criterion": "education", "status": "pass", "reason": {"en": "Master's degree.", "zh-Hans": "硕士学位。", "zh-Hant": "碩士學位。"},
         "next_step": {"en": "n/a", "zh-Hans": "n/a", "zh-Hant": "n/a"}},
        {"criterion": "remuneration", "status": "refer", "reason": {"en": "Below the median.", "zh-Hans": "低于中位数。", "zh-Hant": "低於中位數。"},
         "next_step": {"en": "A higher salary.", "zh-Hans": "更高的薪酬。", "zh-Hant": "更高的薪酬。"}},
    ],
    "stay": {"initial_months": 36}, "fees_hkd": {"application": 600, "issuance": 1300},
}


def test_each_finding_is_named_and_explained_in_simplified_chinese():
    with translation.override("zh-hans"):
        explained = explain_result(RESULT)
        assert [str(f["label"]) for f in explained["findings"]] == ["学历", "薪酬符合市场水平"]
        assert explained["findings"][1]["reason"] == "低于中位数。"
        assert explained["findings"][1]["next_step"] == "更高的薪酬。"
        assert str(explained["outcome_label"]) == "您的申请有部分须由入境事务主任判断"


def test_what_would_change_the_result_is_shown_only_for_fail_and_refer():
    with translation.override("en"):
        explained = explain_result(RESULT)
    assert explained["findings"][0]["next_step"] == ""
    assert explained["findings"][1]["next_step"] == "A higher salary."


def test_a_plain_text_reason_is_shown_as_it_is():
    with translation.override("zh-hant"):
        explained = explain_result({"outcome": "eligible", "findings": [{"criterion": "age", "status": "pass", "reason": "OK"}]})
    assert explained["findings"][0]["reason"] == "OK"
