"""The analysts' dashboard: who may see it, its charts and downloads, its filters, its refresh job."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from asmtp.analytics.aggregates import CHART_KEYS
from asmtp.analytics.services import refresh_analytics_extract
from asmtp.audit.models import AuditEntry
from tests.factories import make_case
from tests.integration.analytics.factories import make_applicant, make_caseload
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseload(db):
    make_caseload(60)
    return refresh_analytics_extract()


def signed_in(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return client


def test_an_analyst_sees_every_chart_with_its_downloads(client, analyst, caseload):
    page = signed_in(client, analyst).get("/en/analytics/")
    html = page.content.decode()
    assert page.status_code == 200
    for key in CHART_KEYS:
        assert f"/en/analytics/charts/{key}.svg" in html
        assert f"/en/analytics/charts/{key}.png?download=1" in html
        assert f"/en/analytics/data/{key}.csv" in html
    assert f"covering {caseload.rows} submitted cases" in html


def test_an_administrator_may_see_the_dashboard_too(client, administrator, caseload):
    assert signed_in(client, administrator).get("/en/analytics/").status_code == 200


@pytest.mark.parametrize("persona", ["applicant", "officer", "senior_officer", "employer_staff"])
def test_anyone_else_gets_not_found_as_if_there_were_no_dashboard(client, request, persona, caseload):
    user = request.getfixturevalue(persona)
    client = signed_in(client, user)
    assert client.get("/en/analytics/").status_code == 404
    assert client.get("/en/analytics/charts/flow.svg").status_code == 404
    assert client.get("/en/analytics/data/flow.csv").status_code == 404


def test_a_visitor_who_is_not_signed_in_gets_not_found(client, caseload):
    assert client.get("/en/analytics/").status_code == 404


def test_charts_come_as_svg_and_png_in_the_readers_language(client, analyst, caseload):
    client = signed_in(client, analyst)
    svg = client.get("/zh-hans/analytics/charts/industry.svg")
    png = client.get("/zh-hant/analytics/charts/province.png?download=1")
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.lstrip().startswith(b"<?xml")
    assert png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert png["Content-Disposition"] == 'attachment; filename="asmtp-province.png"'


def test_a_charts_data_downloads_as_csv_with_codes_and_names(client, analyst, caseload):
    response = signed_in(client, analyst).get("/zh-hans/analytics/data/industry.csv")
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert lines[0] == "code,行业,获准入境人数"
    assert any(line.startswith("K,金融及保险,") for line in lines)


def test_an_unknown_chart_or_format_is_not_found(client, analyst, caseload):
    client = signed_in(client, analyst)
    assert client.get("/en/analytics/charts/nonsense.svg").status_code == 404
    assert client.get("/en/analytics/charts/flow.gif").status_code == 404


def test_filters_narrow_the_downloaded_data(client, analyst, officer, senior_officer):
    when = timezone.now() - dt.timedelta(days=60)
    for number, industry, edition in [(1, "K", "immd"), (2, "J", "direct")]:
        make_case(make_applicant(number), "issued", officer=officer, senior_officer=senior_officer, edition=edition,
                  employment_data={"industry": industry, "monthly_salary_hkd": 30_000}, at=when)
    refresh_analytics_extract()
    csv_text = signed_in(client, analyst).get("/en/analytics/data/industry.csv?industry=K").content.decode("utf-8-sig")
    assert [line.split(",")[0] for line in csv_text.splitlines()[1:]] == ["K"]
    csv_text = client.get("/en/analytics/data/industry.csv?edition=direct").content.decode("utf-8-sig")
    assert [line.split(",")[0] for line in csv_text.splitlines()[1:]] == ["J"]


def test_a_mistyped_date_is_explained_beside_the_field_and_kept(client, analyst, caseload):
    page = signed_in(client, analyst).get("/zh-hant/analytics/?date_from=2025-13-01&industry=K")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="date_from-error"' in html and 'href="#id_date_from"' in html
    assert 'value="2025-13-01"' in html
    assert '<option value="K" selected>' in html  # the other filters still apply


def test_before_the_first_extract_the_dashboard_offers_to_compute_it(client, analyst):
    html = signed_in(client, analyst).get("/en/analytics/").content.decode()
    assert "have not been computed yet" in html
    assert "/en/analytics/charts/" not in html


@pytest.mark.django_db(transaction=True)
def test_refresh_is_queued_and_the_worker_takes_the_extract(client, analyst):
    from django_tasks_db.models import DBTaskResult

    make_caseload(20)
    client = signed_in(client, analyst)
    response = client.post("/en/analytics/refresh/")
    assert response.status_code == 302
    assert DBTaskResult.objects.filter(queue_name="reports").count() == 1
    assert AuditEntry.objects.filter(action="analytics.refresh_requested", actor_id=analyst.pk).exists()
    call_command("db_worker", batch=True, interval=0, verbosity=0, queue_name="reports")
    assert AuditEntry.objects.filter(action="analytics.extract_refreshed").exists()
    assert "covering 32 submitted cases" in client.get("/en/analytics/").content.decode()


def test_refreshing_twice_gives_the_same_extract(db):
    make_caseload(15)
    first = refresh_analytics_extract()
    second = refresh_analytics_extract()
    assert first.rows == second.rows == 27


def test_drafts_are_not_counted_as_applications(db):
    make_caseload(5)
    make_case(make_applicant(999), "draft")
    assert refresh_analytics_extract().rows == 17
