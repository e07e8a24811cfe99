"""Signed checkpoints that anchor the audit chain outside the database (ADR 0004).

- The key: Ed25519, kept beside the e-Visa keys in ``settings.ASMTP_AUDIT_KEYS_DIR``
  (``ASMTP_KEYS_DIR/audit/``): ``checkpoint.key``, PKCS#8 PEM, 0600, and ``checkpoint.vkey``,
  the public key in vkey form.
  It never enters the database, so someone who can rewrite the database cannot sign.
- The log: ``settings.ASMTP_AUDIT_CHECKPOINT_LOG``, one signed note appended per checkpoint,
  opened for appending only and never rewritten. `/audit/checkpoint` publishes the latest one and
  `/audit/checkpoint-key` the key, so a witness outside the service can keep its own copies.
- The copies: with a storage named ``audit_checkpoints`` configured (``settings.STORAGES``; in
  production an object store with write-once retention, through any Django storage backend),
  each note is also saved there as its own object, ``<size>.note``, never overwritten.
  `verify_anchored_audit_chain` holds the chain against those copies too, so replacing the
  log on the server's disk hides nothing kept in the store.
- The writer (`write_audit_checkpoint`, the job of the same name) signs a new checkpoint only if
  the chain still extends the previous one, as C2SP requires of a log: a chain that was cut,
  rewritten or backdated is refused, never anchored.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import structlog
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

from asmtp.audit.models import AuditEntry
from asmtp.audit.services import audit_content, record_audit_event
from asmtp.domain.audit_chain import GENESIS
from asmtp.domain.audit_checkpoint import (
    FORGED_CHECKPOINT,
    LOG_MISSING,
    SIGNATURE_PREFIX,
    ChainReport,
    Checkpoint,
    CheckpointError,
    Finding,
    check_chain,
    open_checkpoint,
    parse_verifier_key,
    sign_checkpoint,
    split_notes,
    verifier_key,
)

log = structlog.get_logger("asmtp.audit")

# Enough of the log's end to hold its newest note several times over.
_TAIL_BYTES = 8192


class CheckpointRefused(RuntimeError):
    """The chain no longer extends the last checkpoint: signing now would anchor tampering."""


def keys_folder() -> Path:
    return Path(settings.ASMTP_AUDIT_KEYS_DIR)


def log_path() -> Path:
    return Path(settings.ASMTP_AUDIT_CHECKPOINT_LOG)


def published_verifier_key() -> str | None:
    """The checkpoint key in vkey form, or None before the first checkpoint made one."""
    path = keys_folder() / "checkpoint.vkey"
    return path.read_text().strip() if path.exists() else None


def _signing_key() -> tuple[str, Ed25519PrivateKey]:
    """(key name, private key); made on first use, named after the configured origin."""
    folder = keys_folder()
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    with open(folder / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        vkey_path = folder / "checkpoint.vkey"
        if not vkey_path.exists():
            name = settings.ASMTP_AUDIT_ORIGIN
            private_key = Ed25519PrivateKey.generate()
            pem = private_key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
            descriptor = os.open(folder / "checkpoint.key", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(pem)
            vkey_path.write_text(verifier_key(name, private_key.public_key()) + "\n")
            record_audit_event("audit.checkpoint_key_generated", object_type="signing_key", object_id=name)
            return name, private_key
    name, _ = parse_verifier_key(vkey_path.read_text())
    loaded = load_pem_private_key((folder / "checkpoint.key").read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise TypeError("the audit checkpoint key is not an Ed25519 key")
    return name, loaded


def open_checkpoints(log_text: str, vkey: str) -> tuple[list[Checkpoint], list[str]]:
    """The checkpoints of a log whose signature by `vkey` verifies, and what is wrong with the others."""
    name, public_key = parse_verifier_key(vkey)
    good: list[Checkpoint] = []
    forged: list[str] = []
    for number, note in enumerate(split_notes(log_text), start=1):
        try:
            checkpoint = open_checkpoint(note, name, public_key)
            if checkpoint.origin != name:
                raise CheckpointError(f"it is for {checkpoint.origin!r}, not {name!r}")
        except CheckpointError as error:
            forged.append(f"checkpoint {number} in the log is refused: {error}")
            continue
        good.append(checkpoint)
    return good, forged


def latest_checkpoint_note() -> str | None:
    """The newest signed note in the log (what /audit/checkpoint serves), or None."""
    path = log_path()
    if not path.exists():
        return None
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        start = max(0, handle.tell() - _TAIL_BYTES)
        handle.seek(start)
        tail = handle.read().decode("utf-8", errors="replace")
    notes = split_notes(tail if start == 0 else _from_first_whole_note(tail))
    return notes[-1] if notes else None


def _from_first_whole_note(tail: str) -> str:
    """The part of a log's end that starts with a whole note (the first line may be cut)."""
    lines = tail.splitlines(keepends=True)[1:]
    for number, line in enumerate(lines[:-1]):
        if line.startswith(SIGNATURE_PREFIX) and not lines[number + 1].startswith(SIGNATURE_PREFIX):
            return "".join(lines[number + 1 :])
    return ""


@contextmanager
def _appending_log() -> Iterator[IO[str]]:
    """The log, opened for appending only and held under an exclusive lock (web and workers race)."""
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield handle
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _rows(entries: Iterator[AuditEntry]) -> Iterator[tuple[object, dict[str, Any], str, str]]:
    for entry in entries:
        yield entry.pk, audit_content(entry), entry.prev_hash, entry.hash


def write_audit_checkpoint() -> Checkpoint | None:
    """Sign and append a checkpoint of the chain as it stands, if it grew since the last one.

    Raises CheckpointRefused if the chain does not extend the last checkpoint."""
    name, private_key = _signing_key()
    with _appending_log() as handle:
        latest = _latest_checkpoint(name)
        size, head, problem = _extension_of(latest)
        if problem:
            log.error("audit_checkpoint_refused", problem=problem)
            raise CheckpointRefused(problem)
        if latest is not None and size == latest.size:
            return None
        checkpoint = Checkpoint(name, size, head)
        note = sign_checkpoint(checkpoint, name, private_key)
        handle.write(note)
        handle.flush()
        os.fsync(handle.fileno())
        _copy_out(checkpoint, note)
    log.info("audit_checkpoint_written", size=size)
    return checkpoint


COPIES = "audit_checkpoints"  # the name of the storage that keeps a copy of every note, if configured


def _copies() -> Storage | None:
    return storages[COPIES] if COPIES in settings.STORAGES else None


def _copy_out(checkpoint: Checkpoint, note: str) -> None:
    """Save the note as its own object in the copies' storage, once; a failure is logged, never
    raised: the note is in the log, and the next checkpoint's copy anchors everything before it."""
    storage = _copies()
    if storage is None:
        return
    name = f"{checkpoint.size:016d}.note"
    try:
        if not storage.exists(name):
            storage.save(name, ContentFile(note.encode("utf-8")))
    except Exception as error:
        log.error("audit_checkpoint_copy_failed", size=checkpoint.size, error=repr(error))


def stored_copies() -> str:
    """Every note kept in the copies' storage, in order of size ("" when none is configured)."""
    storage = _copies()
    if storage is None:
        return ""
    _folders, names = storage.listdir("")
    notes = []
    for name in sorted(n for n in names if n.endswith(".note")):
        with storage.open(name, "rb") as handle:
            notes.append(handle.read().decode("utf-8"))
    return "".join(notes)


def _latest_checkpoint(name: str) -> Checkpoint | None:
    note = latest_checkpoint_note()
    if note is None:
        return None
    vkey = published_verifier_key()
    assert vkey is not None  # the key is made before the first note is written
    checkpoints, forged = open_checkpoints(note, vkey)
    if forged:
        raise CheckpointRefused(forged[0])
    return checkpoints[0]


def _extension_of(latest: Checkpoint | None) -> tuple[int, str, str]:
    """(size, head, problem): the chain's size and head now, checked to extend `latest`."""
    entries = AuditEntry.objects.order_by("id")
    if latest is None or latest.size == 0:
        report = check_chain(_rows(entries.iterator(chunk_size=2000)), [])
    else:
        rows = entries[latest.size - 1 :].iterator(chunk_size=2000)
        anchor = next(rows, None)
        if anchor is None or anchor.hash != latest.head:
            return 0, GENESIS, f"the chain no longer holds the {latest.size} entries last checkpointed: it was cut or rewritten"
        at = dt.datetime.fromisoformat(audit_content(anchor)["at"])
        report = check_chain(_rows(rows), [], after=(latest.size, latest.head, at))
    if report.findings:
        first = report.findings[0]
        return 0, GENESIS, f"entry #{first.entry_id}: {first.message}"
    return report.entries, report.head, ""


def verify_anchored_audit_chain(*, vkey: str | None = None, checkpoint_log: Path | None = None) -> ChainReport:
    """Walk the whole chain and hold it against every checkpoint in the log.

    `vkey` and `checkpoint_log` default to the service's own; a witness passes the copies it kept."""
    vkey = vkey or published_verifier_key()
    path = checkpoint_log or log_path()
    log_text = path.read_text(encoding="utf-8") if path.exists() else ""
    copies = stored_copies() if checkpoint_log is None else ""
    checkpoints: list[Checkpoint] = []
    problems: list[Finding] = []
    if vkey:
        checkpoints, forged = open_checkpoints(log_text + copies, vkey)
        checkpoints = list(dict.fromkeys(checkpoints))  # a note both in the log and in the store counts once
        problems = [Finding(FORGED_CHECKPOINT, problem) for problem in forged]
        if not log_text.strip():
            # The key is made just before the first checkpoint is written: a key without a log
            # means the log was deleted (which would hide a rewritten chain).
            problems.append(Finding(LOG_MISSING, f"the checkpoint key exists but the checkpoint log {path} is missing or empty"))
    elif (log_text + copies).strip():
        problems = [Finding(FORGED_CHECKPOINT, "the checkpoint log exists but the checkpoint key is missing: nothing can be verified against it")]
    return check_chain(_rows(AuditEntry.objects.order_by("id").iterator(chunk_size=5000)), checkpoints, problems)
