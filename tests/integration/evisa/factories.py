"""Approved cases for the e-Visa tests, driven through the real state machine (no status written by hand).

`approved_case(...)` files an application, has `officer` claim, assess and recommend it and
`senior_officer` approve it; `with_fee=True` records the issuance fee as well. The assessment
row holds a fixed result of the engine contract's shape (rules.md) for a 2026 application:
36 months, HK$1,300 issuance fee per person. A hand-written result rather than a live run
keeps these tests about the e-Visa, not about whatever the engine says today.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from asmtp.cases.models import Application, Assessment, Dependant
from asmtp.cases.services import perform_action
from asmtp.domain.lifecycle import Action
from asmtp.employers.models import JobOffer

SUBMITTED = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)

PRINCIPAL = {
    "name_en": "LI, Wei",
    "name_zh": "李伟",
    "sex": "M",
    "date_of_birth": "1990-05-17",
    "mainland_id_number": "110105199005170011",
    "travel_document": {"type": "EEP", "number": "C12345678"},
    "residence": "mainland",
    "education_level": "master",
    "experience_years": 6,
    "criminal_conviction_declared": False,
}

SPOUSE = {"relationship": "spouse", "name_en": "WANG, Fang", "name_zh": "王芳", "sex": "F", "date_of_birth": dt.date(1991, 8, 2),
          "travel_document": {"type": "EEP", "number": "C87654321"}}
CHILD = {"relationship": "child", "name_en": "LI, Xiaoming", "name_zh": "李晓明", "sex": "M", "date_of_birth": dt.date(2019, 1, 9),
         "marital_status": "single"}

CONTRACT_RESULT: dict[str, Any] = {
    "outcome": "eligible",
    "findings": [],
    "stay": {"initial_months": 36, "extension_months": [36, 24], "top_tier": False},
    "fees_hkd": {"application": 600, "issuance": 1300},
    "talent_list": False,
    "dependants": [],
}


def _assessment_result(case: Application) -> dict[str, Any]:
    return {**CONTRACT_RESULT, "id": case.reference, "edition": case.edition, "as_of": SUBMITTED.date().isoformat()}


def approved_case(
    applicant: Any,
    officer: Any,
    senior_officer: Any,
    *,
    dependants: tuple[dict[str, Any], ...] = (),
    offer_by: Any = None,
    with_fee: bool = False,
    principal: dict[str, Any] | None = None,
) -> Application:
    data = dict(principal or PRINCIPAL)
    offer = None
    if offer_by is not None:
        offer = JobOffer.objects.create(
            company=offer_by.company, status=JobOffer.Status.FILED, post_title="Data scientist", monthly_salary_hkd=45_000,
            contract_months=36, created_by=offer_by,
        )
    case = Application.objects.create(
        applicant=applicant, edition="direct", applicant_data=data, offer=offer,
        employment_data={"relevant_to_background": True} if offer else None,
        name_en=data["name_en"], name_zh=data.get("name_zh", ""), language="zh-hans", dependant_count=len(dependants),
    )
    for position, person in enumerate(dependants):
        Dependant.objects.create(application=case, position=position, **person)
    perform_action(case.pk, Action.SUBMIT, applicant, now=SUBMITTED)
    perform_action(case.pk, Action.CLAIM, officer)
    case.refresh_from_db()
    result = _assessment_result(case)
    Assessment.objects.create(application=case, edition=case.edition, as_of=SUBMITTED.date(), outcome=result["outcome"], result=result, created_by=officer)
    perform_action(case.pk, Action.RECORD_ASSESSMENT, officer)
    perform_action(case.pk, Action.RECOMMEND_APPROVAL, officer)
    perform_action(case.pk, Action.APPROVE, senior_officer)
    if with_fee:
        from asmtp.payments.services import record_issuance_fee

        record_issuance_fee(case.pk, officer)
    case.refresh_from_db()
    return case
