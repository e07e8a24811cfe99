"""Simulation requests and runs for tests, with named variants."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from asmtp.analytics.simulations.services import SimulationRequest, example_reform

SMALL_POPULATION = 2_000

UNKNOWN_TOP_LEVEL_KEY = """\
name: Typo in a key
paramters:
  market_test.salary_exemption_annual_hkd: 2500000
"""

UNKNOWN_PARAMETER = """\
parameters:
  market_test.salary_exemption: 2500000
"""

NOT_YAML = """\
parameters:
  market_test.salary_exemption_annual_hkd: [2500000
"""

LOWER_EXEMPTION = """\
name: Market-test exemption from HK$600,000
parameters:
  market_test.salary_exemption_annual_hkd: 600000
"""


def simulation_request(**changes: Any) -> SimulationRequest:
    """A valid request: the example reform over the direct edition, a small population."""
    base = SimulationRequest(
        baseline="direct",
        reform_edition="",
        reform_yaml=example_reform(),
        as_of=None,
        population_size=SMALL_POPULATION,
        seed=7,
    )
    return replace(base, **changes)


def edition_reform(**changes: Any) -> SimulationRequest:
    """The direct edition against the employer-sponsored one (many outcomes change)."""
    return simulation_request(reform_edition="immd", reform_yaml="", **changes)


def form_data(**changes: str) -> dict[str, str]:
    """What the web form posts for a valid request over 10,000 applications."""
    data = {
        "baseline": "direct",
        "reform": "file",
        "reform_yaml": example_reform(),
        "as_of": "",
        "population_size": "10000",
        "seed": "11",
    }
    data.update(changes)
    return data


def make_run(user: Any, **fields: Any):
    """A run row written directly (as if queued), for jobs and pages that need one."""
    from asmtp.analytics.simulations.models import SimulationRun

    defaults: dict[str, Any] = {
        "baseline": "direct",
        "reform_edition": "immd",
        "reform_yaml": "",
        "population_size": SMALL_POPULATION,
        "seed": 3,
        "as_of": dt.date(2025, 6, 30),
    }
    defaults.update(fields)
    return SimulationRun.objects.create(created_by=user, **defaults)
