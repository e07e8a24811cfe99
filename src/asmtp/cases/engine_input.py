"""The engine's input (rules.md "Application fields") built from a stored case.

One place turns a case into the JSON the engine reads, so the self-check, the officer's
assessment, the demo and re-assessment after a policy change all assess the same thing.
When an employer has filed an offer, the employment block comes from the employer's data
(the JobOffer and its Company), not from what the applicant said about it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from asmtp.cases.assessment import assess_application
from asmtp.cases.models import Application


def build_engine_input(case: Application) -> dict[str, Any]:
    """The case as one application for `assess_application`."""
    data: dict[str, Any] = {
        "id": case.reference or f"draft-{case.pk}",
        "applicant": dict(case.applicant_data or {}),
        "dependants": [dependant.engine_data() for dependant in case.dependants.all()],
    }
    # A draft is assessed as if it were submitted today.
    submitted = timezone.localtime(case.submitted_at).date() if case.submitted_at else timezone.localdate()
    data["submitted_on"] = submitted.isoformat()
    employment = employment_for_engine(case)
    # Without an employer's filing, an applicant's answers count as an offer only when they
    # name an employer (under `direct` there may be none at all).
    if employment and (case.offer_id or employment.get("employer_name")):
        data["employment"] = dict(employment)
    if case.stream != "general":
        data["stream"] = case.stream
        trade = (case.employment_data or {}).get("tp_trade")
        if "employment" in data and trade and not data["employment"].get("tp_trade"):
            data["employment"]["tp_trade"] = trade  # an employer's filing names no trade (yet)
    return data


def engine_result(case: Application) -> dict[str, Any]:
    """The assessment the decision rests on: the latest recorded one, else a fresh run of the engine."""
    latest = case.assessments.order_by("-id").first()
    if latest is not None:
        result: dict[str, Any] = latest.result
        return result
    fresh: dict[str, Any] = assess_application(build_engine_input(case), edition=case.edition or settings.ASMTP_EDITION)
    return fresh


def employment_for_engine(application: Application) -> dict[str, Any] | None:
    """The engine's `employment` block for this case.

    With a linked offer every field comes from the employer's filing (JobOffer and Company);
    only `relevant_to_background` stays the applicant's or officer's answer (default false,
    which the engine refers to an officer). Without a linked offer: the application's own
    `employment_data` as filed (under `direct` an applicant may have none).
    """
    offer = application.offer
    if offer is None:
        return application.employment_data
    company = offer.company
    previous = application.employment_data or {}
    block: dict[str, Any] = {
        "employer_name": company.name_en,
        "business_registration_number": company.business_registration_number,
        "job_title": offer.post_title,
        "industry": company.industry,
        "monthly_salary_hkd": offer.monthly_salary_hkd,
        "relevant_to_background": bool(previous.get("relevant_to_background", False)),
        "local_recruitment_evidence": offer.local_recruitment_evidence,
    }
    if company.established_on:
        block["employer_established_on"] = company.established_on.isoformat()
    if offer.talent_list_profession:
        block["talent_list_profession"] = offer.talent_list_profession
    if offer.annual_package_hkd:
        block["annual_package_hkd"] = offer.annual_package_hkd
    if offer.contract_months:
        block["contract_months"] = offer.contract_months
    return block
