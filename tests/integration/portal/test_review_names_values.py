"""The review step names each answer in the reader's language, never by its stored code."""

from __future__ import annotations

import re

import pytest

from tests.integration.portal.factories import fill_particulars, start

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "label"), [("en", "Master&#x27;s degree"), ("zh-hans", "硕士"), ("zh-hant", "碩士")])
def test_the_review_step_names_the_education_level_in_the_readers_language(client, applicant, language, label):
    case = fill_particulars(start(applicant), applicant)
    client.force_login(applicant)
    page = client.get(f"/{language}/portal/applications/{case.pk}/review/").content.decode()
    values = re.findall(r"<dd>([^<]*)</dd>", page)
    assert label in values
    assert "master" not in values
