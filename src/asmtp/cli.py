"""The `asmtp` command line.

Each sub-command lives in its own module under ``asmtp.commands``; the module exposes
``register(subparsers)`` which adds its parser and sets ``func`` to a callable taking the
parsed arguments and returning an exit status. Modules are imported lazily so that
``asmtp assess`` starts without loading Django.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Sub-command name -> module under asmtp.commands. One line per command keeps the
# registry obvious and lets each area own its module without touching the others.
COMMANDS: dict[str, str] = {
    "demo": "serve",
    "serve": "serve",
    "worker": "serve",
    "scheduler": "scheduler",
    "backup": "backup",
    "restore": "backup",
    "manage": "manage",
    "assess": "assess",
    "policy": "policy",
    "population": "population",
    "simulate": "simulate",
    "evisa": "evisa",
    "audit": "audit",
    "privacy": "privacy",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asmtp",
        description="Admission Scheme for Mainland Talents and Professionals: service, engine and tools.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    registered: set[str] = set()
    for module_name in dict.fromkeys(COMMANDS.values()):
        try:
            module = importlib.import_module(f"asmtp.commands.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"asmtp.commands.{module_name}":
                raise
            continue
        module.register(sub)
        registered.add(module_name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        sys.stderr.close()
        return 0
    except Exception as exc:
        # A refused configuration is the operator's to fix, not a crash: say what, not where.
        if type(exc).__name__ == "ImproperlyConfigured":
            print(f"asmtp: configuration error: {exc}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    raise SystemExit(main())
