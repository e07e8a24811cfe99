"""A finding's source is the public legal or policy reference, in the reader's language."""

from __future__ import annotations

import re

from asmtp.policy import load_policy
from asmtp.policy.finding_sources import finding_source
from tests.unit.domain.eligibility.builders import application, assess

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_finding_carries_its_source_in_three_languages_and_never_an_internal_file():
    result = assess(application(applicant={"criminal_conviction_declared": True}))
    for item in result["findings"] + [f for d in result.get("dependants", []) for f in d.get("findings", [])]:
        assert set(item["source"]) == {"en", "zh-Hant", "zh-Hans"}
        assert HAN.search(item["source"]["zh-Hant"]) and HAN.search(item["source"]["zh-Hans"])
        assert item["reference"] == item["source"]["en"]
        assert not re.search(r"\w\.(md|ya?ml|py)\b", " ".join(item["source"].values()))


def test_no_criterion_source_names_rules_md():
    catalogue = load_policy().reasons
    for group in ("principal", "dependant"):
        for criterion, entry in catalogue[group].items():
            if "source" in entry:
                assert "rules.md" not in str(entry["source"]), (group, criterion)


def test_a_finding_stored_before_sources_existed_is_given_its_criterions_public_source():
    stored = {"criterion": "identity", "reference": "GB 11643-1999 ...; rules.md identity"}
    assert finding_source(stored, "zh-hans").startswith("国家标准GB 11643-1999")
    assert finding_source(stored, "zh-Hant").startswith("國家標準GB 11643-1999")
    assert "rules.md" not in finding_source(stored, "en")


def test_the_source_follows_the_readers_language_in_either_spelling():
    finding = {"criterion": "age", "source": {"en": "Immigration Department", "zh-Hant": "入境事務處", "zh-Hans": "入境事务处"}}
    assert [finding_source(finding, lang) for lang in ("en", "zh-hant", "zh-Hans", "fr")] == [
        "Immigration Department", "入境事務處", "入境事务处", "Immigration Department"]
