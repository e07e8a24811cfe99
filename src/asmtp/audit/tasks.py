"""Background jobs of the audit log. Each is safe to run twice."""

from __future__ import annotations

from django_tasks import task

from asmtp.audit.checkpoints import write_audit_checkpoint as write


@task()
def write_audit_checkpoint() -> int | None:
    """Sign and append a checkpoint of the audit chain (ADR 0004): on a schedule, and after every
    ASMTP_AUDIT_CHECKPOINT_EVERY entries. Returns the size checkpointed, or None if the chain has
    not grown; fails (and logs why) if the chain no longer extends the last checkpoint."""
    checkpoint = write()
    return checkpoint.size if checkpoint else None
