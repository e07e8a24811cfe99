"""How the engine's results and a case's history are put into words for the applicant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from asmtp.cases.choices import language_key
from asmtp.cases.models import Application, CaseEvent, CaseStatus
from asmtp.cases.rules_in_force import service_policy
from asmtp.domain.lifecycle import PROCESSING_PLEDGE, Duration, duration_in_force, effective_due_on
from asmtp.policy.finding_sources import finding_source

CRITERIA: dict[str, Promise] = {
    "identity": _("Identity documents"),
    "route": _("The right scheme for you"),
    "age": _("Age"),
    "character": _("Good character"),
    "education": _("Education"),
    "employment_offer": _("Job offer"),
    "job_relevance": _("Job related to your studies or experience"),
    "remuneration": _("Salary at the market level"),
    "market_test": _("Local recruitment first"),
    "employer": _("The employer"),
    "relationship": _("Relationship to you"),
    "support": _("Support for the family"),
    "technical_stream": _("Technical Professionals stream"),
}
STATUSES: dict[str, Promise] = {
    "pass": _("Met"),
    "fail": _("Not met"),
    "refer": _("An officer decides"),
    "not_applicable": _("Does not apply"),
}
OUTCOMES: dict[str, Promise] = {
    "eligible": _("The rules support your application"),
    "refer": _("An officer needs to judge part of your application"),
    "ineligible": _("The rules do not support your application as it stands"),
}


def _in_language(text: Any) -> str:
    """A reason or next step: the engine gives {en, zh-Hant, zh-Hans}; plain text is used as it is."""
    if isinstance(text, dict):
        return str(text.get(language_key()) or text.get("en") or "")
    return str(text or "")


def explain_result(result: dict[str, Any]) -> dict[str, Any]:
    """The engine's result with every finding named and explained in the current language."""
    findings = [
        {
            "criterion": finding.get("criterion", ""),
            "label": CRITERIA.get(finding.get("criterion", ""), finding.get("criterion", "")),
            "status": finding.get("status", ""),
            "status_label": STATUSES.get(finding.get("status", ""), finding.get("status", "")),
            "reason": _in_language(finding.get("reason")),
            "next_step": _in_language(finding.get("next_step")) if finding.get("status") in {"fail", "refer"} else "",
            "reference": finding_source(finding, language_key()),
        }
        for finding in result.get("findings", [])
    ]
    outcome = str(result.get("outcome", ""))
    return {
        "outcome": outcome,
        "outcome_label": OUTCOMES.get(outcome, outcome),
        "findings": findings,
        "stay": result.get("stay") or {},
        "fees": result.get("fees_hkd") or {},
        "edition": result.get("edition", ""),
        "stream": result.get("stream", "general"),
        # A TP holder's conditions of stay name the trade (rules.md criterion 11).
        "conditions": [_in_language(condition.get("text")) for condition in (result.get("stay") or {}).get("conditions", [])],
    }


def tp_quota_table(state: Any) -> dict[str, Any]:
    """The TP quota as the portal shows it before an applicant starts: each trade of the TP List in
    the page's language, with its places left (never more than the pilot's)."""
    rows = []
    for quota in state.trades:
        left = state.remaining_for(quota.trade)
        rows.append({"trade": quota.trade, "label": quota.names.get(language_key()), "left": f"{left:,}", "cap": f"{quota.cap:,}", "full": left == 0})
    return {"cap": f"{state.cap:,}", "left": f"{state.remaining:,}", "per_trade": f"{state.trades[0].cap:,}" if state.trades else "", "rows": rows}


# --- the application's steps ----------------------------------------------------------------

STEP_LABELS: list[tuple[str, Promise]] = [
    ("personal", _("Personal particulars")),
    ("education", _("Education and experience")),
    ("employment", _("Job offer")),
    ("family", _("Family members")),
    ("declarations", _("Declarations")),
    ("documents", _("Documents")),
    ("review", _("Check and submit")),
]


# --- the stages of a submitted case ---------------------------------------------------------


@dataclass
class Stage:
    label: str
    state: str  # done | current | waiting
    on: dt.date | None = None


def _first_event(events: list[CaseEvent], *to_statuses: str) -> dt.date | None:
    for event in events:
        if event.to_status in to_statuses:
            return timezone.localtime(event.at).date()
    return None


def stages(case: Application, events: list[CaseEvent], revoked_on: dt.date | None = None) -> list[Stage]:
    """Submitted → being assessed → decision → e-Visa, each done, current or still to come.

    `revoked_on`: the day the principal's e-Visa was revoked, which the last stage then says."""
    status = case.status
    decided = status in {CaseStatus.APPROVED, CaseStatus.REFUSED, CaseStatus.EVISA_ISSUED}
    assessing_started = _first_event(events, CaseStatus.ASSESSING, CaseStatus.AWAITING_APPLICANT)
    decision_label = _("Decision")
    if status == CaseStatus.APPROVED or status == CaseStatus.EVISA_ISSUED:
        decision_label = _("Approved")
    elif status == CaseStatus.REFUSED:
        decision_label = _("Refused")
    result = [
        Stage(str(_("Submission")), "done", _first_event(events, CaseStatus.SUBMITTED)),
        Stage(
            str(_("Assessment")),
            "done" if decided or status == CaseStatus.RECOMMENDED else ("current" if assessing_started else "waiting"),
            assessing_started,
        ),
        Stage(str(decision_label), "done" if decided else ("current" if status == CaseStatus.RECOMMENDED else "waiting"),
              _first_event(events, CaseStatus.APPROVED, CaseStatus.REFUSED)),
    ]
    if status != CaseStatus.REFUSED:
        result.append(Stage(
            str(_("e-Visa")),
            "done" if status == CaseStatus.EVISA_ISSUED else ("current" if status == CaseStatus.APPROVED else "waiting"),
            _first_event(events, CaseStatus.EVISA_ISSUED),
        ))
    if status == CaseStatus.SUBMITTED:
        result[1].state = "current"
    if revoked_on is not None and status == CaseStatus.EVISA_ISSUED:
        result[-1] = Stage(str(_("e-Visa revoked")), "done", revoked_on)
    return result


def pledge_duration(case: Application) -> Duration:
    """The processing pledge in force when the case was submitted (shown with ``duration_words``)."""
    submitted_on = timezone.localtime(case.submitted_at).date() if case.submitted_at else timezone.localdate()
    return duration_in_force(service_policy(case.edition), PROCESSING_PLEDGE, submitted_on)


def pledge_date(case: Application, today: dt.date | None = None) -> dt.date | None:
    """The pledge date as it stands today (it moves while we wait for the applicant)."""
    if case.pledge_due_on is None:
        return None
    paused = timezone.localtime(case.clock_paused_at).date() if case.clock_paused_at else None
    return effective_due_on(case.pledge_due_on, paused, today or timezone.localdate())
