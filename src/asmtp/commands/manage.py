"""`asmtp manage ...`: Django's manage.py, for administrators (migrate, createsuperuser, check)."""

from __future__ import annotations

import argparse
import os
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("manage", help="run a Django management command (e.g. `asmtp manage check --deploy`)")
    parser.add_argument("arguments", nargs=argparse.REMAINDER)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asmtp.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["asmtp manage", *args.arguments])
    return 0
