"""Cases in the states the workbench meets them, and a small hand-written fake engine."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from asmtp.cases.models import Application, Dependant
from asmtp.cases.services import perform_action
from asmtp.domain.lifecycle import Action

APPLICANT_DATA = {
    "name_en": "LI Wei", "name_zh": "李伟", "sex": "M", "date_of_birth": "1990-01-01",
    "mainland_id_number": "110105199001010010", "residence": "mainland", "education_level": "master",
    "experience_years": 6, "criminal_conviction_declared": False,
}


def draft_case(applicant: Any, *, language: str = "zh-hans", industry: str = "J", dependants: int = 0) -> Application:
    case = Application.objects.create(
        applicant=applicant, applicant_data=dict(APPLICANT_DATA), language=language, name_en="LI Wei",
        name_zh="李伟", industry=industry, monthly_salary_hkd=45000,
        employment_data={"employer_name": "Harbour Analytics Limited", "business_registration_number": "12345678",
                         "job_title": "Data engineer", "industry": industry, "monthly_salary_hkd": 45000,
                         "relevant_to_background": True},
    )
    for position in range(dependants):
        Dependant.objects.create(application=case, position=position, relationship="child", name_en=f"LI Child {position}",
                                 date_of_birth=dt.date(2018, 5, 1))
    return case


def submitted_case(applicant: Any, *, now: dt.datetime | None = None, **extra: Any) -> Application:
    case = draft_case(applicant, **extra)
    return perform_action(case.pk, Action.SUBMIT, applicant, now=now)


def claimed_case(applicant: Any, officer: Any, **extra: Any) -> Application:
    case = submitted_case(applicant, **extra)
    return perform_action(case.pk, Action.CLAIM, officer)


def finding(criterion: str, status: str, en: str = "") -> dict[str, Any]:
    text = en or f"{criterion} is {status}"
    return {"criterion": criterion, "status": status, "reference": "ImmD ASMTP guidebook",
            "reason": {"en": text, "zh-Hans": f"{criterion}：简体理由", "zh-Hant": f"{criterion}：繁體理由"}, "facts": {}}


class FakeEngine:
    """Answers like `assess_application`, with the findings it is given; remembers its calls."""

    def __init__(self, outcome: str = "eligible", findings: list[dict[str, Any]] | None = None) -> None:
        self.outcome = outcome
        self.findings = findings or [finding("identity", "pass"), finding("education", "pass")]
        self.calls: list[dict[str, Any]] = []

    def __call__(self, data: dict[str, Any], *, edition: str | None = None, as_of: dt.date | None = None) -> dict[str, Any]:
        self.calls.append({"data": data, "edition": edition, "as_of": as_of})
        return {"id": data.get("id"), "edition": edition, "as_of": str(as_of), "outcome": self.outcome,
                "findings": self.findings, "stay": {"initial_months": 36, "extension_months": [36, 24], "top_tier": False},
                "fees_hkd": {"application": 600, "issuance": 1300}, "talent_list": False, "dependants": []}


def now() -> dt.datetime:
    return timezone.now()


def columns(case: Application) -> dict[str, Any]:
    """Every stored column of a case as this instance holds it, to compare with the row read back."""
    return {field.attname: getattr(case, field.attname) for field in Application._meta.concrete_fields}
