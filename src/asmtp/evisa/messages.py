"""Error codes of the e-Visa services and the state machine, as messages in the user's language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Promise] = {
    "no_code_found": _("No e-Visa QR code was found in this file. Upload the e-Visa PDF or a sharp photo of one of its QR codes."),
    "unreadable_file": _("This file could not be read. Upload a PDF, PNG or JPEG file."),
    "file_too_complex": _("This file is too large or too complex to check. Upload the e-Visa PDF as it was issued, or a photo of its QR code."),
    "page_too_large": _("A page of this PDF is larger than any paper size, so it cannot be checked. Upload the e-Visa PDF as it was issued, or a photo of its QR code."),
    "image_too_large": _("This picture is too large to check. Upload a smaller photo or a screenshot of the QR code."),
    "protected_file": _("This PDF is protected by a password or encrypted, so it cannot be checked. Upload the e-Visa PDF as it was issued, or a photo of its QR code."),
    "no_pdf_renderer": _("PDF files cannot be checked at the moment. Upload a photo of the QR code instead."),
    "reason_required": _("Say why the e-Visa is revoked."),
    "already_revoked": _("This e-Visa is already revoked."),
    "not_found": _("There is no such e-Visa."),
    "not_an_officer": _("Only officers may do this."),
    "no_fee_in_policy": _("The assessment names no issuance fee; record an assessment first."),
    "no_limit_of_stay": _("The decision grants no limit of stay, so no e-Visa can be issued yet."),
    "fee_unpaid": _("Record the issuance fee before issuing the e-Visa."),
    "fee_already_paid": _("The issuance fee is already recorded."),
    "not_approved_by_second_officer": _("An e-Visa needs an approval by a second officer."),
    "wrong_status": _("The case is not at a stage where this can be done."),
    "role_not_allowed": _("Your role may not do this."),
}


def message_for(code: str) -> str:
    return str(MESSAGES.get(code, _("This could not be done. Please try again.")))
