"""``asmtp assess``: assess applications given as JSON Lines, one JSON result per line.

Starts without Django; ``--imported-talent-lists`` starts it to read the Talent Lists that
administrators imported into the database.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from typing import IO, Any


def iso_date(text: str) -> date:
    """An argparse type: a YYYY-MM-DD date, or a clean usage error."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "assess",
        help="assess applications (JSON Lines) against the eligibility rules",
        description=(
            "Read one application per line (JSON, fields as in rules.md) and write one result per line: "
            "the outcome, every criterion's finding with reasons in English, Traditional and Simplified "
            "Chinese, the limit of stay and the fees. A bad line gets an error record naming the field; "
            "the exit status is 1 if any line had an error."
        ),
    )
    parser.add_argument("--edition", help="assess under this edition (direct or immd); default: each line's own, else ASMTP_EDITION, else direct")
    parser.add_argument("--as-of", type=iso_date, help="assess every application at this date (default: each one's submitted_on)")
    parser.add_argument(
        "--imported-talent-lists",
        action="store_true",
        help="also use Talent Lists imported into the database (starts Django)",
    )
    parser.add_argument("file", nargs="?", default="-", help="JSON Lines file, or - for standard input (default)")
    parser.set_defaults(func=run)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asmtp.settings")
    import django

    django.setup()


def _write(out: IO[bytes], result: dict[str, Any]) -> None:
    # Bytes, so that Chinese text is written as UTF-8 whatever the terminal's locale.
    out.write(json.dumps(result, ensure_ascii=False).encode("utf-8") + b"\n")


def run(args: argparse.Namespace) -> int:
    from asmtp.cases.assessment import assess_lines

    if args.imported_talent_lists:
        _setup_django()
    try:
        # Bytes in: each line is decoded on its own, so one line that is not UTF-8 is one error.
        handle: IO[bytes] = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")  # noqa: SIM115 — closed below
    except OSError as exc:
        print(f"asmtp assess: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    failed = 0
    try:
        for result in assess_lines(handle, edition=args.edition, as_of=args.as_of):
            failed += "error" in result
            _write(sys.stdout.buffer, result)
        sys.stdout.buffer.flush()
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()
    if failed:
        print(f"asmtp assess: {failed} line(s) could not be assessed (see their error records)", file=sys.stderr)
    return 1 if failed else 0
