"""Synthetic ASMTP populations and their vectorised re-assessment under policy reforms.

- :func:`generate_to_file` / :func:`asmtp.population.generation.generate_population`: a
  population calibrated to published figures (``calibration.yaml``), deterministic for a seed.
- :func:`run_simulation`: every application assessed under a baseline and a reform by the
  eligibility engine's batch API, with outcome counts and flips by industry, Talent List
  segment, salary band and province.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from asmtp.policy import load_policy
from asmtp.population.generation import iter_population_chunks
from asmtp.population.simulation.policy_bridge import talent_list_entries, technical_professionals
from asmtp.population.simulation.reform import Reform, ReformError, load_reform_file
from asmtp.population.simulation.result import SimulationResult
from asmtp.population.simulation.runner import SimulationInputError, run_simulation
from asmtp.population.storage import write_population

__all__ = [
    "GenerationSummary",
    "Reform",
    "ReformError",
    "SimulationInputError",
    "SimulationResult",
    "generate_to_file",
    "load_reform_file",
    "run_simulation",
]


@dataclass(frozen=True)
class GenerationSummary:
    applications: int
    dependants: int


def generate_to_file(
    size: int, seed: int, path: Path, *, on_chunk: Callable[[int], None] | None = None, tp_share: float = 0.0
) -> GenerationSummary:
    """Generate ``size`` applications for ``seed`` and write them to the Parquet file ``path``;
    ``tp_share`` of the offers made while the Technical Professionals stream is open are in it."""
    policy = load_policy()
    entries = talent_list_entries(policy)
    tp = technical_professionals(policy, tp_share)
    dependants = 0

    def written(chunk: pl.DataFrame) -> None:
        nonlocal dependants
        dependants += int(chunk["dependants"].list.len().sum())
        if on_chunk is not None:
            on_chunk(chunk.height)

    rows = write_population(
        iter_population_chunks(size, seed, talent_list=entries, technical_professionals=tp), path, on_chunk=written
    )
    return GenerationSummary(rows, dependants)
