"""The home page promises the processing pledge the policy data state today: a pledge changed in
the data alone (no code) changes what the page says."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db

CHANGED = dt.date(2026, 1, 1)


def test_the_home_page_states_the_pledge_in_force(client):
    html = client.get("/en/").content.decode()
    assert "Processing pledge: about 4 weeks after all documents are received." in html


def test_a_pledge_changed_in_the_data_is_the_one_the_home_page_states(client, policy_data_change):
    policy_data_change("processing.pledge", {"weeks": 6}, CHANGED)
    assert "Processing pledge: about 6 weeks after all documents are received." in client.get("/en/").content.decode()
    assert "服務承諾：收齊所有文件後約6個星期內完成處理。" in client.get("/zh-hant/").content.decode()
    assert "服务承诺：收齐所有文件后约6个星期内完成处理。" in client.get("/zh-hans/").content.decode()


def test_a_pledge_that_starts_later_does_not_change_todays_promise(client, policy_data_change):
    policy_data_change("processing.pledge", {"weeks": 6}, dt.date.today() + dt.timedelta(days=30))
    assert "about 4 weeks after all documents are received" in client.get("/en/").content.decode()
