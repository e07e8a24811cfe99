"""A senior officer hands a case to an officer with the case page's "Assign" button."""

from __future__ import annotations

import pytest

from asmtp.cases.models import Application, CaseEvent
from tests.integration.workbench.factories import claimed_case, submitted_case

pytestmark = pytest.mark.django_db


def assign(client, user, case, officer_id, version=None):
    client.force_login(user)
    return client.post(
        f"/en/workbench/cases/{case.pk}/assign/", {"version": version or case.version, "officer": officer_id}
    )


def test_a_senior_officer_sees_the_assign_form_with_the_officers_to_choose_from(
    client, applicant, senior_officer, officer
):
    case = submitted_case(applicant)
    client.force_login(senior_officer)
    html = client.get(f"/en/workbench/cases/{case.pk}/").content.decode()
    form = html.split('id="action-assign"', 1)[1].split("</form>", 1)[0]
    assert f'<option value="{officer.pk}">' in form and f"/cases/{case.pk}/assign/" in form


def test_an_officer_is_not_offered_the_assign_form(client, applicant, officer):
    case = submitted_case(applicant)
    client.force_login(officer)
    assert 'id="action-assign"' not in client.get(f"/en/workbench/cases/{case.pk}/").content.decode()


def test_a_senior_officer_assigns_a_case_and_the_history_says_to_whom(
    client, applicant, senior_officer, officer
):
    case = submitted_case(applicant)

    response = assign(client, senior_officer, case, officer.pk)

    assert response.status_code == 302 and response["Location"] == f"/en/workbench/cases/{case.pk}/"
    case.refresh_from_db()
    assert case.assigned_officer == officer and case.status == "submitted"
    event = CaseEvent.objects.filter(application=case).latest("id")
    assert (event.action, event.actor, event.data["officer_id"]) == ("assign", senior_officer, officer.pk)
    page = client.get(response["Location"]).content.decode()
    assert "The case is assigned." in page
    assert "Case assigned" in page and f"to {officer.email}" in page
    assert f"Assigned to {officer.email}" in page


def test_an_assigned_case_appears_in_the_officers_own_queue(client, applicant, senior_officer, officer):
    case = submitted_case(applicant)
    assign(client, senior_officer, case, officer.pk)
    client.force_login(officer)
    assert case.reference in client.get("/en/workbench/?queue=mine").content.decode()


def test_a_senior_officer_may_take_a_case_from_one_officer_and_give_it_to_another(
    client, applicant, senior_officer, officer, second_officer
):
    case = claimed_case(applicant, officer)
    assert assign(client, senior_officer, case, second_officer.pk).status_code == 302
    assert Application.objects.get(pk=case.pk).assigned_officer == second_officer


def test_an_officer_cannot_assign_even_by_posting_the_form(client, applicant, officer, second_officer):
    case = submitted_case(applicant)
    response = assign(client, officer, case, second_officer.pk)
    assert response.status_code == 409
    assert "Your role does not allow this action on this case." in response.content.decode()
    assert Application.objects.get(pk=case.pk).assigned_officer is None


def test_assigning_to_someone_who_is_not_an_officer_is_refused_beside_the_field(
    client, applicant, senior_officer
):
    case = submitted_case(applicant)
    response = assign(client, senior_officer, case, applicant.pk)
    assert response.status_code == 400
    assert "Choose an officer from the list." in response.content.decode()
    assert Application.objects.get(pk=case.pk).assigned_officer is None


def test_an_assignment_from_a_stale_page_changes_nothing(
    client, applicant, senior_officer, officer, second_officer
):
    case = submitted_case(applicant)
    opened = case.version
    assign(client, senior_officer, case, officer.pk)
    response = assign(client, senior_officer, case, second_officer.pk, version=opened)
    assert response.status_code == 409
    assert Application.objects.get(pk=case.pk).assigned_officer == officer


def test_the_officer_who_has_the_case_is_not_offered_to_claim_it_but_a_colleague_is(
    client, applicant, officer, second_officer
):
    case = claimed_case(applicant, officer)
    client.force_login(officer)
    assert 'id="action-claim"' not in client.get(f"/en/workbench/cases/{case.pk}/").content.decode()
    client.force_login(second_officer)
    assert 'id="action-claim"' in client.get(f"/en/workbench/cases/{case.pk}/").content.decode()
