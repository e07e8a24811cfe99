"""Payment error codes as messages in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "already_paid": _("This bill is already paid."),
    "no_such_bill": _("There is no bill with this reference."),
    "not_an_officer": _("Only officers may do this."),
    "note_required": _("Say how the exception is resolved."),
    "not_an_exception": _("This payment is not an open exception."),
    "no_fee_in_policy": _("The assessment names no issuance fee; record an assessment first."),
    "bad_statement": _("This file is not a camt.053 bank statement."),
    "unsafe_xml": _("This file declares XML entities or a document type, which a bank statement never does; it was not read."),
    "wrong_status": _("The case is not at a stage where this can be done."),
    "fee_already_paid": _("The issuance fee is already recorded."),
}


def message_for(code: str) -> str:
    return str(MESSAGES.get(code, _("This could not be done. Please try again.")))
