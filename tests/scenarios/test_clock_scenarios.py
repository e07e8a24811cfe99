"""Policy-officer-readable scenarios for the service's clocks (clocks/*.yaml), judged by the
domain with the policy files alone: the same functions the portal, the workbench and the
reminder e-mails call."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from asmtp.domain.lifecycle import Duration, extension_opens_on, extension_window_on, may_apply_for_extension
from asmtp.policy import load_policy

HERE = Path(__file__).parent / "clocks"


def _scenarios(name: str) -> list[dict[str, Any]]:
    document = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))
    return list(document["scenarios"])


WINDOW = _scenarios("extension_window.yaml")


@pytest.mark.parametrize("scenario", WINDOW, ids=[s["name"] for s in WINDOW])
def test_extension_window_scenario(scenario: dict[str, Any]) -> None:
    policy = load_policy()
    limit, day, expect = scenario["limit_of_stay"], scenario["applying_on"], scenario["expect"]
    window = extension_window_on(day, policy)
    found: dict[str, Any] = {
        "may_apply": may_apply_for_extension(limit, day, policy),
        "window_in_force": window,
        "window_opens_on": window.before(limit),
        "first_day_to_apply": extension_opens_on(limit, day, policy),
    }
    wanted = {key: Duration.from_policy(value) if key == "window_in_force" else value for key, value in expect.items()}
    assert {key: found[key] for key in wanted} == wanted


def test_the_scenarios_cover_both_sides_of_1_march_2026() -> None:
    days = {scenario["applying_on"] for scenario in WINDOW}
    assert min(days) < dt.date(2026, 3, 1) <= max(days)
