"""``python -m benchmarks NAME [ARGS...]``: run ``benchmarks/NAME_bench.py``; no NAME lists them.

A benchmark's ``main`` may take the argument list or read ``sys.argv`` itself; both work.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path


def available() -> list[str]:
    return sorted(path.name.removesuffix("_bench.py") for path in Path(__file__).parent.glob("*_bench.py"))


def main(argv: list[str]) -> int:
    names = available()
    if not argv or argv[0] in {"-h", "--help"}:
        print("usage: python -m benchmarks NAME [ARGS...]\navailable: " + ", ".join(names))
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name not in names:
        print(f"unknown benchmark {name!r}; available: {', '.join(names)}", file=sys.stderr)
        return 2
    module = importlib.import_module(f"benchmarks.{name}_bench")
    sys.argv = [f"benchmarks/{name}_bench.py", *rest]
    status = module.main(rest) if inspect.signature(module.main).parameters else module.main()
    return int(status or 0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
