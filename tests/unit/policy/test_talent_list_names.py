"""Every Talent List profession and segment is named in the three languages of the service."""

from __future__ import annotations

from importlib import resources

import yaml

from asmtp.policy import load_policy


def _data() -> dict:
    return yaml.safe_load(resources.files("asmtp.policy").joinpath("data", "talent_list.yaml").read_text(encoding="utf-8"))


def test_every_talent_list_profession_has_a_traditional_and_a_simplified_chinese_name():
    professions = load_policy().talent_list.professions.values()
    unnamed = [p.id for p in professions if not p.names.zh_hant or not p.names.zh_hans]
    assert unnamed == []
    assert len(list(professions)) >= 31


def test_every_segment_is_named_in_chinese_including_a_renamed_one():
    talent_list = load_policy().talent_list
    for segment in talent_list.segments:
        assert segment.names.zh_hant and segment.names.zh_hans, segment.id
    for version in talent_list.versions:
        for names in version.segment_names.values():
            assert names.zh_hant and names.zh_hans


def test_a_chinese_name_no_source_gives_is_marked_as_the_projects_own_translation():
    """The 2018 names come from the Chinese LegCo paper and the 2025 additions' from the Chinese
    release; the others are marked as ours."""
    entries = {entry["id"]: entry for entry in _data()["professions"]}
    assert "zh_names" not in entries["actuaries"]
    assert entries["doctors"]["zh_names"] == "own translation"
    assert all(entry.get("zh_names") in {"own translation", "TL2025_ZH"} for entry in entries.values() if entry["source"] != "TL2018")


def test_the_2025_additions_carry_the_chinese_release_s_own_names():
    entries = {entry["id"]: entry for entry in _data()["professions"]}
    added = [entry for entry in entries.values() if entry["source"] == "TL2025"]
    assert len(added) == 9
    assert all(entry["zh_names"] == "TL2025_ZH" for entry in added)
    assert entries["accountants"]["names"]["zh-Hant"] == "會計業專才"
    assert entries["green-shipping-professionals"]["names"]["zh-Hans"] == "绿色航运专业人士"


def test_traditional_and_simplified_names_differ_where_the_scripts_do():
    doctors = load_policy().talent_list.professions["doctors"].names
    assert (doctors.get("zh-Hant"), doctors.get("zh-Hans")) == ("醫生", "医生")
