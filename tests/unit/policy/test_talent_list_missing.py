"""A Talent List version that holds fewer professions than it states says which are missing and
why, in the data: nobody reads the 30 professions held for 2025 as the whole list of 60."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from asmtp.policy import load_policy, loader
from asmtp.policy.loader import PolicyDataError


def test_every_short_version_says_how_many_professions_are_missing_and_why():
    for version in load_policy().talent_list.versions:
        short = version.stated_count is not None and len(version.professions) < version.stated_count
        if short:
            assert version.missing is not None, version.effective_from
            assert version.missing.count == version.stated_count - len(version.professions)
            assert version.missing.reason
        else:
            assert version.missing is None, version.effective_from


def test_the_2025_list_holds_30_of_its_60_and_names_what_is_missing_segment_by_segment():
    talent_list = load_policy().talent_list
    latest = talent_list.versions[-1]
    assert (latest.stated_count, len(latest.professions)) == (60, 30)
    assert latest.missing is not None and latest.missing.count == 30
    assert "Annex" in latest.missing.reason
    assert set(latest.missing.by_segment) == set(talent_list.segment_ids)


def _load_with(tmp_path, monkeypatch, edit) -> None:
    data = yaml.safe_load(resources.files("asmtp.policy").joinpath("data", "talent_list.yaml").read_text(encoding="utf-8"))
    edit(data["versions"][-1])
    folder = tmp_path / "data"
    folder.mkdir()
    for name in resources.files("asmtp.policy").joinpath("data").iterdir():
        if name.is_file():
            (folder / name.name).write_bytes(name.read_bytes())
    (folder / "talent_list.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setattr(loader, "DATA", folder)
    loader._talent_list.cache_clear()
    try:
        loader._talent_list()
    finally:
        monkeypatch.undo()
        loader._talent_list.cache_clear()


def test_a_short_version_without_a_missing_note_is_refused(tmp_path, monkeypatch):
    with pytest.raises(PolicyDataError, match="say which are missing and why"):
        _load_with(tmp_path, monkeypatch, lambda version: version.pop("missing"))


def test_a_missing_note_that_miscounts_is_refused(tmp_path, monkeypatch):
    def miscount(version):
        version["missing"]["count"] = 29

    with pytest.raises(PolicyDataError, match=r"missing\.count must be 30"):
        _load_with(tmp_path, monkeypatch, miscount)
