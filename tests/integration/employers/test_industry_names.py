"""The industry an employer declares is named from the policy's HSIC table, in the reader's language."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "option"),
    [
        ("en", "K — Financial and insurance activities"),
        ("zh-hant", "K — 金融及保險活動"),
        ("zh-hans", "K — 金融及保险活动"),
    ],
)
def test_the_registration_form_names_each_section_by_its_letter_and_title(client, language, option):
    page = client.get(f"/{language}/employer/register/").content.decode()

    assert f'<option value="K">{option}</option>' in page
    assert re.findall(r'<option value="([A-Z])">', page) == list("ABCDEFGHIJKLMNOPQRSTU")


def test_the_same_process_serves_each_reader_in_their_own_language(client):
    english = client.get("/en/employer/register/").content.decode()
    chinese = client.get("/zh-hant/employer/register/").content.decode()

    assert "U — Activities of extraterritorial organisations and bodies" in english
    assert "U — 享有治外法權的組織及團體的活動" in chinese
    assert "享有治外法權" not in english
