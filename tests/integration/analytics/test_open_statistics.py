"""The open statistics page and JSON API: three languages, no small cells, nothing recoverable."""

from __future__ import annotations

import json

import pytest
from django.test import RequestFactory

from asmtp.analytics.services import refresh_analytics_extract
from asmtp.api.statistics import statistics
from tests.integration.analytics.factories import make_caseload

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(db):
    make_caseload(120)
    return refresh_analytics_extract()


def api(query: str = "") -> tuple[int, dict]:
    response = statistics(RequestFactory().get(f"/api/v1/statistics{query}"))
    return response.status_code, json.loads(response.content)


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Open statistics"), ("zh-hant", "公開統計"), ("zh-hans", "公开统计")],
)
def test_anyone_may_read_the_open_statistics_in_three_languages(client, published, language, heading):
    page = client.get(f"/{language}/analytics/statistics/")
    assert page.status_code == 200
    assert heading in page.content.decode()


def test_small_counts_are_shown_as_less_than_ten(client, published):
    html = client.get("/en/analytics/statistics/").content.decode()
    assert "&lt;10" in html


def test_the_api_publishes_no_count_between_one_and_nine(published):
    status, body = api()
    assert status == 200
    counts = [row["count"] for table in body["tables"].values() for row in table["rows"]]
    counts += [value for series in body["monthly"]["series"].values() for value in series["values"]]
    assert None in counts  # something was small enough to hide in this caseload
    assert all(count is None or count == 0 or count >= 10 for count in counts)


def test_no_hidden_cell_can_be_worked_out_from_a_total(published):
    _status, body = api()
    tables = list(body["tables"].values())
    for table in tables:
        values = [row["count"] for row in table["rows"]]
        if table["total"] is not None and None in values:
            assert values.count(None) >= 2
            assert table["total"] - sum(v for v in values if v is not None) >= 10


def test_the_api_names_categories_in_the_language_asked_for(published):
    _status, body = api("?lang=zh-hant")
    names = {row["code"]: row["label"] for row in body["tables"]["industry"]["rows"]}
    assert names["K"] == "金融及保險"
    assert body["language"] == "zh-hant"


def test_an_unknown_language_is_a_clear_error(published):
    status, body = api("?lang=fr")
    assert status == 400
    assert body["error"]["field"] == "lang"


def test_before_anything_is_published_the_api_says_so(db):
    status, body = api()
    assert status == 404
    assert body["error"]["code"] == "not_published"
