"""Which of the dated values the engine reads take effect on a given day.

The engine judges a case by the values in force on its date, so a policy can change without
anyone editing it: a value published ahead of time starts to apply. The daily check in the
workbench asks this module whether today is such a day. Only what the fingerprint covers
counts (the values that reach the engine), never the service's own parameters.
"""

from __future__ import annotations

from datetime import date

from asmtp.policy.fingerprint import NOT_ASSESSED
from asmtp.policy.model import Policy


def rules_taking_effect(policy: Policy, day: date) -> list[str]:
    """The names of the dated values that start on ``day`` (``talent_list`` for a new Talent List
    version, ``tp_list`` for a new TP List version, ``wages:<series>`` for a wage benchmark), sorted;
    empty on an ordinary day."""
    names = {
        name
        for name, parameter in policy.parameters.items()
        if not name.startswith(NOT_ASSESSED) and any(period.effective_from == day for period in parameter.periods)
    }
    if any(version.effective_from == day for version in policy.talent_list.versions):
        names.add("talent_list")
    if any(version.effective_from == day for version in policy.tp_list.versions):
        names.add("tp_list")
    for series in (policy.wages.overall, *policy.wages.industries.values()):
        if any(value.effective_from == day for value in series.values):
            names.add(f"wages:{series.id}")
    return sorted(names)
