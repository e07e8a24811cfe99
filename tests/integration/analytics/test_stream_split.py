"""Analysts split the dashboard by stream: the extract carries each case's stream and trade, and
the stream filter narrows every chart and download."""

from __future__ import annotations

import datetime as dt

import pyarrow.parquet as pq
import pytest
from django.utils import timezone

from asmtp.analytics.services import refresh_analytics_extract
from tests.factories import PORTAL_EMPLOYMENT, make_case
from tests.integration.analytics.factories import make_applicant
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_streams(officer, senior_officer):
    """A general case and a Technical Professional's (the trade chosen on the portal's employment step), both issued."""
    when = timezone.now() - dt.timedelta(days=60)
    nurse = {**PORTAL_EMPLOYMENT, "industry": "Q", "stream": "technical_professional", "tp_trade": "nurse",
             "meets_trade_minimum_qualification": True}
    for number, employment in [(1, PORTAL_EMPLOYMENT), (2, nurse)]:
        make_case(make_applicant(number), "issued", "portal", officer=officer, senior_officer=senior_officer,
                  employment_data=dict(employment), at=when)
    return refresh_analytics_extract()


def test_the_extract_carries_each_cases_stream_and_trade(two_streams):
    from asmtp.analytics.extract import extract_path

    rows = sorted(pq.read_table(extract_path()).select(["industry", "stream", "tp_trade"]).to_pylist(), key=lambda r: r["industry"])
    assert rows == [{"industry": "J", "stream": "general", "tp_trade": ""},
                    {"industry": "Q", "stream": "technical_professional", "tp_trade": "nurse"}]


def test_the_stream_filter_narrows_the_downloaded_data(client, analyst, two_streams):
    assert client.login(username=analyst.email, password=PASSWORD)
    csv_text = client.get("/en/analytics/data/industry.csv?stream=technical_professional").content.decode("utf-8-sig")
    assert [line.split(",")[0] for line in csv_text.splitlines()[1:]] == ["Q"]
    csv_text = client.get("/en/analytics/data/industry.csv?stream=general").content.decode("utf-8-sig")
    assert [line.split(",")[0] for line in csv_text.splitlines()[1:]] == ["J"]


@pytest.mark.parametrize(("language", "label"), [("en", "Technical Professionals stream"), ("zh-hans", "技术专才类别"), ("zh-hant", "技術專才類別")])
def test_the_dashboard_offers_the_stream_filter_in_the_readers_language(client, analyst, two_streams, language, label):
    assert client.login(username=analyst.email, password=PASSWORD)
    html = client.get(f"/{language}/analytics/?stream=technical_professional").content.decode()
    assert f'<option value="technical_professional" selected>{label}</option>' in html
    assert "stream=technical_professional" in html  # the charts and downloads keep the filter


def test_an_unknown_stream_is_explained_beside_the_field(client, analyst, two_streams):
    assert client.login(username=analyst.email, password=PASSWORD)
    html = client.get("/zh-hant/analytics/?stream=lorry").content.decode()
    assert 'id="stream-error"' in html and "請從清單中選擇類別。" in html
