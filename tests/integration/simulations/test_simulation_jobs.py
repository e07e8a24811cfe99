"""Starting a simulation queues a job; the real worker runs it and stores tables that add up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from asmtp.analytics.simulations import services as service
from asmtp.analytics.simulations.models import POPULATION_SIZES, RunStatus, SimulationRun
from asmtp.analytics.simulations.tasks import start_simulation
from asmtp.audit.models import AuditEntry
from asmtp.population.simulation.aggregation import TRANSITIONS, transition_name
from asmtp.population.simulation.dimensions import DIMENSIONS, OUTCOMES
from tests.integration.simulations.factories import (
    LOWER_EXEMPTION,
    SMALL_POPULATION,
    edition_reform,
    make_run,
    simulation_request,
)

pytestmark = pytest.mark.django_db

MEASURES = ("applications", *(f"baseline_{o}" for o in OUTCOMES), *(f"reform_{o}" for o in OUTCOMES),
            *(transition_name(i, j) for i, j in TRANSITIONS), "flipped")


@pytest.fixture
def small_populations(monkeypatch):
    """Let the service accept a 2,000-application population (the form offers 10,000 and up)."""
    monkeypatch.setattr(service, "POPULATION_SIZES", (SMALL_POPULATION, *POPULATION_SIZES))


def started(user, request, run_jobs) -> SimulationRun:
    run = start_simulation(user, request)
    assert SimulationRun.objects.get(pk=run.pk).status == RunStatus.QUEUED
    run_jobs()
    return SimulationRun.objects.get(pk=run.pk)


def assert_row_adds_up(row: dict) -> None:
    flips = sum(row[transition_name(i, j)] for i, j in TRANSITIONS)
    assert row["flipped"] == flips
    assert sum(row[f"baseline_{o}"] for o in OUTCOMES) == row["applications"]
    assert sum(row[f"reform_{o}"] for o in OUTCOMES) == row["applications"]
    for index, outcome in enumerate(OUTCOMES):
        gained = sum(row[transition_name(i, index)] for i in range(3) if i != index)
        lost = sum(row[transition_name(index, j)] for j in range(3) if j != index)
        assert row[f"reform_{outcome}"] == row[f"baseline_{outcome}"] + gained - lost


WORKER = pytest.mark.django_db(transaction=True)  # the worker sees only committed jobs


@WORKER
def test_a_2000_application_simulation_runs_in_the_worker_and_every_breakdown_adds_up_to_the_totals(
    analyst, small_populations, run_jobs
):
    run = started(analyst, edition_reform(), run_jobs)

    assert run.status == RunStatus.DONE
    assert run.progress == 100
    assert run.error_code == ""
    totals = run.result["totals"]
    assert totals["applications"] == SMALL_POPULATION == run.result["applications"]
    assert totals["flipped"] > 0, "an employer-sponsored edition must change some outcomes of the direct one"
    assert_row_adds_up(totals)
    for dimension in DIMENSIONS:
        rows = run.result["breakdowns"][dimension]
        for measure in MEASURES:
            assert sum(row[measure] for row in rows) == totals[measure], (dimension, measure)
        for row in rows:
            assert_row_adds_up(row)
            assert row["code"], f"{dimension} group {row['group']!r} has no code to name it by"


@WORKER
def test_a_reform_file_changes_only_what_it_says(analyst, small_populations, run_jobs):
    run = started(analyst, simulation_request(reform_yaml=LOWER_EXEMPTION), run_jobs)

    assert run.status == RunStatus.DONE
    totals = run.result["totals"]
    # A lower market-test exemption only lifts posts out of "refer": nothing becomes worse.
    assert totals["refer_to_eligible"] > 0
    assert totals["eligible_to_refer"] == totals["eligible_to_ineligible"] == totals["refer_to_ineligible"] == 0
    assert "Market-test exemption from HK$600,000" in run.result["reform"]


@WORKER
def test_starting_a_simulation_is_audited_and_so_is_its_end(analyst, small_populations, run_jobs):
    run = started(analyst, edition_reform(), run_jobs)

    entries = AuditEntry.objects.filter(object_type="simulation_run", object_id=str(run.pk)).order_by("id")
    assert [e.action for e in entries] == ["simulation.started", "simulation.done"]
    assert entries[0].actor_id == analyst.pk
    assert entries[0].data["reform"] == "immd"


@WORKER
def test_running_the_job_twice_leaves_the_finished_run_as_it_was(analyst, small_populations, run_jobs):
    run = started(analyst, edition_reform(), run_jobs)

    assert service.execute_simulation(run.pk) == "skipped"

    again = SimulationRun.objects.get(pk=run.pk)
    assert again.result == run.result
    assert again.finished_at == run.finished_at


def test_the_population_is_generated_once_per_size_and_seed_and_reused(analyst, tmp_path):
    first = make_run(analyst, seed=5)
    assert service.execute_simulation(first.pk) == RunStatus.DONE
    path = tmp_path / "populations" / f"{SMALL_POPULATION}-5.parquet"
    written = path.stat().st_mtime_ns

    second = make_run(analyst, seed=5, reform_edition="", reform_yaml="parameters: {market_test.salary_exemption_annual_hkd: 600000}")
    assert service.execute_simulation(second.pk) == RunStatus.DONE

    assert path.stat().st_mtime_ns == written
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "no partial file is left behind"
    assert SimulationRun.objects.get(pk=second.pk).result["applications"] == SMALL_POPULATION


def test_a_run_abandoned_by_a_dead_worker_can_be_taken_over_but_a_live_one_cannot(analyst):
    run = make_run(analyst, status=RunStatus.RUNNING)
    assert service.execute_simulation(run.pk) == "skipped"

    SimulationRun.objects.filter(pk=run.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))
    assert service.execute_simulation(run.pk) == RunStatus.DONE


def test_a_reform_that_no_longer_applies_fails_with_its_reason_and_no_traceback(analyst):
    run = make_run(analyst, reform_edition="", reform_yaml="parameters: {market_test.no_such_thing: 1}")

    assert service.execute_simulation(run.pk) == RunStatus.FAILED

    failed = SimulationRun.objects.get(pk=run.pk)
    assert failed.error_code == "input"
    assert "unknown parameter 'market_test.no_such_thing'" in failed.error_detail
    assert "Traceback" not in failed.error_detail
    assert failed.result is None


def test_a_fault_in_the_service_fails_the_run_with_a_plain_message(analyst, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(service, "run_simulation", broken)
    run = make_run(analyst)

    assert service.execute_simulation(run.pk) == RunStatus.FAILED

    failed = SimulationRun.objects.get(pk=run.pk)
    assert (failed.status, failed.error_code, failed.error_detail) == (RunStatus.FAILED, "internal", "")
    assert "disk on fire" in caplog.text, "the traceback goes to the log for the operators"


def test_progress_is_written_as_the_run_goes_and_never_goes_back(analyst):
    run = make_run(analyst, status=RunStatus.RUNNING)
    seen = []
    clock = iter(range(0, 1000))
    progress = service._Progress(run.pk, clock=lambda: float(next(clock)))
    report = progress.stage(0, 75)
    for done in (500, 1000, 1000, 1500, 2000):
        report(done, 2000)
        seen.append(SimulationRun.objects.get(pk=run.pk).progress)
    progress.set(10, force=True)

    assert seen == [18, 37, 37, 56, 75]
    assert SimulationRun.objects.get(pk=run.pk).progress == 75


def test_progress_is_not_written_more_often_than_twice_a_second(analyst):
    run = make_run(analyst, status=RunStatus.RUNNING)
    now = [100.0]
    progress = service._Progress(run.pk, clock=lambda: now[0])
    progress.set(10)
    now[0] += 0.1
    progress.set(20)
    assert SimulationRun.objects.get(pk=run.pk).progress == 10
    now[0] += 0.5
    progress.set(30)
    assert SimulationRun.objects.get(pk=run.pk).progress == 30
