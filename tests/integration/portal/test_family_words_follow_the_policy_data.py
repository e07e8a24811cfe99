"""The family step's words name the child age limit the policy data state: an age limit changed
in the data alone (no code) changes the introduction and the child's choice, in three languages."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.integration.portal.factories import fill_particulars, start

pytestmark = pytest.mark.django_db

CHANGED = dt.date(2026, 1, 1)


def _family_page(client, applicant, language: str = "en") -> str:
    case = fill_particulars(start(applicant), applicant)
    client.force_login(applicant)
    return client.get(f"/{language}/portal/applications/{case.pk}/family/").content.decode()


def test_the_family_step_names_the_age_limit_in_force(client, applicant):
    html = _family_page(client, applicant)
    assert "your unmarried children under 18 may come with you" in html
    assert "Child (unmarried, under 18)" in html


def test_an_age_limit_of_21_in_the_data_is_the_one_the_family_step_names(client, applicant, policy_data_change):
    policy_data_change("dependants.child_age_limit_years", 21, CHANGED)
    html = _family_page(client, applicant)
    assert "your unmarried children under 21 may come with you" in html
    assert "Child (unmarried, under 21)" in html
    assert "under 18" not in html


@pytest.mark.parametrize(
    ("language", "introduction", "choice"),
    [("zh-hans", "以及未满21岁的未婚子女可随您来港", "子女（未婚、未满21岁）"),
     ("zh-hant", "以及未滿21歲的未婚子女可隨您來港", "子女（未婚、未滿21歲）")],
)
def test_the_chinese_family_step_names_the_age_limit_in_the_data(client, applicant, policy_data_change, language, introduction, choice):
    policy_data_change("dependants.child_age_limit_years", 21, CHANGED)
    html = _family_page(client, applicant, language)
    assert introduction in html
    assert choice in html
