"""Cases for the performance area's tests, moved through the real lifecycle services."""

from __future__ import annotations

import uuid

from asmtp.cases.models import Application
from asmtp.cases.services import perform_action
from asmtp.domain.lifecycle import Action


def submitted_case(applicant, *, claimed_by=None) -> Application:
    """A submitted case (reference, pledge date, SUBMIT event); claimed if an officer is given."""
    case = Application.objects.create(
        applicant=applicant, idempotency_key=uuid.uuid4().hex, language="en", edition="direct",
        applicant_data={"name_en": "LI Wei"}, name_en="LI Wei",
    )
    case = perform_action(case.pk, Action.SUBMIT, applicant)
    if claimed_by is not None:
        case = perform_action(case.pk, Action.CLAIM, claimed_by)
    return case


def draft_case(applicant) -> Application:
    return Application.objects.create(applicant=applicant, idempotency_key=uuid.uuid4().hex, language="en")
