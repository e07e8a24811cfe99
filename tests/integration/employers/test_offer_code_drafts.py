"""Drafts opened from an employer's offer code are submittable through the portal's own pages.

Entering an offer code at /employer/link/ opens a draft (a new application, or a change of
employment after a grant). Those drafts used to be made without the form key that submitting
checks, so the portal's review page answered "Idempotency key: This field is required." and
nothing could be submitted. They are now opened by the case core's `open_draft` (as the portal's are), and a data
migration gives the drafts made the old way their key.
"""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps

from asmtp.cases.models import Application
from asmtp.portal import services as svc
from tests.integration.employers.factories import make_draft, make_offer
from tests.integration.evisa.factories import approved_case
from tests.integration.portal.factories import BORN, mainland_id, upload_all

pytestmark = pytest.mark.django_db


def _review_key(client, case: Application) -> str:
    """The form key the portal's review page carries in its submit form."""
    page = client.get(f"/en/portal/applications/{case.pk}/review/").content.decode()
    found = re.search(r'name="idempotency_key" value="([^"]*)"', page)
    return found.group(1) if found else ""


def _submit_through_the_review_page(client, case: Application):
    return client.post(
        f"/en/portal/applications/{case.pk}/review/", {"idempotency_key": _review_key(client, case), "declaration": "on"}
    )


def _fill_the_applicants_part(case: Application, applicant) -> None:
    svc.save_draft_step(case.pk, applicant, "personal", {
        "name_en": "LI Wei", "name_zh": "李伟", "sex": "M", "date_of_birth": BORN.isoformat(),
        "mainland_id_number": mainland_id(BORN, sequence="011"), "travel_document": {"type": "EEP", "number": "C12345678"},
        "residence": "mainland", "hk_degree_graduate": False,
    })
    svc.save_draft_step(case.pk, applicant, "education", {
        "education_level": "master", "field_of_study": "Computer science", "professional_qualifications": [], "experience_years": 6,
    })
    svc.save_draft_step(case.pk, applicant, "declarations", {"criminal_conviction_declared": False})


def test_a_new_application_started_from_an_offer_code_is_submitted_through_the_portals_review_page(
    client, employer_staff, applicant
):
    offer = make_offer(employer_staff)
    client.force_login(applicant)
    linked = client.post("/en/employer/link/", {"code": offer.code, "target": "new"})
    assert linked.status_code == 302
    case = Application.objects.get(applicant=applicant, offer=offer)
    assert case.idempotency_key and case.draft_step == "personal"

    _fill_the_applicants_part(case, applicant)
    case.refresh_from_db()
    upload_all(case, applicant)
    response = _submit_through_the_review_page(client, case)

    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.status == "submitted" and case.reference
    assert case.offer == offer


def test_a_change_of_employment_from_an_offer_code_is_submitted_through_the_portals_review_page(
    client, employer_staff, other_company_staff, applicant, officer, senior_officer
):
    grant = approved_case(applicant, officer, senior_officer, offer_by=employer_staff)
    new_offer = make_offer(other_company_staff)
    client.force_login(applicant)
    linked = client.post("/en/employer/link/", {"code": new_offer.code, "target": f"change:{grant.pk}"})
    assert linked.status_code == 302
    change = Application.objects.get(applicant=applicant, offer=new_offer)
    assert change.kind == "change_of_employment" and change.previous == grant and change.idempotency_key
    assert change.name_en == grant.name_en  # the particulars come over from the grant

    upload_all(change, applicant)
    response = _submit_through_the_review_page(client, change)

    assert response.status_code == 302, response.content.decode()[:2000]
    change.refresh_from_db()
    assert change.status == "submitted" and change.reference


def test_the_migration_makes_a_draft_opened_the_old_way_submittable(client, employer_staff, applicant):
    # The old way: an offer-code draft created without a form key.
    case = make_draft(applicant, offer=make_offer(employer_staff))
    Application.objects.filter(pk=case.pk).update(idempotency_key=None)
    _fill_the_applicants_part(case, applicant)
    case.refresh_from_db()
    upload_all(case, applicant)
    client.force_login(applicant)
    refused = _submit_through_the_review_page(client, case)
    assert refused.status_code == 400
    case.refresh_from_db()
    assert case.status == "draft"

    migration = importlib.import_module("asmtp.cases.migrations.0004_drafts_get_a_form_key")
    migration.give_drafts_a_form_key(apps, None)

    case.refresh_from_db()
    assert case.idempotency_key
    submitted = _submit_through_the_review_page(client, case)
    assert submitted.status_code == 302
    case.refresh_from_db()
    assert case.status == "submitted"


def test_the_migration_leaves_a_drafts_existing_key_and_submitted_cases_alone(applicant, employer_staff):
    keyed = svc.start_application(applicant, idempotency_key="kept-key", language="en", edition="direct")
    submitted_without_key = make_draft(applicant, "submitted")
    Application.objects.filter(pk=submitted_without_key.pk).update(idempotency_key=None)  # submitted before drafts had keys

    migration = importlib.import_module("asmtp.cases.migrations.0004_drafts_get_a_form_key")
    migration.give_drafts_a_form_key(apps, None)

    keyed.refresh_from_db()
    submitted_without_key.refresh_from_db()
    assert keyed.idempotency_key == "kept-key"
    assert submitted_without_key.idempotency_key is None
