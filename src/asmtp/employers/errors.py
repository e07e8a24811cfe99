"""Why an employer-side use case was refused: a stable code and a message in the user's language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from asmtp.errors import CodedError
from asmtp.security.uploads import MESSAGES as SCREENING_MESSAGES
from asmtp.security.uploads import message_for

MESSAGES: dict[str, Promise] = {
    "not_employer": _("This page is for staff of a registered employer."),
    "brn_invalid": _("A Business Registration number is 8 digits, as printed on the certificate."),
    "company_exists": _("This company is already registered. Ask a colleague who has an account to add you as staff."),
    "established_in_future": _("The date the company was established cannot be in the future."),
    "industry_unknown": _("Choose the company's industry from the list."),
    "talent_list_unknown": _("Choose a profession from the Talent List, or leave it empty."),
    "offer_not_draft": _("This offer has been filed and can no longer be changed."),
    "offer_incomplete": _("Upload every document on the checklist before filing the offer."),
    "offer_not_filed": _("File the offer before inviting an applicant."),
    "invitations_throttled": _("Your company has sent many invitations in the last hour. Please try again later."),
    "offer_code_unknown": _("No filed job offer has this code. Check the code in the employer's e-mail."),
    "offer_already_linked": _("This offer is already part of another application."),
    "offer_linked": _("This offer is part of an application and can no longer be withdrawn."),
    "application_not_draft": _("Only an application that has not been submitted can take an offer."),
    "no_grant": _("A change of employment needs an application that has been approved."),
    "document_type": _("Upload a PDF, JPEG or PNG file."),
    "document_too_large": _("The file is too large."),
    "document_damaged": _("The file could not be opened: it may be damaged or protected by a password. Save it again and upload the new copy."),
    "document_empty": _("The file is empty."),
    "document_kind": _("Choose which document this is."),
    "company_not_verified": _("An officer has not yet verified your company's Business Registration certificate. "
                              "Offers can be filed and applicants invited once it is verified."),
    "employer_not_verified": _("The employer has not been verified yet. Please ask the employer to send the code "
                               "again once an officer has verified its registration."),
    "company_verified": _("Your company's registration is already verified."),
    "not_officer": _("Only an officer can decide a company's registration."),
    "claim_not_pending": _("This registration has already been decided."),
    "claim_taken": _("Another company with this Business Registration number has already been verified."),
    "certificate_missing": _("The company has not uploaded its Business Registration certificate yet."),
    "reason_required": _("Give the reason for the rejection: the company will read it."),
}


class EmployerError(CodedError):
    """A refusal with a `code` (stable, for tests and the API) and a translated `message`."""

    MESSAGES = MESSAGES

    @property
    def message(self) -> str:
        if self.code in SCREENING_MESSAGES:  # a document refused by hostile-file screening
            return message_for(self.code)
        return super().message
