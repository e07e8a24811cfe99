"""Population rows as application JSON objects (the shape of rules.md), for the per-case engine.

The vectorised simulation never goes through this: it exists so that the single-application
interface (``asmtp assess``, the API) can be fed the same synthetic cases, and so that a test
can check the per-case and vectorised results agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

import polars as pl

_APPLICANT = (
    "name_en", "name_zh", "sex", "date_of_birth", "mainland_id_number", "residence", "overseas_residence_months",
    "hk_degree_graduate", "education_level", "field_of_study", "professional_qualifications", "experience_years",
    "criminal_conviction_declared", "security_objection", "previous_year_assessable_income_hkd",
    "meets_trade_minimum_qualification",
)
_EMPLOYMENT = (
    "employer_name", "business_registration_number", "employer_established_on", "job_title", "industry",
    "talent_list_profession", "monthly_salary_hkd", "annual_package_hkd", "contract_months",
    "relevant_to_background", "local_recruitment_evidence", "tp_trade",
)


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _present(row: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: _json_value(row[name]) for name in names if row.get(name) is not None}


def application_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """One population row (a dict of its columns) as an application JSON object."""
    applicant = _present(row, _APPLICANT)
    if row.get("travel_document_type") is not None:
        applicant["travel_document"] = {"type": row["travel_document_type"], "number": row["travel_document_number"]}
    record: dict[str, Any] = {
        "id": row["id"],
        "submitted_on": _json_value(row["submitted_on"]),
        "applicant": applicant,
        "dependants": [_present(d, tuple(d)) for d in row.get("dependants") or []],
    }
    if row.get("has_employment"):
        record["employment"] = _present(row, _EMPLOYMENT)
    if row.get("stream"):
        record["stream"] = row["stream"]
    return record


def application_records(frame: pl.DataFrame) -> Iterator[dict[str, Any]]:
    """Every row of a population frame as an application JSON object, in order."""
    for row in frame.iter_rows(named=True):
        yield application_record(row)
