"""The analysts' simulation pages: the form, its refusals, a run's page, progress, charts and data."""

from __future__ import annotations

import csv
import html
import io

import pytest

from asmtp.analytics.simulations import services as service
from asmtp.analytics.simulations.models import RunStatus, SimulationRun
from tests.integration.simulations.factories import (
    NOT_YAML,
    UNKNOWN_PARAMETER,
    UNKNOWN_TOP_LEVEL_KEY,
    form_data,
    make_run,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_run(analyst):
    run = make_run(analyst)
    assert service.execute_simulation(run.pk) == RunStatus.DONE
    return SimulationRun.objects.get(pk=run.pk)


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def field_error(page: str, field: str) -> str:
    """The text of the error shown next to one field."""
    marker = f'<p class="field-error" id="{field}-error">'
    assert marker in page, f"no error next to {field}"
    return page.split(marker, 1)[1].split("</p>", 1)[0]


def test_the_form_starts_from_the_example_reform_and_the_deployment_edition(client, analyst, settings):
    client.force_login(analyst)
    page = text_of(client.get("/en/simulations/"))
    assert "market_test.salary_exemption_annual_hkd: 2500000" in page
    assert f'<option value="{settings.ASMTP_EDITION}" selected>' in page
    assert '<option value="10000" selected>10,000</option>' in page
    assert "You have not run a simulation yet." in page


def test_submitting_the_form_queues_a_run_and_opens_its_page(client, analyst):
    client.force_login(analyst)
    response = client.post("/en/simulations/", form_data(as_of="2025-06-30"))

    run = SimulationRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/simulations/runs/{run.pk}/"
    assert (run.status, run.baseline, run.reform_edition, run.population_size, run.seed) == ("queued", "direct", "", 10_000, 11)
    assert run.as_of.isoformat() == "2025-06-30"
    assert "accountants" in run.reform_yaml
    page = text_of(client.get(response["Location"]))
    assert '<progress id="run-progress" max="100" value="0"' in page
    assert "simulations/progress.js" in page


def test_choosing_an_edition_as_reform_keeps_no_reform_file(client, analyst):
    client.force_login(analyst)
    client.post("/en/simulations/", form_data(reform="immd"))
    run = SimulationRun.objects.get()
    assert (run.reform_edition, run.reform_yaml) == ("immd", "")


@pytest.mark.parametrize(
    ("reform_yaml", "expected"),
    [
        (UNKNOWN_TOP_LEVEL_KEY, "unknown key 'paramters'; expected one of name, edition"),
        (UNKNOWN_PARAMETER, "unknown parameter 'market_test.salary_exemption'; known parameters:"),
        (NOT_YAML, "The reform is not valid YAML (line 3)."),
        ("name: nothing to change\n", "the reform changes nothing"),
    ],
)
def test_a_bad_reform_is_refused_next_to_its_field_and_nothing_typed_is_lost(client, analyst, reform_yaml, expected):
    client.force_login(analyst)
    data = form_data(reform_yaml=reform_yaml, seed="424242", as_of="2024-01-31", population_size="100000")

    response = client.post("/en/simulations/", data)

    page = text_of(response)
    assert response.status_code == 400
    assert expected in field_error(page, "reform_yaml")
    assert '<li><a href="#id_reform_yaml">' in page
    assert f">{reform_yaml}</textarea>" in page
    assert 'value="424242"' in page and 'value="2024-01-31"' in page
    assert '<option value="100000" selected>' in page
    assert not SimulationRun.objects.exists()


def test_the_refusal_is_worded_in_the_readers_language(client, analyst):
    client.force_login(analyst)
    page = text_of(client.post("/zh-hant/simulations/", form_data(reform_yaml=UNKNOWN_TOP_LEVEL_KEY)))
    assert field_error(page, "reform_yaml").startswith("無法使用這項改革方案：")


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"seed": "-1"}, "seed", "Enter a whole number from 0 to 2,147,483,647."),
        ({"seed": "seven"}, "seed", "Enter a whole number from 0 to 2,147,483,647."),
        ({"as_of": "31/01/2025"}, "as_of", "Enter a date as YYYY-MM-DD"),
        ({"as_of": "1999-01-01"}, "as_of", "from 15 July 2003"),
        ({"population_size": "5"}, "population_size", "Choose a population size from the list."),
        ({"reform": "direct"}, "reform", "Choose a reform that differs from the baseline"),
        ({"reform_yaml": "   "}, "reform_yaml", "Enter the reform file's text"),
        ({"baseline": "qmas"}, "baseline", "Choose an edition from the list."),
    ],
)
def test_every_other_mistake_is_shown_next_to_its_field(client, analyst, changes, field, expected):
    client.force_login(analyst)
    response = client.post("/en/simulations/", form_data(**changes))
    assert response.status_code == 400
    assert expected in field_error(text_of(response), field)
    assert not SimulationRun.objects.exists()


def test_a_finished_run_shows_outcomes_flips_every_breakdown_and_its_charts(client, analyst, finished_run):
    client.force_login(analyst)
    page = text_of(client.get(f"/en/simulations/runs/{finished_run.pk}/"))
    totals = finished_run.result["totals"]

    assert "run-progress" not in page and "progress.js" not in page
    assert "Applications by outcome" in page
    assert f"{totals['flipped']:,}" in page
    for dimension in ("industry", "talent_list_segment", "salary_band", "province"):
        assert f'data-breakdown="{dimension}"' in page
        assert f"/en/simulations/runs/{finished_run.pk}/charts/{dimension}.svg" in page
        assert f"/en/simulations/runs/{finished_run.pk}/charts/{dimension}.png?download=1" in page
        assert f"/en/simulations/runs/{finished_run.pk}/data/{dimension}.csv" in page
    assert "K Financing and insurance" in page
    assert "Guangdong" in page
    assert "Under HK$20,000" in page


def test_group_names_follow_the_readers_language(client, analyst, finished_run):
    client.force_login(analyst)
    page = text_of(client.get(f"/zh-hans/simulations/runs/{finished_run.pk}/"))
    assert "K 金融及保险" in page
    assert "广东" in page
    assert "没有工作聘用" in page


def test_the_charts_come_as_svg_and_png(client, analyst, finished_run):
    client.force_login(analyst)
    svg = client.get(f"/zh-hans/simulations/runs/{finished_run.pk}/charts/industry.svg")
    png = client.get(f"/en/simulations/runs/{finished_run.pk}/charts/province.png?download=1")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert svg.content.lstrip().startswith(b"<?xml") and b"<svg" in svg.content
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert "attachment" in png["Content-Disposition"]


def test_the_csv_of_a_breakdown_adds_up_to_its_totals_row(client, analyst, finished_run):
    client.force_login(analyst)
    response = client.get(f"/zh-hant/simulations/runs/{finished_run.pk}/data/salary_band.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert response.status_code == 200
    header, groups, total = rows[0], rows[1:-1], rows[-1]
    assert header[:3] == ["代碼", "每月薪金", "申請"]
    assert total[1] == "總數"
    for column in range(2, len(header)):
        assert sum(int(row[column]) for row in groups) == int(total[column])
    assert int(total[2]) == finished_run.population_size


def test_the_progress_endpoint_reports_status_and_percent(client, analyst):
    run = make_run(analyst, status=RunStatus.RUNNING, progress=42)
    client.force_login(analyst)
    response = client.get(f"/en/simulations/runs/{run.pk}/progress.json")
    assert response.json() == {"status": "running", "progress": 42, "finished": False, "label": "Running"}
    assert response["Cache-Control"] == "no-store"


def test_the_progress_endpoint_names_the_status_in_the_readers_language(client, analyst):
    run = make_run(analyst)
    client.force_login(analyst)
    assert client.get(f"/zh-hant/simulations/runs/{run.pk}/progress.json").json()["label"] == "等待開始"


def test_a_failed_run_says_why_in_plain_words(client, analyst):
    run = make_run(analyst, reform_edition="", reform_yaml="parameters: {market_test.no_such_thing: 1}")
    service.execute_simulation(run.pk)
    client.force_login(analyst)
    page = text_of(client.get(f"/en/simulations/runs/{run.pk}/"))
    assert "The simulation failed" in page
    assert "unknown parameter 'market_test.no_such_thing'" in page
    assert "Traceback" not in page


def test_the_list_shows_the_analysts_own_runs(client, analyst, administrator):
    mine = make_run(analyst)
    theirs = make_run(administrator)
    client.force_login(analyst)
    page = text_of(client.get("/en/simulations/"))
    assert f"/en/simulations/runs/{mine.pk}/" in page
    assert f"/en/simulations/runs/{theirs.pk}/" not in page


PAGES = ("/en/simulations/", "/en/simulations/runs/{id}/", "/en/simulations/runs/{id}/progress.json",
         "/en/simulations/runs/{id}/charts/industry.svg", "/en/simulations/runs/{id}/data/industry.csv")


@pytest.mark.parametrize("persona", ["applicant", "employer_staff", "officer", "senior_officer"])
def test_people_who_are_not_analysts_get_not_found_on_every_page(client, request, persona, finished_run):
    client.force_login(request.getfixturevalue(persona))
    for path in PAGES:
        assert client.get(path.format(id=finished_run.pk)).status_code == 404, path
    assert client.post("/en/simulations/", form_data()).status_code == 404
    assert SimulationRun.objects.count() == 1


def test_signed_out_visitors_get_not_found(client, finished_run):
    for path in PAGES:
        assert client.get(path.format(id=finished_run.pk)).status_code == 404, path


def test_another_analysts_run_is_not_found(client, administrator, finished_run):
    client.force_login(administrator)
    for path in PAGES[1:]:
        assert client.get(path.format(id=finished_run.pk)).status_code == 404, path


def test_an_unfinished_run_has_no_chart_or_data_yet(client, analyst):
    run = make_run(analyst)
    client.force_login(analyst)
    assert client.get(f"/en/simulations/runs/{run.pk}/charts/industry.svg").status_code == 404
    assert client.get(f"/en/simulations/runs/{run.pk}/data/industry.csv").status_code == 404


def test_an_unknown_breakdown_or_format_is_not_found(client, analyst, finished_run):
    client.force_login(analyst)
    assert client.get(f"/en/simulations/runs/{finished_run.pk}/charts/colour.svg").status_code == 404
    assert client.get(f"/en/simulations/runs/{finished_run.pk}/charts/industry.gif").status_code == 404
