"""The analytics name the processing pledge the policy data state: a pledge changed in the data
alone (no code) changes the chart's reference line label, its description and both headlines."""

from __future__ import annotations

import datetime as dt

import pytest

from asmtp.analytics.services import refresh_analytics_extract
from tests.integration.analytics.factories import make_caseload
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

CHANGED = dt.date(2026, 1, 1)


@pytest.fixture
def caseload(db):
    make_caseload(60)
    return refresh_analytics_extract()


def _dashboard(client, analyst, language: str = "en") -> str:
    assert client.login(username=analyst.email, password=PASSWORD)
    return client.get(f"/{language}/analytics/").content.decode()


def test_the_dashboard_headline_and_description_name_the_pledge_in_the_data(client, analyst, caseload, policy_data_change):
    html = _dashboard(client, analyst)
    assert "of decisions within the pledge (4 weeks)" in html
    assert "The pledge is about 4 weeks once all documents are in" in html
    policy_data_change("processing.pledge", {"weeks": 6}, CHANGED)
    html = _dashboard(client, analyst)
    assert "of decisions within the pledge (6 weeks)" in html
    assert "The pledge is about 6 weeks once all documents are in" in html
    assert "4 weeks" not in html and "4-week" not in html


def test_the_dashboard_names_the_pledge_in_chinese_too(client, analyst, caseload, policy_data_change):
    policy_data_change("processing.pledge", {"months": 2}, CHANGED)
    html = _dashboard(client, analyst, "zh-hant")
    assert "的決定在服務承諾期（2個月）內作出" in html
    assert "服務承諾是在收齊所有文件後約2個月內處理" in html


def test_the_processing_charts_reference_line_is_labelled_with_the_pledge_in_the_data(client, analyst, caseload, policy_data_change):
    policy_data_change("processing.pledge", {"days": 30}, CHANGED)
    _dashboard(client, analyst)
    svg = client.get("/en/analytics/charts/processing.svg").content.decode()
    assert "Pledge: 30 days" in svg
    assert "Pledge: 28 days" not in svg


def test_the_open_statistics_headline_names_the_pledge_in_the_data(client, caseload, policy_data_change):
    assert "of decisions within the pledge (4 weeks)" in client.get("/en/analytics/statistics/").content.decode()
    policy_data_change("processing.pledge", {"weeks": 3}, CHANGED)
    html = client.get("/en/analytics/statistics/").content.decode()
    assert "of decisions within the pledge (3 weeks)" in html
