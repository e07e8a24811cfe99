"""The dated policy the service's own clocks read for a case: the data of its edition, and the
processing pledge in force on a day. The rules themselves live in the domain
(`asmtp.domain.lifecycle`) and the policy data; this only chooses which data a case reads."""

from __future__ import annotations

import datetime as dt

from asmtp.domain.lifecycle import PROCESSING_PLEDGE, Duration, duration_in_force
from asmtp.policy import Policy, UnknownEdition, load_policy


def service_policy(edition: str) -> Policy:
    """The policy data the service's clocks read for a case of ``edition`` (the default for an unknown one)."""
    try:
        return load_policy(edition)
    except UnknownEdition:
        return load_policy()


def pledge_in_force(edition: str, day: dt.date) -> Duration:
    """The processing pledge in force on ``day`` (a case's submission day, or today for what the
    service promises now); shown with ``duration_words``."""
    return duration_in_force(service_policy(edition), PROCESSING_PLEDGE, day)
