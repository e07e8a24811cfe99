"""The FPS payment code's payload: EMVCo objects, their lengths and the CRC that closes them."""

from __future__ import annotations

import pytest

from asmtp.domain.fps_qr import (
    FpsPayment,
    PayloadError,
    crc16_ccitt,
    fps_payload,
    parse_objects,
    read_fps_payload,
)

PAYMENT = FpsPayment(fps_id="1234567", amount_hkd=1800, reference="B-2026-000045-3")


def test_the_crc_is_crc16_ccitt_false():
    # The standard check value of CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF).
    assert crc16_ccitt(b"123456789") == 0x29B1


def test_the_payload_closes_with_the_crc_of_everything_before_it():
    payload = fps_payload(PAYMENT)

    assert payload[-8:-4] == "6304"
    assert int(payload[-4:], 16) == crc16_ccitt(payload[:-4].encode())


def test_every_object_has_the_length_it_declares_and_the_fps_profile():
    objects = parse_objects(fps_payload(PAYMENT))

    assert list(objects) == ["00", "01", "26", "52", "53", "54", "58", "59", "60", "62", "63"]
    assert objects["00"] == "01" and objects["01"] == "12"  # dynamic: one bill, one amount
    assert parse_objects(objects["26"]) == {"00": "hk.com.hkicl", "02": "1234567"}
    assert (objects["53"], objects["54"], objects["58"]) == ("344", "1800.00", "HK")
    assert parse_objects(objects["62"]) == {"01": "B-2026-000045-3", "05": "B-2026-000045-3"}


def test_a_payload_reads_back_as_the_same_payment():
    assert read_fps_payload(fps_payload(PAYMENT)) == PAYMENT


def test_a_payload_altered_in_one_character_fails_its_crc():
    payload = fps_payload(PAYMENT).replace("1800.00", "1300.00")

    with pytest.raises(PayloadError, match="CRC"):
        read_fps_payload(payload)


@pytest.mark.parametrize(
    ("change", "problem"),
    [({"amount_hkd": 0}, "above zero"), ({"fps_id": "pay@example"}, "digits"), ({"reference": "X" * 26}, "25")],
)
def test_a_payment_the_code_cannot_carry_is_refused(change, problem):
    with pytest.raises(PayloadError, match=problem):
        FpsPayment(**{"fps_id": "1234567", "amount_hkd": 600, "reference": "B-2026-000001-5", **change})
