"""The e-Visa's signed token: what its QR code holds, and how anyone checks it offline.

Pure: no Django, no files, no clock (the caller passes `today`). The format is small enough
for a QR code a phone camera reads at arm's length (about 300 characters in QR's
alphanumeric mode):

    HKEV1:<base45( version(1) | key id(8) | payload (compact JSON) | Ed25519 signature(64) )>

- base45 (RFC 9285) uses only characters of the QR alphanumeric mode, which packs 5.5 bits per
  character instead of 8: the same scheme the EU Digital COVID Certificate used.
- The key id is the first 8 bytes of SHA-256 over the raw public key, so a verifier picks the
  right key after a rotation and older e-Visas stay verifiable.
- The signature covers a domain-separation label, the header and the payload, so a signature
  made for a revocation list can never pass for a token or the other way round.

Selective disclosure: one e-Visa is issued as two separately signed tokens, a `full` one
(identity, travel document, conditions, limit of stay: for airlines and border control) and a
`work` one (the right to work: no date of birth, no travel document). The holder shows the one
they choose; a verifier sees only what that token carries. Two signatures cost 64 bytes each;
salted-hash schemes (SD-JWT and the like) would not fit a phone-readable QR code and need
more machinery at every offline verifier.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

PREFIX = "HKEV1:"
VERSION = 1
KEY_ID_BYTES = 8
SIGNATURE_BYTES = 64
TOKEN_LABEL = b"asmtp-evisa-token-v1\x00"
REVOCATION_LABEL = b"asmtp-evisa-revocations-v1\x00"
KEYS_FORMAT = "asmtp-evisa-keys/1"
# Longest text a token may be: rejects absurd input before any decoding work.
MAX_TOKEN_CHARS = 2000

BASE45_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_BASE45_VALUES = {char: index for index, char in enumerate(BASE45_ALPHABET)}


class View(StrEnum):
    """What a token discloses: everything, or only the right to work."""

    FULL = "full"
    WORK = "work"


class Result(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    NOT_GENUINE = "not_genuine"


class Condition(StrEnum):
    """Conditions of stay, as codes a verifier renders in its own language."""

    EMPLOYER_ONLY = "employer_only"  # work only for the named employer (sponsored cases)
    ANY_EMPLOYMENT = "any_employment"  # admitted without a sponsor (the `direct` edition)
    DEPENDANT = "dependant"  # stay tied to the principal's


class TokenError(ValueError):
    """Input that is not a token or key document this module can read; `code` says which."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


@dataclass(frozen=True)
class EVisaClaims:
    """What one token states. Fields a view does not disclose are None."""

    number: str
    view: View
    name_en: str
    limit_of_stay: dt.date
    issued_on: dt.date
    condition: Condition
    name_zh: str | None = None
    date_of_birth: dt.date | None = None
    travel_document: str | None = None  # "EEP C12345678"
    employer: str | None = None
    principal_number: str | None = None  # a dependant's e-Visa names the principal's
    relationship: str | None = None
    trade: str | None = None  # a Technical Professional's trade (TP List id): the holder stays in it

    def disclosed(self) -> dict[str, str]:
        """The fields this token shows, as text (dates ISO 8601), omitting the withheld ones."""
        shown: dict[str, str] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value is None:
                continue
            shown[item.name] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return shown


# Claim field -> the short key in the payload. Short keys keep the QR code small.
_SHORT_KEYS = {
    "number": "n",
    "view": "v",
    "name_en": "ne",
    "name_zh": "nz",
    "date_of_birth": "db",
    "travel_document": "td",
    "employer": "em",
    "condition": "cs",
    "limit_of_stay": "ls",
    "issued_on": "io",
    "principal_number": "pn",
    "relationship": "rl",
    "trade": "tt",
}
_DATE_FIELDS = frozenset({"date_of_birth", "limit_of_stay", "issued_on"})
# What each view carries; everything else is withheld before signing, not just hidden on screen.
VIEW_FIELDS: dict[View, frozenset[str]] = {
    View.FULL: frozenset(_SHORT_KEYS),
    View.WORK: frozenset(_SHORT_KEYS) - {"date_of_birth", "travel_document", "relationship"},
}


def restrict_to_view(claims: EVisaClaims, view: View) -> EVisaClaims:
    """The same e-Visa's claims with everything the view does not disclose removed."""
    kept: dict[str, Any] = {item.name: getattr(claims, item.name) for item in fields(claims) if item.name in VIEW_FIELDS[view]}
    kept["view"] = view
    return EVisaClaims(**kept)


# --- base45 (RFC 9285) ----------------------------------------------------------------------


def b45encode(data: bytes) -> str:
    out: list[str] = []
    for start in range(0, len(data) - 1, 2):
        value = data[start] * 256 + data[start + 1]
        value, c = divmod(value, 45)
        e, d = divmod(value, 45)
        out.extend(BASE45_ALPHABET[i] for i in (c, d, e))
    if len(data) % 2:
        d, c = divmod(data[-1], 45)
        out.extend(BASE45_ALPHABET[i] for i in (c, d))
    return "".join(out)


def b45decode(text: str) -> bytes:
    try:
        values = [_BASE45_VALUES[char] for char in text]
    except KeyError as exc:
        raise TokenError("malformed", f"not base45: {exc.args[0]!r}") from None
    if len(values) % 3 == 1:
        raise TokenError("malformed", "base45 text has a dangling character")
    out = bytearray()
    for start in range(0, len(values), 3):
        chunk = values[start : start + 3]
        if len(chunk) == 3:
            value = chunk[0] + chunk[1] * 45 + chunk[2] * 2025
            if value > 0xFFFF:
                raise TokenError("malformed", "base45 triple out of range")
            out.extend(divmod(value, 256))
        else:
            value = chunk[0] + chunk[1] * 45
            if value > 0xFF:
                raise TokenError("malformed", "base45 pair out of range")
            out.append(value)
    return bytes(out)


# --- keys -----------------------------------------------------------------------------------


def raw_public_key(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(public_key: Ed25519PublicKey) -> str:
    """The key's id: 16 hex characters of SHA-256 over the raw public key."""
    return hashlib.sha256(raw_public_key(public_key)).digest()[:KEY_ID_BYTES].hex()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise TokenError("malformed", "not base64url") from exc


def public_key_entry(public_key: Ed25519PublicKey, *, active_from: dt.date, retired_on: dt.date | None) -> dict[str, Any]:
    """One key as published in the keys document."""
    entry: dict[str, Any] = {
        "kid": key_id(public_key),
        "alg": "Ed25519",
        "public_key": _b64url(raw_public_key(public_key)),
        "active_from": active_from.isoformat(),
    }
    if retired_on is not None:
        entry["retired_on"] = retired_on.isoformat()
    return entry


def read_public_keys(document: Mapping[str, Any]) -> dict[str, Ed25519PublicKey]:
    """The public keys of a published keys document, by key id; `TokenError` if it is not one."""
    if document.get("format") != KEYS_FORMAT or not isinstance(document.get("keys"), list):
        raise TokenError("not_a_keys_file", f"not an {KEYS_FORMAT} document")
    keys: dict[str, Ed25519PublicKey] = {}
    for entry in document["keys"]:
        try:
            public_key = Ed25519PublicKey.from_public_bytes(_unb64url(str(entry["public_key"])))
        except (KeyError, TypeError, ValueError) as exc:
            raise TokenError("not_a_keys_file", "a key entry is not an Ed25519 public key") from exc
        # The id is recomputed, never trusted from the file: a wrong id would only mislead.
        keys[key_id(public_key)] = public_key
    return keys


# --- tokens ---------------------------------------------------------------------------------


def _payload(claims: EVisaClaims) -> bytes:
    body: dict[str, str] = {}
    for name, value in claims.disclosed().items():
        if name in VIEW_FIELDS[claims.view]:
            body[_SHORT_KEYS[name]] = value
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def sign_token(claims: EVisaClaims, private_key: Ed25519PrivateKey) -> str:
    """The QR text for these claims, signed with this key (withheld fields are never included)."""
    header = bytes([VERSION]) + bytes.fromhex(key_id(private_key.public_key()))
    payload = _payload(claims)
    signature = private_key.sign(TOKEN_LABEL + header + payload)
    return PREFIX + b45encode(header + payload + signature)


@dataclass(frozen=True)
class OpenedToken:
    key_id: str
    claims: EVisaClaims


def open_token(token: str, public_keys: Mapping[str, Ed25519PublicKey]) -> OpenedToken:
    """Check a token's signature and read its claims; `TokenError` when it is not genuine."""
    text = token.strip()
    if len(text) > MAX_TOKEN_CHARS or not text.upper().startswith(PREFIX):
        raise TokenError("malformed", "not an e-Visa token")
    raw = b45decode(text[len(PREFIX) :].upper())
    if len(raw) < 1 + KEY_ID_BYTES + SIGNATURE_BYTES + 2 or raw[0] != VERSION:
        raise TokenError("malformed", "token too short or of an unknown version")
    header, payload, signature = raw[: 1 + KEY_ID_BYTES], raw[1 + KEY_ID_BYTES : -SIGNATURE_BYTES], raw[-SIGNATURE_BYTES:]
    kid = header[1:].hex()
    public_key = public_keys.get(kid)
    if public_key is None:
        raise TokenError("unknown_key", f"signed with key {kid}, which is not among the published keys")
    try:
        public_key.verify(signature, TOKEN_LABEL + header + payload)
    except InvalidSignature:
        raise TokenError("bad_signature", "the signature does not match the content") from None
    return OpenedToken(kid, _claims_from_payload(payload))


def _claims_from_payload(payload: bytes) -> EVisaClaims:
    # A genuine signature over a payload we cannot read means a newer format, not a forgery;
    # it is still refused, since nothing it says can be shown.
    try:
        body = json.loads(payload.decode("utf-8"))
        long_names = {short: name for name, short in _SHORT_KEYS.items()}
        values: dict[str, Any] = {long_names[key]: value for key, value in body.items()}
        for name in _DATE_FIELDS & values.keys():
            values[name] = dt.date.fromisoformat(values[name])
        values["view"] = View(values["view"])
        values["condition"] = Condition(values["condition"])
        return EVisaClaims(**values)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise TokenError("unreadable_payload", "the signed content is not in a known format") from exc


# --- revocation lists -----------------------------------------------------------------------


@dataclass(frozen=True)
class RevocationList:
    issued_on: dt.date
    numbers: frozenset[str]


def _revocation_message(issued_on: str, kid: str, numbers: list[str]) -> bytes:
    body = {"issued_on": issued_on, "key_id": kid, "revoked": numbers}
    return REVOCATION_LABEL + json.dumps(body, separators=(",", ":"), sort_keys=True).encode("ascii")


def sign_revocation_list(numbers: Iterable[str], issued_on: dt.date, private_key: Ed25519PrivateKey) -> dict[str, Any]:
    """The revocation list as a JSON-ready document, signed so a cached copy cannot be edited."""
    kid = key_id(private_key.public_key())
    revoked = sorted(set(numbers))
    signature = private_key.sign(_revocation_message(issued_on.isoformat(), kid, revoked))
    return {"issued_on": issued_on.isoformat(), "key_id": kid, "revoked": revoked, "signature": _b64url(signature)}


def read_revocation_list(document: Mapping[str, Any], public_keys: Mapping[str, Ed25519PublicKey]) -> RevocationList:
    """A signed revocation list's content; `TokenError` when it was altered or is not one."""
    try:
        issued_on, kid = str(document["issued_on"]), str(document["key_id"])
        numbers = [str(number) for number in document["revoked"]]
        signature = _unb64url(str(document["signature"]))
        public_key = public_keys[kid]
        public_key.verify(signature, _revocation_message(issued_on, kid, sorted(set(numbers))))
        return RevocationList(dt.date.fromisoformat(issued_on), frozenset(numbers))
    except (KeyError, TypeError, ValueError, InvalidSignature) as exc:
        raise TokenError("revocation_list_not_genuine", "the revocation list is not signed by a published key") from exc


# --- verification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """The answer to "is this e-Visa genuine and in force today?"."""

    result: Result
    claims: EVisaClaims | None = None  # None when not genuine: nothing unsigned is ever shown
    key_id: str | None = None
    problem: str = ""  # why not genuine (a TokenError code), for logs and the audit trail

    def disclosed(self) -> dict[str, str]:
        return self.claims.disclosed() if self.claims else {}


def verify_token(
    token: str,
    public_keys: Mapping[str, Ed25519PublicKey],
    revoked: Iterable[str],
    today: dt.date,
) -> Verification:
    """Valid, expired, revoked or not genuine, with the claims the token discloses."""
    try:
        opened = open_token(token, public_keys)
    except TokenError as exc:
        return Verification(Result.NOT_GENUINE, problem=exc.code)
    claims = opened.claims
    revoked_numbers = set(revoked)
    # A dependant's permission stands or falls with the principal's.
    if claims.number in revoked_numbers or (claims.principal_number and claims.principal_number in revoked_numbers):
        return Verification(Result.REVOKED, claims, opened.key_id)
    if today > claims.limit_of_stay:
        return Verification(Result.EXPIRED, claims, opened.key_id)
    return Verification(Result.VALID, claims, opened.key_id)
