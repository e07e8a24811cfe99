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

from asmtp.cases.models import Application
from asmtp.services.assessment import assess_application
from asmtp.services.employers import employment_for_engine


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
