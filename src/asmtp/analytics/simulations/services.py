"""Policy simulations from the web: start one, follow it, run it (the background job), read it.

An analyst names a baseline edition, a reform (another edition, or a reform file's YAML text),
an optional assessment date and a synthetic population (size and seed). The run is a row;
the job generates the population once per size and seed under DATA_DIR/populations/, runs
``asmtp.population.run_simulation`` on it and stores the tables as JSON on the row.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from asmtp.accounts.models import Role
from asmtp.analytics.simulations.errors import SimulationError
from asmtp.analytics.simulations.labels import with_group_codes
from asmtp.analytics.simulations.models import POPULATION_SIZES, RunStatus, SimulationRun
from asmtp.audit.services import record_audit_event
from asmtp.policy import load_policy
from asmtp.population import Reform, ReformError, SimulationInputError, generate_to_file, run_simulation
from asmtp.population.simulation.reform import parse_reform
from asmtp.population.simulation.runner import DEFAULT_CHUNK_ROWS, resolve_policy

logger = logging.getLogger(__name__)

ANALYST_ROLES = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
REFORM_LABEL = "reform"
SEED_MAX = 2**31 - 1
EARLIEST_AS_OF = dt.date(2003, 7, 15)  # the scheme's launch: no rule applies before it
LATEST_AS_OF = dt.date(2100, 12, 31)
# A run still "running" with no progress for this long lost its worker; running the job
# again may take it over.
STALE_AFTER = dt.timedelta(minutes=10)
PROGRESS_EVERY_SECONDS = 0.5
# Share of the progress bar for generating a population when the run has to (it takes
# about three times as long as re-assessing it twice).
GENERATION_SHARE = 75


@dataclass(frozen=True)
class SimulationRequest:
    """What the analyst asked for, already parsed; ``reform_edition`` empty means the YAML."""

    baseline: str
    reform_edition: str
    reform_yaml: str
    as_of: dt.date | None
    population_size: int
    seed: int


def editions() -> tuple[str, ...]:
    """The policy editions a run may name."""
    return load_policy().editions


def example_reform() -> str:
    """The example reform file shipped with the population package, to start the form from."""
    import asmtp.population

    return (Path(asmtp.population.__file__).parent / "examples" / "raise-salary-exemption.yaml").read_text(encoding="utf-8")


def reform_name(run: SimulationRun) -> str:
    """The name a reform file gives itself ("" when it has none or is not readable)."""
    try:
        raw = yaml.safe_load(run.reform_yaml) if run.reform_yaml else None
    except yaml.YAMLError:
        return ""
    name = raw.get("name") if isinstance(raw, dict) else None
    return str(name) if name else ""


def _require_analyst(user: Any) -> None:
    if not getattr(user, "is_authenticated", False) or getattr(user, "role", "") not in ANALYST_ROLES:
        raise SimulationError("not_found")


def parse_reform_text(text: str, baseline: str) -> Reform:
    """A reform file's text checked by the population package against ``baseline``'s policy."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is None:
            raise SimulationError("reform_not_yaml_at", "reform_yaml") from None
        raise SimulationError("reform_not_yaml", "reform_yaml", line=str(mark.line + 1)) from None
    try:
        reform = parse_reform(raw, label=REFORM_LABEL)
        resolve_policy(reform, base=load_policy(baseline))
    except (ReformError, SimulationInputError) as exc:
        detail = str(exc).removeprefix(f"{REFORM_LABEL}: ")
        raise SimulationError("reform_invalid", "reform_yaml", detail=detail) from None
    return reform


def check_simulation_request(request: SimulationRequest) -> None:
    """Refuse a request the job could not run, naming the field at fault."""
    known = editions()
    if request.baseline not in known:
        raise SimulationError("unknown_edition", "baseline")
    if request.population_size not in POPULATION_SIZES:
        raise SimulationError("unknown_size", "population_size")
    if not 0 <= request.seed <= SEED_MAX:
        raise SimulationError("bad_seed", "seed")
    if request.as_of is not None and not EARLIEST_AS_OF <= request.as_of <= LATEST_AS_OF:
        raise SimulationError("as_of_range", "as_of")
    if request.reform_edition:
        if request.reform_edition not in known:
            raise SimulationError("unknown_edition", "reform_edition")
        if request.reform_edition == request.baseline:
            raise SimulationError("same_edition", "reform_edition")
        return
    if not request.reform_yaml.strip():
        raise SimulationError("reform_missing", "reform_yaml")
    parse_reform_text(request.reform_yaml, request.baseline)


def record_simulation(user: Any, request: SimulationRequest) -> SimulationRun:
    """Record a run, audited; `asmtp.analytics.simulations.tasks.start_simulation` queues its job."""
    _require_analyst(user)
    check_simulation_request(request)
    with transaction.atomic():
        run = SimulationRun.objects.create(
            created_by=user,
            baseline=request.baseline,
            reform_edition=request.reform_edition,
            reform_yaml="" if request.reform_edition else request.reform_yaml,
            as_of=request.as_of,
            population_size=request.population_size,
            seed=request.seed,
        )
        record_audit_event(
            "simulation.started",
            actor=user,
            object_type="simulation_run",
            object_id=run.pk,
            data={
                "baseline": run.baseline,
                "reform": run.reform_edition or "yaml",
                "as_of": run.as_of.isoformat() if run.as_of else None,
                "population_size": run.population_size,
                "seed": run.seed,
            },
        )
    return run


def simulation_runs(user: Any, limit: int = 50) -> QuerySet[SimulationRun]:
    """The user's own most recent runs (without their result tables)."""
    _require_analyst(user)
    return SimulationRun.objects.filter(created_by=user).defer("result", "reform_yaml")[:limit]


def simulation_run(user: Any, run_id: int) -> SimulationRun:
    """One of the user's own runs; anyone else's is "not found"."""
    _require_analyst(user)
    try:
        return SimulationRun.objects.get(pk=run_id, created_by=user)
    except SimulationRun.DoesNotExist:
        raise SimulationError("not_found") from None


def run_status(user: Any, run_id: int) -> dict[str, Any]:
    """How far a run has got, for the page's polling."""
    _require_analyst(user)
    row = (
        SimulationRun.objects.filter(pk=run_id, created_by=user)
        .values("status", "progress")
        .first()
    )
    if row is None:
        raise SimulationError("not_found")
    finished = row["status"] in {RunStatus.DONE, RunStatus.FAILED}
    return {"status": row["status"], "progress": row["progress"], "finished": finished}


# --- the background job's work ----------------------------------------------------------------


def population_path(size: int, seed: int) -> Path:
    return Path(settings.DATA_DIR) / "populations" / f"{size}-{seed}.parquet"


class _Progress:
    """Writes a run's progress to its row, at most every ``PROGRESS_EVERY_SECONDS``."""

    def __init__(self, run_id: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.run_id = run_id
        self.clock = clock
        self.last = -PROGRESS_EVERY_SECONDS
        self.percent = 0

    def stage(self, start: int, end: int) -> Callable[[int, int], None]:
        def report(done: int, total: int) -> None:
            self.set(start + (end - start) * done // max(total, 1))

        return report

    def set(self, percent: int, *, force: bool = False) -> None:
        now = self.clock()
        if percent <= self.percent or (not force and now - self.last < PROGRESS_EVERY_SECONDS):
            return
        self.percent, self.last = percent, now
        SimulationRun.objects.filter(pk=self.run_id, status=RunStatus.RUNNING).update(
            progress=min(percent, 100), updated_at=timezone.now()
        )


def _claim(run_id: int) -> SimulationRun | None:
    """Mark a queued (or abandoned) run as running; None when another worker has it or it is finished."""
    now = timezone.now()
    claimable = Q(status=RunStatus.QUEUED) | Q(status=RunStatus.RUNNING, updated_at__lt=now - STALE_AFTER)
    with transaction.atomic():
        claimed = SimulationRun.objects.filter(claimable, pk=run_id).update(
            status=RunStatus.RUNNING, progress=0, started_at=now, updated_at=now
        )
    return SimulationRun.objects.get(pk=run_id) if claimed else None


def _ensure_population(size: int, seed: int, progress: _Progress) -> Path:
    """The population file for ``size`` and ``seed``, generated once (written whole, then renamed)."""
    path = population_path(size, seed)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.stem}.{os.getpid()}.{time.monotonic_ns()}.partial")
    report, done = progress.stage(0, GENERATION_SHARE), 0

    def written(rows: int) -> None:
        nonlocal done
        done += rows
        report(done, size)

    try:
        generate_to_file(size, seed, partial, on_chunk=written)
        os.replace(partial, path)  # two jobs generating the same file write the same rows
    finally:
        partial.unlink(missing_ok=True)
    return path


def _simulate(run: SimulationRun, progress: _Progress) -> dict[str, Any]:
    generated = not population_path(run.population_size, run.seed).exists()
    path = _ensure_population(run.population_size, run.seed, progress)
    reform: str | Reform = run.reform_edition or parse_reform_text(run.reform_yaml, run.baseline)
    start = GENERATION_SHARE if generated else 0
    result = run_simulation(
        path,
        run.baseline,
        reform,
        as_of=run.as_of,
        progress=progress.stage(start, 99),
        chunk_rows=min(DEFAULT_CHUNK_ROWS, max(50_000, run.population_size // 10)),
    )
    return with_group_codes(result.to_dict(), run.baseline)


def _finish(run_id: int, **fields: Any) -> None:
    now = timezone.now()
    with transaction.atomic():
        SimulationRun.objects.filter(pk=run_id).update(finished_at=now, updated_at=now, **fields)
        record_audit_event(
            f"simulation.{fields['status']}",
            object_type="simulation_run",
            object_id=run_id,
            data={"error_code": fields.get("error_code", "")},
        )


def execute_simulation(run_id: int) -> str:
    """Run one simulation (the job's work); returns its final status, or "skipped".

    Safe to run twice: a run that is finished, or running in a live worker, is left alone.
    """
    run = _claim(run_id)
    if run is None:
        return "skipped"
    progress = _Progress(run_id)
    try:
        result = _simulate(run, progress)
    except SimulationError as error:
        _finish(run_id, status=RunStatus.FAILED, error_code="input", error_detail=error.params.get("detail", error.code))
        return RunStatus.FAILED
    except SimulationInputError as error:
        _finish(run_id, status=RunStatus.FAILED, error_code="input", error_detail=str(error))
        return RunStatus.FAILED
    except Exception:
        # Anything else is a fault of ours: the log keeps the traceback, the row a plain message,
        # and the run never stays "running" for ever.
        logger.exception("simulation run %s failed", run_id)
        _finish(run_id, status=RunStatus.FAILED, error_code="internal", error_detail="")
        return RunStatus.FAILED
    _finish(run_id, status=RunStatus.DONE, progress=100, result=result)
    return RunStatus.DONE


# --- reading a finished run -------------------------------------------------------------------


def finished_result(user: Any, run_id: int, dimension: str) -> dict[str, Any]:
    """A finished run's stored result; an unknown breakdown or an unfinished run is "not found"."""
    run = simulation_run(user, run_id)
    if run.status != RunStatus.DONE or not run.result or dimension not in run.result.get("breakdowns", {}):
        raise SimulationError("not_found")
    result: dict[str, Any] = run.result
    return result


def simulation_chart(user: Any, run_id: int, dimension: str, fmt: str, language: str) -> tuple[bytes, str]:
    """The flips of one breakdown drawn as SVG or PNG in ``language``, with its content type."""
    from asmtp.analytics.charts import FORMATS, render
    from asmtp.analytics.simulations.tables import flip_chart

    if fmt not in FORMATS:
        raise SimulationError("not_found")
    chart, text = flip_chart(finished_result(user, run_id, dimension), dimension, language)
    return render(chart, text, fmt, language), FORMATS[fmt]


def simulation_csv(user: Any, run_id: int, dimension: str, language: str) -> str:
    """One breakdown's full table as CSV (codes, names in ``language``, every flip, totals)."""
    import csv
    import io

    from asmtp.analytics.simulations.tables import breakdown_csv_rows

    buffer = io.StringIO()
    csv.writer(buffer).writerows(breakdown_csv_rows(finished_result(user, run_id, dimension), dimension, language))
    return buffer.getvalue()
