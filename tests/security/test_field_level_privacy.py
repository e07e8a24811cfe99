"""Field-level limits: an analyst works with aggregates and never sees an identity number or a
name, in the dashboard, its charts and CSV downloads, the simulations or the statistics API."""

from __future__ import annotations

import re

import pytest

from asmtp.accounts.models import User
from asmtp.analytics.aggregates import CHART_KEYS
from asmtp.analytics.services import refresh_analytics_extract
from asmtp.cases.models import Application, Dependant
from asmtp.operations.demo import load_demo_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_caseload(analyst):
    load_demo_data(cases=60, seed=11)
    refresh_analytics_extract()
    numbers = {str(n) for n in Application.objects.values_list("applicant_data__mainland_id_number", flat=True) if n}
    numbers |= {n for n in Dependant.objects.values_list("mainland_id_number", flat=True) if n}
    travel = {str(n) for n in Application.objects.values_list("applicant_data__travel_document__number", flat=True) if n}
    names = {n for n in Application.objects.values_list("name_en", flat=True) if n and len(n) > 4}
    assert len(numbers) >= 30  # the check below means something only if the demo holds many
    return numbers, travel, names


def _analyst_pages(client) -> dict[str, bytes]:
    pages = {}
    urls = ["/en/analytics/", "/zh-hans/analytics/", "/en/analytics/statistics/", "/api/v1/statistics", "/en/simulations/"]
    for key in CHART_KEYS:
        urls += [f"/en/analytics/data/{key}.csv", f"/en/analytics/charts/{key}.svg", f"/zh-hant/analytics/data/{key}.csv"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url  # an error page would prove nothing
        pages[url] = b"".join(response.streaming_content) if response.streaming else response.content
    return pages


def test_no_identity_number_name_or_travel_document_reaches_an_analyst(client, demo_caseload):
    numbers, travel, names = demo_caseload
    client.force_login(User.objects.filter(role="analyst").first())
    leaks = []
    for url, body in _analyst_pages(client).items():
        text = body.decode("utf-8", "replace")
        leaks += [f"{url}: identity number {n}" for n in numbers if n in text]
        leaks += [f"{url}: travel document {n}" for n in travel if n in text]
        leaks += [f"{url}: name {n}" for n in names if n in text]
        # Any 18-character Mainland ID shape at all, not only the demo's.
        leaks += [f"{url}: {m}" for m in re.findall(r"(?<!\d)\d{17}[\dX](?!\d)", text)]
    assert leaks == []
