"""Signed checkpoints anchor the audit chain outside the database (ADR 0004).

`asmtp audit verify` holds the chain against every checkpoint and names what was done to it:
an edited entry, a deleted middle entry, deleted newest entries, an emptied table, a rewritten
(recomputed) chain, an appended forgery, a forged checkpoint, a deleted checkpoint log. Each of
these would have verified as intact against the hash chain alone.
"""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django_tasks_db.models import DBTaskResult

from asmtp.audit.checkpoints import (
    CheckpointRefused,
    log_path,
    open_checkpoints,
    published_verifier_key,
    verify_anchored_audit_chain,
    write_audit_checkpoint,
)
from asmtp.audit.models import AuditEntry
from asmtp.audit.services import audit_content, record_audit_event, verify_audit_chain
from asmtp.cli import main
from asmtp.domain.audit_chain import entry_hash
from asmtp.domain.audit_checkpoint import (
    BACKDATED,
    EDITED,
    EMPTIED,
    FORGED_CHECKPOINT,
    LOG_MISSING,
    RECOMPUTED,
    REMOVED,
    TRUNCATED,
    Checkpoint,
    open_checkpoint,
    parse_verifier_key,
    sign_checkpoint,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tamperable():
    """Tampering needs the table owner's rights on PostgreSQL: drop the append-only guard, as such an attacker could."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")


@pytest.fixture
def chain(applicant, tamperable):
    """Thirty entries, anchored by a signed checkpoint."""
    for i in range(30):
        record_audit_event("case.submit", actor=applicant, object_type="application", object_id=i, data={"n": i, "名": "李伟"})
    checkpoint = write_audit_checkpoint()
    entries = list(AuditEntry.objects.order_by("id"))
    assert checkpoint is not None and checkpoint.size == len(entries)
    return entries


def kinds() -> set[str]:
    return {finding.kind for finding in verify_anchored_audit_chain().findings}


def verify_command(capsys) -> tuple[int, str, str]:
    code = main(["audit", "verify"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def recompute_from(entry: AuditEntry) -> None:
    """Rewrite every hash from `entry` on, as someone who edited it would to hide the edit."""
    prev = entry.prev_hash
    for later in AuditEntry.objects.filter(id__gte=entry.pk).order_by("id"):
        new_hash = entry_hash(prev, audit_content(later))
        AuditEntry.objects.filter(pk=later.pk).update(prev_hash=prev, hash=new_hash)
        prev = new_hash


def append_entry(at: dt.datetime, action: str = "case.approve") -> AuditEntry:
    """An entry added by hand with a valid link to the chain's head."""
    head = AuditEntry.objects.order_by("-id").first()
    entry = AuditEntry(at=at, actor_label="senior.officer@immd.gov.hk", action=action, object_type="application",
                       object_id="7", data={}, prev_hash=head.hash)
    entry.hash = entry_hash(entry.prev_hash, audit_content(entry))
    entry.save()
    return entry


def test_an_untouched_anchored_chain_verifies(chain, capsys):
    code, out, _ = verify_command(capsys)
    assert code == 0
    assert f"audit chain intact: {len(chain)} entries verified; 1 checkpoint(s) match" in out


def test_an_edited_entry_is_reported_as_edited(chain, capsys):
    AuditEntry.objects.filter(pk=chain[10].pk).update(data={"n": -1})
    assert kinds() == {EDITED}
    code, out, err = verify_command(capsys)
    assert code == 1 and f"entry #{chain[10].pk}: content does not match" in out
    assert "audit chain BROKEN: an entry was edited" in err


def test_a_deleted_middle_entry_is_reported_as_deleted_not_as_truncation(chain, capsys):
    AuditEntry.objects.filter(pk=chain[10].pk).delete()
    assert kinds() == {REMOVED}
    code, _, err = verify_command(capsys)
    assert code == 1 and "audit chain BROKEN: an entry was deleted, inserted or moved" in err


def test_deleted_newest_entries_are_reported_as_truncation(chain, capsys):
    assert verify_audit_chain()[1] == []  # the hash chain alone cannot see it
    AuditEntry.objects.filter(pk__in=[e.pk for e in chain[-3:]]).delete()
    assert verify_audit_chain()[1] == []
    assert kinds() == {TRUNCATED}
    code, out, err = verify_command(capsys)
    assert code == 1 and f"the chain has {len(chain) - 3} entries, but a checkpoint was signed for {len(chain)}" in out
    assert "audit chain BROKEN: the newest entries were deleted (truncation)" in err


def test_an_emptied_table_is_reported_as_emptied(chain, capsys):
    AuditEntry.objects.all().delete()
    assert verify_audit_chain() == (0, [])
    assert kinds() == {EMPTIED}
    code, _, err = verify_command(capsys)
    assert code == 1 and "audit chain BROKEN: the audit table was emptied" in err


def test_an_edit_hidden_by_recomputing_the_later_hashes_is_reported_as_a_rewritten_chain(chain, capsys):
    AuditEntry.objects.filter(pk=chain[10].pk).update(data={"n": -1})
    recompute_from(chain[10])
    assert verify_audit_chain()[1] == []  # consistent hashes: the chain alone says intact
    assert kinds() == {RECOMPUTED}
    code, _, err = verify_command(capsys)
    assert code == 1 and "audit chain BROKEN: the chain was rewritten and its hashes recomputed" in err


def test_newest_entries_replaced_by_forged_ones_are_reported_as_a_rewritten_chain(chain):
    AuditEntry.objects.filter(pk__in=[e.pk for e in chain[-2:]]).delete()
    for _ in range(3):
        append_entry(chain[-1].at)
    assert verify_audit_chain()[1] == []
    assert kinds() == {RECOMPUTED}


def test_an_appended_entry_dated_before_entries_already_in_the_chain_is_reported_as_a_forgery(chain, capsys):
    forged = append_entry(chain[0].at - dt.timedelta(days=30))
    assert verify_audit_chain()[1] == []  # its link is valid
    assert kinds() == {BACKDATED}
    code, out, err = verify_command(capsys)
    assert code == 1 and f"entry #{forged.pk}: dated" in out
    assert "audit chain BROKEN: an entry was appended with a false date (forgery)" in err


def test_a_checkpoint_signed_by_another_key_is_reported_as_forged(chain, capsys):
    """Someone who rewrote the chain appends a checkpoint of their own to match it."""
    AuditEntry.objects.filter(pk=chain[10].pk).update(data={"n": -1})
    recompute_from(chain[10])
    head = AuditEntry.objects.order_by("-id").first()
    name, _ = parse_verifier_key(published_verifier_key())
    with open(log_path(), "a") as log:
        log.write(sign_checkpoint(Checkpoint(name, len(chain), head.hash), name, Ed25519PrivateKey.generate()))
    assert kinds() == {FORGED_CHECKPOINT, RECOMPUTED}
    code, out, _ = verify_command(capsys)
    assert code == 1 and "checkpoint 2 in the log is refused" in out


def test_a_checkpoint_whose_size_was_changed_is_reported_as_forged(chain):
    log_path().write_text(log_path().read_text().replace(f"\n{len(chain)}\n", "\n3\n", 1))
    assert kinds() == {FORGED_CHECKPOINT}


def test_a_deleted_checkpoint_log_is_reported(chain):
    log_path().unlink()
    assert kinds() == {LOG_MISSING}


def test_a_rewritten_chain_is_never_anchored_by_a_later_checkpoint(chain):
    before = log_path().read_text()
    AuditEntry.objects.filter(pk=chain[10].pk).update(data={"n": -1})
    recompute_from(chain[10])
    with pytest.raises(CheckpointRefused, match="cut or rewritten"):
        write_audit_checkpoint()
    assert log_path().read_text() == before


def test_a_backdated_entry_is_never_anchored_by_a_later_checkpoint(chain):
    append_entry(chain[0].at - dt.timedelta(days=30))
    with pytest.raises(CheckpointRefused, match="false date"):
        write_audit_checkpoint()


def test_new_checkpoints_are_appended_and_earlier_ones_left_as_they_were(chain, applicant, capsys):
    first = log_path().read_text()
    assert write_audit_checkpoint() is None  # nothing new: nothing written
    record_audit_event("case.withdraw", actor=applicant)
    assert write_audit_checkpoint().size == len(chain) + 1
    log = log_path().read_text()
    assert log.startswith(first) and log.count("\n\n") == 2
    code, out, _ = verify_command(capsys)
    assert code == 0 and f"2 checkpoint(s) match, the latest covering {len(chain) + 1}" in out


def test_a_checkpoint_is_enqueued_after_every_nth_entry_once_committed(applicant, settings, django_capture_on_commit_callbacks):
    settings.ASMTP_AUDIT_CHECKPOINT_EVERY = 5
    with django_capture_on_commit_callbacks(execute=True):
        first = record_audit_event("case.submit", actor=applicant)
        for _ in range(9):
            record_audit_event("case.submit", actor=applicant)
    jobs = DBTaskResult.objects.filter(task_path="asmtp.audit.tasks.write_audit_checkpoint").count()
    multiples = len([pk for pk in range(first.pk, first.pk + 10) if pk % 5 == 0])
    assert jobs == multiples == 2


def test_the_latest_checkpoint_and_its_key_are_published_as_plain_text(chain, applicant):
    client = Client()
    record_audit_event("case.withdraw", actor=applicant)
    write_audit_checkpoint()
    note = client.get("/audit/checkpoint")
    vkey = client.get("/audit/checkpoint-key")
    assert note["Content-Type"] == vkey["Content-Type"] == "text/plain; charset=utf-8"
    name, public_key = parse_verifier_key(vkey.content.decode())
    head = AuditEntry.objects.order_by("-id").first()
    assert open_checkpoint(note.content.decode(), name, public_key) == Checkpoint(name, len(chain) + 1, head.hash)


def test_nothing_is_published_before_the_first_checkpoint(db):
    client = Client()
    assert client.get("/audit/checkpoint").status_code == 404
    assert client.get("/audit/checkpoint-key").status_code == 404


def test_a_witness_copy_catches_a_rewrite_hidden_by_replacing_the_services_own_log_and_key(chain, tmp_path, settings, capsys):
    witness_log = tmp_path / "witnessed.log"
    witness_log.write_text(log_path().read_text())
    witness_key = tmp_path / "audit.vkey"
    witness_key.write_text(published_verifier_key())
    AuditEntry.objects.filter(pk=chain[10].pk).update(data={"n": -1})
    recompute_from(chain[10])
    # The attacker also starts a new key and log, so the service's own copies agree with the rewrite.
    settings.ASMTP_AUDIT_KEYS_DIR = tmp_path / "new-key"
    settings.ASMTP_AUDIT_CHECKPOINT_LOG = tmp_path / "new.log"
    write_audit_checkpoint()
    assert main(["audit", "verify"]) == 0
    capsys.readouterr()
    assert main(["audit", "verify", "--key", str(witness_key), "--checkpoints", str(witness_log)]) == 1
    assert "the chain was rewritten" in capsys.readouterr().err


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database-level guard exists on PostgreSQL only; SQLite relies on the checkpoints")
def test_postgresql_refuses_to_truncate_the_audit_table(applicant):
    record_audit_event("account.sign_in", actor=applicant)
    # The test database switches this trigger off so Django can empty tables between tests.
    with pytest.raises(DatabaseError, match=r"append-only \(TRUNCATE refused\)"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_auditentry_no_truncate")
        cursor.execute("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.count() == 1


def test_a_backup_holds_the_checkpoints_written_before_its_database_snapshot(chain, tmp_path):
    from asmtp.operations.backup import CHECKPOINTS, create_backup

    create_backup(tmp_path / "backup", "a passphrase long enough")
    assert (tmp_path / "backup" / CHECKPOINTS).read_text() == log_path().read_text()


def test_the_latest_checkpoint_is_read_from_the_end_of_a_long_log():
    from asmtp.audit.checkpoints import latest_checkpoint_note

    key = Ed25519PrivateKey.generate()
    notes = [sign_checkpoint(Checkpoint("h/audit-chain", size, "ab" * 32), "h/audit-chain", key) for size in range(0, 20000, 100)]
    log_path().parent.mkdir(parents=True)
    log_path().write_text("".join(notes))
    assert latest_checkpoint_note() == notes[-1]


@pytest.fixture
def object_store(settings, tmp_path):
    """The copies' storage as production configures it (ASMTP_AUDIT_CHECKPOINT_STORAGE_BACKEND),
    with Django's file-system backend on a second folder standing for the object store."""
    settings.STORAGES = {**settings.STORAGES, "audit_checkpoints": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "store")}}}
    return tmp_path / "store"


def test_each_checkpoint_is_also_kept_as_its_own_object_never_overwritten(object_store, chain, applicant):
    first = (object_store / f"{len(chain):016d}.note").read_text()
    record_audit_event("case.claim", actor=applicant, object_type="application", object_id=1)
    write_audit_checkpoint()

    assert sorted(path.name for path in object_store.iterdir()) == [f"{len(chain):016d}.note", f"{len(chain) + 1:016d}.note"]
    assert (object_store / f"{len(chain):016d}.note").read_text() == first
    assert log_path().read_text().endswith((object_store / f"{len(chain) + 1:016d}.note").read_text())


def test_the_stored_copies_catch_a_rewrite_hidden_by_replacing_the_log_on_the_servers_disk(object_store, chain, capsys):
    AuditEntry.objects.filter(pk=chain[10].pk).update(data={"n": -1})
    recompute_from(chain[10])
    # Someone with the server's disk (and so the key) starts the log again, anchoring the rewrite.
    log_path().unlink()
    write_audit_checkpoint()
    assert main(["audit", "verify", "--checkpoints", str(log_path())]) == 0  # the local log alone agrees
    capsys.readouterr()

    assert kinds() == {RECOMPUTED}
    code, _, err = verify_command(capsys)
    assert code == 1 and "the chain was rewritten" in err


def test_a_store_that_fails_loses_no_checkpoint(settings, applicant, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "audit_checkpoints": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": "/proc/refused"}}}
    record_audit_event("case.submit", actor=applicant, object_type="application", object_id=1)

    checkpoint = write_audit_checkpoint()

    assert checkpoint is not None and checkpoint.size == AuditEntry.objects.count()
    assert open_checkpoints(log_path().read_text(), published_verifier_key())[0][-1] == checkpoint
