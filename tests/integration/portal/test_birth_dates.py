"""Every date of birth is checked where it is typed: not in the future, not before 1900.

The principal's (the personal step), each family member's (the family step), the self-check's, and
the API's (applicant and dependants). A page says so at the field, in the page's language; the
ID number's embedded birth date must still agree with the date typed.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from asmtp.cases.models import Application, Dependant
from tests.integration.portal.factories import mainland_id, personal_post, start
from tests.integration.portal.test_self_check import ANSWERS
from tests.unit.domain.eligibility.builders import application, child
from tests.unit.domain.eligibility.builders import mainland_id as engine_id

pytestmark = pytest.mark.django_db

FUTURE = dt.date.today() + dt.timedelta(days=30)
TOO_EARLY = dt.date(1899, 12, 31)
MESSAGES = {
    "future": {"en": "The date of birth cannot be in the future.", "zh-hans": "出生日期不能是将来的日期。",
               "zh-hant": "出生日期不能是將來的日期。"},
    "too_early": {"en": "The date of birth cannot be before 1 January 1900.", "zh-hans": "出生日期不能早于1900年1月1日。",
                  "zh-hant": "出生日期不能早於1900年1月1日。"},
}


def error_at(page: str, field: str) -> str:
    """The error text shown at one field of the page (empty if none)."""
    found = re.search(rf'<p class="field-error" id="id_{field}_error">(.*?)</p>', page, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else ""


# --- the principal: the personal step ---------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
@pytest.mark.parametrize(("born", "problem"), [(FUTURE, "future"), (TOO_EARLY, "too_early")])
def test_the_personal_step_refuses_an_impossible_date_of_birth_at_the_field(client, applicant, language, born, problem):
    case = start(applicant)
    client.force_login(applicant)
    # The ID number carries the same date, so only the date itself is wrong.
    data = personal_post(date_of_birth=born.isoformat(), mainland_id_number=mainland_id(born, sequence="011"))

    response = client.post(f"/{language}/portal/applications/{case.pk}/step/personal/", data)

    assert response.status_code == 400
    assert MESSAGES[problem][language] in error_at(response.content.decode(), "date_of_birth")
    case.refresh_from_db()
    assert "date_of_birth" not in case.applicant_data


def test_the_personal_step_still_accepts_a_real_date_of_birth(client, applicant):
    case = start(applicant)
    client.force_login(applicant)
    response = client.post(f"/en/portal/applications/{case.pk}/step/personal/", personal_post())
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.applicant_data["date_of_birth"] == "1990-05-17"


def test_the_personal_step_still_checks_the_date_inside_the_id_number(client, applicant):
    case = start(applicant)
    client.force_login(applicant)
    response = client.post(f"/en/portal/applications/{case.pk}/step/personal/", personal_post(date_of_birth="1990-05-18"))
    assert response.status_code == 400
    assert "does not match the one in the ID number (17 May 1990)" in error_at(response.content.decode(), "date_of_birth")


def test_the_date_picker_offers_only_days_from_1900_to_today(client, applicant):
    case = start(applicant)
    client.force_login(applicant)
    page = client.get(f"/en/portal/applications/{case.pk}/step/personal/").content.decode()
    field = re.search(r'<input type="date" name="date_of_birth"[^>]*>', page)
    assert field is not None
    assert 'min="1900-01-01"' in field.group(0) and f'max="{dt.date.today().isoformat()}"' in field.group(0)


# --- a family member: the family step ------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
@pytest.mark.parametrize(("born", "problem"), [(FUTURE, "future"), (TOO_EARLY, "too_early")])
def test_the_family_step_refuses_an_impossible_date_of_birth_at_the_field(client, applicant, language, born, problem):
    case = start(applicant)
    client.force_login(applicant)
    spouse = {"relationship": "spouse", "name_en": "WANG Fang", "sex": "F", "date_of_birth": born.isoformat(),
              "marital_status": "married", "mainland_id_number": mainland_id(born, sequence="022")}

    response = client.post(f"/{language}/portal/applications/{case.pk}/family/", spouse)

    assert response.status_code == 400
    assert MESSAGES[problem][language] in error_at(response.content.decode(), "date_of_birth")
    assert not Dependant.objects.filter(application=case).exists()


# --- the self-check ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
@pytest.mark.parametrize(("born", "problem"), [(FUTURE, "future"), (TOO_EARLY, "too_early")])
def test_the_self_check_refuses_an_impossible_date_of_birth_at_the_field(client, language, born, problem):
    answers = {**ANSWERS, "date_of_birth": born.isoformat(), "mainland_id_number": mainland_id(born, address="440305", sequence="021")}

    response = client.post(f"/{language}/portal/check/", answers)

    page = response.content.decode()
    assert response.status_code == 400
    assert MESSAGES[problem][language] in error_at(page, "date_of_birth")
    assert "We could not check these answers" not in page
    assert not Application.objects.exists()


# --- the API ---------------------------------------------------------------------------------------


def _assess(client, body: dict) -> tuple[int, dict]:
    response = client.post("/api/v1/assessments", data=json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_the_api_refuses_a_principal_born_before_1900_naming_the_field(client):
    status, body = _assess(client, application(applicant={"date_of_birth": "1899-12-31", "mainland_id_number": engine_id("1899-12-31")}))
    assert status == 400
    assert body["error"]["code"] == "invalid_value" and body["error"]["field"] == "applicant.date_of_birth"


def test_the_api_refuses_a_principal_born_after_the_day_of_application(client):
    status, body = _assess(client, application(applicant={"date_of_birth": "2025-06-03", "mainland_id_number": engine_id("2025-06-03")}))
    assert status == 400
    assert body["error"]["field"] == "applicant.date_of_birth"


@pytest.mark.parametrize("born", ["1899-12-31", "2025-06-03"])
def test_the_api_refuses_an_impossible_date_of_birth_of_a_dependant_naming_the_field(client, born):
    status, body = _assess(client, application(dependants=[child(), child(born)]))
    assert status == 400
    assert body["error"]["code"] == "invalid_value" and body["error"]["field"] == "dependants[1].date_of_birth"


def test_the_api_accepts_someone_born_on_the_first_day_of_1900(client):
    status, body = _assess(client, application(dependants=[child("1900-01-01", relationship="spouse")]))
    assert status == 200, body
