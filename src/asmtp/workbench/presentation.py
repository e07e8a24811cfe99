"""How the workbench names things for an officer: actions, statuses, roles, editions, the
engine's criteria and the applicant's answers, in the officer's language.

The applicant's answers (residence, education, Talent List profession) are named by
the portal's own choice tables, so the words an officer reads are the words the applicant chose.
Codes the tables do not know are shown as they are, never hidden.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from asmtp.accounts.models import Role, User
from asmtp.cases.choices import EDUCATION_LEVELS, RESIDENCE, talent_list_choices, tp_trade_label
from asmtp.cases.models import CaseEvent, CaseStatus
from asmtp.domain.lifecycle import Action

# What each lifecycle action did, as a line of the case's history.
ACTION_LABELS: dict[str, Promise] = {
    Action.SUBMIT: _("Application submitted"),
    Action.CLAIM: _("Case claimed"),
    Action.ASSIGN: _("Case assigned"),
    Action.REQUEST_INFORMATION: _("Information requested"),
    Action.RESPOND: _("Applicant replied"),
    Action.RECORD_ASSESSMENT: _("Eligibility rules run"),
    Action.RECOMMEND_APPROVAL: _("Approval recommended"),
    Action.RECOMMEND_REFUSAL: _("Refusal recommended"),
    Action.RETURN_FOR_REVIEW: _("Returned for review"),
    Action.APPROVE: _("Application approved"),
    Action.REFUSE: _("Application refused"),
    Action.RECORD_FEE: _("Issuance fee recorded"),
    Action.ISSUE_EVISA: _("e-Visa issued"),
    Action.WITHDRAW: _("Application withdrawn"),
    Action.LAPSE: _("Application lapsed"),
}
STATUS_LABELS: dict[str, Any] = dict(CaseStatus.choices)
ROLE_LABELS: dict[str, Any] = dict(Role.choices)
EDITION_LABELS: dict[str, Promise] = {"direct": _("Direct"), "immd": _("ImmD")}
LANGUAGE_LABELS: dict[str, Any] = dict(settings.LANGUAGES)

OUTCOME_LABELS: dict[str, Promise] = {
    "eligible": _("Eligible"),
    "refer": _("Refer to an officer"),
    "ineligible": _("Ineligible"),
}
FINDING_LABELS: dict[str, Promise] = {
    "pass": _("Met"),
    "fail": _("Not met"),
    "refer": _("Officer to judge"),
    "not_applicable": _("Not applicable"),
}
# The engine's criteria as an officer calls them (the portal's names speak to the applicant).
CRITERION_LABELS: dict[str, Promise] = {
    "identity": _("Identity"),
    "route": _("Scheme that applies"),
    "age": _("Age"),
    "character": _("Good character"),
    # In context, so the criterion stays a qualification (学历) whatever a bare "Education" becomes elsewhere.
    "education": pgettext_lazy("qualification", "Education"),
    "employment_offer": _("Offer of employment"),
    "job_relevance": _("Job relevant to qualifications or experience"),
    "remuneration": _("Remuneration at market level"),
    "market_test": _("Local recruitment"),
    "employer": _("Employer"),
    "relationship": _("Relationship to the applicant"),
    "support": _("Means to support the family"),
    "technical_stream": _("Technical Professionals stream"),
}

RESIDENCE_LABELS: dict[str, Any] = dict(RESIDENCE)
EDUCATION_LABELS: dict[str, Any] = dict(EDUCATION_LEVELS)


def label(table: dict[str, Any], code: object) -> Any:
    """The code's label, or the code itself when the table does not know it (never a blank)."""
    text = "" if code is None else str(code)
    return table.get(text, text)


STREAM_LABELS: dict[str, Promise] = {
    "general": _("General stream"),
    "technical_professional": _("Technical Professionals stream"),
}


def stream_and_trade(stream: str, trade: object) -> str:
    """The case's stream, with a Technical Professional's trade named in the current language."""
    text = str(label(STREAM_LABELS, stream or "general"))
    return f"{text} · {tp_trade_label(str(trade))}" if stream == "technical_professional" and trade else text


def talent_list_name(profession_id: str) -> str:
    """A Talent List profession by its name in the current language ("" when none)."""
    if not profession_id:
        return ""
    return str(dict(talent_list_choices()).get(profession_id, profession_id))


def money(value: object) -> str:
    """Whole Hong Kong dollars with thousands separators; anything else as given."""
    if isinstance(value, bool) or value in (None, ""):
        return ""
    try:
        return f"{int(str(value)):,}"
    except ValueError:
        return str(value)


def person_label(person: str) -> str:
    """`principal` or `dependant <index>` (as the policy-change flags name them) in words."""
    if person == "principal":
        return str(_("Applicant"))
    number = person.removeprefix("dependant ")
    if number != person and number.isdigit():
        return str(_("Dependant %(number)s") % {"number": int(number) + 1})
    return person


def applicant_answers(data: dict[str, Any]) -> dict[str, Any]:
    """The applicant's coded answers named in the officer's language."""
    return {
        "residence": label(RESIDENCE_LABELS, data.get("residence")) if data.get("residence") else "",
        "education": label(EDUCATION_LABELS, data.get("education_level"))
        if data.get("education_level")
        else "",
    }


def _assigned_officer(event: CaseEvent) -> int | None:
    officer_id = (event.data or {}).get("officer_id") if event.action == Action.ASSIGN else None
    return int(officer_id) if officer_id is not None else None


def history(events: Iterable[CaseEvent]) -> list[dict[str, Any]]:
    """The case's events as rows: who (and in what role), what was done, the status change, why
    (the reason exactly as it was entered), and for an assignment, to whom."""
    events = list(events)
    assigned_ids = {officer for officer in map(_assigned_officer, events) if officer is not None}
    officers = (
        dict(User.objects.filter(pk__in=assigned_ids).values_list("pk", "email")) if assigned_ids else {}
    )
    rows = []
    for event in events:
        assigned = _assigned_officer(event)
        rows.append(
            {
                "at": event.at,
                "who": event.actor.email if event.actor else "",
                "role": label(ROLE_LABELS, event.actor_role),
                "action": label(ACTION_LABELS, event.action),
                "from_status": label(STATUS_LABELS, event.from_status),
                "to_status": label(STATUS_LABELS, event.to_status),
                "changed": event.from_status != event.to_status,
                "assigned_to": officers.get(assigned, "") if assigned is not None else "",
                "reason": event.reason,
            }
        )
    return rows
