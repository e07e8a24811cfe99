"""The multi-step application: drafts saved at each step, resumed, and bad input kept on the page."""

from __future__ import annotations

import datetime as dt

import pytest

from asmtp.cases.models import Application, Dependant
from tests.integration.portal.factories import BORN, fill_particulars, mainland_id, personal_post, start

pytestmark = pytest.mark.django_db


def test_starting_twice_with_the_same_form_key_opens_one_draft(client, applicant):
    client.force_login(applicant)
    first = client.post("/en/portal/applications/start/", {"idempotency_key": "form-key-1"})
    second = client.post("/en/portal/applications/start/", {"idempotency_key": "form-key-1"})
    assert first["Location"] == second["Location"]
    assert Application.objects.filter(applicant=applicant).count() == 1


def test_personal_particulars_are_saved_and_shown_again_when_resumed(client, applicant):
    case = start(applicant)
    client.force_login(applicant)
    response = client.post(f"/en/portal/applications/{case.pk}/step/personal/", personal_post())
    assert response.status_code == 302
    assert response["Location"].endswith(f"/applications/{case.pk}/step/education/")
    case.refresh_from_db()
    assert case.applicant_data["travel_document"] == {"type": "EEP", "number": "C12345678"}
    assert case.name_en == "LI Wei" and case.province_code == "11"
    page = client.get(f"/en/portal/applications/{case.pk}/step/personal/").content.decode()
    assert 'value="LI Wei"' in page and 'value="C12345678"' in page


def test_an_invalid_id_number_is_explained_next_to_the_field_and_nothing_typed_is_lost(client, applicant):
    case = start(applicant)
    client.force_login(applicant)
    good = mainland_id(BORN, sequence="011")
    wrong_check = good[:17] + ("1" if good[17] != "1" else "2")
    response = client.post(f"/en/portal/applications/{case.pk}/step/personal/", personal_post(mainland_id_number=wrong_check, name_zh="李伟"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "the last character does not match the others" in page
    assert 'href="#id_mainland_id_number"' in page  # the error summary links to the field
    assert 'value="李伟"' in page and f'value="{wrong_check}"' in page
    case.refresh_from_db()
    assert case.applicant_data == {}


def test_the_id_check_speaks_simplified_chinese(client, applicant):
    case = start(applicant)
    client.force_login(applicant)
    response = client.post(f"/zh-hans/portal/applications/{case.pk}/step/personal/", personal_post(mainland_id_number="81000019900517001X"))
    assert response.status_code == 400
    assert "内地" in response.content.decode()


def test_a_birth_date_that_differs_from_the_id_number_is_refused(client, applicant):
    case = start(applicant)
    client.force_login(applicant)
    response = client.post(f"/en/portal/applications/{case.pk}/step/personal/", personal_post(date_of_birth="1990-05-18"))
    assert response.status_code == 400
    assert "does not match the one in the ID number (17 May 1990)" in response.content.decode()


def test_an_eep_number_in_the_wrong_format_is_refused(client, applicant):
    case = start(applicant)
    client.force_login(applicant)
    response = client.post(f"/en/portal/applications/{case.pk}/step/personal/", personal_post(travel_document_number="CI1234567"))
    assert response.status_code == 400
    assert "An EEP number is C followed by 8 digits" in response.content.decode()


def test_saying_there_is_no_job_offer_is_a_complete_answer_under_the_direct_edition(client, applicant):
    case = start(applicant)
    client.force_login(applicant)
    response = client.post(f"/en/portal/applications/{case.pk}/step/employment/", {"has_offer": "no"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.employment_data == {}


def test_an_offer_needs_its_details(client, applicant):
    case = start(applicant)
    client.force_login(applicant)
    response = client.post(f"/en/portal/applications/{case.pk}/step/employment/", {"has_offer": "yes", "employer_name": "Harbour", "business_registration_number": "1234"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "exactly 8 digits" in page and "Answer this question about the job offer." in page
    assert 'value="Harbour"' in page


def test_the_immd_edition_requires_a_job_offer(client, applicant, settings):
    settings.ASMTP_EDITION = "immd"
    case = start(applicant)
    client.force_login(applicant)
    response = client.post(f"/en/portal/applications/{case.pk}/step/employment/", {"has_offer": "no"})
    assert response.status_code == 400
    assert "needs a job offer" in response.content.decode()


def test_save_and_come_back_later_returns_to_my_applications(client, applicant):
    case = start(applicant)
    client.force_login(applicant)
    response = client.post(f"/en/portal/applications/{case.pk}/step/personal/", {**personal_post(), "save_and_exit": "1"})
    assert response["Location"] == "/en/portal/"
    assert "LI Wei" in client.get(f"/en/portal/applications/{case.pk}/step/personal/").content.decode()


def test_a_spouse_and_a_child_can_be_added(client, applicant):
    case = fill_particulars(start(applicant), applicant)
    client.force_login(applicant)
    url = f"/en/portal/applications/{case.pk}/family/"
    spouse = {"relationship": "spouse", "name_en": "WANG Fang", "sex": "F", "date_of_birth": "1991-02-03", "marital_status": "married"}
    child = {"relationship": "child", "name_en": "LI Xiaoming", "sex": "M", "date_of_birth": "2018-09-01", "marital_status": "single"}
    assert client.post(url, spouse).status_code == 302
    assert client.post(url, child).status_code == 302
    assert list(case.dependants.values_list("relationship", flat=True)) == ["spouse", "child"]
    case.refresh_from_db()
    assert case.dependant_count == 2


def test_a_child_aged_18_is_refused_with_a_message_and_the_form_keeps_what_was_typed(client, applicant):
    case = fill_particulars(start(applicant), applicant)
    client.force_login(applicant)
    today = dt.date.today()
    eighteen = dt.date(today.year - 18, today.month, min(today.day, 28))
    child = {"relationship": "child", "name_en": "LI Da", "name_zh": "李大", "sex": "M", "date_of_birth": eighteen.isoformat(), "marital_status": "single"}
    response = client.post(f"/en/portal/applications/{case.pk}/family/", child)
    page = response.content.decode()
    assert response.status_code == 400
    assert "A child must be under 18" in page
    assert 'value="LI Da"' in page and 'value="李大"' in page and eighteen.isoformat() in page
    assert not Dependant.objects.filter(application=case).exists()


def test_only_one_spouse_or_civil_partner(client, applicant):
    case = fill_particulars(start(applicant), applicant)
    client.force_login(applicant)
    url = f"/en/portal/applications/{case.pk}/family/"
    client.post(url, {"relationship": "spouse", "name_en": "WANG Fang", "sex": "F", "date_of_birth": "1991-02-03", "marital_status": "married"})
    response = client.post(url, {"relationship": "civil_partner", "name_en": "ZHAO Lin", "sex": "F", "date_of_birth": "1992-02-03", "marital_status": "married"})
    assert response.status_code == 400
    assert "only one spouse or civil partner" in response.content.decode()


def test_a_family_member_can_be_removed_from_a_draft(client, applicant):
    case = fill_particulars(start(applicant), applicant)
    client.force_login(applicant)
    client.post(f"/en/portal/applications/{case.pk}/family/", {"relationship": "spouse", "name_en": "WANG Fang", "sex": "F", "date_of_birth": "1991-02-03", "marital_status": "married"})
    spouse = case.dependants.get()
    response = client.post(f"/en/portal/applications/{case.pk}/family/{spouse.pk}/remove/")
    assert response.status_code == 302
    assert not case.dependants.exists()


def test_saving_a_step_stores_every_column_it_changes(applicant):
    """A step writes only `DRAFT_STEP_FIELDS`; after each step the draft it returns must be exactly
    the stored row, including the columns copied out of the answers for the queues."""
    from asmtp.portal.services import save_draft_step
    from tests.integration.workbench.factories import columns

    case = fill_particulars(start(applicant), applicant, offer=True)
    assert columns(case) == columns(Application.objects.get(pk=case.pk))
    case = save_draft_step(case.pk, applicant, "employment", {
        "employer_name": "Harbour Analytics Limited", "industry": "K", "talent_list_profession": "actuary", "monthly_salary_hkd": 60000,
    })
    stored = Application.objects.get(pk=case.pk)
    assert columns(case) == columns(stored)
    assert (stored.industry, stored.talent_list_profession, stored.monthly_salary_hkd, stored.name_en, stored.province_code) == (
        "K", "actuary", 60000, "LI Wei", case.applicant_data["mainland_id_number"][:2])
