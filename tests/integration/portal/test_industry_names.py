"""The applicant's industry choices are the policy's HSIC titles, in the reader's language."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "Import/export, wholesale and retail trades"),
        ("zh-hant", "進出口貿易、批發及零售業"),
        ("zh-hans", "进出口贸易、批发及零售业"),
    ],
)
def test_the_self_check_offers_sections_a_to_s_by_their_titles(client, language, title):
    page = client.get(f"/{language}/portal/check/").content.decode()

    assert f'<option value="G">{title}</option>' in page
    assert '<option value="S">' in page
    assert '<option value="T">' not in page and '<option value="U">' not in page
