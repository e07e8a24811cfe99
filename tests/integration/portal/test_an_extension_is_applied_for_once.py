"""A granted stay is extended once: after the extension is submitted, the grant's status page no
longer offers another, and an old page's button leads to the extension already applied for."""

from __future__ import annotations

import pytest
from django.utils import timezone

from asmtp.cases.models import Application
from asmtp.cases.services import perform_action
from asmtp.domain.lifecycle import Action, add_months
from tests.factories import decided_for, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def grant(applicant, officer, senior_officer):
    """Approved 34 months ago: the 36 months' stay decide_case granted ends in 2 months."""
    return make_case(applicant, "approved", officer=officer, senior_officer=senior_officer,
                     at=decided_for(add_months(timezone.localdate(), 2)))


def test_once_the_extension_is_submitted_the_grant_offers_no_second_one_and_its_button_opens_the_first(client, applicant, grant):
    client.force_login(applicant)
    page = f"/en/portal/applications/{grant.pk}/"
    assert "Apply for an extension of stay" in client.get(page).content.decode()
    response = client.post(f"{page}extend/", {"idempotency_key": "first-press"})
    extension = Application.objects.get(previous=grant, kind="extension")
    assert response.status_code == 302 and response["Location"] == f"/en/portal/applications/{extension.pk}/step/personal/"
    perform_action(extension.pk, Action.SUBMIT, applicant)

    assert "Apply for an extension of stay" not in client.get(page).content.decode()
    again = client.post(f"{page}extend/", {"idempotency_key": "an-old-tab"})
    assert again["Location"] == f"/en/portal/applications/{extension.pk}/"
    assert Application.objects.filter(previous=grant, kind="extension").count() == 1


def test_the_officer_sees_the_extension_window_of_a_grant_until_its_extension_is_submitted(client, applicant, officer, grant):
    from django.test import Client

    holder = Client()
    holder.force_login(applicant)
    client.force_login(officer)
    page = f"/en/workbench/cases/{grant.pk}/"
    assert "Extension may be applied for" in client.get(page).content.decode()
    holder.post(f"/en/portal/applications/{grant.pk}/extend/", {"idempotency_key": "first-press"})
    extension = Application.objects.get(previous=grant, kind="extension")
    assert "Extension may be applied for" in client.get(page).content.decode()  # a draft is not in hand
    perform_action(extension.pk, Action.SUBMIT, applicant)
    assert "Extension may be applied for" not in client.get(page).content.decode()
