"""Backing up and restoring the database, the documents and the signing keys together.

A backup is one folder (or the same folder as one `.tar` file):
- ``database.sqlite3`` (SQLite's online backup API) or ``database.pgdump`` (``pg_dump -Fc``);
- ``documents/``, the files of the documents storage, as stored;
- ``keys.enc``, the keys folder (e-Visa signing keys and their ledger) and a development secret
  key, as a tar encrypted with AES-256-GCM under a key derived from a passphrase by scrypt;
- ``audit-checkpoints.log``, a copy of the audit chain's signed checkpoints (ADR 0004), taken
  before the database snapshot so that every checkpoint in it covers entries the snapshot holds;
- ``manifest.json``: the SHA-256 and size of every other file, the migrations applied and the
  counts and audit-chain head a restore must give back.

Order makes it consistent: the database snapshot first, then the documents and the keys.
A document's file is written before its row commits, and a signing key before the e-Visa it
signs, so everything the snapshot names is already on disk when it is copied; files written
after the snapshot are copied too and are harmless (nothing refers to them).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

import asmtp

FORMAT = 1
MANIFEST = "manifest.json"
DOCUMENTS = "documents"
KEYS = "keys.enc"
CHECKPOINTS = "audit-checkpoints.log"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
KEYS_MAGIC = b"ASMTP-KEYS-1\n"
# scrypt cost: 2**15 x 8 x 1 takes ~0.1 s and 32 MiB, the cryptography package's guidance for
# interactive use; a backup is opened rarely, so this is cheap where it matters.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MIN_PASSPHRASE = 12
# Files in the keys folder that are not keys: the lock file and half-written ledgers.
_NOT_KEYS = re.compile(r"(^|/)\.lock$|\.tmp$")


class BackupError(Exception):
    """A backup or restore refused, with what the operator should do."""


@dataclass
class Summary:
    path: Path
    database: str
    documents: int
    key_files: int
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


# --- what a backup holds ------------------------------------------------------------------------


def _vendor() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _documents_folder() -> Path | None:
    """The documents storage's folder, or None when documents live elsewhere (object storage)."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(default_storage.location)
    return None


def _keys_folder() -> Path:
    return Path(settings.ASMTP_KEYS_DIR)


def _dev_secret_key_file() -> Path | None:
    """The generated development secret key (production reads its own from the environment)."""
    path = Path(settings.DATA_DIR) / "secret_key"
    return path if path.is_file() and not settings.PRODUCTION else None


def _files_under(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path


def _key_files() -> list[Path]:
    folder = _keys_folder()
    return [p for p in _files_under(folder) if not _NOT_KEYS.search(p.relative_to(folder).as_posix())]


def state_counts() -> dict[str, Any]:
    """The figures a restore must give back: rows of the main tables and the audit chain's head."""
    from asmtp.audit.models import AuditEntry
    from asmtp.cases.models import Application, Document
    from asmtp.evisa.models import EVisa

    head = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
    return {
        "applications": Application.objects.count(),
        "documents": Document.objects.count(),
        "evisas": EVisa.objects.count(),
        "audit_entries": AuditEntry.objects.count(),
        "audit_head": head or "",
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- encryption of the keys ------------------------------------------------------------------


def _derive(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(passphrase.encode())


def encrypt_keys(bundle: bytes, passphrase: str) -> bytes:
    """`KEYS_MAGIC`, 16 bytes of salt, 12 of nonce, then AES-256-GCM ciphertext and tag."""
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    return KEYS_MAGIC + salt + nonce + AESGCM(_derive(passphrase, salt)).encrypt(nonce, bundle, KEYS_MAGIC)


def decrypt_keys(blob: bytes, passphrase: str) -> bytes:
    if not blob.startswith(KEYS_MAGIC):
        raise BackupError(f"{KEYS} is not an ASMTP keys file")
    body = blob[len(KEYS_MAGIC):]
    salt, nonce, sealed = body[:16], body[16:28], body[28:]
    try:
        return AESGCM(_derive(passphrase, salt)).decrypt(nonce, sealed, KEYS_MAGIC)
    except InvalidTag:
        raise BackupError("the passphrase does not open the signing keys (wrong passphrase, or keys.enc damaged)") from None


def _keys_bundle() -> tuple[bytes, list[str]]:
    """A tar of the keys folder (as keys/...) and the development secret key (as secret_key)."""
    buffer = io.BytesIO()
    names = []
    with tarfile.open(fileobj=buffer, mode="w") as bundle:
        for path in _key_files():
            name = "keys/" + path.relative_to(_keys_folder()).as_posix()
            bundle.add(path, arcname=name, recursive=False)
            names.append(name)
        secret = _dev_secret_key_file()
        if secret is not None:
            bundle.add(secret, arcname="secret_key", recursive=False)
            names.append("secret_key")
    return buffer.getvalue(), names


# --- database snapshots ----------------------------------------------------------------------


def _postgres_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(db["NAME"])}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _postgres_tool(name: str) -> str:
    """The path of pg_dump or pg_restore, checked to be at least as new as the server."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client of the server's version (Debian: postgresql-client)")
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    tool_major = int(match.group(1)) if match else 0
    connection.ensure_connection()
    server_major = int(getattr(connection, "pg_version", 0)) // 10000
    if tool_major < server_major:
        raise BackupError(f"{name} {tool_major} is older than the PostgreSQL {server_major} server: install postgresql-client-{server_major}")
    return path


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, env=_postgres_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[-2000:]}")


def _snapshot_database(vendor: str, target: Path) -> None:
    if vendor == "sqlite":
        source = sqlite3.connect(str(connection.settings_dict["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            source.backup(copy)  # one step: a consistent snapshot even while others write
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            copy.close()
            source.close()
        return
    _run([_postgres_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"], "pg_dump")


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def _restore_database(vendor: str, source: Path, *, force: bool) -> None:
    connections.close_all()
    if vendor == "sqlite":
        backup = sqlite3.connect(str(source))
        target = sqlite3.connect(str(connection.settings_dict["NAME"]), timeout=20)
        try:
            backup.backup(target)  # replaces the target's whole content
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            target.close()
            backup.close()
        return
    command = [_postgres_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if force:
        command += ["--clean", "--if-exists"]
    _run([*command, f"--dbname={connection.settings_dict['NAME']}", str(source)], "pg_restore")
    connections.close_all()


# --- backup ----------------------------------------------------------------------------------


def create_backup(target: Path, passphrase: str) -> Summary:
    """Write a backup to `target`: a new folder, or a `.tar` file when the name ends so."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(f"the passphrase must be at least {MIN_PASSPHRASE} characters")
    if target.exists():
        raise BackupError(f"{target} already exists: give a new name")
    as_tar = target.suffix == ".tar"
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".asmtp-backup-", dir=target.parent)) if as_tar else target
    folder.mkdir(parents=True, exist_ok=True)
    try:
        summary = _write_backup(folder, passphrase)
        if as_tar:
            with tarfile.open(target, "w") as archive:
                archive.add(folder / MANIFEST, arcname=MANIFEST)
                for path in sorted(folder.rglob("*")):
                    if path.is_file() and path.name != MANIFEST:
                        archive.add(path, arcname=path.relative_to(folder).as_posix(), recursive=False)
        summary.path = target
        return summary
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        if as_tar:
            target.unlink(missing_ok=True)
        raise
    finally:
        if as_tar:
            shutil.rmtree(folder, ignore_errors=True)


def _write_backup(folder: Path, passphrase: str) -> Summary:
    vendor = _vendor()
    taken_at = timezone.now()
    database_file = DATABASE_FILES[vendor]
    checkpoints = Path(settings.ASMTP_AUDIT_CHECKPOINT_LOG)
    if checkpoints.is_file():
        shutil.copyfile(checkpoints, folder / CHECKPOINTS)
    _snapshot_database(vendor, folder / database_file)
    counts = state_counts()  # read after the snapshot: a restore gives back at least these
    migrations = sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())
    notes = []
    documents = _documents_folder()
    copied = 0
    if documents is None:
        notes.append(f"documents are in {type(default_storage).__name__}, not a folder: back them up with that storage's own tools")
    else:
        for path in _files_under(documents):
            destination = folder / DOCUMENTS / path.relative_to(documents)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
            copied += 1
    bundle, key_names = _keys_bundle()
    (folder / KEYS).write_bytes(encrypt_keys(bundle, passphrase))
    files = {
        path.relative_to(folder).as_posix(): {"sha256": _sha256(path), "size": path.stat().st_size}
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    manifest = {
        "format": FORMAT,
        "asmtp_version": asmtp.__version__,
        "taken_at": taken_at.isoformat(),
        "database": {"vendor": vendor, "file": database_file, "migrations": migrations},
        "documents": {"folder": DOCUMENTS if documents is not None else None, "files": copied},
        "keys": {"file": KEYS, "kdf": f"scrypt n={SCRYPT_N} r={SCRYPT_R} p={SCRYPT_P}", "cipher": "AES-256-GCM", "entries": key_names},
        "counts": counts,
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return Summary(folder, vendor, copied, len(key_names), {k: v for k, v in counts.items() if isinstance(v, int)}, notes)


# --- restore ---------------------------------------------------------------------------------


def _read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"no readable {MANIFEST} in the backup ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')!r} is not one this version reads ({FORMAT})")
    return manifest


def verify_backup_files(folder: Path, manifest: dict[str, Any]) -> list[str]:
    """Every file the manifest lists, with its size and checksum; the problems found."""
    problems = []
    listed: dict[str, dict[str, Any]] = manifest["files"]
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {MANIFEST}
    for name in sorted(set(listed) - present):
        problems.append(f"missing: {name}")
    for name in sorted(present - set(listed)):
        problems.append(f"not in the manifest: {name}")
    for name in sorted(set(listed) & present):
        path = folder / name
        if path.stat().st_size != listed[name]["size"] or _sha256(path) != listed[name]["sha256"]:
            problems.append(f"checksum differs: {name}")
    return problems


def _not_empty() -> list[str]:
    found = []
    if not _database_is_empty():
        found.append(f"the database has {len(connection.introspection.table_names())} tables")
    documents = _documents_folder()
    if documents is not None and any(True for _ in _files_under(documents)):
        found.append(f"the documents folder {documents} holds files")
    if _key_files():
        found.append(f"the keys folder {_keys_folder()} holds keys")
    return found


def _set_aside(folder: Path, stamp: str) -> Path | None:
    """Move a folder's old content out of the way (never deleted by a restore)."""
    if not folder.exists() or not any(folder.iterdir()):
        return None
    aside = folder.with_name(f"{folder.name}.before-restore-{stamp}")
    folder.rename(aside)
    return aside


def restore_backup(source: Path, passphrase: str, *, force: bool = False) -> Summary:
    """Restore a backup into an empty database and empty documents and keys folders (or, with
    `force`, over what is there: old folders are moved aside, the backup's tables replaced), then
    check what came back: the manifest's counts and audit head, every document's checksum and
    the audit chain. Nothing is touched until the files, the passphrase and the target pass."""
    with contextlib.ExitStack() as stack:
        folder = source
        if not source.is_dir():
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=".asmtp-restore-", dir=source.parent)))
            _extract(source, folder)
        manifest = _read_manifest(folder)
        problems = verify_backup_files(folder, manifest)
        if problems:
            raise BackupError("the backup is damaged, nothing was restored:\n  " + "\n  ".join(problems))
        bundle = decrypt_keys((folder / KEYS).read_bytes(), passphrase)
        vendor = _vendor()
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(f"the backup is of a {manifest['database']['vendor']} database; this service is configured for {vendor}")
        occupied = _not_empty()
        if occupied and not force:
            raise BackupError("refusing to restore over existing data (--force moves the folders aside and replaces the tables): "
                              + "; ".join(occupied))

        _restore_database(vendor, folder / manifest["database"]["file"], force=force)
        notes = []
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        documents = _documents_folder()
        for target in filter(None, [documents, _keys_folder()]):
            aside = _set_aside(target, stamp)
            if aside is not None:
                notes.append(f"moved the old {target} to {aside}")
        copied = 0
        if documents is not None and manifest["documents"]["folder"]:
            for path in _files_under(folder / DOCUMENTS):
                destination = documents / path.relative_to(folder / DOCUMENTS)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)
                copied += 1
        elif not manifest["documents"]["folder"]:
            notes.append("the backup holds no documents (they were in another storage): restore them with that storage's tools")
        key_files = _restore_keys(bundle, notes)
        _restore_checkpoints(folder / CHECKPOINTS, notes)
    summary = Summary(source, vendor, copied, key_files, notes=notes)
    summary.counts = {k: v for k, v in state_counts().items() if isinstance(v, int)}
    summary.problems = check_restored(manifest["counts"])
    return summary


def _restore_checkpoints(copy: Path, notes: list[str]) -> None:
    """Bring back the checkpoint log where there is none; an existing one is append-only and kept
    (`asmtp audit verify` then reports the entries written after the backup as deleted: they are)."""
    target = Path(settings.ASMTP_AUDIT_CHECKPOINT_LOG)
    if not copy.is_file():
        return
    if target.exists():
        notes.append(f"kept the audit checkpoint log {target} (append-only); the backup's copy was not needed")
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(copy, target)


def _extract(source: Path, folder: Path) -> None:
    if not tarfile.is_tarfile(source):
        raise BackupError(f"{source} is neither a backup folder nor a .tar backup")
    with tarfile.open(source) as archive:
        archive.extractall(folder, filter="data")  # no absolute paths, links out or devices


def _restore_keys(bundle: bytes, notes: list[str]) -> int:
    keys = _keys_folder()
    count = 0
    with tarfile.open(fileobj=io.BytesIO(bundle)) as archive:
        for member in archive.getmembers():
            if not member.isfile():
                continue
            handle = archive.extractfile(member)
            if handle is None:
                continue
            content = handle.read()
            if member.name.startswith("keys/"):
                destination = keys / Path(member.name).relative_to("keys")
                if ".." in destination.relative_to(keys).parts:
                    raise BackupError(f"unsafe name in the keys file: {member.name}")
            elif member.name == "secret_key":
                destination = Path(settings.DATA_DIR) / "secret_key"
                if destination.exists() and destination.read_bytes() == content:
                    continue
                if settings.PRODUCTION:
                    notes.append("the backup holds a development secret key; production keeps its own (ASMTP_SECRET_KEY_FILE)")
                    continue
                notes.append("restored the development secret key (sessions and sign-in hashes of the backup stay valid)")
            else:
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(content)
            destination.chmod(member.mode & 0o700 or 0o600)  # as backed up; never readable by others
            count += 1
    for folder in [keys, *[p for p in keys.rglob("*") if p.is_dir()]]:
        folder.chmod(0o700)
    return count


def check_restored(manifest_counts: dict[str, Any]) -> list[str]:
    """What differs between the restored database and the backup's figures, each document whose
    file is missing or no longer matches its checksum, and each break in the audit chain."""
    from asmtp.audit.services import verify_audit_chain
    from asmtp.cases.models import Document

    problems = [f"{name}: backup {manifest_counts.get(name)!r}, restored {value!r}"
                for name, value in state_counts().items() if manifest_counts.get(name) != value]
    for document in Document.objects.only("file", "sha256").iterator():
        try:
            with document.file.open("rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
        except OSError:
            problems.append(f"document {document.pk}: file {document.file.name} missing")
            continue
        if digest != document.sha256:
            problems.append(f"document {document.pk}: file {document.file.name} does not match its checksum")
    _count, breaks = verify_audit_chain()
    problems += [f"audit entry #{b.entry_id}: {b.problem}" for b in breaks]
    return problems
