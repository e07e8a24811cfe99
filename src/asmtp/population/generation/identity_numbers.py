"""Synthetic identity and registration numbers in their real formats, built column-wise.

Mainland Resident ID (GB 11643-1999): 6-digit address code, birth date YYYYMMDD, a 3-digit
sequence (odd for men) and an ISO 7064 MOD 11-2 check character. A chosen share is made
invalid on purpose, in the ways real input goes wrong.
"""

from __future__ import annotations

import numpy as np
import polars as pl

_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_CHECK = np.array(list("10X98765432"))
_POWERS = 10 ** np.arange(16, -1, -1, dtype=np.int64)

# Kinds of deliberately invalid Mainland ID numbers, in the proportions they are drawn.
BAD_CHECK, RESIDENCE_PERMIT, BIRTH_DATE_MISMATCH, TOO_SHORT = range(4)
_INVALID_WEIGHTS = np.array([0.5, 0.2, 0.2, 0.1])
RESIDENCE_PERMIT_PREFIXES = np.array([81, 82, 83])


def yyyymmdd(dates: np.ndarray) -> np.ndarray:
    """Dates (datetime64[D]) as integers YYYYMMDD."""
    years = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    months = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    days = (dates - dates.astype("datetime64[M]")).astype(np.int64) + 1
    result: np.ndarray = years * 10000 + months * 100 + days
    return result


def check_remainders(first17: np.ndarray) -> np.ndarray:
    """The MOD 11-2 remainder (index into "10X98765432") of each 17-digit body given as an int64."""
    total = np.zeros(first17.shape, dtype=np.int64)
    for power, weight in zip(_POWERS, _WEIGHTS, strict=True):
        total += (first17 // power) % 10 * weight
    remainder: np.ndarray = total % 11
    return remainder


def mainland_id_numbers(
    rng: np.random.Generator,
    province: np.ndarray,
    birth: np.ndarray,
    male: np.ndarray,
    *,
    invalid_share: float,
    lowercase_x_share: float,
) -> pl.Series:
    """ID numbers for people of the given province code, birth date and sex.

    A share ``invalid_share`` is wrong on purpose: a bad check character, a Hong Kong, Macao or
    Taiwan residence-permit prefix, a birth date that differs from the person's, or one digit
    short (in the proportions of ``_INVALID_WEIGHTS``).
    """
    n = len(province)
    prefecture = rng.integers(1, 10, n)
    county = rng.integers(1, 19, n)
    sequence = rng.integers(0, 500, n) * 2 + male.astype(np.int64)
    invalid = rng.random(n) < invalid_share
    kind = np.where(invalid, np.searchsorted(np.cumsum(_INVALID_WEIGHTS), rng.random(n), side="right"), -1)
    kind = np.minimum(kind, TOO_SHORT)

    prefix = np.where(kind == RESIDENCE_PERMIT, rng.choice(RESIDENCE_PERMIT_PREFIXES, n), province)
    shifted = birth + rng.integers(1, 400, n).astype("timedelta64[D]")
    birth_in_number = np.where(kind == BIRTH_DATE_MISMATCH, shifted, birth)
    body = ((prefix * 100 + prefecture) * 100 + county) * 10**11 + yyyymmdd(birth_in_number) * 1000 + sequence
    remainder = check_remainders(body)
    # A wrong check character: any of the ten others.
    remainder = np.where(kind == BAD_CHECK, (remainder + rng.integers(1, 11, n)) % 11, remainder)
    check = _CHECK[remainder]
    check = np.where((check == "X") & (rng.random(n) < lowercase_x_share), "x", check)

    numbers = pl.Series(body).cast(pl.String) + pl.Series(check)
    numbers = pl.select(
        pl.when(pl.lit(pl.Series(kind == TOO_SHORT))).then(numbers.str.slice(0, 17)).otherwise(numbers)
    ).to_series()
    return numbers
