"""The audit log is a hash chain: any edited, deleted or reordered entry is found."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from asmtp.audit.models import AuditEntry
from asmtp.audit.services import record_audit_event, verify_audit_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def tamperable():
    """Tampering needs the table owner's rights on PostgreSQL: drop the append-only guard, as such an attacker could."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")


@pytest.fixture
def chain(applicant, tamperable):
    for i in range(30):
        record_audit_event("case.submit", actor=applicant, object_type="application", object_id=i, data={"n": i, "名": "李伟"})
    return list(AuditEntry.objects.order_by("id"))


def test_an_untouched_chain_verifies(chain):
    count, problems = verify_audit_chain()
    assert (count, problems) == (30, [])


def test_every_edited_entry_is_found(chain):
    for entry in chain:
        original = entry.data
        AuditEntry.objects.filter(pk=entry.pk).update(data={**original, "n": -1})
        _, problems = verify_audit_chain()
        assert [p.entry_id for p in problems] == [entry.pk], f"edit of #{entry.pk} not found"
        AuditEntry.objects.filter(pk=entry.pk).update(data=original)


def test_a_deleted_entry_breaks_the_chain_at_the_next_one(chain):
    AuditEntry.objects.filter(pk=chain[10].pk).delete()
    _, problems = verify_audit_chain()
    assert [p.entry_id for p in problems] == [chain[11].pk]


def test_two_swapped_entries_are_found(chain):
    a, b = chain[5], chain[6]
    fields = ["at", "actor_id", "actor_label", "action", "object_type", "object_id", "data", "prev_hash", "hash"]
    values_a = {f: getattr(a, f) for f in fields}
    values_b = {f: getattr(b, f) for f in fields}
    AuditEntry.objects.filter(pk=a.pk).update(hash="x" * 64)
    AuditEntry.objects.filter(pk=b.pk).update(**values_a)
    AuditEntry.objects.filter(pk=a.pk).update(**values_b)
    _, problems = verify_audit_chain()
    assert problems, "reordering went unnoticed"


def test_the_command_reports_a_broken_chain(chain, capsys):
    from asmtp.cli import main

    assert main(["audit", "verify"]) == 0
    AuditEntry.objects.filter(pk=chain[3].pk).update(action="case.approve")
    assert main(["audit", "verify"]) == 1
    assert f"entry #{chain[3].pk}" in capsys.readouterr().out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database-level guard exists on PostgreSQL only; SQLite relies on the hash chain")
def test_postgresql_refuses_to_update_or_delete_an_audit_entry(applicant):
    entry = record_audit_event("account.sign_in", actor=applicant)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "account.sign_in"
