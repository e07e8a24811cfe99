"""The question that routes Hong Kong graduates to IANG covers a Hong Kong university's Greater
Bay Area campus too (ImmD ASMTP page, note 1), in the self-check and the application form."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

QUESTION = {
    "en": "Did you graduate from a full-time degree programme of a Hong Kong university, in Hong Kong or at its campus in the Greater Bay Area?",
    "zh-hans": "您是否修毕香港高校的全日制学位课程（在香港或在该校的大湾区校区修读）？",
    "zh-hant": "您是否修畢香港大專院校的全日制學位課程（在香港或在該院校的大灣區校園修讀）？",
}


@pytest.mark.parametrize("language", sorted(QUESTION))
def test_the_self_check_asks_about_a_greater_bay_area_campus(client, language):
    assert QUESTION[language] in client.get(f"/{language}/portal/check/").content.decode()


def test_the_application_form_asks_the_same_question():
    from asmtp.portal.forms.application import PersonalForm

    assert str(PersonalForm.base_fields["hk_degree_graduate"].label) == QUESTION["en"]
