"""What the case core announces, for the areas that act on it (Django signals, sent synchronously
inside the transaction that made the change, so a receiver's writes commit or roll back with it).

- `case_action_performed`: a case took an action through the state machine
  (`asmtp.cases.services.perform_action`), with its `CaseEvent` and audit entry already written.
  Receivers: payments bills the application fee on submission and the issuance fee on approval,
  and refuses to issue e-Visas without a paid bill (`asmtp.payments.receivers`: a receiver may
  refuse a step by raising `TransitionRefused`, and the whole step rolls back); the workbench
  queues the rules' run on submission and on each answer (`asmtp.workbench.receivers`).
- `letter_issued`: a new letter was written (`asmtp.cases.letters.issue_letter`). Receiver: the
  workbench queues its e-mail; the job table is the outbox, so a letter that commits is e-mailed
  even if the process dies right after the commit.

- Personal data held on a case beyond the core's own tables (PDPO; `asmtp.privacy`):
  `personal_data_exported` asks each area for its part of a data-access export (each receiver
  returns a dict of sections); `personal_data_erased` tells each area to erase what it holds on a
  case past retention; `personal_data_corrected` tells each area an officer corrected a detail
  (each receiver returns a dict of what it did, for the audit entry). Receivers: the e-Visas
  (`asmtp.evisa.receivers`) and the workbench's re-assessment flag (`asmtp.workbench.receivers`).

The core never imports the areas that receive: the areas import the core.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.dispatch import Signal

# kwargs: case (Application), action (domain Action), user (or None), now (datetime)
case_action_performed = Signal()
# kwargs: letter (Letter)
letter_issued = Signal()
# kwargs: case (Application); each receiver returns {section name: JSON-ready value}
personal_data_exported = Signal()
# kwargs: case (Application), today (date)
personal_data_erased = Signal()
# kwargs: case (Application), correction (PersonalDataCorrection), engine (callable or None);
# each receiver returns {audit key: value}
personal_data_corrected = Signal()


def gathered(responses: Iterable[tuple[object, object]]) -> dict[str, Any]:
    """The receivers' dicts of one `send`, merged (a receiver that returns None adds nothing)."""
    merged: dict[str, Any] = {}
    for _receiver, response in responses:
        if isinstance(response, dict):
            merged.update(response)
    return merged


def iso(value: Any) -> Any:
    """A date or time as ISO 8601 text, anything else as it is: the personal-data answers are JSON."""
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value
