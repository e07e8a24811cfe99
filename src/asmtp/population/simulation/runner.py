"""``run_simulation``: a population re-assessed under a baseline and a reform, chunk by chunk.

Each chunk is read from Parquet (only the columns the rules and breakdowns use), turned into
the engine's columns once, assessed by ``assess_batch`` under both policies (identity checks
are shared through the columns' memo), and reduced to a small cube of counts. The next chunk
is read on a second thread while the current one is assessed. Nothing here evaluates a rule.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from asmtp.domain.eligibility import columns_from_polars
from asmtp.domain.eligibility.batch import assess_batch
from asmtp.domain.eligibility.codes import STATUSES
from asmtp.domain.eligibility.columns import DependantColumns, PrincipalColumns
from asmtp.domain.eligibility.frames import FrameError
from asmtp.policy import Policy, UnknownEdition, load_policy
from asmtp.population.schema import PopulationSchemaError, conform
from asmtp.population.simulation.aggregation import (
    count_chunk,
    cube_from_counts,
    empty_counts,
    merge_transitions,
    status_transitions,
    summary_table,
)
from asmtp.population.simulation.dimensions import OUTCOMES
from asmtp.population.simulation.engine_columns import (
    SIMULATION_COLUMNS,
    PopulationValueError,
    dependant_columns,
    principal_columns,
)
from asmtp.population.simulation.policy_bridge import dimensions_for
from asmtp.population.simulation.reform import Reform, ReformError, apply_reform, load_reform_file
from asmtp.population.simulation.result import SimulationResult
from asmtp.population.storage import PopulationFileError, count_rows, scan_population

DEFAULT_CHUNK_ROWS = 250_000
Progress = Callable[[int, int], None]


class SimulationInputError(ValueError):
    """Something the caller gave cannot be simulated; the message says what, in one line."""


@dataclass(frozen=True)
class _Chunk:
    frame: pl.DataFrame
    principals: PrincipalColumns
    dependants: DependantColumns
    seconds: float


def resolve_policy(spec: str | Path | Reform | Policy, *, base: Policy | None = None) -> tuple[Policy, str]:
    """A policy and its label from an edition name, a reform file, a parsed reform or a policy."""
    try:
        if isinstance(spec, Policy):
            return spec, spec.edition.id
        if isinstance(spec, Reform):
            start = load_policy(spec.edition) if spec.edition else base or load_policy()
            return apply_reform(start, spec), f"{spec.label} ({spec.source}, changes to {start.edition.id})"
        text = str(spec)
        if isinstance(spec, Path) or text.endswith((".yaml", ".yml")) or Path(text).is_file():
            return resolve_policy(load_reform_file(Path(text)), base=base)
        return load_policy(text), f"{text} (edition)"
    except (UnknownEdition, ReformError) as exc:
        raise SimulationInputError(str(exc)) from None


def _frames(population: Path | str | pl.DataFrame, chunk_rows: int) -> tuple[int, Iterator[pl.DataFrame]]:
    """The number of rows and the population's chunks (only the simulation's columns)."""
    try:
        if isinstance(population, pl.DataFrame):
            lazy, total = conform(population).select(SIMULATION_COLUMNS), population.height
        else:
            path = Path(population)
            lazy = scan_population(path).select(SIMULATION_COLUMNS)
            total = count_rows(path)
    except (PopulationFileError, PopulationSchemaError) as exc:
        raise SimulationInputError(str(exc)) from None

    def chunks() -> Iterator[pl.DataFrame]:
        for offset in range(0, total, chunk_rows):
            try:
                yield lazy.slice(offset, chunk_rows).collect()
            except pl.exceptions.PolarsError as exc:
                raise SimulationInputError(f"cannot read the population: {str(exc).splitlines()[0]}") from None

    return total, chunks()


def run_simulation(
    population: Path | str | pl.DataFrame,
    baseline: str | Policy,
    reform: str | Path | Reform | Policy,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    *,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    engine_frames: bool = False,
) -> SimulationResult:
    """Re-assess every application under ``baseline`` and ``reform`` and count what flips.

    ``population`` is a Parquet file or a frame with the population schema; ``baseline`` an
    edition or policy; ``reform`` an edition, a reform file (YAML), a parsed :class:`Reform` or
    a policy. ``as_of`` assesses everything on one date (default: each submission date).
    ``progress(done, total)`` is called after each chunk. Bad input raises
    :class:`SimulationInputError` with a one-line message.
    """
    started = time.perf_counter()
    base_policy, base_label = resolve_policy(baseline)
    reform_policy, reform_label = resolve_policy(reform, base=base_policy)
    dimensions = dimensions_for(base_policy, reform_policy)
    known = tuple(dict.fromkeys((*base_policy.talent_list.profession_ids, *reform_policy.talent_list.profession_ids)))
    trades = tuple(dict.fromkeys((*base_policy.tp_list.trade_ids, *reform_policy.tp_list.trade_ids)))
    total, frames = _frames(population, chunk_rows)

    def load(frame: pl.DataFrame) -> _Chunk:
        began = time.perf_counter()
        try:
            if engine_frames:
                principals, dependants = columns_from_polars(frame)
            else:
                principals, dependants = principal_columns(frame, professions=known, trades=trades), dependant_columns(frame)
        except (PopulationValueError, FrameError) as exc:
            raise SimulationInputError(str(exc)) from None
        return _Chunk(frame, principals, dependants, time.perf_counter() - began)

    counts, criteria, dependant_counts = empty_counts(dimensions), [], np.zeros(9, dtype=np.int64)
    seconds = {"read_and_columns": 0.0, "assess": 0.0, "aggregate": 0.0}
    done = dependants = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="population-reader") as reader:
        pending: Future[_Chunk] | None = reader.submit(lambda: load(next(frames))) if total else None
        while pending is not None:
            chunk = pending.result()
            following = done + chunk.frame.height < total
            pending = reader.submit(lambda: load(next(frames))) if following else None
            seconds["read_and_columns"] += chunk.seconds

            began = time.perf_counter()
            before = assess_batch(chunk.principals, chunk.dependants, base_policy, as_of=as_of)
            after = assess_batch(chunk.principals, chunk.dependants, reform_policy, as_of=as_of)
            seconds["assess"] += time.perf_counter() - began

            began = time.perf_counter()
            codes = dimensions.codes(chunk.frame, before.province_code)
            counts += count_chunk(codes, before.outcome - 1, after.outcome - 1, dimensions)
            criteria.append(status_transitions(before.principal.status, after.principal.status, STATUSES))
            pair = (before.dependant_outcome.astype(np.int64) - 1) * 3 + (after.dependant_outcome - 1)
            dependant_counts += np.bincount(pair, minlength=9)
            seconds["aggregate"] += time.perf_counter() - began

            done += chunk.frame.height
            dependants += len(before.dependant_outcome)
            if progress is not None:
                progress(done, total)

    began = time.perf_counter()
    table = summary_table(cube_from_counts(counts, dimensions), dimensions)
    transitions = merge_transitions(criteria)
    seconds["aggregate"] += time.perf_counter() - began
    seconds["total"] = time.perf_counter() - started
    return SimulationResult(
        baseline=base_label,
        reform=reform_label,
        as_of=as_of,
        applications=done,
        dependants=dependants,
        table=table,
        criteria=transitions,
        dependant_outcomes=_dependant_table(dependant_counts),
        seconds=seconds,
    )


def _dependant_table(counts: np.ndarray) -> pl.DataFrame:
    matrix = counts.reshape(3, 3)
    return pl.DataFrame(
        {
            "outcome": list(OUTCOMES),
            "baseline": matrix.sum(axis=1).astype(np.int64),
            "reform": matrix.sum(axis=0).astype(np.int64),
            "flipped_from": (matrix.sum(axis=1) - np.diag(matrix)).astype(np.int64),
        }
    )

