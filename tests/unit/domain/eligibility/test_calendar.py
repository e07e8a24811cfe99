"""Vectorised calendar arithmetic agrees with Python's own dates."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from asmtp.domain.eligibility.calendar import (
    age_in_years,
    civil_from_days,
    dates_from_ymd,
    day_numbers,
    days_from_civil,
    months_later_is_after,
    ymd,
)

dates = st.dates(date(1900, 1, 1), date(2100, 12, 31))


def _column(values: list[date]) -> np.ndarray:
    return np.array(values, dtype="datetime64[D]")


@given(st.lists(dates, min_size=1, max_size=50))
def test_civil_dates_round_trip_through_day_numbers(values):
    year, month, day = civil_from_days(day_numbers(_column(values)))
    assert list(zip(year.tolist(), month.tolist(), day.tolist(), strict=True)) == [(d.year, d.month, d.day) for d in values]
    assert days_from_civil(year, month, day).tolist() == day_numbers(_column(values)).tolist()
    assert dates_from_ymd(ymd((year, month, day))).tolist() == values


@given(dates, dates)
def test_age_in_years_counts_completed_years(birth, on):
    civil = lambda d: civil_from_days(day_numbers(_column([d])))  # noqa: E731
    expected = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    assert age_in_years(ymd(civil(birth)), ymd(civil(on))).tolist() == [expected]


def test_a_leap_day_birthday_is_reached_on_the_first_of_march_in_common_years():
    birth = ymd(civil_from_days(day_numbers(_column([date(2004, 2, 29)]))))
    on = ymd(civil_from_days(day_numbers(_column([date(2022, 2, 28), date(2022, 3, 1)]))))
    assert age_in_years(birth, on).tolist() == [17, 18]


@given(dates, st.integers(0, 30), st.integers(-800, 800))
def test_months_later_is_after_matches_adding_calendar_months(start, months, offset_days):
    on = start + timedelta(days=offset_days)
    total = start.year * 12 + start.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    last_day = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    later = date(year, month, min(start.day, last_day))
    civil = lambda d: civil_from_days(day_numbers(_column([d])))  # noqa: E731
    result = months_later_is_after(civil(start), np.array([months]), civil(on))
    assert result.tolist() == [later > on]
