"""Identity numbers checked as the engine checks them, with a message for each mistake."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from asmtp.portal.forms.fields import MainlandIdField
from tests.unit.portal.samples import mainland_id

VALID = mainland_id(dt.date(1990, 5, 17), sequence="011")


def test_the_standards_own_example_is_valid_and_a_lower_case_x_is_read_as_x():
    field = MainlandIdField()
    assert field.clean("11010519491231002X") == "11010519491231002X"
    assert field.clean(" 11010519491231002x ") == "11010519491231002X"


@pytest.mark.parametrize(("number", "code"), [
    (VALID[:17], "mainland_id_length"),
    (VALID[:16] + "A" + VALID[17], "mainland_id_characters"),
    (VALID[:17] + ("0" if VALID[17] != "0" else "1"), "mainland_id_check_character"),
    (mainland_id(dt.date(1990, 5, 17), address="810000"), "mainland_id_province_not_mainland"),
])
def test_each_kind_of_mistake_has_its_own_message(number, code):
    with pytest.raises(ValidationError) as refused:
        MainlandIdField().clean(number)
    assert refused.value.error_list[0].code == code
