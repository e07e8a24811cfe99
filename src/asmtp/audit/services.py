"""Writing the hash-chained audit log. Every security-relevant action and case transition calls
`record_audit_event` inside the transaction that makes the change."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from asmtp.audit.models import AuditEntry
from asmtp.audit.signals import checkpoint_due
from asmtp.domain.audit_chain import GENESIS, ChainProblem, entry_hash, verify_chain

# One writer at a time extends the chain: PostgreSQL serialises on an advisory lock; SQLite's
# IMMEDIATE transactions already hold the database write lock.
_CHAIN_LOCK_KEY = 7_461_207


def audit_content(entry: AuditEntry) -> dict[str, Any]:
    """The fields an entry's hash covers, in the form both writer and verifier use."""
    return {
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "data": entry.data,
    }


def record_audit_event(
    action: str,
    *,
    actor: Any = None,
    object_type: str = "",
    object_id: object = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit chain (in the caller's transaction, or its own).

    No savepoint of its own: an entry that cannot be written must undo the change it records, so
    a failure here fails the caller's whole transaction (and saves two statements per entry)."""
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        last = _chain_head()
        entry = AuditEntry(
            at=timezone.now().replace(microsecond=0),
            actor_id=getattr(actor, "pk", None),
            actor_label=str(getattr(actor, "email", "") or ("system" if actor is None else actor)),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            data=data or {},
            prev_hash=last or GENESIS,
        )
        entry.hash = entry_hash(entry.prev_hash, audit_content(entry))
        entry.save(force_insert=True)
        every = settings.ASMTP_AUDIT_CHECKPOINT_EVERY
        if every and entry.pk % every == 0:
            # Every Nth id, not an exact count: a rolled-back entry's id is skipped, and the
            # scheduled checkpoint covers whatever this misses (ADR 0004).
            entry_id = entry.pk
            transaction.on_commit(lambda: checkpoint_due.send(sender=AuditEntry, entry_id=entry_id))
        return entry


def _chain_head() -> str | None:
    """The newest entry's hash (read while holding the chain's lock)."""
    return AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()


def verify_audit_chain(batch_size: int = 5000) -> tuple[int, list[ChainProblem]]:
    """Walk the whole audit log in order; return how many entries were read and every break found."""
    count = 0

    def rows() -> Iterator[tuple[object, dict[str, Any], str, str]]:
        nonlocal count
        for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=batch_size):
            count += 1
            yield entry.pk, audit_content(entry), entry.prev_hash, entry.hash

    problems = verify_chain(rows())
    return count, problems
