"""Identity numbers: worked examples, single-character changes (Hypothesis), scalar = vectorised."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asmtp.domain.identity import (
    IDENTITY_ERRORS,
    IdentityError,
    InvalidIdentityNumber,
    brn_error,
    brn_errors,
    eep_error,
    hkid_error,
    mainland_id_error,
    mainland_id_errors,
    parse_mainland_id,
    prc_passport_error,
    province_mask,
    travel_document_error,
    travel_document_errors,
)
from asmtp.policy import load_policy
from tests.unit.domain.eligibility.builders import mainland_id

PROVINCES = tuple(load_policy().provinces.mainland)
MASK = province_mask(PROVINCES)
ID_ALPHABET = "0123456789Xx "
DOC_KINDS = ("none", "EEP", "PRC_PASSPORT")


def test_the_standards_own_example_is_a_valid_mainland_id():
    parsed = parse_mainland_id("11010519491231002X", PROVINCES)
    assert (parsed.province_code, parsed.birth_date, parsed.sex) == ("11", date(1949, 12, 31), "F")


def test_a_lower_case_x_check_character_is_read_as_upper_case():
    assert mainland_id_error("11010519491231002x", PROVINCES) is None
    assert parse_mainland_id("11010519491231002x", PROVINCES).number == "11010519491231002X"


def test_a_lower_case_x_inside_the_number_is_not_a_digit():
    assert mainland_id_error("1101051949123100x2", PROVINCES) is IdentityError.CHARACTERS


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("11010519491231002", IdentityError.LENGTH),
        ("11010519491231002XX", IdentityError.LENGTH),
        ("", IdentityError.LENGTH),
        ("1101051949123I002X", IdentityError.CHARACTERS),
        ("110105194912310021", IdentityError.CHECK_CHARACTER),
        (mainland_id("1990-02-30", "440305"), IdentityError.BIRTH_DATE_INVALID),
        (mainland_id("1990-13-01", "440305"), IdentityError.BIRTH_DATE_INVALID),
        (mainland_id("1990-05-17", "810000"), IdentityError.PROVINCE_NOT_MAINLAND),
        (mainland_id("1990-05-17", "820000"), IdentityError.PROVINCE_NOT_MAINLAND),
        (mainland_id("1990-05-17", "830000"), IdentityError.PROVINCE_NOT_MAINLAND),
        (mainland_id("1990-05-17", "710000"), IdentityError.PROVINCE_NOT_MAINLAND),
    ],
)
def test_a_mainland_id_is_refused_for_the_first_check_it_fails(number, error):
    assert mainland_id_error(number, PROVINCES) is error
    with pytest.raises(InvalidIdentityNumber) as raised:
        parse_mainland_id(number, PROVINCES)
    assert raised.value.code is error


def test_a_leap_day_birth_date_is_real_only_in_a_leap_year():
    assert mainland_id_error(mainland_id("1988-02-29"), PROVINCES) is None
    assert mainland_id_error(mainland_id("1900-02-29"), PROVINCES) is IdentityError.BIRTH_DATE_INVALID
    assert mainland_id_error(mainland_id("2000-02-29"), PROVINCES) is None


@pytest.mark.parametrize("number", ["C12345678", "CA1234567", "CZ7654321"])
def test_eep_numbers_of_both_card_series_are_accepted(number):
    assert eep_error(number) is None


@pytest.mark.parametrize("number", ["C1234567", "C123456789", "CI1234567", "CO1234567", "E12345678", "c12345678", "C1234567A"])
def test_eep_numbers_of_another_shape_are_refused(number):
    assert eep_error(number) is IdentityError.FORMAT


@pytest.mark.parametrize("number", ["E12345678", "EA1234567", "G12345678"])
def test_current_prc_passport_numbers_are_accepted(number):
    assert prc_passport_error(number) is None


@pytest.mark.parametrize("number", ["E1234567", "GA1234567", "EO1234567", "D12345678", "P12345678", "C12345678"])
def test_other_passport_numbers_are_refused(number):
    assert prc_passport_error(number) is IdentityError.FORMAT


def test_an_unknown_travel_document_type_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown travel document type"):
        travel_document_error("VISA", "X1")


@pytest.mark.parametrize("number", ["A123456(3)", "A1234563", "AB987654(3)", "Z683365(A)"])
def test_valid_hkid_numbers_pass_their_check_digit(number):
    assert hkid_error(number) is None


@pytest.mark.parametrize(
    ("number", "error"),
    [("A123456(4)", IdentityError.CHECK_CHARACTER), ("A12345(3)", IdentityError.FORMAT), ("a123456(3)", IdentityError.FORMAT), ("A123456(3", IdentityError.FORMAT)],
)
def test_invalid_hkid_numbers_are_refused(number, error):
    assert hkid_error(number) is error


def test_a_business_registration_number_is_exactly_eight_digits():
    assert brn_error("12345678") is None
    assert brn_error("1234567") is brn_error("123456789") is brn_error("1234567A") is IdentityError.FORMAT


# --- a valid number with one character changed is refused ---------------------------------

valid_mainland_ids = st.builds(
    mainland_id,
    date_of_birth=st.dates(date(1920, 1, 1), date(2024, 12, 31)).map(date.isoformat),
    region=st.sampled_from(PROVINCES).map(lambda p: p + "0101"),
    sequence=st.integers(0, 999).map(lambda n: f"{n:03d}"),
)


@settings(max_examples=300)
@given(valid_mainland_ids, st.integers(0, 17), st.sampled_from("0123456789X"))
def test_a_mainland_id_with_any_single_character_changed_is_refused(number, position, replacement):
    changed = number[:position] + replacement + number[position + 1 :]
    if changed == number:
        return
    # MOD 11-2 catches every single substitution: each weight is non-zero modulo the prime 11.
    assert mainland_id_error(changed, PROVINCES) is not None


valid_hkids = st.builds(
    lambda letters, digits: _with_hkid_check(letters, digits),
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=2),
    st.text("0123456789", min_size=6, max_size=6),
)


def _with_hkid_check(letters: str, digits: str) -> str:
    values = ([36] if len(letters) == 1 else []) + [ord(c) - 55 for c in letters] + [int(d) for d in digits]
    check = (11 - sum(v * w for v, w in zip(values, range(9, 1, -1), strict=True)) % 11) % 11
    return f"{letters}{digits}({'A' if check == 10 else check})"


@settings(max_examples=300)
@given(valid_hkids, st.data())
def test_an_hkid_with_a_digit_or_the_check_character_changed_is_refused(number, data):
    assert hkid_error(number) is None
    # Digits and the check character differ by less than 11, so weights 2-9 always expose the
    # change. Prefix letters are worth 10-35: two letters 11 apart (A/L) share a remainder and
    # the HKID scheme cannot see that swap, so letter changes are not part of this property.
    letters = len(number) - 9
    position = data.draw(st.sampled_from([*range(letters, letters + 6), len(number) - 2]))
    replacement = data.draw(st.sampled_from("0123456789A").filter(lambda c: c != number[position]))
    changed = number[:position] + replacement + number[position + 1 :]
    assert hkid_error(changed) is not None


@settings(max_examples=200)
@given(st.sampled_from(["EEP", "PRC_PASSPORT"]), st.integers(0, 8), st.characters(codec="ascii"))
def test_format_only_numbers_refuse_a_character_outside_their_alphabet(kind, position, replacement):
    # EEP and passport numbers carry no check digit: changing one digit for another gives another
    # well-formed number. What must hold is that a character of the wrong class is refused.
    number = "C12345678" if kind == "EEP" else "E12345678"
    if position == 0 or replacement.isdigit() or (position == 1 and replacement in "ABCDEFGHJKLMNPQRSTUVWXYZ"):
        return
    changed = number[:position] + replacement + number[position + 1 :]
    assert travel_document_error(kind, changed) is IdentityError.FORMAT


# --- the vectorised checks agree with the scalar ones ---------------------------------------

def _codes(errors: list[IdentityError | None]) -> list[int]:
    return [0 if error is None else IDENTITY_ERRORS.index(error) + 1 for error in errors]


near_mainland_ids = st.one_of(
    valid_mainland_ids,
    valid_mainland_ids.flatmap(lambda n: st.integers(0, 17).map(lambda i: n[:i] + n[i + 1 :])),
    st.text(ID_ALPHABET, min_size=16, max_size=20),
    st.builds(mainland_id, region=st.sampled_from(["810000", "710000", "990000", "000000"])),
    st.builds(lambda y, m, d: mainland_id(f"{y:04d}-{m:02d}-{d:02d}"), st.integers(0, 2100), st.integers(0, 13), st.integers(0, 32)),
)


@settings(max_examples=100)
@given(st.lists(near_mainland_ids, min_size=1, max_size=40))
def test_vectorised_mainland_id_checks_agree_with_the_scalar_ones(numbers):
    errors, births, provinces = mainland_id_errors(np.array([n.encode() for n in numbers], dtype="S19"), MASK)
    assert errors.tolist() == _codes([mainland_id_error(n, PROVINCES) for n in numbers])
    for number, error, birth, province in zip(numbers, errors, births, provinces, strict=True):
        if error == 0:
            parsed = parse_mainland_id(number, PROVINCES)
            assert (birth, province) == (int(parsed.birth_date.strftime("%Y%m%d")), int(parsed.province_code))


documents = st.tuples(
    st.sampled_from(DOC_KINDS),
    st.one_of(st.sampled_from(["C12345678", "CA1234567", "CI1234567", "E12345678", "EB7654321", "G12345678", "GA1234567"]),
              st.text("CEGAIO0123456789", min_size=7, max_size=11)),
)


@settings(max_examples=100)
@given(st.lists(documents, min_size=1, max_size=40))
def test_vectorised_travel_document_checks_agree_with_the_scalar_ones(docs):
    kinds = np.array([DOC_KINDS.index(kind) for kind, _ in docs], dtype=np.int8)
    numbers = np.array([number.encode() for _, number in docs], dtype="S10")
    expected = _codes([None if kind == "none" else travel_document_error(kind, number) for kind, number in docs])
    assert travel_document_errors(kinds, numbers, DOC_KINDS).tolist() == expected


@settings(max_examples=100)
@given(st.lists(st.text("0123456789A ", max_size=10), min_size=1, max_size=40))
def test_vectorised_brn_checks_agree_with_the_scalar_ones(numbers):
    vector = brn_errors(np.array([n.encode() for n in numbers], dtype="S9"))
    assert vector.tolist() == _codes([brn_error(n) for n in numbers])
