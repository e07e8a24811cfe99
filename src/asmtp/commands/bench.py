"""`asmtp bench [NAME [ARGS...]]`: the benchmarks in the repository's benchmarks/ folder.

The same dispatcher as ``python -m benchmarks``: no name (or ``all``) runs every benchmark,
``--list`` lists them, a name runs that one with its own arguments. The benchmarks live
beside the source, not in the installed package, so this works from a checkout.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

CHECKOUT = Path(__file__).resolve().parents[3]


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "bench",
        help="run the benchmarks (all, or one by name) and print what they measure",
        description="Run benchmarks/NAME_bench.py; with no NAME, every benchmark in turn. --list lists them.",
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    parser.add_argument("name", nargs="?", default="all", help="benchmark name, or 'all' (the default)")
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="arguments for that benchmark")
    parser.set_defaults(func=run_bench)


def run_bench(args: argparse.Namespace) -> int:
    if not (CHECKOUT / "benchmarks" / "__main__.py").is_file():
        print(f"asmtp bench: the benchmarks are in the source checkout, not found at {CHECKOUT / 'benchmarks'}", file=sys.stderr)
        return 2
    # Child processes the benchmarks start (`python -m benchmarks ...`) must find them too.
    os.chdir(CHECKOUT)
    sys.path.insert(0, str(CHECKOUT))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CHECKOUT), os.environ.get("PYTHONPATH", "")]))
    from benchmarks.__main__ import main

    return main(["--list"] if args.list else [args.name, *args.rest])
