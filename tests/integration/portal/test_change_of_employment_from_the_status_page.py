"""A holder starts a change of employment from the status page of the grant it follows."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_case
from tests.integration.evisa.factories import approved_case

pytestmark = pytest.mark.django_db


def test_the_status_page_of_a_grant_links_to_the_offer_code_page_with_the_change_of_employment_chosen(
    client, applicant, officer, senior_officer
):
    grant = approved_case(applicant, officer, senior_officer)
    client.force_login(applicant)
    page = client.get(f"/en/portal/applications/{grant.pk}/").content.decode()
    link = re.search(r'href="([^"]+)">Apply for a change of employment</a>', page)
    assert link is not None and link.group(1) == f"/en/employer/link/?target=change:{grant.pk}"

    form = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    chosen = re.search(rf'<input[^>]*value="change:{grant.pk}"[^>]*>', form).group(0)
    assert "checked" in chosen


def test_a_grant_followed_by_a_later_grant_offers_no_change_of_employment_of_its_own(
    client, applicant, officer, senior_officer
):
    first = approved_case(applicant, officer, senior_officer)
    later = make_case(applicant, "approved", officer=officer, senior_officer=senior_officer, previous=first)
    client.force_login(applicant)
    assert "Apply for a change of employment" not in client.get(f"/en/portal/applications/{first.pk}/").content.decode()
    assert "Apply for a change of employment" in client.get(f"/en/portal/applications/{later.pk}/").content.decode()


def test_a_case_still_being_decided_offers_no_change_of_employment(client, applicant):
    from tests.integration.portal.factories import submitted

    case = submitted(applicant)
    client.force_login(applicant)
    assert "Apply for a change of employment" not in client.get(f"/en/portal/applications/{case.pk}/").content.decode()
