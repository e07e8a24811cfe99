"""Identity numbers: what a valid number looks like, one at a time and a whole column at once.

Scalar checks return ``None`` for a valid number or an :class:`IdentityError` code; the
vectorised variants used by the eligibility engine return the same codes as small integers
(``0`` valid, otherwise ``IDENTITY_ERRORS.index(code) + 1``) and a test keeps both in step.

Formats accepted, and why:

- **Mainland Resident ID** (GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check character;
  a lower-case ``x`` check character is read as ``X`` (people type it either way). The embedded
  birth date must be a real calendar date. The first two digits must be a Mainland province
  (GB/T 2260); the table of provinces is policy data passed in by the caller, so residence
  permits for Hong Kong, Macao and Taiwan residents (81/82/83) and 71 are refused there.
- **EEP** (往來港澳通行證, card type since 2014): ``C`` + 8 digits, or ``C`` + a letter other than
  ``I``/``O`` + 7 digits (National Immigration Administration notice, Dec 2018). No check digit.
- **PRC passport** (ordinary): ``E`` + 8 digits (e-passports from 2012), ``E`` + a letter other
  than ``I``/``O`` + 7 digits (the series that continued when the digits ran out; the I/O
  exclusion mirrors the EEP rule, as the two are issued by the same administration) and
  ``G`` + 8 digits (the pre-2012 series, still seen on older records). Diplomatic, service and
  public-affairs passports are out of scope: ASMTP applicants travel on ordinary documents.
  No check digit.
- **HKID**: one or two letters, six digits, a check character 0-9 or ``A``, written with or
  without brackets (``A123456(3)`` or ``A1234563``). Letters count 10-35, a single letter is
  padded with a leading space worth 36, weights 9..2, check = (11 - sum mod 11) mod 11.
- **Business Registration number**: exactly 8 digits (1823 FAQ: no letters or symbols).

Nothing here reads files, clocks or settings.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import numpy as np
import numpy.typing as npt

__all__ = [
    "IDENTITY_ERRORS",
    "IdentityError",
    "MainlandResidentId",
    "brn_error",
    "brn_errors",
    "eep_error",
    "hkid_error",
    "mainland_id_error",
    "mainland_id_errors",
    "parse_mainland_id",
    "prc_passport_error",
    "province_mask",
    "real_dates",
    "travel_document_error",
    "travel_document_errors",
]


class IdentityError(StrEnum):
    """Why an identity number was refused. Values are stable: they appear in findings."""

    LENGTH = "length"
    CHARACTERS = "characters"
    CHECK_CHARACTER = "check_character"
    BIRTH_DATE_INVALID = "birth_date_invalid"
    PROVINCE_NOT_MAINLAND = "province_not_mainland"
    FORMAT = "format"


# Order matters: the vectorised functions return index + 1 of these codes.
IDENTITY_ERRORS: tuple[IdentityError, ...] = tuple(IdentityError)

# ISO 7064 MOD 11-2 as written in GB 11643-1999: weight 2**(17-i) mod 11 for position i.
_MAINLAND_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_MAINLAND_CHECK = "10X98765432"
MAINLAND_ID_LENGTH = 18

# re.ASCII: \d would otherwise take any script's digits (Arabic-Indic, full-width), and one
# number would have many spellings that compare unequal (callers normalise with ascii_digits).
_EEP = re.compile(r"C(?:\d{8}|[A-HJ-NP-Z]\d{7})", re.ASCII)
_PRC_PASSPORT = re.compile(r"(?:E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8})", re.ASCII)
_HKID = re.compile(r"([A-Z]{1,2})(\d{6})(?:\(([0-9A])\)|([0-9A]))", re.ASCII)
_BRN = re.compile(r"\d{8}", re.ASCII)
_ASCII_DIGITS = frozenset("0123456789")


@dataclass(frozen=True)
class MainlandResidentId:
    """A valid Mainland Resident ID number and what it says about its holder."""

    number: str
    province_code: str
    birth_date: date
    sex: str  # "M" for an odd sequence number, "F" for even (GB 11643-1999 §5.3)


class InvalidIdentityNumber(ValueError):
    """An identity number failed a check; ``code`` says which."""

    def __init__(self, code: IdentityError, message: str) -> None:
        super().__init__(message)
        self.code = code


def _normalise_mainland(number: str) -> str:
    # Only the check character may be written in lower case; anywhere else it stays an error.
    if len(number) == MAINLAND_ID_LENGTH and number[17] == "x":
        return number[:17] + "X"
    return number


def mainland_id_error(number: str, provinces: Collection[str]) -> IdentityError | None:
    """Why ``number`` is not a valid Mainland Resident ID, or ``None`` when it is.

    ``provinces`` holds the two-digit GB/T 2260 codes of Mainland provinces (policy data).
    """
    number = _normalise_mainland(number)
    if len(number) != MAINLAND_ID_LENGTH:
        return IdentityError.LENGTH
    if not (set(number[:17]) <= _ASCII_DIGITS and (number[17] in _ASCII_DIGITS or number[17] == "X")):
        return IdentityError.CHARACTERS
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _MAINLAND_WEIGHTS, strict=True))
    if _MAINLAND_CHECK[total % 11] != number[17]:
        return IdentityError.CHECK_CHARACTER
    if _embedded_birth_date(number) is None:
        return IdentityError.BIRTH_DATE_INVALID
    if number[:2] not in provinces:
        return IdentityError.PROVINCE_NOT_MAINLAND
    return None


def _embedded_birth_date(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def parse_mainland_id(number: str, provinces: Collection[str]) -> MainlandResidentId:
    """The parsed number; raises :class:`InvalidIdentityNumber` when it is not valid."""
    error = mainland_id_error(number, provinces)
    if error is not None:
        raise InvalidIdentityNumber(error, f"not a valid Mainland Resident ID number ({error.value})")
    number = _normalise_mainland(number)
    birth = _embedded_birth_date(number)
    assert birth is not None  # guaranteed by mainland_id_error
    return MainlandResidentId(
        number=number,
        province_code=number[:2],
        birth_date=birth,
        sex="M" if int(number[16]) % 2 else "F",
    )


def eep_error(number: str) -> IdentityError | None:
    """Why ``number`` is not an Exit-entry Permit (card) number, or ``None``."""
    return None if _EEP.fullmatch(number) else IdentityError.FORMAT


def prc_passport_error(number: str) -> IdentityError | None:
    """Why ``number`` is not an ordinary PRC passport number, or ``None``."""
    return None if _PRC_PASSPORT.fullmatch(number) else IdentityError.FORMAT


def travel_document_error(kind: str, number: str) -> IdentityError | None:
    """Format check for a travel document of ``kind`` ``EEP`` or ``PRC_PASSPORT``."""
    if kind == "EEP":
        return eep_error(number)
    if kind == "PRC_PASSPORT":
        return prc_passport_error(number)
    raise ValueError(f"unknown travel document type {kind!r}")


def hkid_error(number: str) -> IdentityError | None:
    """Why ``number`` is not a valid HKID number, or ``None``. ``A123456(3)`` is valid."""
    match = _HKID.fullmatch(number)
    if match is None:
        return IdentityError.FORMAT
    letters, digits = match.group(1), match.group(2)
    check = match.group(3) or match.group(4)
    values = [36] if len(letters) == 1 else []
    values += [ord(letter) - ord("A") + 10 for letter in letters]
    values += [int(digit) for digit in digits]
    total = sum(value * weight for value, weight in zip(values, range(9, 1, -1), strict=True))
    expected = (11 - total % 11) % 11
    return None if check == ("A" if expected == 10 else str(expected)) else IdentityError.CHECK_CHARACTER


def brn_error(number: str) -> IdentityError | None:
    """Why ``number`` is not a Business Registration number (8 digits), or ``None``."""
    return None if _BRN.fullmatch(number) else IdentityError.FORMAT


# --- vectorised variants -------------------------------------------------------------------
# Numbers arrive as fixed-width byte strings (numpy ``S<w>``), NUL-padded on the right. A width
# one wider than the valid length lets an over-long number be seen as such. The bytes are turned
# column-major first: every check is then a handful of operations on contiguous 1-D arrays,
# which is what keeps a million numbers in the tens of milliseconds.

_CODE = {error: np.int8(index + 1) for index, error in enumerate(IDENTITY_ERRORS)}
_ZERO, _NINE, _UPPER_X, _LOWER_X = ord("0"), ord("9"), ord("X"), ord("x")
_CHECK_BYTES = np.frombuffer(_MAINLAND_CHECK.encode("ascii"), dtype=np.uint8)
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int16)


def _positions(numbers: npt.NDArray[np.bytes_], width: int) -> npt.NDArray[np.uint8]:
    """A (width, n) array: row k holds the k-th byte of every number (NUL past its end)."""
    numbers = np.ascontiguousarray(numbers)
    have = numbers.dtype.itemsize
    if have < width:
        numbers = numbers.astype(f"S{width}")
        have = width
    return np.ascontiguousarray(numbers.view(np.uint8).reshape(len(numbers), have)[:, :width].T)


def _exact_length(columns: npt.NDArray[np.uint8], length: int) -> npt.NDArray[np.bool_]:
    # Padding is only ever at the end (builders turn any NUL inside a value into "?"), so a
    # value has exactly ``length`` bytes when byte length-1 is set and byte ``length`` is not.
    return np.asarray((columns[length - 1] != 0) & (columns[length] == 0))


def _is_digit(column: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    return np.asarray((column >= _ZERO) & (column <= _NINE))


def province_mask(provinces: Collection[str]) -> npt.NDArray[np.bool_]:
    """A lookup of 100 booleans: ``mask[int(code)]`` is true for a Mainland province code."""
    mask = np.zeros(100, dtype=np.bool_)
    for code in provinces:
        mask[int(code)] = True
    return mask


def real_dates(
    year: npt.NDArray[np.int32], month: npt.NDArray[np.int32], day: npt.NDArray[np.int32]
) -> npt.NDArray[np.bool_]:
    """Whether each (year, month, day) is a real Gregorian calendar date (year 1 onwards)."""
    month_ok = (month >= 1) & (month <= 12)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    limit = _DAYS_IN_MONTH[np.where(month_ok, month, 0)] + ((month == 2) & leap)
    return np.asarray((year >= 1) & month_ok & (day >= 1) & (day <= limit))


def mainland_id_errors(
    numbers: npt.NDArray[np.bytes_], provinces: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int32], npt.NDArray[np.int8]]:
    """Check a column of Mainland ID numbers at once.

    Returns ``(errors, birth_dates, province_codes)``: the error code per row (0 when valid, the
    same precedence as :func:`mainland_id_error`), the embedded birth date as the number
    ``YYYYMMDD`` (0 when not a real date) and the two-digit province prefix (0 when unreadable).
    ``provinces`` is the mask from :func:`province_mask`.
    """
    columns = _positions(numbers, MAINLAND_ID_LENGTH + 1)
    length_ok = _exact_length(columns, MAINLAND_ID_LENGTH)
    last = columns[17].copy()
    last[last == _LOWER_X] = _UPPER_X
    chars_ok = _is_digit(last) | (last == _UPPER_X)
    digits = []
    for k in range(17):
        chars_ok &= _is_digit(columns[k])
        digits.append(columns[k].astype(np.int32) - _ZERO)
    usable = length_ok & chars_ok
    total = np.zeros(len(last), dtype=np.int32)
    for digit, weight in zip(digits, _MAINLAND_WEIGHTS, strict=True):
        total += digit * weight
    check_ok = _CHECK_BYTES[np.where(usable, total, 0) % 11] == last

    year = digits[6] * 1000 + digits[7] * 100 + digits[8] * 10 + digits[9]
    month = digits[10] * 10 + digits[11]
    day = digits[12] * 10 + digits[13]
    date_ok = real_dates(year, month, day)
    province = np.where(usable, digits[0] * 10 + digits[1], 0).astype(np.int8)
    province_ok = provinces[province]

    # Fill from the lowest precedence up so the first failing check is the one that remains.
    errors = np.zeros(len(last), dtype=np.int8)
    errors[~province_ok] = _CODE[IdentityError.PROVINCE_NOT_MAINLAND]
    errors[~date_ok] = _CODE[IdentityError.BIRTH_DATE_INVALID]
    errors[~check_ok] = _CODE[IdentityError.CHECK_CHARACTER]
    errors[~chars_ok] = _CODE[IdentityError.CHARACTERS]
    errors[~length_ok] = _CODE[IdentityError.LENGTH]
    birth = np.where(usable & date_ok, year * 10000 + month * 100 + day, 0).astype(np.int32)
    return errors, birth, province


def _pattern_ok(
    columns: npt.NDArray[np.uint8], length: int, prefixes: bytes, allow_letter_series: bool
) -> npt.NDArray[np.bool_]:
    """``prefix`` + ``length - 1`` digits, or (optionally) prefix + letter not I/O + digits."""
    ok = _exact_length(columns, length) & np.isin(columns[0], np.frombuffer(prefixes, dtype=np.uint8))
    rest_digits = np.ones(columns.shape[1], dtype=np.bool_)
    for k in range(2, length):
        rest_digits &= _is_digit(columns[k])
    second = columns[1]
    series_ok = _is_digit(second)
    if allow_letter_series:
        series_ok |= (second >= ord("A")) & (second <= ord("Z")) & (second != ord("I")) & (second != ord("O"))
    return np.asarray(ok & rest_digits & series_ok)


def travel_document_errors(
    kinds: npt.NDArray[np.int8], numbers: npt.NDArray[np.bytes_], kind_codes: tuple[str, ...]
) -> npt.NDArray[np.int8]:
    """Format errors for a column of travel documents; ``kinds`` index into ``kind_codes``.

    Rows whose kind is neither ``EEP`` nor ``PRC_PASSPORT`` (no document given) are valid.
    """
    columns = _positions(numbers, 10)
    eep_ok = _pattern_ok(columns, 9, b"C", allow_letter_series=True)
    passport_ok = _pattern_ok(columns, 9, b"E", allow_letter_series=True) | _pattern_ok(
        columns, 9, b"G", allow_letter_series=False
    )
    bad = ((kinds == kind_codes.index("EEP")) & ~eep_ok) | ((kinds == kind_codes.index("PRC_PASSPORT")) & ~passport_ok)
    return np.where(bad, _CODE[IdentityError.FORMAT], np.int8(0)).astype(np.int8)


def brn_errors(numbers: npt.NDArray[np.bytes_]) -> npt.NDArray[np.int8]:
    """Format errors for a column of Business Registration numbers."""
    columns = _positions(numbers, 9)
    ok = _exact_length(columns, 8)
    for k in range(8):
        ok &= _is_digit(columns[k])
    return np.where(ok, np.int8(0), _CODE[IdentityError.FORMAT]).astype(np.int8)
