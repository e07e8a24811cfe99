"""Signed checkpoints of the audit chain, and checking the chain against them (ADR 0004).

A checkpoint is a C2SP signed note (c2sp.org/signed-note) whose text follows C2SP
`tlog-checkpoint`:

    <origin>                      e.g. asmtp.example.gov.hk/audit-chain
    <size>                        how many entries the chain had
    <base64 of the head hash>     the 32-byte hash of the newest of those entries
    (blank line)
    — <key name> <base64(4-byte key id || 64-byte Ed25519 signature over the text)>

The third line holds the hash chain's head, not an RFC 6962 Merkle root: the head of a hash
chain commits to every entry before it as a Merkle root does to its leaves (ADR 0004). The key
id is SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4], and the verifier key is
published as `<name>+<hex key id>+<base64(0x01 || public key)>` (the "vkey" form).

Pure: no Django, no files, no clock.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from asmtp.domain.audit_chain import GENESIS, entry_hash

ED25519 = 0x01  # the signed-note signature type of Ed25519
SIGNATURE_PREFIX = "\u2014 "  # em dash, space
# An entry dated this much before one earlier in the chain was not written by the service (whose
# entries are dated under the chain's lock); the margin allows for clocks of several machines.
CLOCK_TOLERANCE = dt.timedelta(minutes=5)


class CheckpointError(ValueError):
    """A note that is not a checkpoint signed by the expected key."""


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    head: str  # the newest entry's hash, hex (GENESIS for an empty chain)

    def text(self) -> str:
        root = base64.b64encode(bytes.fromhex(self.head)).decode("ascii")
        return f"{self.origin}\n{self.size}\n{root}\n"


def _raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(name: str, public_key: Ed25519PublicKey) -> bytes:
    """The signed-note key id: the first 4 bytes of SHA-256(name || 0x0A || 0x01 || key)."""
    return hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([ED25519]) + _raw(public_key)).digest()[:4]


def verifier_key(name: str, public_key: Ed25519PublicKey) -> str:
    """The public key in the signed-note "vkey" form a witness configures."""
    encoded = base64.b64encode(bytes([ED25519]) + _raw(public_key)).decode("ascii")
    return f"{name}+{key_id(name, public_key).hex()}+{encoded}"


def parse_verifier_key(vkey: str) -> tuple[str, Ed25519PublicKey]:
    """(key name, public key) from a vkey; CheckpointError if it is malformed or inconsistent."""
    try:
        name, hex_id, encoded = vkey.strip().split("+", 2)
        raw = base64.b64decode(encoded, validate=True)
        if not name or len(raw) != 33 or raw[0] != ED25519:
            raise CheckpointError("not an Ed25519 verifier key")
        public_key = Ed25519PublicKey.from_public_bytes(raw[1:])
    except (ValueError, binascii.Error) as error:
        raise CheckpointError(f"malformed verifier key: {error}") from error
    if key_id(name, public_key).hex() != hex_id.lower():
        raise CheckpointError("the verifier key's id does not match its key")
    return name, public_key


def sign_note(text: str, name: str, private_key: Ed25519PrivateKey) -> str:
    """`text` (ending in a newline) as a signed note with one Ed25519 signature line."""
    signature = key_id(name, private_key.public_key()) + private_key.sign(text.encode("utf-8"))
    return f"{text}\n{SIGNATURE_PREFIX}{name} {base64.b64encode(signature).decode('ascii')}\n"


def open_note(note: str, name: str, public_key: Ed25519PublicKey) -> str:
    """The text of a signed note, once a signature by (name, key) verifies; others are ignored."""
    text, separator, signatures = note.rpartition("\n\n")
    if not separator or not signatures.endswith("\n") or any(ord(c) < 0x20 and c != "\n" for c in note):
        raise CheckpointError("not a signed note")
    wanted = key_id(name, public_key)
    signed = False
    for line in signatures[:-1].split("\n"):
        if not line.startswith(SIGNATURE_PREFIX):
            raise CheckpointError("not a signed note: a signature line must start with an em dash")
        signer, _, encoded = line[len(SIGNATURE_PREFIX):].partition(" ")
        try:
            signature = base64.b64decode(encoded, validate=True)
        except binascii.Error as error:
            raise CheckpointError("a signature is not base64") from error
        if signer != name or signature[:4] != wanted:
            continue  # another party's signature (a witness's cosignature): ignored, as the spec says
        try:
            public_key.verify(signature[4:], (text + "\n").encode("utf-8"))
        except InvalidSignature as error:
            raise CheckpointError("the signature does not verify: the checkpoint is forged or altered") from error
        signed = True
    if not signed:
        raise CheckpointError(f"not signed by the audit checkpoint key {name}")
    return text + "\n"


def sign_checkpoint(checkpoint: Checkpoint, name: str, private_key: Ed25519PrivateKey) -> str:
    """The checkpoint as a signed note, ending in a newline."""
    return sign_note(checkpoint.text(), name, private_key)


def open_checkpoint(note: str, name: str, public_key: Ed25519PublicKey) -> Checkpoint:
    """The checkpoint a note carries, once its signature by (name, key) verifies."""
    return _parse_text(open_note(note, name, public_key))


def _parse_text(text: str) -> Checkpoint:
    lines = text[:-1].split("\n")
    if len(lines) < 3 or not lines[0]:
        raise CheckpointError("a checkpoint has an origin, a size and a hash")
    origin, size, root = lines[:3]
    if not size.isascii() or not size.isdigit() or (size != "0" and size.startswith("0")):
        raise CheckpointError(f"malformed size {size!r}")
    try:
        head = base64.b64decode(root, validate=True)
    except binascii.Error as error:
        raise CheckpointError("malformed hash") from error
    if len(head) != 32:
        raise CheckpointError("malformed hash")
    return Checkpoint(origin, int(size), head.hex())


def split_notes(log: str) -> list[str]:
    """The notes of a checkpoint log, in order: each is text, a blank line, signature lines."""
    notes: list[str] = []
    current: list[str] = []
    in_signatures = False
    for line in log.splitlines(keepends=True):
        if in_signatures and not line.startswith(SIGNATURE_PREFIX):
            notes.append("".join(current))
            current, in_signatures = [], False
        current.append(line)
        if line == "\n":
            in_signatures = True
    if current:
        notes.append("".join(current))
    return notes


# --- checking a chain against checkpoints -------------------------------------------------------

EDITED = "edited"
REMOVED = "removed"
BACKDATED = "backdated"
TRUNCATED = "truncated"
EMPTIED = "emptied"
RECOMPUTED = "recomputed"
FORGED_CHECKPOINT = "forged_checkpoint"
LOG_MISSING = "log_missing"
# Most serious first: the summary line names the first kind found in this order.
SEVERITY = (EMPTIED, TRUNCATED, RECOMPUTED, LOG_MISSING, FORGED_CHECKPOINT, REMOVED, EDITED, BACKDATED)
SUMMARY = {
    EMPTIED: "the audit table was emptied",
    TRUNCATED: "the newest entries were deleted (truncation)",
    RECOMPUTED: "the chain was rewritten and its hashes recomputed",
    FORGED_CHECKPOINT: "a checkpoint is forged (its signature does not verify)",
    LOG_MISSING: "the checkpoint log was deleted or emptied",
    REMOVED: "an entry was deleted, inserted or moved",
    EDITED: "an entry was edited",
    BACKDATED: "an entry was appended with a false date (forgery)",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    message: str
    entry_id: object = None


@dataclass
class ChainReport:
    """What checking the chain against its checkpoints found."""

    entries: int = 0
    checkpoints: int = 0
    anchored: int = 0  # entries covered by the largest checkpoint that matches
    head: str = GENESIS  # the newest entry's hash
    findings: list[Finding] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.findings

    def summary(self) -> str:
        kinds = {finding.kind for finding in self.findings}
        worst = next(kind for kind in SEVERITY if kind in kinds)
        return f"{SUMMARY[worst]} ({len(self.findings)} problem(s) in {self.entries} entries)"


Row = tuple[object, Mapping[str, object], str, str]  # (id, content, prev_hash, hash)


def check_chain(
    rows: Iterable[Row],
    checkpoints: Sequence[Checkpoint],
    log_findings: Sequence[Finding] = (),
    tolerance: dt.timedelta = CLOCK_TOLERANCE,
    after: tuple[int, str, dt.datetime | None] = (0, GENESIS, None),
) -> ChainReport:
    """Walk the chain in order and hold it against every checkpoint (already signature-checked;
    `log_findings` are what was wrong with the checkpoint log). Reports each kind of tampering
    distinctly.

    `after` (position, hash, date of that entry) starts the walk part way along the chain:
    `rows` are then the entries after that position."""
    report = ChainReport(checkpoints=len(checkpoints), entries=after[0], head=after[1])
    report.findings.extend(log_findings)
    wanted = {checkpoint.head for checkpoint in checkpoints}
    found_at: dict[str, tuple[int, object]] = {}
    expected_prev, latest = after[1], after[2]
    for position, (entry_id, content, prev_hash, stored_hash) in enumerate(rows, start=after[0] + 1):
        if prev_hash != expected_prev:
            report.findings.append(Finding(REMOVED, "previous hash does not match: an entry was removed, inserted or reordered", entry_id))
        if entry_hash(prev_hash, content) != stored_hash:
            report.findings.append(Finding(EDITED, "content does not match its hash: the entry was edited", entry_id))
        at = dt.datetime.fromisoformat(str(content["at"]))
        if latest is not None and at < latest - tolerance:
            report.findings.append(Finding(BACKDATED, f"dated {at:%Y-%m-%d %H:%M}, before an earlier entry of {latest:%Y-%m-%d %H:%M}: appended with a false date", entry_id))
        latest = at if latest is None else max(latest, at)
        if stored_hash in wanted:
            found_at.setdefault(stored_hash, (position, entry_id))
        expected_prev = report.head = stored_hash
        report.entries = position
    report.findings.extend(_against_checkpoints(report, checkpoints, found_at))
    return report


def _against_checkpoints(report: ChainReport, checkpoints: Sequence[Checkpoint], found_at: Mapping[str, tuple[int, object]]) -> list[Finding]:
    count = report.entries
    signed = sorted((c for c in checkpoints if c.size > 0), key=lambda c: c.size)
    if not signed:
        return []
    if count == 0:
        return [Finding(EMPTIED, f"the chain is empty, but a checkpoint was signed for {signed[-1].size} entries")]
    findings: list[Finding] = []
    for checkpoint in signed:
        position, entry_id = found_at.get(checkpoint.head, (None, None))
        if position == checkpoint.size:
            report.anchored = checkpoint.size
        elif position is not None:
            findings.append(Finding(REMOVED, f"the checkpoint of {checkpoint.size} entries ends at this entry, now number {position}: entries before it were removed or inserted", entry_id))
        # A rewrite shows at every later checkpoint too; the earliest says where it starts.
        elif checkpoint.size <= count and not any(f.kind == RECOMPUTED for f in findings):
            findings.append(Finding(RECOMPUTED, f"entry number {checkpoint.size} is not the one the checkpoint signed: the chain was rewritten (entries replaced or hashes recomputed)"))
    if signed[-1].size > count and signed[-1].head not in found_at:
        findings.append(Finding(TRUNCATED, f"the chain has {count} entries, but a checkpoint was signed for {signed[-1].size}: the newest {signed[-1].size - count} were deleted"))
    return findings
