"""`asmtp population generate`: write a synthetic population calibrated to published figures.

No Django here: the command is plain numpy/polars and starts in well under a second.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

MAX_SIZE = 100_000_000


def _size(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--size must be a whole number, got {text!r}") from None
    if not 0 < value <= MAX_SIZE:
        raise argparse.ArgumentTypeError(f"--size must be between 1 and {MAX_SIZE:,}, got {value:,}")
    return value


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--tp-share must be a number from 0 to 1, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"--tp-share must be from 0 to 1, got {value}")
    return value


def register(sub: Any) -> None:
    parser = sub.add_parser("population", help="synthetic ASMTP populations for policy simulation")
    actions = parser.add_subparsers(dest="population_action", metavar="ACTION")
    generate = actions.add_parser(
        "generate",
        help="write a synthetic population (Parquet) calibrated to published figures",
        description=(
            "Write N synthetic applications, one row each with their dependants nested, calibrated to the "
            "figures in asmtp/population/calibration.yaml. The same size and seed give the same file."
        ),
    )
    generate.add_argument("--size", type=_size, required=True, help="number of applications")
    generate.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    generate.add_argument("--out", type=Path, required=True, help="output file, e.g. population.parquet")
    generate.add_argument(
        "--tp-share", type=_share, default=0.0,
        help="share (0 to 1) of the job offers made while the Technical Professionals stream is open that apply in it (default 0)",
    )
    generate.add_argument("--quiet", action="store_true", help="no progress bar")
    generate.set_defaults(func=run_generate)

    def _help(_: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2

    parser.set_defaults(func=_help)


def run_generate(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from asmtp.population import generate_to_file

    out: Path = args.out
    if not out.parent.is_dir():
        print(f"asmtp population generate: cannot write {out}: directory {out.parent} does not exist", file=sys.stderr)
        return 2
    if out.is_dir():
        print(f"asmtp population generate: cannot write {out}: it is a directory", file=sys.stderr)
        return 2
    started = time.perf_counter()
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        with tqdm(total=args.size, unit="app", unit_scale=True, file=sys.stderr,
                  disable=True if args.quiet else None, desc="generating") as bar:
            summary = generate_to_file(args.size, args.seed, partial, on_chunk=bar.update, tp_share=args.tp_share)
        partial.replace(out)
    except OSError as exc:
        print(f"asmtp population generate: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    finally:
        partial.unlink(missing_ok=True)
    elapsed = time.perf_counter() - started
    print(
        f"wrote {summary.applications:,} applications and {summary.dependants:,} dependants "
        f"(seed {args.seed}) to {out} in {elapsed:.1f} s ({out.stat().st_size / 1e6:.1f} MB)"
    )
    return 0
