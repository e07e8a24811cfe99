"""A field sent back with an error names its message for screen readers: every id in its
aria-describedby (Django adds `<id>_error` to a field with errors) is on the page."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def missing_descriptions(html: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    described = [name for value in re.findall(r'aria-describedby="([^"]+)"', html) for name in value.split()]
    return [name for name in described if name not in ids]


def assert_each_error_is_described(response) -> None:
    html = response.content.decode()
    assert 'class="field-error"' in html and "aria-describedby" in html
    assert missing_descriptions(html) == []


def test_the_employers_new_offer_form_sent_back_empty_describes_each_field_by_its_error(client, employer_staff):
    client.force_login(employer_staff)
    assert_each_error_is_described(client.post("/zh-hant/employer/offers/new/", {"post_title": ""}))


def test_the_e_visa_check_sent_back_empty_describes_its_field_by_its_error(client):
    assert_each_error_is_described(client.post("/en/evisa/verify/", {"token": ""}))


def test_the_company_registration_sent_back_empty_describes_each_field_by_its_error(client):
    assert_each_error_is_described(client.post("/zh-hans/employer/register/", {"name_en": ""}))
