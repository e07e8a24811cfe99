"""What the audit app does when the chain announces something (connected in `AuditConfig.ready`)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from asmtp.audit.signals import checkpoint_due
from asmtp.audit.tasks import write_audit_checkpoint


@receiver(checkpoint_due, dispatch_uid="audit.queue_a_checkpoint")
def queue_a_checkpoint(sender: Any, **kwargs: Any) -> None:
    write_audit_checkpoint.enqueue()
