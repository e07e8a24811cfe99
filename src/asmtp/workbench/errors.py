"""What each error code says to an officer, in their language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Promise] = {
    "stale_case": _("This case changed since you opened it. Its current state is shown below; nothing was saved. Check it and try again."),
    "maker_checker": _("You recommended this case, so you cannot decide it. Another senior officer must approve or refuse it."),
    "role_not_allowed": _("Your role does not allow this action on this case."),
    "wrong_status": _("This action is not possible while the case has its current status."),
    "not_assessed": _("Record an assessment before making a recommendation or a decision."),
    "not_assigned": _("This case is assigned to another officer. Claim it first to work on it."),
    "reason_required": _("Give the reason: it is quoted in the history and the letter."),
    "officer_required": _("Choose the officer to assign the case to."),
    "unknown_officer": _("Choose an officer from the list."),
    "no_documents_chosen": _("Choose at least one document to ask for."),
    "unknown_document_kind": _("Choose documents from the list."),
    "unknown_person": _("Choose a person who is part of this application."),
    "message_required": _("Write a message to the applicant."),
    "note_required": _("Write the note."),
    "choose_recommendation": _("Choose whether you recommend approval or refusal."),
    "choose_decision": _("Choose approve or refuse."),
    "quote_findings": _("Choose the findings the refusal rests on: they are quoted to the applicant."),
    "engine_unavailable": _("The eligibility rules are not available at the moment. Try again later."),
    "engine_input_error": _("The application is missing information the rules need. Ask the applicant for it."),
    "not_approved_by_second_officer": _("An e-Visa needs approval by a second officer."),
    "fee_unpaid": _("The issuance fee has not been recorded."),
    "fee_already_paid": _("The fee is already recorded."),
}


def message_for(code: str) -> str:
    return str(MESSAGES.get(code, MESSAGES["wrong_status"]))
