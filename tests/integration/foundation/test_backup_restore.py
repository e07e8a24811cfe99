"""`asmtp backup` and `asmtp restore`: cases, documents, e-Visas and the audit chain come back
identical from a backup into an emptied database and data folder (SQLite here; PostgreSQL with
DATABASE_URL=postgres://...)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections

from asmtp.audit.models import AuditEntry
from asmtp.audit.services import verify_audit_chain
from asmtp.cases.models import Application, CaseEvent, Document
from asmtp.domain.evisa_token import Result
from asmtp.evisa.models import EVisa
from asmtp.evisa.services import issue_evisa, revoke_evisa, verify_evisa
from asmtp.operations.backup import BackupError, create_backup, restore_backup
from tests.integration.evisa.factories import CHILD, SPOUSE, approved_case
from tests.integration.portal.factories import fill_particulars, start, upload_all
from tests.personas import make_user
from tests.processes import database_url_of

pytestmark = pytest.mark.django_db(transaction=True)

ASMTP = str(Path(sys.executable).with_name("asmtp"))
PASSPHRASE = "harbour lights at dusk"
TODAY = dt.date(2026, 3, 25)


@pytest.fixture
def service_state(applicant, other_applicant, officer, senior_officer, employer_staff):
    """A draft with every document uploaded, two approved cases with e-Visas (one revoked)."""
    draft = fill_particulars(start(applicant), applicant)
    upload_all(draft, applicant)
    kept = approved_case(applicant, officer, senior_officer, offer_by=employer_staff, dependants=(SPOUSE, CHILD), with_fee=True)
    issue_evisa(kept.pk, officer, today=dt.date(2026, 3, 20))
    ended = approved_case(other_applicant, officer, senior_officer, offer_by=employer_staff, with_fee=True)
    revoked = issue_evisa(ended.pk, officer, today=dt.date(2026, 3, 21))[0]
    revoke_evisa(revoked.number, officer, "Employment ended; employer notified the department.")


def snapshot() -> dict[str, Any]:
    """The cases, documents and e-Visas a restore must give back, read through the service."""
    documents = {}
    for document in Document.objects.order_by("pk"):
        with document.file.open("rb") as handle:
            documents[document.pk] = (document.sha256, hashlib.sha256(handle.read()).hexdigest())
    return {
        "cases": list(Application.objects.order_by("pk").values("pk", "reference", "status", "applicant_data", "name_zh")),
        "events": CaseEvent.objects.count(),
        "documents": documents,
        "evisas": {e.number: (verify_evisa(e.token_full, channel="api", today=TODAY).result,
                              verify_evisa(e.token_work, channel="api", today=TODAY).result)
                   for e in EVisa.objects.order_by("number")},
    }


def audit_state() -> dict[str, Any]:
    """The audit log (verifying an e-Visa adds an entry, so this is read apart)."""
    count, problems = verify_audit_chain()
    return {"entries": list(AuditEntry.objects.order_by("id").values_list("id", "at", "action", "hash")),
            "verified": count, "problems": problems}


def asmtp(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "asmtp.settings", "ASMTP_DATA_DIR": str(django_settings.DATA_DIR),
           "DATABASE_URL": database_url_of(connection.settings_dict), "ASMTP_BACKUP_PASSPHRASE": PASSPHRASE}
    return subprocess.run([ASMTP, *args], env=env, capture_output=True, text=True, timeout=300, check=False)


def wipe_database_and_data_folder() -> None:
    connections.close_all()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        connections.close_all()
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{connection.settings_dict['NAME']}{suffix}").unlink(missing_ok=True)
    for folder in (Path(django_settings.MEDIA_ROOT), Path(django_settings.ASMTP_KEYS_DIR)):
        shutil.rmtree(folder, ignore_errors=True)
    assert connection.introspection.table_names() == []


def test_a_backup_restored_into_an_emptied_database_and_data_folder_gives_back_every_case_document_evisa_and_audit_entry(
    service_state, tmp_path, officer, senior_officer
):
    before = snapshot()
    assert len(before["documents"]) >= 4
    assert {results[0] for results in before["evisas"].values()} == {Result.VALID, Result.REVOKED}
    audit_before = audit_state()
    assert audit_before["problems"] == [] and audit_before["verified"] == len(audit_before["entries"]) > 20

    backup = asmtp("backup", str(tmp_path / "asmtp.tar"))
    assert backup.returncode == 0, backup.stderr
    wipe_database_and_data_folder()
    restored = asmtp("restore", str(tmp_path / "asmtp.tar"))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "the audit chain is intact" in restored.stdout

    assert asmtp("audit", "verify").returncode == 0
    assert audit_state() == audit_before
    assert snapshot() == before
    # The private signing key came back too: the next e-Visa is signed with it, not a new one.
    third_applicant = make_user("zhao.min@example.cn", "applicant")
    case = approved_case(third_applicant, officer, senior_officer, with_fee=True)
    evisa = issue_evisa(case.pk, officer, today=TODAY)[0]
    assert {e.key_id for e in EVisa.objects.all()} == {evisa.key_id}
    assert verify_evisa(evisa.token_full, channel="api", today=TODAY).result is Result.VALID


def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(service_state, tmp_path):
    create_backup(tmp_path / "backup", PASSPHRASE)
    before = snapshot()

    with pytest.raises(BackupError, match=r"refusing to restore over existing data.*the database has"):
        restore_backup(tmp_path / "backup", PASSPHRASE)

    assert snapshot() == before


def test_restore_refuses_a_damaged_backup_naming_the_file_and_a_wrong_passphrase(service_state, tmp_path):
    create_backup(tmp_path / "backup", PASSPHRASE)
    wipe_database_and_data_folder()
    document = next(p for p in (tmp_path / "backup" / "documents").rglob("*") if p.is_file())
    original = document.read_bytes()
    document.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))

    with pytest.raises(BackupError, match=re.escape(f"checksum differs: {document.relative_to(tmp_path / 'backup')}")):
        restore_backup(tmp_path / "backup", PASSPHRASE)
    document.write_bytes(original)
    with pytest.raises(BackupError, match="passphrase does not open the signing keys"):
        restore_backup(tmp_path / "backup", "not the passphrase at all")
    assert connection.introspection.table_names() == []  # nothing was restored
    restore_backup(tmp_path / "backup", PASSPHRASE)  # leave the database as pytest-django expects it


def test_the_signing_keys_in_a_backup_are_encrypted(service_state, tmp_path):
    create_backup(tmp_path / "backup", PASSPHRASE)
    private_keys = [p.read_bytes() for p in Path(django_settings.ASMTP_KEYS_DIR).rglob("*.key")]
    sealed = (tmp_path / "backup" / "keys.enc").read_bytes()

    assert private_keys
    assert all(key not in sealed and key.splitlines()[1] not in sealed for key in private_keys)
    assert b"PRIVATE KEY" not in sealed


def test_restore_with_force_puts_back_the_backup_over_later_changes_and_keeps_the_old_folders_aside(
    service_state, tmp_path, applicant
):
    before = snapshot()
    audit_before = audit_state()
    create_backup(tmp_path / "backup", PASSPHRASE)
    upload_all(fill_particulars(start(applicant), applicant), applicant)  # a later draft and its documents
    assert snapshot() != before

    summary = restore_backup(tmp_path / "backup", PASSPHRASE, force=True)

    assert summary.problems == []
    assert audit_state() == audit_before
    assert snapshot() == before
    aside = [p.name for p in Path(django_settings.MEDIA_ROOT).parent.iterdir() if ".before-restore-" in p.name]
    assert sorted(name.split(".")[0] for name in aside) == ["documents", "keys"]
