"""One name formatter: Chinese family name first with no space, English given name first."""

from __future__ import annotations

import pytest

from asmtp.domain.person_names import full_name, name_for_reader


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_a_name_in_chinese_characters_is_family_name_then_given_name_with_no_space(language):
    assert full_name("明", "李", language) == "李明"


def test_a_name_in_latin_letters_reads_given_then_family_in_english():
    assert full_name("Ming", "Li", "en") == "Ming Li"


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_a_name_in_latin_letters_reads_family_then_given_on_a_chinese_page(language):
    assert full_name("Ming", "LI", language) == "LI Ming"


def test_a_missing_part_leaves_the_other_without_stray_spaces():
    assert (full_name("", "李", "zh-hans"), full_name(" Ming ", "", "en"), full_name("", "", "en")) == ("李", "Ming", "")


def test_a_case_person_is_named_in_chinese_in_a_chinese_letter_when_a_chinese_name_was_given():
    assert name_for_reader("LI Wei", "李伟", "zh-hans") == "李伟"
    assert name_for_reader("LI Wei", "李伟", "en") == "LI Wei"
    assert name_for_reader("LI Wei", "", "zh-hant") == "LI Wei"
