"""Calendar arithmetic on columns of dates, in integer day numbers (no per-element loops).

numpy's own month and year conversions of ``datetime64`` are slow on large arrays; the civil
calendar algorithms of Howard Hinnant ("chrono-compatible low-level date algorithms") do the
same in a dozen integer operations per column. Day numbers count from 1970-01-01, as
``datetime64[D]`` does, so ``dates.view(np.int64)`` is free.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)

Ints = npt.NDArray[np.int64]
Dates = npt.NDArray[np.datetime64]
Civil = tuple[Ints, Ints, Ints]  # year, month, day columns


def day_numbers(dates: Dates) -> Ints:
    """Days since 1970-01-01 (a view, no copy, when ``dates`` are ``datetime64[D]``)."""
    return np.asarray(dates.astype("datetime64[D]", copy=False).view(np.int64))


def from_day_numbers(days: Ints) -> Dates:
    return np.asarray(days.astype(np.int64, copy=False).view("datetime64[D]"))


def civil_from_days(days: Ints) -> Civil:
    """Year, month (1-12) and day (1-31) of each day number."""
    z = days + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return year, month, day


def days_from_civil(year: Ints, month: Ints, day: Ints) -> Ints:
    """Day numbers of (year, month, day) columns that are real dates."""
    year = year - (month <= 2)
    era = np.floor_divide(year, 400)
    yoe = year - era * 400
    doy = (153 * np.where(month > 2, month - 3, month + 9) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return np.asarray(era * 146097 + doe - 719468)


def cached_civil(memo: dict[Any, Any], name: str, dates: Dates) -> Civil:
    """(year, month, day) of a date column that does not change between assessments."""
    key = ("civil", name)
    if key not in memo:
        memo[key] = civil_from_days(day_numbers(dates))
    civil: Civil = memo[key]
    return civil


def ymd(civil: Civil) -> Ints:
    """Dates as the numbers YYYYMMDD (how an identity number writes a birth date)."""
    year, month, day = civil
    return np.asarray(year * 10000 + month * 100 + day)


def dates_from_ymd(numbers: npt.NDArray[np.integer]) -> Dates:
    """Dates from YYYYMMDD numbers; 0 gives NaT."""
    values = numbers.astype(np.int64)
    days = days_from_civil(values // 10000, values // 100 % 100, values % 100)
    return np.where(values == 0, np.datetime64("NaT"), from_day_numbers(days))


def age_in_years(birth: Ints, on: Ints) -> Ints:
    """Completed years of age, from dates written as YYYYMMDD numbers (see :func:`ymd`).

    (on - birth) // 10000 counts a year only once month and day are reached, so a birthday on
    29 February is reached on 1 March in common years, as in Hong Kong practice.
    """
    return np.asarray((on - birth) // 10000)


def days_in_month(year: Ints, month: Ints) -> Ints:
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    return np.asarray(_DAYS_IN_MONTH[month] + ((month == 2) & leap))


def months_later_is_after(start: Civil, months: Ints, on: Civil) -> npt.NDArray[np.bool_]:
    """Whether ``start`` plus ``months`` calendar months falls after ``on``.

    Adding months clamps to the end of a shorter month (31 Jan + 1 month = 28 or 29 Feb).
    """
    sy, sm, sd = start
    oy, om, od = on
    target = sy * 12 + (sm - 1) + months
    current = oy * 12 + (om - 1)
    same_month_day = np.minimum(sd, days_in_month(oy, om))
    return np.asarray((target > current) | ((target == current) & (same_month_day > od)))
