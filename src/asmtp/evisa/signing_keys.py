"""The e-Visa signing keys: Ed25519, kept as files outside the database.

Layout under ``settings.ASMTP_KEYS_DIR/evisa/``:
- ``<kid>.key``  the private key (PKCS#8 PEM, mode 0600, folder 0700);
- ``<kid>.pub``  its public key (PEM);
- ``keys.json``  the ledger: which key signs now and when each was active.

The private key never enters the database, so a database dump or replica cannot forge
e-Visas. Rotation adds a key and retires the current one; retired public keys stay
published (older e-Visas keep verifying) and their private keys are deleted, since nothing
may be signed with them again.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)
from django.conf import settings
from django.utils import timezone

from asmtp.audit.services import record_audit_event
from asmtp.domain.evisa_token import key_id, public_key_entry


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: Ed25519PrivateKey


def keys_folder() -> Path:
    return Path(settings.ASMTP_KEYS_DIR) / "evisa"


@contextmanager
def _locked_folder() -> Iterator[Path]:
    """The keys folder, created 0700, held under an exclusive lock (web and worker may race)."""
    folder = keys_folder()
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    with open(folder / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield folder
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _read_ledger(folder: Path) -> dict[str, Any]:
    path = folder / "keys.json"
    if not path.exists():
        return {"current": None, "keys": []}
    ledger: dict[str, Any] = json.loads(path.read_text())
    return ledger


def _write_ledger(folder: Path, ledger: dict[str, Any]) -> None:
    temporary = folder / "keys.json.tmp"
    temporary.write_text(json.dumps(ledger, indent=2))
    temporary.replace(folder / "keys.json")


def _write_private(path: Path, private_key: Ed25519PrivateKey) -> None:
    pem = private_key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    # Created with 0600 from the start: never readable by others, not even for an instant.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)


def _new_key(folder: Path, ledger: dict[str, Any], today: dt.date) -> SigningKey:
    private_key = Ed25519PrivateKey.generate()
    kid = key_id(private_key.public_key())
    _write_private(folder / f"{kid}.key", private_key)
    (folder / f"{kid}.pub").write_bytes(private_key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    ledger["keys"].append({"kid": kid, "active_from": today.isoformat(), "retired_on": None})
    ledger["current"] = kid
    _write_ledger(folder, ledger)
    return SigningKey(kid, private_key)


def _today() -> dt.date:
    return timezone.localdate()


def current_signing_key() -> SigningKey:
    """The key that signs now; generated on first use."""
    with _locked_folder() as folder:
        ledger = _read_ledger(folder)
        if ledger["current"] is None:
            key = _new_key(folder, ledger, _today())
            record_audit_event("evisa.key_generated", object_type="signing_key", object_id=key.kid)
            return key
        kid = ledger["current"]
        private_key = load_pem_private_key((folder / f"{kid}.key").read_bytes(), password=None)
    if not isinstance(private_key, Ed25519PrivateKey):
        raise TypeError(f"signing key {kid} is not an Ed25519 key")
    return SigningKey(kid, private_key)


def rotate_signing_key(user: Any = None) -> SigningKey:
    """Start signing with a new key; the old public key stays published, its private key goes."""
    current_signing_key()  # make sure there is a key to retire
    with _locked_folder() as folder:
        ledger = _read_ledger(folder)
        today = _today()
        retired = ledger["current"]
        for entry in ledger["keys"]:
            if entry["kid"] == retired:
                entry["retired_on"] = today.isoformat()
        key = _new_key(folder, ledger, today)
        (folder / f"{retired}.key").unlink(missing_ok=True)
    record_audit_event(
        "evisa.key_rotated", actor=user, object_type="signing_key", object_id=key.kid, data={"retired": retired}
    )
    return key


def public_keys() -> dict[str, Ed25519PublicKey]:
    """Every key that ever signed an e-Visa, by key id (current and retired)."""
    current_signing_key()
    folder = keys_folder()
    keys: dict[str, Ed25519PublicKey] = {}
    for entry in _read_ledger(folder)["keys"]:
        loaded = load_pem_public_key((folder / f"{entry['kid']}.pub").read_bytes())
        if isinstance(loaded, Ed25519PublicKey):
            keys[entry["kid"]] = loaded
    return keys


def published_key_entries() -> list[dict[str, Any]]:
    """The keys as the published keys document lists them."""
    keys = public_keys()
    entries = []
    for entry in _read_ledger(keys_folder())["keys"]:
        retired = entry.get("retired_on")
        entries.append(
            public_key_entry(
                keys[entry["kid"]],
                active_from=dt.date.fromisoformat(entry["active_from"]),
                retired_on=dt.date.fromisoformat(retired) if retired else None,
            )
        )
    return entries
