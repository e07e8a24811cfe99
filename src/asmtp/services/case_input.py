"""The engine's input (rules.md "Application fields") built from a stored case.

One place turns a case into the JSON the engine reads, so the self-check, the officer's
assessment, the demo and re-assessment after a policy change all assess the same thing.
When an employer has filed an offer, the employment block comes from the employer's data
(the JobOffer and its Company), not from what the applicant said about it.
"""

from __future__ import annotations

from typing import Any

from asmtp.cases.models import Application


def employment_from_offer(case: Application) -> dict[str, Any] | None:
    offer = case.offer
    if offer is None:
        return None
    company = offer.company
    employment: dict[str, Any] = {
        "employer_name": company.name_en,
        "business_registration_number": company.business_registration_number,
        "job_title": offer.post_title,
        "industry": company.industry,
        "monthly_salary_hkd": offer.monthly_salary_hkd,
        "local_recruitment_evidence": offer.local_recruitment_evidence,
        # Whether the post is relevant to the applicant's background is the applicant's
        # claim until an officer judges it; it is not the employer's to say.
        "relevant_to_background": bool((case.employment_data or {}).get("relevant_to_background", True)),
    }
    if company.established_on:
        employment["employer_established_on"] = company.established_on.isoformat()
    if offer.talent_list_profession:
        employment["talent_list_profession"] = offer.talent_list_profession
    if offer.annual_package_hkd:
        employment["annual_package_hkd"] = offer.annual_package_hkd
    if offer.contract_months:
        employment["contract_months"] = offer.contract_months
    return employment


def build_engine_input(case: Application) -> dict[str, Any]:
    """The case as one application for `assess_application`."""
    data: dict[str, Any] = {
        "id": case.reference or f"draft-{case.pk}",
        "applicant": dict(case.applicant_data or {}),
        "dependants": [dependant.engine_data() for dependant in case.dependants.all()],
    }
    if case.submitted_at:
        data["submitted_on"] = case.submitted_at.date().isoformat()
    employment = employment_from_offer(case)
    if employment is None and case.employment_data and case.employment_data.get("employer_name"):
        employment = dict(case.employment_data)
    if employment is not None:
        data["employment"] = employment
    return data
