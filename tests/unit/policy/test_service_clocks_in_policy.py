"""The service's clocks (extension window, late reminder, pledge, due-soon margin) are dated
policy data that `asmtp policy show` and `diff` list, each a readable length of time."""

from __future__ import annotations

from datetime import date

from asmtp.commands.policy import policy_diff, policy_snapshot
from asmtp.domain.lifecycle import (
    DUE_SOON_MARGIN,
    EXTENSION_LATE_REMINDER,
    EXTENSION_WINDOW,
    PROCESSING_PLEDGE,
    Duration,
)
from asmtp.policy import load_policy
from asmtp.policy.fingerprint import policy_fingerprint

CLOCKS = (EXTENSION_WINDOW, EXTENSION_LATE_REMINDER, PROCESSING_PLEDGE, DUE_SOON_MARGIN)


def test_every_clock_is_a_length_of_time_in_every_period():
    policy = load_policy()
    for name in CLOCKS:
        for period in policy.parameter(name).periods:
            Duration.from_policy(period.value)


def test_policy_show_lists_the_clocks_with_their_sources():
    shown = policy_snapshot(load_policy(), date(2026, 3, 1))["parameters"]
    assert shown[EXTENSION_WINDOW]["value"] == {"months": 3}
    assert "Sing Tao" in shown[EXTENSION_WINDOW]["reference"] and shown[EXTENSION_WINDOW]["confidence"] == "3P"
    assert shown[PROCESSING_PLEDGE]["value"] == {"weeks": 4}
    assert shown[DUE_SOON_MARGIN]["value"] == {"days": 7}
    assert shown[EXTENSION_LATE_REMINDER]["value"] == {"weeks": 6}


def test_policy_diff_shows_the_window_change_of_1_march_2026():
    policy = load_policy()
    diff = policy_diff(policy_snapshot(policy, date(2026, 2, 28)), policy_snapshot(policy, date(2026, 3, 1)))
    assert diff["parameters"][EXTENSION_WINDOW] == {"from": {"weeks": 4}, "to": {"months": 3}, "source": diff["parameters"][EXTENSION_WINDOW]["source"]}


def test_changing_a_clock_does_not_flag_assessed_cases():
    policy = load_policy()
    assert policy_fingerprint(policy.with_overrides({EXTENSION_WINDOW: {"months": 6}})) == policy_fingerprint(policy)
