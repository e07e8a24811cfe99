"""What the case core announces, for the areas that act on it (Django signals, sent synchronously
inside the transaction that made the change, so a receiver's writes commit or roll back with it).

- `case_action_performed`: a case took an action through the state machine
  (`asmtp.cases.services.perform_action`), with its `CaseEvent` and audit entry already written.
  Receivers: payments opens the application fee's bill on submission
  (`asmtp.payments.receivers`); the workbench queues the rules' run on submission and on each
  answer (`asmtp.workbench.receivers`).
- `letter_issued`: a new letter was written (`asmtp.cases.letters.issue_letter`). Receiver: the
  workbench queues its e-mail; the job table is the outbox, so a letter that commits is e-mailed
  even if the process dies right after the commit.

The core never imports the areas that receive: the areas import the core.
"""

from __future__ import annotations

from django.dispatch import Signal

# kwargs: case (Application), action (domain Action), user (or None), now (datetime)
case_action_performed = Signal()
# kwargs: letter (Letter)
letter_issued = Signal()
