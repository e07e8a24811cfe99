"""`asmtp privacy export|correct|retention`: personal-data requests handled by staff, and the retention job.

    asmtp privacy export --email li.wei@example.cn --output li-wei.zip [--by dpo@immd.example.hk] [--include-notes]
    asmtp privacy correct --case ASMTP-2026-000123 --field name_en --value "LI Wei" --reason applicant_request --officer officer@immd.example.hk
    asmtp privacy retention [--today 2033-01-31] [--enqueue]

`retention` erases the personal data of closed cases past the retention periods in the policy
data and deletes expired export files; `asmtp scheduler` enqueues the same job daily, so run it
by hand only to catch up or with `--today` to rehearse. With `--enqueue` it only queues the work
for the job workers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("privacy", help="personal data: exports, corrections, retention (PDPO)")
    actions = parser.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)

    export = actions.add_parser(
        "export", help="write a data-access export (ZIP) for a request received on paper"
    )
    export.add_argument("--email", required=True, help="the person's account e-mail address")
    export.add_argument("--output", "-o", required=True, help="the ZIP file to write")
    export.add_argument(
        "--by", default="", help="e-mail address of the staff member answering the request (audited)"
    )
    export.add_argument(
        "--include-notes",
        action="store_true",
        help="include officers' internal notes (after the Data Protection Officer's review)",
    )
    export.set_defaults(func=run_export)

    correct = actions.add_parser("correct", help="correct one personal detail of a case (audited)")
    correct.add_argument("--case", required=True, help="the case reference (ASMTP-YYYY-NNNNNN)")
    correct.add_argument(
        "--field",
        required=True,
        help="name_en, name_zh, sex, date_of_birth, mainland_id_number or travel_document_number",
    )
    correct.add_argument("--value", required=True, help="the correct value")
    correct.add_argument(
        "--reason",
        required=True,
        help="applicant_request, document_evidence, data_entry_error or identity_verified",
    )
    correct.add_argument(
        "--note",
        default="",
        help="what the correction rests on (kept with the correction, erased with the case)",
    )
    correct.add_argument(
        "--officer", required=True, help="e-mail address of the officer making the correction"
    )
    correct.add_argument(
        "--dependant",
        type=int,
        default=None,
        help="the family member's position on the case (0, 1, ...); default: the applicant",
    )
    correct.set_defaults(func=run_correct)

    retention = actions.add_parser(
        "retention", help="erase personal data of closed cases past the retention period"
    )
    retention.add_argument(
        "--today", type=dt.date.fromisoformat, default=None, help="run as of this date (YYYY-MM-DD)"
    )
    retention.add_argument(
        "--enqueue", action="store_true", help="queue the work for the job workers instead"
    )
    retention.set_defaults(func=run_retention)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asmtp.settings")
    import django

    django.setup()


def _fail(message: str) -> int:
    print(f"asmtp privacy: {message}", file=sys.stderr)
    return 2


def run_export(args: argparse.Namespace) -> int:
    _setup()
    from asmtp.accounts.models import User
    from asmtp.privacy.services import export_personal_data

    person = User.objects.filter(email__iexact=args.email.strip()).first()
    if person is None:
        return _fail(f"no account with the e-mail address {args.email}")
    staff = User.objects.filter(email__iexact=args.by.strip()).first() if args.by else None
    if args.by and staff is None:
        return _fail(f"no account with the e-mail address {args.by}")
    content = export_personal_data(person, actor=staff, channel="paper", include_notes=args.include_notes)
    Path(args.output).write_bytes(content)
    print(f"wrote {args.output} ({len(content):,} bytes) for {person.email}")
    return 0


def run_correct(args: argparse.Namespace) -> int:
    _setup()
    from asmtp.accounts.models import User
    from asmtp.cases.models import Application
    from asmtp.privacy.errors import PrivacyError
    from asmtp.privacy.services import correct_personal_data

    officer = User.objects.filter(email__iexact=args.officer.strip()).first()
    case = Application.objects.filter(reference=args.case.strip()).first()
    if officer is None:
        return _fail(f"no account with the e-mail address {args.officer}")
    if case is None:
        return _fail(f"no case {args.case}")
    dependant_id = None
    if args.dependant is not None:
        dependant_id = case.dependants.filter(position=args.dependant).values_list("pk", flat=True).first()
        if dependant_id is None:
            return _fail(f"case {args.case} has no family member at position {args.dependant}")
    try:
        correction = correct_personal_data(
            case.pk,
            officer,
            field=args.field,
            value=args.value,
            reason=args.reason,
            note=args.note,
            dependant_id=dependant_id,
        )
    except PrivacyError as error:
        return _fail(f"{error.code}: {error.message}")
    print(f"corrected {correction.field} of {correction.person} on {args.case} (correction #{correction.pk})")
    return 0


def run_retention(args: argparse.Namespace) -> int:
    _setup()
    if args.enqueue:
        from asmtp.privacy.tasks import apply_retention

        apply_retention.enqueue()
        print("retention job queued")
        return 0
    from asmtp.privacy.services import (
        erase_expired_personal_data,
        purge_expired_exports,
        purge_expired_idempotency_records,
    )
    from asmtp.security.sessions import delete_expired_sessions

    purged = purge_expired_exports()
    erased = erase_expired_personal_data(args.today)
    sessions = delete_expired_sessions()
    keys = purge_expired_idempotency_records()
    print(f"erased personal data of {len(erased)} case(s); removed {purged} expired export file(s) "
          f"and {sessions} expired session(s); forgot {keys} expired Idempotency-Key record(s)")
    for reference in erased:
        print(f"  {reference}")
    return 0
