"""Hong Kong FPS payment QR codes: the EMVCo merchant-presented payload, as HKMA's FPS uses it.

Pure: the payload is text built from the bill's reference and amount; rendering it as an image
is the web layer's business. Each data object is ID (2 digits), length (2 digits), value; the
last object is the CRC (ID 63) over everything before it, including "6304" itself
(CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR).

The objects used (EMV QRCPS Merchant-Presented Mode; HKICL's FPS profile):
- 00 payload format indicator "01"; 01 point of initiation "12" (dynamic: one bill, one amount);
- 26 merchant account information, with 00 the FPS GUID "hk.com.hkicl" and 02 the payee's FPS
  identifier (a proxy ID the bank gives the department, configured by setting);
- 52 merchant category code; 53 currency "344" (HKD, ISO 4217); 54 amount; 58 country "HK";
- 59 merchant name; 60 merchant city;
- 62 additional data, with 01 the bill number and 05 the reference label: both carry the
  bill's reference, which the payer's bank passes on to the statement (camt.053) it reconciles.
"""

from __future__ import annotations

from dataclasses import dataclass

FPS_GUID = "hk.com.hkicl"
CURRENCY_HKD = "344"
DYNAMIC = "12"
# ISO 18245 9399: government services not elsewhere classified.
GOVERNMENT_SERVICES_MCC = "9399"


class PayloadError(ValueError):
    """A payload that is not a well-formed EMVCo QR payload (bad length, bad CRC, bad value)."""


def crc16_ccitt(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), the checksum EMVCo QR payloads end with."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def data_object(tag: str, value: str) -> str:
    """One ID-length-value object; EMVCo caps a value at 99 characters."""
    if len(tag) != 2 or not tag.isdigit():
        raise PayloadError(f"bad tag {tag!r}")
    if not value or len(value) > 99:
        raise PayloadError(f"tag {tag}: a value has 1 to 99 characters, not {len(value)}")
    return f"{tag}{len(value):02d}{value}"


def parse_objects(text: str) -> dict[str, str]:
    """The objects of a payload (or of a template's value) by tag; `PayloadError` if malformed."""
    objects: dict[str, str] = {}
    position = 0
    while position < len(text):
        head = text[position : position + 4]
        if len(head) < 4 or not head.isdigit():
            raise PayloadError(f"no ID and length at {position}")
        length = int(head[2:])
        value = text[position + 4 : position + 4 + length]
        if len(value) != length:
            raise PayloadError(f"tag {head[:2]} is cut short")
        objects[head[:2]] = value
        position += 4 + length
    return objects


@dataclass(frozen=True)
class FpsPayment:
    """What the payer's banking app shows and pays: to whom, how much, for which bill."""

    fps_id: str
    amount_hkd: int
    reference: str
    merchant_name: str = "IMMIGRATION DEPARTMENT"
    merchant_city: str = "HONG KONG"
    category_code: str = GOVERNMENT_SERVICES_MCC

    def __post_init__(self) -> None:
        if self.amount_hkd <= 0:
            raise PayloadError("a dynamic FPS code carries an amount above zero")
        if not self.fps_id.isdigit():
            raise PayloadError("an FPS identifier is digits only")
        if len(self.reference) > 25:
            # EMVCo's limit for the bill number and reference label.
            raise PayloadError("a bill reference has at most 25 characters")


def fps_payload(payment: FpsPayment) -> str:
    """The QR code's text for one payment (see the module docstring), ending with its CRC."""
    account = data_object("00", FPS_GUID) + data_object("02", payment.fps_id)
    additional = data_object("01", payment.reference) + data_object("05", payment.reference)
    body = "".join(
        [
            data_object("00", "01"),
            data_object("01", DYNAMIC),
            data_object("26", account),
            data_object("52", payment.category_code),
            data_object("53", CURRENCY_HKD),
            data_object("54", f"{payment.amount_hkd}.00"),
            data_object("58", "HK"),
            data_object("59", payment.merchant_name[:25]),
            data_object("60", payment.merchant_city[:15]),
            data_object("62", additional),
        ]
    )
    unsigned = body + "6304"
    return f"{unsigned}{crc16_ccitt(unsigned.encode('ascii')):04X}"


def read_fps_payload(text: str) -> FpsPayment:
    """Check a payload's CRC and FPS account, and read the payment back; `PayloadError` if not one."""
    if len(text) < 8 or text[-8:-4] != "6304":
        raise PayloadError("no CRC object at the end")
    if f"{crc16_ccitt(text[:-4].encode('ascii')):04X}" != text[-4:].upper():
        raise PayloadError("the CRC does not match")
    objects = parse_objects(text)
    account = parse_objects(objects.get("26", ""))
    if account.get("00") != FPS_GUID:
        raise PayloadError("not an FPS merchant account")
    if objects.get("53") != CURRENCY_HKD:
        raise PayloadError("not in Hong Kong dollars")
    amount = objects.get("54", "")
    whole, _dot, cents = amount.partition(".")
    if not whole.isdigit() or cents.strip("0"):
        raise PayloadError(f"amount {amount!r} is not whole dollars")
    additional = parse_objects(objects.get("62", ""))
    return FpsPayment(
        fps_id=account.get("02", ""),
        amount_hkd=int(whole),
        reference=additional.get("05") or additional.get("01", ""),
        merchant_name=objects.get("59", ""),
        merchant_city=objects.get("60", ""),
        category_code=objects.get("52", ""),
    )
