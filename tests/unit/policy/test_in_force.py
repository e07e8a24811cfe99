"""The daily check knows the days on which a dated value the engine reads takes effect."""

from __future__ import annotations

import datetime as dt

from asmtp.policy.in_force import rules_taking_effect
from asmtp.policy.loader import load_policy


def test_the_day_the_talent_list_exemption_began_is_a_day_the_rules_changed():
    policy = load_policy("direct")
    changed = rules_taking_effect(policy, dt.date(2022, 12, 28))
    assert "market_test.talent_list_exemption" in changed and "market_test.salary_exemption_annual_hkd" in changed


def test_a_new_talent_list_version_takes_effect_on_its_date():
    policy = load_policy("direct")
    day = policy.talent_list.versions[-1].effective_from
    assert "talent_list" in rules_taking_effect(policy, day)
    assert "talent_list" not in rules_taking_effect(policy, day + dt.timedelta(days=1))


def test_a_value_published_ahead_takes_effect_on_its_day_only():
    policy = load_policy("direct")
    later = policy.with_overrides({"remuneration.annual_salary_months": 13}, effective_from=dt.date(2031, 7, 1))
    assert rules_taking_effect(later, dt.date(2031, 7, 1)) == ["remuneration.annual_salary_months"]
    assert rules_taking_effect(later, dt.date(2031, 6, 30)) == []


def test_a_service_parameter_taking_effect_is_not_a_change_of_the_rules():
    policy = load_policy("direct")
    later = policy.with_overrides({"retention.unsuccessful_case_years": 8}, effective_from=dt.date(2031, 7, 1))
    assert rules_taking_effect(later, dt.date(2031, 7, 1)) == []
