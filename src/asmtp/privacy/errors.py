"""Why a personal-data request was refused: a stable code and a message in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from asmtp.errors import CodedError


class PrivacyError(CodedError):
    """A request the privacy service refuses; `code` selects the message, `field` the form field."""

    MESSAGES: ClassVar[Mapping[str, Promise]] = {
        "not_found": _("This export was not found, or its link has expired."),
        "not_allowed": _("Only officers may correct an applicant's personal details."),
        "no_case": _("This case was not found."),
        "draft": _("This application is still a draft: the applicant corrects it in the portal."),
        "erased": _("The personal data of this case have been erased under the retention policy."),
        "unknown_field": _("Choose a detail that can be corrected."),
        "unknown_person": _("Choose the applicant or one of the family members on the case."),
        "bad_value": _("The new value is not valid for this detail."),
        "unchanged": _("The new value is the same as the one on file."),
        "unknown_reason": _("Choose the reason for the correction."),
        "no_account": _("There is no account with this e-mail address."),
    }

