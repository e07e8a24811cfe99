"""`asmtp audit verify`: check the hash chain of the audit log end to end."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("audit", help="audit log tools")
    actions = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="find any edited, deleted, inserted or reordered audit entry")
    verify.set_defaults(func=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asmtp.settings")
    import django

    django.setup()
    from asmtp.services.audit import verify_audit_chain

    count, problems = verify_audit_chain()
    for problem in problems:
        print(f"entry #{problem.entry_id} (position {problem.position + 1}): {problem.problem}")
    if problems:
        print(f"audit chain BROKEN: {len(problems)} problem(s) in {count} entries", file=sys.stderr)
        return 1
    print(f"audit chain intact: {count} entries verified")
    return 0
