"""The simulation's background job."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="reports")
def run_simulation_job(run_id: int) -> str:
    """Run one simulation; safe to run twice (a finished or live run is left alone)."""
    from asmtp.services.simulations import execute_simulation

    return execute_simulation(run_id)
