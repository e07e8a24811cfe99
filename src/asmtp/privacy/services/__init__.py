"""Personal data under the Personal Data (Privacy) Ordinance (Cap. 486): access, correction, retention.

Access (DPP6, s.18-19). `export_personal_data(user)` builds a ZIP of `data.json` (everything the
service holds on the person) and `documents/` (the files they uploaded). From the portal the
export runs as a job and the person downloads it, signed in, from a link that expires after
`EXPORT_DAYS`; staff answer a request received on paper with `asmtp privacy export --email`.

What the export leaves out, and why (a careful reading of the Ordinance, not a blanket rule):
- Officers' internal notes (`CaseNote`). An officer's opinion about a person is that person's
  data, so notes are not withheld wholesale. But a note may record suspected fraud or an
  enquiry whose disclosure would prejudice the prevention or detection of crime or of unlawful
  conduct (s.58(1)(a), (d)), and that is judged note by note. The automatic export therefore
  says how many notes are held and that the Data Protection Officer reviews them within the
  40-day limit (s.19(1)); `asmtp privacy export --include-notes` then produces the full copy.
- The identities of the officers who handled a case (third parties, s.20(1)(b)): the history
  names their role only.
- The password hash, session keys, one-time-password secrets: not personal data about the
  person in any useful sense, and a security risk in a file that may be mailed around.

Correction (DPP2(1), s.22-23). `correct_personal_data(...)` lets an officer correct one detail
of a submitted case, with a reason code. The old and new values are kept on a
`PersonalDataCorrection` row; the audit entry holds their salted SHA-256 digests, the field,
the reason and the row's id. The audit log is permanent and hash-chained, so personal values
written into it could never be erased; digests can be checked against the row while it exists
and mean nothing once the retention job has erased the row's values and salt. An open case
with a recorded assessment gets a re-assessment flag (the workbench's `PolicyFlag`, keyed
`correction:<id>`), which the officer's next recorded assessment settles.

Retention (DPP2(2), s.26). `erase_expired_personal_data(today)` erases the personal data of
cases closed longer ago than the periods in the policy data (`retention.*`), keeping the
case's skeleton for statistics and the audit log untouched (its entries hold ids, references
and digests, never personal values), and appends one `privacy.erased` entry per case.

The three parts are the modules `access`, `corrections` and `retention`; import them from here.
"""

from asmtp.privacy.services.access import (
    EXPORT_DAYS,
    build_requested_export,
    data_access_requests,
    export_for_download,
    export_personal_data,
    personal_data,
    purge_expired_exports,
    record_export_request,
)
from asmtp.privacy.services.corrections import correct_personal_data, verify_correction
from asmtp.privacy.services.retention import (
    ERASED_MARK,
    erase_expired_personal_data,
    purge_expired_idempotency_records,
    retention_candidates,
)

__all__ = [
    "ERASED_MARK",
    "EXPORT_DAYS",
    "build_requested_export",
    "correct_personal_data",
    "data_access_requests",
    "erase_expired_personal_data",
    "export_for_download",
    "export_personal_data",
    "personal_data",
    "purge_expired_exports",
    "purge_expired_idempotency_records",
    "record_export_request",
    "retention_candidates",
    "verify_correction",
]
