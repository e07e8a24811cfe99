"""The policy fingerprint moves when something the engine reads changes, and only then."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from asmtp.policy.fingerprint import policy_fingerprint
from asmtp.policy.loader import load_policy
from asmtp.policy.texts import Names


def assessed_parameter(policy):
    return next(name for name in sorted(policy.parameters) if not name.startswith("retention."))


def test_editions_have_different_fingerprints_and_each_is_stable():
    assert policy_fingerprint(load_policy("direct")) == policy_fingerprint(load_policy("direct"))
    assert policy_fingerprint(load_policy("direct")) != policy_fingerprint(load_policy("immd"))


def test_a_new_value_of_an_assessed_parameter_changes_the_fingerprint():
    policy = load_policy("direct")
    name = assessed_parameter(policy)
    current = policy.parameter(name).periods[-1].value
    changed = policy.with_overrides({name: "something else" if current != "something else" else 1},
                                    effective_from=dt.date(2030, 1, 1))
    assert policy_fingerprint(changed) != policy_fingerprint(policy)


def test_the_retention_period_is_not_part_of_an_assessment():
    policy = load_policy("direct")
    retention = [name for name in policy.parameters if name.startswith("retention.")]
    assert retention, "the retention periods are policy data"
    changed = policy.with_overrides(dict.fromkeys(retention, 99), effective_from=dt.date(2030, 1, 1))
    assert changed.parameter(retention[0]).periods[-1].value == 99
    assert policy_fingerprint(changed) == policy_fingerprint(policy)


def test_a_better_translation_of_a_label_changes_nothing():
    policy = load_policy("direct")
    code, names = next(iter(policy.provinces.mainland.items()))
    relabelled = dict(policy.provinces.mainland)
    relabelled[code] = Names(en=names.en + " (revised)", zh_hant=names.zh_hant, zh_hans=names.zh_hans)
    changed = replace(policy, provinces=replace(policy.provinces, mainland=relabelled))
    assert policy_fingerprint(changed) == policy_fingerprint(policy)


def test_a_talent_list_change_moves_the_fingerprint():
    policy = load_policy("immd")
    last = policy.talent_list.versions[-1]
    shorter = replace(last, professions=last.professions[1:])
    changed = replace(policy, talent_list=replace(policy.talent_list, versions=(*policy.talent_list.versions[:-1], shorter)))
    assert policy_fingerprint(changed) != policy_fingerprint(policy)
