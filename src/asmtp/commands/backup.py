"""`asmtp backup` and `asmtp restore`: the database, the documents and the signing keys together.

    ASMTP_BACKUP_PASSPHRASE_FILE=/etc/asmtp/backup-passphrase asmtp backup /backups/asmtp-2026-12-05.tar
    asmtp restore /backups/asmtp-2026-12-05.tar          # into an empty database and data folder
    asmtp restore --force /backups/asmtp-2026-12-05.tar  # over existing data (folders moved aside)

The signing keys are encrypted with a passphrase: ASMTP_BACKUP_PASSPHRASE, the file named by
ASMTP_BACKUP_PASSPHRASE_FILE, or asked for at the terminal. See asmtp.operations.backup and
docs/operations.md ("Backup and restore").
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    backup = sub.add_parser("backup", help="back up the database, documents and signing keys (keys encrypted)")
    backup.add_argument("target", type=Path, help="a new folder, or a file ending in .tar")
    backup.set_defaults(func=run_backup)
    restore = sub.add_parser("restore", help="restore a backup into an empty database and data folder")
    restore.add_argument("source", type=Path, help="the backup folder or .tar file")
    restore.add_argument("--force", action="store_true",
                         help="restore over existing data: the backup's tables are replaced, documents and keys folders moved aside")
    restore.set_defaults(func=run_restore)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asmtp.settings")
    import django

    django.setup()


def _passphrase(*, confirm: bool) -> str | None:
    if os.environ.get("ASMTP_BACKUP_PASSPHRASE"):
        return os.environ["ASMTP_BACKUP_PASSPHRASE"]
    if os.environ.get("ASMTP_BACKUP_PASSPHRASE_FILE"):
        return Path(os.environ["ASMTP_BACKUP_PASSPHRASE_FILE"]).read_text().strip()
    if not sys.stdin.isatty():
        return None
    passphrase = getpass.getpass("Passphrase for the signing keys: ")
    if confirm and getpass.getpass("Again: ") != passphrase:
        print("asmtp: the passphrases differ", file=sys.stderr)
        return None
    return passphrase


def run_backup(args: argparse.Namespace) -> int:
    passphrase = _passphrase(confirm=True)
    if passphrase is None:
        print("asmtp backup: set ASMTP_BACKUP_PASSPHRASE or ASMTP_BACKUP_PASSPHRASE_FILE (or run it at a terminal)", file=sys.stderr)
        return 2
    _setup()
    from asmtp.operations.backup import BackupError, create_backup

    try:
        summary = create_backup(args.target, passphrase)
    except BackupError as exc:
        print(f"asmtp backup: {exc}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{value} {name.replace('_', ' ')}" for name, value in summary.counts.items())
    print(f"Backed up the {summary.database} database ({counts}), {summary.documents} document files "
          f"and {summary.key_files} key files (encrypted) to {summary.path}")
    for note in summary.notes:
        print(f"note: {note}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    passphrase = _passphrase(confirm=False)
    if passphrase is None:
        print("asmtp restore: set ASMTP_BACKUP_PASSPHRASE or ASMTP_BACKUP_PASSPHRASE_FILE (or run it at a terminal)", file=sys.stderr)
        return 2
    _setup()
    from asmtp.operations.backup import BackupError, restore_backup

    try:
        summary = restore_backup(args.source, passphrase, force=args.force)
    except BackupError as exc:
        print(f"asmtp restore: {exc}", file=sys.stderr)
        return 1
    for note in summary.notes:
        print(f"note: {note}")
    counts = ", ".join(f"{value} {name.replace('_', ' ')}" for name, value in summary.counts.items())
    print(f"Restored the {summary.database} database ({counts}), {summary.documents} document files "
          f"and {summary.key_files} key files from {summary.path}")
    if summary.problems:
        print("RESTORE CHECK FAILED:\n  " + "\n  ".join(summary.problems), file=sys.stderr)
        return 1
    print("Checked: the counts and audit head match the backup, every document matches its checksum, "
          "the audit chain is intact. Run `asmtp manage migrate` if this version is newer than the backup's.")
    return 0
