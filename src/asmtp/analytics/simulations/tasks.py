"""The simulation's background job, and starting one."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks import task

from asmtp.analytics.simulations.models import SimulationRun
from asmtp.analytics.simulations.services import SimulationRequest, execute_simulation, record_simulation


@task(queue_name="reports")
def run_simulation_job(run_id: int) -> str:
    """Run one simulation; safe to run twice (a finished or live run is left alone)."""
    return execute_simulation(run_id)


def start_simulation(user: Any, request: SimulationRequest) -> SimulationRun:
    """Record a run (audited) and queue its job once the record commits."""
    with transaction.atomic():
        run = record_simulation(user, request)
        transaction.on_commit(lambda: run_simulation_job.enqueue(run.pk))
    return run
