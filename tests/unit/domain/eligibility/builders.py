"""Applications for tests: one valid base and named changes, so each test shows only what matters."""

from __future__ import annotations

import copy
from typing import Any

from asmtp.domain.eligibility import assess_applications, parse_for_policy
from asmtp.policy import load_policy

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def mainland_id(date_of_birth: str = "1990-05-17", region: str = "440305", sequence: str = "123") -> str:
    """A Mainland Resident ID number with a correct check character (GB 11643 MOD 11-2)."""
    body = region + date_of_birth.replace("-", "") + sequence
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]


BASE: dict[str, Any] = {
    "id": "APP-1",
    "submitted_on": "2025-06-02",
    "applicant": {
        "name_en": "Chen Jing",
        "sex": "F",
        "date_of_birth": "1990-05-17",
        "mainland_id_number": mainland_id("1990-05-17"),
        "residence": "mainland",
        "education_level": "master",
        "experience_years": 6,
        "criminal_conviction_declared": False,
    },
    "employment": {
        "employer_name": "Harbour Analytics Limited",
        "business_registration_number": "31245678",
        "employer_established_on": "2010-03-01",
        "job_title": "Senior data scientist",
        "industry": "J",
        "monthly_salary_hkd": 48000,
        "relevant_to_background": True,
        "local_recruitment_evidence": True,
    },
    "dependants": [],
}


def application(**changes: Any) -> dict[str, Any]:
    """The base application with changes: top-level fields replaced, ``applicant``/``employment``
    dicts merged field by field (a value of ``None`` removes the field), ``employment=None``
    removes the offer."""
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            for field, new in value.items():
                if new is None:
                    data[key].pop(field, None)
                else:
                    data[key][field] = new
        elif value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def child(date_of_birth: str = "2015-03-01", **fields: Any) -> dict[str, Any]:
    return {"relationship": "child", "name_en": "Chen Xiaoming", "date_of_birth": date_of_birth, **fields}


def spouse(relationship: str = "spouse", **fields: Any) -> dict[str, Any]:
    return {"relationship": relationship, "name_en": "Lam Yan", "date_of_birth": "1989-01-20", **fields}


def assess(data: dict[str, Any], edition: str = "immd") -> dict[str, Any]:
    """The full explained result of one application, through the domain's single-case path."""
    policy = load_policy(edition)
    parsed = parse_for_policy(data, policy, default_edition=edition, edition=edition)
    return assess_applications([parsed], load_policy)[0]


def finding(result: dict[str, Any], criterion: str, dependant: int | None = None) -> dict[str, Any]:
    findings = result["findings"] if dependant is None else result["dependants"][dependant]["findings"]
    return next(f for f in findings if f["criterion"] == criterion)


def status(data: dict[str, Any], criterion: str, edition: str = "immd") -> str:
    return str(finding(assess(data, edition), criterion)["status"])
