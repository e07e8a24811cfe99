"""The applicant's status page shows an officer's request for documents once, as the request."""

from __future__ import annotations

import pytest

from asmtp.cases.models import Message
from asmtp.workbench.services import request_information
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_an_officers_request_appears_once_on_the_status_page_and_other_messages_still_show(client, applicant, officer):
    case = make_case(applicant, "claimed", "portal", officer=officer)
    request_information(case.pk, officer, items=[{"kind": "transcript", "dependant_id": None}], message="Send your degree transcript.")
    Message.objects.create(application=case, sender=officer, body="Please check your e-mail for our letter.")
    client.force_login(applicant)
    page = client.get(f"/en/portal/applications/{case.pk}/").content.decode()
    assert page.count("Send your degree transcript.") == 1
    assert "Please check your e-mail for our letter." in page
