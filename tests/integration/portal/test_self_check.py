"""The public self-check: no account, the engine's findings explained in the chosen language."""

from __future__ import annotations

import datetime as dt

import pytest

from asmtp.cases.models import Application
from tests.integration.portal.factories import mainland_id

pytestmark = pytest.mark.django_db

BORN = dt.date(1992, 3, 8)
ANSWERS = {
    "date_of_birth": BORN.isoformat(), "mainland_id_number": mainland_id(BORN, address="440305", sequence="021"),
    "residence": "mainland", "overseas_residence_months": "", "hk_degree_graduate": "no", "education_level": "master",
    "experience_years": "5", "has_professional_qualifications": "no", "criminal_conviction_declared": "no", "has_offer": "no",
}


def test_the_self_check_form_needs_no_account(client):
    response = client.get("/zh-hans/portal/check/")
    assert response.status_code == 200
    assert "资格自我评估" in response.content.decode()


def test_a_graduate_without_a_job_offer_gets_a_result_with_each_criterion_explained(client, engine):
    response = client.post("/en/portal/check/", ANSWERS)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your result" in page
    assert "Education" in page and "Identity documents" in page
    assert "Job offer" in page and "Does not apply" in page  # the direct edition: no offer needed
    assert not Application.objects.exists()  # nothing is kept


def test_the_result_speaks_simplified_chinese(client, engine):
    page = client.post("/zh-hans/portal/check/", ANSWERS).content.decode()
    assert "评估结果" in page and "不适用" in page


def test_a_missing_degree_shows_what_would_change_the_result(client, engine):
    page = client.post("/en/portal/check/", {**ANSWERS, "education_level": "secondary", "experience_years": "0"}).content.decode()
    assert "What would change this" in page
    assert "Not met" in page


def test_an_invalid_id_number_is_explained_and_the_answers_are_kept(client):
    valid = ANSWERS["mainland_id_number"]
    wrong = valid[:17] + ("0" if valid[17] != "0" else "1")
    response = client.post("/en/portal/check/", {**ANSWERS, "mainland_id_number": wrong, "experience_years": "7"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "the last character does not match the others" in page and "There is a problem" in page
    assert 'value="7"' in page


def test_an_offer_needs_its_salary_and_industry(client):
    response = client.post("/en/portal/check/", {**ANSWERS, "has_offer": "yes"})
    assert response.status_code == 400
    assert "Answer this question about the job offer." in response.content.decode()
