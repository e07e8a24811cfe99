"""`POST /api/v1/assessments` in the Technical Professionals stream, as the OpenAPI document describes it."""

from __future__ import annotations

import json

import pytest

from asmtp.api.openapi import openapi_document
from tests.unit.domain.eligibility.builders import application, mainland_id

pytestmark = pytest.mark.django_db

URL = "/api/v1/assessments"
SCHEMAS = openapi_document()["components"]["schemas"]


def _tp(**employment):
    return application(
        submitted_on="2025-09-01", edition="immd", stream="tp",
        applicant={"date_of_birth": "1995-03-10", "mainland_id_number": mainland_id("1995-03-10"),
                   "education_level": "secondary", "meets_trade_minimum_qualification": True},
        employment={"industry": "F", "monthly_salary_hkd": 32000, "contract_months": 36, "tp_trade": "lift_escalator_technician",
                    **employment},
    )


def _post(client, body):
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def test_the_document_describes_every_tp_field_the_engine_accepts():
    assert "stream" in SCHEMAS["ApplicationInput"]["properties"]
    assert "meets_trade_minimum_qualification" in SCHEMAS["ApplicantInput"]["properties"]
    assert "tp_trade" in SCHEMAS["EmploymentInput"]["properties"]


def test_a_tp_application_is_assessed_with_its_trade_in_the_conditions_of_stay(client):
    response = _post(client, _tp())
    assert response.status_code == 200
    result = response.json()
    assert (result["outcome"], result["stream"]) == ("eligible", "technical_professional")
    assert result["stay"]["initial_months"] == 36
    [condition] = result["stay"]["conditions"]
    assert condition["trade"] == "lift_escalator_technician" and "升降机／自动梯技术员" in condition["text"]["zh-Hans"]
    # Every key of the answer is one the document allows.
    assessment = SCHEMAS["Assessment"]
    assert set(result) <= set(assessment["properties"]) and set(assessment["required"]) <= set(result)
    assert set(result["stay"]) <= set(assessment["properties"]["stay"]["properties"])
    assert set(condition) == set(assessment["properties"]["stay"]["properties"]["conditions"]["items"]["properties"])


def test_an_unknown_trade_is_a_400_naming_the_field_and_the_valid_trades(client):
    response = _post(client, _tp(tp_trade="welder"))
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("unknown_tp_trade", "employment.tp_trade")
    assert "nurse" in error["message"]
