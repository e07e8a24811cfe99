"""Who may come as a dependant, checked before a family member is added."""

from __future__ import annotations

import datetime as dt

import pytest

from asmtp.cases.models import Dependant
from asmtp.portal.services import ApplicationError, check_dependant

TODAY = dt.date(2026, 6, 15)


def test_a_child_one_day_short_of_18_may_come():
    check_dependant("child", dt.date(2008, 6, 16), "single", TODAY, [])


def test_a_child_turning_18_today_is_not_a_dependant():
    with pytest.raises(ApplicationError) as refused:
        check_dependant("child", dt.date(2008, 6, 15), "single", TODAY, [])
    assert (refused.value.code, refused.value.field) == ("child_too_old", "date_of_birth")


def test_a_married_child_is_not_a_dependant():
    with pytest.raises(ApplicationError) as refused:
        check_dependant("child", dt.date(2010, 1, 1), "married", TODAY, [])
    assert refused.value.code == "child_married"


def test_a_second_spouse_or_partner_is_refused():
    spouse = Dependant(relationship="spouse")
    with pytest.raises(ApplicationError) as refused:
        check_dependant("civil_partner", dt.date(1990, 1, 1), "married", TODAY, [spouse])
    assert refused.value.code == "one_partner"


def test_several_children_may_come():
    children = [Dependant(relationship="child"), Dependant(relationship="child")]
    check_dependant("child", dt.date(2020, 1, 1), "single", TODAY, children)


def test_a_birth_date_in_the_future_is_refused():
    with pytest.raises(ApplicationError) as refused:
        check_dependant("spouse", dt.date(2027, 1, 1), "married", TODAY, [])
    assert refused.value.code == "born_in_future"
