"""`asmtp simulate`: re-assess a population under a baseline and a reform, print what flips.

No Django here. Bad input (a missing file, wrong columns, an unknown edition, a bad reform
key) is one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

OUTPUT_SUFFIXES = (".csv", ".parquet", ".json")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _rows(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        value = 0
    if value < 1_000:
        raise argparse.ArgumentTypeError(f"--chunk-rows must be a whole number of at least 1,000, got {text!r}")
    return value


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "simulate",
        help="re-assess a population under a baseline and a reform and show the flips",
        description=(
            "Re-assess every application of a population file under a baseline edition and a reform "
            "(another edition, or a YAML file of parameter changes), then print outcome counts and flips "
            "(eligible->refer, ...) by industry, Talent List segment, salary band and province. "
            "A reform file overrides named policy parameters, the Talent List or wage benchmarks; see "
            "asmtp/population/examples/raise-salary-exemption.yaml."
        ),
    )
    parser.add_argument("--population", type=Path, required=True, help="population file (Parquet), e.g. from `asmtp population generate`")
    parser.add_argument("--baseline", required=True, metavar="EDITION", help="edition to compare against, e.g. direct")
    parser.add_argument("--reform", required=True, metavar="EDITION|PARAMS.yaml", help="another edition, or a reform file")
    parser.add_argument("--as-of", type=_date, help="assess everything on this date (default: each submission date)")
    parser.add_argument("--out", type=Path, help="also write the table: .csv, .parquet, or .json (the whole result)")
    parser.add_argument("--chunk-rows", type=_rows, default=None, help="applications per chunk (default 250,000)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(func=run)


def _fail(message: str, status: int = 2) -> int:
    print(f"asmtp simulate: {message}", file=sys.stderr)
    return status


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from asmtp.population import SimulationInputError, run_simulation
    from asmtp.population.simulation.runner import DEFAULT_CHUNK_ROWS

    out: Path | None = args.out
    if out is not None and out.suffix.lower() not in OUTPUT_SUFFIXES:
        return _fail(f"--out must end in {', '.join(OUTPUT_SUFFIXES)}; got {out.name!r}")
    if out is not None and not out.parent.is_dir():
        return _fail(f"cannot write {out}: directory {out.parent} does not exist")

    with tqdm(total=0, unit="app", unit_scale=True, file=sys.stderr, desc="re-assessing",
              disable=True if args.quiet else None) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            result = run_simulation(
                args.population, args.baseline, args.reform, as_of=args.as_of, progress=progress,
                chunk_rows=args.chunk_rows or DEFAULT_CHUNK_ROWS,
            )
        except SimulationInputError as exc:
            bar.close()
            return _fail(str(exc))

    print(result.render())
    if out is not None:
        try:
            _write(result, out)
        except OSError as exc:
            return _fail(f"cannot write {out}: {exc.strerror or exc}", status=1)
        print(f"\nwrote {out}")
    return 0


def _write(result: Any, out: Path) -> None:
    suffix = out.suffix.lower()
    if suffix == ".csv":
        result.table.write_csv(out)
    elif suffix == ".parquet":
        result.table.write_parquet(out)
    else:
        out.write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
