"""HSIC section and province names: one table each in the policy data, read in any language."""

from __future__ import annotations

from asmtp.policy import load_policy
from asmtp.policy.reference_names import (
    industry_letters,
    industry_short_title,
    industry_title,
    mainland_province_codes,
    policy_language,
    province_short_name,
)


def test_the_web_and_the_policy_spellings_of_a_language_name_the_same_language():
    assert [policy_language(code) for code in ("zh-hant", "zh-Hant", "zh-hans", "en", None, "fr")] == [
        "zh-Hant",
        "zh-Hant",
        "zh-Hans",
        "en",
        "en",
        "en",
    ]


def test_a_section_has_a_full_title_for_forms_and_csd_short_title_for_charts():
    assert industry_title("K", "en") == "Financial and insurance activities"
    assert industry_short_title("K", "en") == "Financing and insurance"
    assert industry_title("K", "zh-hant") == "金融及保險活動"
    assert industry_short_title("K", "zh-hans") == "金融及保险"


def test_the_sections_are_the_letters_a_to_u_in_every_edition():
    assert industry_letters() == tuple("ABCDEFGHIJKLMNOPQRSTU")
    for edition in ("direct", "immd"):
        assert tuple(load_policy(edition).industries) == industry_letters()


def test_every_section_and_province_has_a_short_name_in_three_languages():
    for letter in industry_letters():
        assert all(
            industry_short_title(letter, language) != letter for language in ("en", "zh-hant", "zh-hans")
        )
    for code in mainland_province_codes():
        names = {province_short_name(code, language) for language in ("en", "zh-hant", "zh-hans")}
        assert code not in names and len(names) >= 2, code


def test_a_province_short_name_drops_the_kind_of_division():
    assert [province_short_name("44", language) for language in ("en", "zh-hant", "zh-hans")] == [
        "Guangdong",
        "廣東",
        "广东",
    ]
    assert province_short_name("45", "zh-hans") == "广西"


def test_a_code_the_tables_do_not_know_is_named_by_itself():
    assert industry_title("Z", "en") == "Z"
    assert industry_short_title("Z", "zh-hans") == "Z"
    assert province_short_name("71", "zh-hant") == "71"
    assert "71" not in mainland_province_codes()
