"""The Technical Professionals stream in the engine: input, the rules the scenarios do not reach, the batch path."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import polars as pl
import pytest

from asmtp.domain.eligibility import (
    ApplicationInputError,
    assess_applications,
    assess_batch,
    columns_from_polars,
    parse_for_policy,
)
from asmtp.policy import TPList, TPListVersion, load_policy
from tests.unit.domain.eligibility.builders import application, assess, finding, mainland_id


def tp_application(**changes):
    base = application(
        submitted_on="2025-09-01",
        stream="technical_professional",
        applicant={"date_of_birth": "1995-03-10", "mainland_id_number": mainland_id("1995-03-10"),
                   "education_level": "sub_degree", "meets_trade_minimum_qualification": True},
        employment={"industry": "H", "monthly_salary_hkd": 30000, "tp_trade": "aircraft_maintenance_technician"},
    )
    return {**base, **changes}


def test_tp_is_accepted_as_the_short_name_of_the_technical_professionals_stream():
    assert assess(tp_application(stream="tp"))["stream"] == "technical_professional"


def test_an_application_without_a_stream_is_in_the_general_stream_and_has_no_tp_finding():
    result = assess(application())
    assert result["stream"] == "general"
    assert finding(result, "technical_stream")["status"] == "not_applicable"
    assert "conditions" not in result["stay"]


def test_an_unknown_stream_is_an_input_error():
    with pytest.raises(ApplicationInputError) as error:
        parse_for_policy(tp_application(stream="skilled"), load_policy("immd"), default_edition="immd")
    assert error.value.field == "stream"


def test_an_unknown_trade_is_an_input_error_that_lists_the_valid_ones():
    data = tp_application()
    data["employment"]["tp_trade"] = "plumber"
    with pytest.raises(ApplicationInputError) as error:
        parse_for_policy(data, load_policy("immd"), default_edition="immd")
    assert (error.value.code, error.value.field) == ("unknown_tp_trade", "employment.tp_trade")
    assert "aircraft_maintenance_technician" in error.value.message and "bim_coordinator" in error.value.message


def test_a_trade_dropped_from_a_later_tp_list_is_not_listed_from_that_day():
    policy = load_policy("immd")
    first = policy.tp_list.versions[0]
    later = TPListVersion(date(2026, 7, 1), True, "a test revision", "V", tuple(t for t in first.trades if t != "nurse"))
    revised = dataclasses.replace(policy, tp_list=TPList(policy.tp_list.trades, (first, later)))
    data = tp_application(submitted_on="2026-07-01")
    data["employment"]["tp_trade"] = "nurse"
    parsed = parse_for_policy(data, revised, default_edition="immd")
    result = assess_applications([parsed], lambda edition: revised)[0]
    stream = finding(result, "technical_stream")
    assert (stream["status"], stream["reason_code"]) == ("fail", "trade_not_listed")
    assert "Nurse" in stream["reason"]["en"] and "護士" in stream["reason"]["zh-Hant"] and "护士" in stream["reason"]["zh-Hans"]


def test_the_tp_stay_is_never_top_tier():
    data = tp_application()
    data["applicant"]["previous_year_assessable_income_hkd"] = 2500000
    assert assess(data)["stay"]["top_tier"] is False


def test_the_pay_floor_is_the_non_degree_median_where_that_is_higher_than_the_industrys():
    policy = load_policy("immd").with_overrides({"tp.non_degree_median_monthly_hkd": 40000})
    data = tp_application()
    parsed = parse_for_policy(data, policy, default_edition="immd")
    pay = finding(assess_applications([parsed], lambda edition: policy)[0], "remuneration")
    assert (pay["status"], pay["reason_code"]) == ("refer", "tp_below_floor")
    assert pay["parameters"]["tp_pay_floor"]["value"] == 40000
    assert "HK$40,000" in pay["next_step"]["en"] and "非學位" in pay["reason"]["zh-Hant"]


def test_a_population_frame_without_stream_columns_is_all_general_stream():
    frame = pl.DataFrame({"submitted_on": [date(2025, 9, 1)], "date_of_birth": [date(1995, 3, 10)],
                          "mainland_id_number": [mainland_id("1995-03-10")], "residence": ["mainland"],
                          "education_level": ["bachelor"], "experience_years": [3.0], "has_employment": [False]})
    principals, dependants = columns_from_polars(frame)
    assert not principals.technical_professional.any() and (principals.tp_trade == -1).all()
    result = assess_batch(principals, dependants, load_policy("direct"))
    assert result.principal.status["technical_stream"].tolist() == [0]  # not applicable


def test_a_population_frame_carries_the_tp_stream_into_the_batch():
    frame = pl.DataFrame({"submitted_on": [date(2025, 9, 1)] * 2, "date_of_birth": [date(1995, 3, 10)] * 2,
                          "mainland_id_number": [mainland_id("1995-03-10")] * 2, "residence": ["mainland"] * 2,
                          "education_level": ["secondary"] * 2, "experience_years": [8.0] * 2,
                          "criminal_conviction_declared": [False] * 2, "has_employment": [True] * 2,
                          "employer_name": ["E"] * 2, "business_registration_number": ["31245678"] * 2,
                          "job_title": ["T"] * 2, "industry": ["H"] * 2, "monthly_salary_hkd": [30000.0] * 2,
                          "relevant_to_background": [True] * 2, "local_recruitment_evidence": [True] * 2,
                          "contract_months": [24.0] * 2,
                          "stream": ["tp", None], "tp_trade": ["nurse", None],
                          "meets_trade_minimum_qualification": [True, None]})
    result = assess_batch(*columns_from_polars(frame), load_policy("immd"))
    assert result.outcome_names().tolist() == ["eligible", "refer"]  # the general row: no degree, 8 years of experience
    assert result.stay.initial_months.tolist() == [24, 24]
    assert np.asarray(result.stay.technical_professional).tolist() == [True, False]
