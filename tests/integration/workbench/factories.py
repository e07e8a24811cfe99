"""Cases in the states the workbench meets them (thin wrappers over tests/factories.py), and the
hand-written fake engine."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from asmtp.cases.models import Application
from tests.factories import FakeEngine, finding, make_case

__all__ = ["APPLICANT_DATA", "FakeEngine", "assessed_case", "claimed_case", "columns", "draft_case", "finding", "granted_case", "now", "recommended_case",
           "submitted_case"]

APPLICANT_DATA = {
    "name_en": "LI Wei", "name_zh": "李伟", "sex": "M", "date_of_birth": "1990-01-01",
    "mainland_id_number": "110105199001010010", "residence": "mainland", "education_level": "master",
    "experience_years": 6, "criminal_conviction_declared": False,
}


def _options(language: str = "zh-hans", industry: str = "J", dependants: int = 0) -> dict[str, Any]:
    return {
        "applicant_data": dict(APPLICANT_DATA), "language": language,
        "employment_data": {"employer_name": "Harbour Analytics Limited", "business_registration_number": "12345678",
                            "job_title": "Data engineer", "industry": industry, "monthly_salary_hkd": 45000,
                            "relevant_to_background": True},
        "dependants": [{"relationship": "child", "name_en": f"LI Child {position}", "date_of_birth": dt.date(2018, 5, 1)}
                       for position in range(dependants)],
    }


def draft_case(applicant: Any, *, language: str = "zh-hans", industry: str = "J", dependants: int = 0) -> Application:
    return make_case(applicant, "draft", **_options(language, industry, dependants))


def submitted_case(applicant: Any, *, now: dt.datetime | None = None, **extra: Any) -> Application:
    return make_case(applicant, "submitted", submitted_at=now, **_options(**extra))


def claimed_case(applicant: Any, officer: Any, **extra: Any) -> Application:
    return make_case(applicant, "claimed", officer=officer, **_options(**extra))


def assessed_case(applicant: Any, officer: Any, engine: Any = None, **extra: Any) -> Application:
    """Claimed and assessed by `officer` (through `record_assessment`, with `engine`: `FakeEngine()`)."""
    return make_case(applicant, "assessed", officer=officer, engine=engine or FakeEngine(), **_options(**extra))


def recommended_case(applicant: Any, officer: Any, verdict: str = "approve", engine: Any = None, **extra: Any) -> Application:
    """Claimed, assessed by `engine` (`FakeEngine()`) and recommended by `officer` for `verdict`."""
    stage = "recommended" if verdict == "approve" else "recommended_refusal"
    return make_case(applicant, stage, officer=officer, engine=engine or FakeEngine(), reason="education fails", **_options(**extra))


def granted_case(applicant: Any, officer: Any, senior_officer: Any, **extra: Any) -> Application:
    """Recommended by `officer` and approved by `senior_officer` through `decide_case`."""
    return make_case(applicant, "approved", officer=officer, senior_officer=senior_officer, engine=FakeEngine(), **_options(**extra))


def now() -> dt.datetime:
    return timezone.now()


def columns(case: Application) -> dict[str, Any]:
    """Every stored column of a case as this instance holds it, to compare with the row read back."""
    return {field.attname: getattr(case, field.attname) for field in Application._meta.concrete_fields}
