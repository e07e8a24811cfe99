"""The family step asks the engine's own child rule with the policy in force: a different child
age limit made in the policy data alone (no code) changes who may be added, and the message."""

from __future__ import annotations

import datetime as dt

import pytest

from asmtp.cases.models import Dependant
from tests.integration.portal.factories import fill_particulars, start

pytestmark = pytest.mark.django_db


def _child(born: dt.date) -> dict[str, str]:
    return {"relationship": "child", "name_en": "LI Da", "name_zh": "李大", "sex": "M", "date_of_birth": born.isoformat(), "marital_status": "single"}


def test_with_an_age_limit_of_21_in_the_data_a_child_of_19_may_be_added(client, applicant, policy_data_change):
    case = fill_particulars(start(applicant), applicant)
    client.force_login(applicant)
    today = dt.date.today()
    nineteen = dt.date(today.year - 19, today.month, min(today.day, 28))
    assert client.post(f"/en/portal/applications/{case.pk}/family/", _child(nineteen)).status_code == 400
    policy_data_change("dependants.child_age_limit_years", 21, dt.date(2026, 1, 1))
    response = client.post(f"/en/portal/applications/{case.pk}/family/", _child(nineteen))
    assert response.status_code == 302
    assert Dependant.objects.filter(application=case, relationship="child").count() == 1


def test_the_refusal_names_the_age_limit_in_the_data(client, applicant, policy_data_change):
    policy_data_change("dependants.child_age_limit_years", 21, dt.date(2026, 1, 1))
    case = fill_particulars(start(applicant), applicant)
    client.force_login(applicant)
    today = dt.date.today()
    twenty_one = dt.date(today.year - 21, today.month, min(today.day, 28))
    page = client.post(f"/zh-hant/portal/applications/{case.pk}/family/", _child(twenty_one)).content.decode()
    assert "子女在申請當日須未滿21歲" in page
