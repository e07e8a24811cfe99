"""`asmtp audit verify`: check the audit log's hash chain end to end and against its signed
checkpoints; `asmtp audit checkpoint`: write a checkpoint now (ADR 0004)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("audit", help="audit log tools")
    actions = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = actions.add_parser(
        "verify",
        help="check the audit chain end to end and against every signed checkpoint",
        description="Find any edited, deleted, inserted, reordered or backdated audit entry, a truncated or "
        "emptied table, a rewritten chain and a forged checkpoint. Exit status 0: intact; 1: not.",
    )
    verify.add_argument("--key", help="the checkpoint verifier key (vkey text, or a file holding it) a witness kept; "
                        "default: the service's own")
    verify.add_argument("--checkpoints", type=Path, help="a checkpoint log a witness kept; default: the service's own")
    verify.set_defaults(func=run_verify)
    checkpoint = actions.add_parser("checkpoint", help="sign and append a checkpoint of the audit chain now")
    checkpoint.set_defaults(func=run_checkpoint)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asmtp.settings")
    import django

    django.setup()


def run_verify(args: argparse.Namespace) -> int:
    _setup()
    from asmtp.audit.checkpoints import verify_anchored_audit_chain

    key = args.key
    if key and Path(key).is_file():
        key = Path(key).read_text().strip()
    report = verify_anchored_audit_chain(vkey=key, checkpoint_log=args.checkpoints)
    for finding in report.findings:
        where = f"entry #{finding.entry_id}: " if finding.entry_id is not None else ""
        print(f"{where}{finding.message}")
    if not report.intact:
        print(f"audit chain BROKEN: {report.summary()}", file=sys.stderr)
        return 1
    if not report.checkpoints:
        print(f"audit chain intact: {report.entries} entries verified, but not anchored: no signed checkpoint yet "
              "(`asmtp audit checkpoint` writes one)")
        return 0
    print(f"audit chain intact: {report.entries} entries verified; {report.checkpoints} checkpoint(s) match, "
          f"the latest covering {report.anchored} ({report.entries - report.anchored} newer entries not yet anchored)")
    return 0


def run_checkpoint(args: argparse.Namespace) -> int:
    _setup()
    from asmtp.audit.checkpoints import CheckpointRefused, write_audit_checkpoint

    try:
        checkpoint = write_audit_checkpoint()
    except CheckpointRefused as refusal:
        print(f"checkpoint REFUSED: {refusal}", file=sys.stderr)
        return 1
    print("no new entries since the last checkpoint" if checkpoint is None else f"checkpoint written: {checkpoint.size} entries")
    return 0
