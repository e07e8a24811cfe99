"""The e-Visa token: signing, selective disclosure and offline verification, with no database."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from asmtp.domain.evisa_token import (
    KEYS_FORMAT,
    PREFIX,
    Condition,
    EVisaClaims,
    Result,
    TokenError,
    View,
    b45decode,
    b45encode,
    key_id,
    public_key_entry,
    read_public_keys,
    read_revocation_list,
    restrict_to_view,
    sign_revocation_list,
    sign_token,
    verify_token,
)

KEY = Ed25519PrivateKey.generate()
KEYS = {key_id(KEY.public_key()): KEY.public_key()}
TODAY = dt.date(2026, 4, 1)

CLAIMS = EVisaClaims(
    number="EV-2026-000001-3",
    view=View.FULL,
    name_en="LI, Wei",
    name_zh="李伟",
    date_of_birth=dt.date(1990, 5, 17),
    travel_document="EEP C12345678",
    employer="Harbour Analytics Limited",
    condition=Condition.EMPLOYER_ONLY,
    limit_of_stay=dt.date(2029, 3, 20),
    issued_on=dt.date(2026, 3, 20),
)


def test_rfc_9285_examples_encode_and_decode():
    assert b45encode(b"AB") == "BB8"
    assert b45encode(b"Hello!!") == "%69 VD92EX0"
    assert b45encode(b"ietf!") == "QED8WEX0"
    assert b45decode("QED8WEX0") == b"ietf!"


@given(st.binary(max_size=300))
def test_base45_round_trips_any_bytes(data):
    assert b45decode(b45encode(data)) == data


@pytest.mark.parametrize("text", ["GGW", "A", "abc", "ZZZ~"])
def test_text_that_is_not_base45_is_refused(text):
    with pytest.raises(TokenError):
        b45decode(text)


def test_a_freshly_signed_token_is_valid_and_discloses_everything_in_the_full_view():
    verification = verify_token(sign_token(CLAIMS, KEY), KEYS, [], TODAY)

    assert verification.result is Result.VALID
    assert verification.claims == CLAIMS
    assert verification.key_id == key_id(KEY.public_key())


def test_token_is_small_enough_for_a_phone_readable_qr_code_and_uses_only_qr_alphanumeric_characters():
    token = sign_token(CLAIMS, KEY)

    assert token.startswith(PREFIX)
    assert len(token) < 500
    assert set(token) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def test_the_right_to_work_view_leaves_the_date_of_birth_and_travel_document_out_of_the_signed_payload():
    token = sign_token(restrict_to_view(CLAIMS, View.WORK), KEY)
    verification = verify_token(token, KEYS, [], TODAY)

    assert verification.result is Result.VALID
    assert set(verification.disclosed()) == {"number", "view", "name_en", "name_zh", "employer", "condition", "limit_of_stay", "issued_on"}
    assert "1990" not in b45decode(token[len(PREFIX):]).decode("utf-8", errors="replace")


def test_changing_any_single_character_makes_the_token_not_genuine():
    token = sign_token(CLAIMS, KEY)
    body = token[len(PREFIX):]
    for position in range(0, len(body), 7):
        replacement = "0" if body[position] != "0" else "1"
        tampered = PREFIX + body[:position] + replacement + body[position + 1 :]
        verification = verify_token(tampered, KEYS, [], TODAY)
        assert verification.result is Result.NOT_GENUINE, position
        assert verification.claims is None


def test_a_token_signed_by_a_key_that_was_never_published_is_not_genuine():
    forger = Ed25519PrivateKey.generate()

    verification = verify_token(sign_token(CLAIMS, forger), KEYS, [], TODAY)

    assert verification.result is Result.NOT_GENUINE
    assert verification.problem == "unknown_key"


def test_a_token_re_signed_with_a_forged_key_id_header_does_not_verify():
    forger = Ed25519PrivateKey.generate()
    genuine = b45decode(sign_token(CLAIMS, KEY)[len(PREFIX):])
    forged = b45decode(sign_token(CLAIMS, forger)[len(PREFIX):])
    spliced = genuine[:9] + forged[9:]

    assert verify_token(PREFIX + b45encode(spliced), KEYS, [], TODAY).problem == "bad_signature"


@pytest.mark.parametrize("text", ["", "hello", "HKEV1:", "HKEV1:AAAA", "HKEV1:" + "A" * 3000, "https://example.com"])
def test_anything_that_is_not_a_token_is_not_genuine(text):
    assert verify_token(text, KEYS, [], TODAY).result is Result.NOT_GENUINE


def test_the_day_after_the_limit_of_stay_the_evisa_is_expired_but_on_the_day_still_valid():
    token = sign_token(CLAIMS, KEY)

    assert verify_token(token, KEYS, [], CLAIMS.limit_of_stay).result is Result.VALID
    assert verify_token(token, KEYS, [], CLAIMS.limit_of_stay + dt.timedelta(days=1)).result is Result.EXPIRED


def test_a_revoked_number_verifies_as_revoked_even_when_also_expired():
    token = sign_token(CLAIMS, KEY)

    assert verify_token(token, KEYS, [CLAIMS.number], dt.date(2030, 1, 1)).result is Result.REVOKED


def test_a_dependants_evisa_is_revoked_when_the_principals_is():
    child = EVisaClaims(
        number="EV-2026-000002-1", view=View.FULL, name_en="LI, Xiaoming", condition=Condition.DEPENDANT,
        limit_of_stay=CLAIMS.limit_of_stay, issued_on=CLAIMS.issued_on, principal_number=CLAIMS.number, relationship="child",
    )

    assert verify_token(sign_token(child, KEY), KEYS, [CLAIMS.number], TODAY).result is Result.REVOKED


def test_tokens_signed_before_a_key_rotation_still_verify_with_the_published_older_key():
    new_key = Ed25519PrivateKey.generate()
    both = {**KEYS, key_id(new_key.public_key()): new_key.public_key()}

    assert verify_token(sign_token(CLAIMS, KEY), both, [], TODAY).result is Result.VALID
    assert verify_token(sign_token(CLAIMS, new_key), both, [], TODAY).result is Result.VALID


def test_a_signed_revocation_list_reads_back_and_an_edited_one_is_refused():
    document = sign_revocation_list(["EV-2026-000009-9", "EV-2026-000001-3"], TODAY, KEY)

    assert read_revocation_list(document, KEYS).numbers == {"EV-2026-000009-9", "EV-2026-000001-3"}
    assert read_revocation_list(document, KEYS).issued_on == TODAY
    with pytest.raises(TokenError):
        read_revocation_list({**document, "revoked": ["EV-2026-000009-9"]}, KEYS)
    with pytest.raises(TokenError):
        read_revocation_list({**document, "issued_on": "2026-12-31"}, KEYS)


def test_published_keys_are_read_back_by_their_recomputed_id():
    document = {"format": KEYS_FORMAT, "keys": [{**public_key_entry(KEY.public_key(), active_from=TODAY, retired_on=None), "kid": "ffffffffffffffff"}]}

    assert set(read_public_keys(document)) == set(KEYS)


@pytest.mark.parametrize("document", [{}, {"format": "other", "keys": []}, {"format": KEYS_FORMAT, "keys": [{"public_key": "AAAA"}]}])
def test_a_document_that_is_not_a_keys_file_is_refused(document):
    with pytest.raises(TokenError):
        read_public_keys(document)
