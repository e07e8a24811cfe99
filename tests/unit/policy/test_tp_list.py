"""The Technical Professionals List and the stream's parameters, as dated policy data."""

from __future__ import annotations

import re
from datetime import date

import pytest

from asmtp.policy import load_policy
from asmtp.policy.fingerprint import policy_fingerprint
from asmtp.policy.in_force import rules_taking_effect

POLICY = load_policy("direct")
TRADES = (
    "new_industrialisation_technician",
    "nurse",
    "aircraft_maintenance_technician",
    "marine_technician",
    "it_technician",
    "lift_escalator_technician",
    "bim_coordinator",
    "electrical_technician",
)


def test_the_tp_list_from_30_june_2025_holds_the_eight_trades_of_the_specification():
    version = POLICY.at(date(2025, 6, 30)).tp_list
    assert version.effective_from == date(2025, 6, 30)
    assert version.trades == TRADES
    assert version.complete and version.source.startswith("https://www.immd.gov.hk/")


def test_every_trade_is_named_in_three_languages_with_its_source():
    for trade_id in TRADES:
        trade = POLICY.tp_list.trades[trade_id]
        assert trade.names.en and trade.names.zh_hant and trade.names.zh_hans, trade_id
        assert trade.names.zh_hant != trade.names.zh_hans, f"{trade_id}: Traditional and Simplified labels are the same"
        assert trade.source.startswith("https://"), trade_id


def test_no_minimum_contract_is_claimed_where_none_was_published():
    assert all(POLICY.tp_list.trades[trade_id].minimum_contract_months is None for trade_id in TRADES)


@pytest.mark.parametrize(
    ("name", "day", "value"),
    [
        ("tp.accepting_applications", date(2025, 6, 29), False),
        ("tp.accepting_applications", date(2025, 6, 30), True),
        ("tp.accepting_applications", date(2028, 6, 29), True),
        ("tp.accepting_applications", date(2028, 6, 30), False),
        ("tp.minimum_age_years", date(2025, 6, 30), 18),
        ("tp.maximum_age_years", date(2025, 6, 30), 40),
        ("tp.quota_total", date(2025, 6, 30), 10000),
        ("tp.quota_per_trade", date(2025, 6, 30), 3000),
        ("tp.stay.initial_months", date(2025, 6, 30), 36),
        ("tp.stay.short_contract_initial_months", date(2025, 6, 30), 24),
        ("tp.stay.extension_months", date(2025, 6, 30), (36,)),
    ],
)
def test_a_tp_parameter_is_read_at_a_date(name, day, value):
    assert POLICY.at(day)[name] == value


def test_every_tp_parameter_has_its_source_written_out():
    for name, parameter in POLICY.parameters.items():
        if name.startswith("tp."):
            for period in parameter.periods:
                assert period.reference.strip() and not re.search(r"\[TP[A-Z0-9_]*\]", period.reference), name


def test_the_non_degree_median_is_marked_as_the_projects_assumption():
    entry = POLICY.at(date(2025, 7, 1)).entry("tp.non_degree_median_monthly_hkd")
    assert entry.confidence == "project" and "C&SD" in entry.reference and entry.note


def test_the_tp_list_opening_is_a_day_the_rules_changed():
    changed = rules_taking_effect(POLICY, date(2025, 6, 30))
    assert "tp_list" in changed and "tp.accepting_applications" in changed


def test_changing_the_quota_does_not_change_the_rules_the_engine_applies():
    larger = POLICY.with_overrides({"tp.quota_per_trade": 4000})
    assert policy_fingerprint(larger) == policy_fingerprint(POLICY)
    older = POLICY.with_overrides({"tp.maximum_age_years": 35})
    assert policy_fingerprint(older) != policy_fingerprint(POLICY)
