"""A run's figures are grouped by thousands in every language, the total of changes included."""

from __future__ import annotations

import html

import pytest

from asmtp.analytics.simulations import services as service
from asmtp.analytics.simulations.models import RunStatus, SimulationRun
from tests.integration.simulations.factories import make_run

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_the_total_of_changed_outcomes_is_written_with_a_thousands_separator(client, analyst, language):
    run = make_run(analyst)
    assert service.execute_simulation(run.pk) == RunStatus.DONE
    run = SimulationRun.objects.get(pk=run.pk)
    run.result["totals"]["flipped"] = 47886
    run.save(update_fields=["result"])
    client.force_login(analyst)
    page = html.unescape(client.get(f"/{language}/simulations/runs/{run.pk}/").content.decode())
    footer = page.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    assert "47,886" in footer and "47886" not in footer
