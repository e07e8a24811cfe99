"""What the audit log announces (Django signals).

- `checkpoint_due`: the chain passed another `ASMTP_AUDIT_CHECKPOINT_EVERY` entries and the entry
  that did it has committed (ADR 0004). Receiver: `asmtp.audit.receivers` queues a signed
  checkpoint. The log's core (`asmtp.audit.services`) never imports the job that signs.
"""

from __future__ import annotations

from django.dispatch import Signal

# kwargs: entry_id (int)
checkpoint_due = Signal()
