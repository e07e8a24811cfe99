"""Check that the runtime dependencies match the imports: `python scripts/check_runtime_deps.py`.

Every third-party module that code under src/ imports (or that Django settings name, or that the
service starts with `python -m`) must come from a distribution listed directly in
`[project.dependencies]` of pyproject.toml. A package only in the `dev` extras, or installed only
because another dependency pulls it in today, fails the check: `pip install .` without extras
would crash on it (as `asmtp demo` once did on `zxingcpp`), or could once that other dependency
drops it. Exit status 1 with one line per offending import; 0 and a summary otherwise.

Import names are mapped to distributions with importlib.metadata.packages_distributions(), so the
check runs in the development virtual environment, where every dependency is installed.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
FIRST_PARTY = frozenset({"asmtp"})
# Imports that are deliberately not runtime dependencies, each with the reason.
NOT_RUNTIME: dict[str, str] = {}
# Settings name Django components as dotted strings ("whitenoise.middleware.WhiteNoiseMiddleware").
_DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")


@dataclass(frozen=True)
class Problem:
    module: str
    where: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}: imports {self.module!r}, {self.why}"


def imported_modules(path: Path) -> dict[str, int]:
    """Top-level module names a source file imports (absolute imports, any depth in the file),
    runs with `-m`, or (settings) names in dotted strings; each with its first line number."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        names: Iterable[str] = ()
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.List | ast.Tuple):
            items = [e.value if isinstance(e, ast.Constant) else None for e in node.elts]
            names = [str(items[i + 1]) for i, item in enumerate(items[:-1])
                     if item == "-m" and isinstance(items[i + 1], str)]
        elif path.name == "settings.py" and isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [node.value] if _DOTTED.match(node.value) else []
        for name in names:
            found.setdefault(name.split(".")[0], getattr(node, "lineno", 0))
    return found


def declared_distributions(pyproject: Path) -> set[str]:
    """Canonical names of the distributions `[project.dependencies]` lists (markers that do not
    apply to this interpreter leave theirs out)."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    declared = set()
    for line in project.get("dependencies", []):
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate():
            declared.add(canonicalize_name(requirement.name))
    return declared


def check(source: Path, pyproject: Path,
          distributions_of: Mapping[str, list[str]] | None = None) -> list[Problem]:
    """Every import under `source` that `[project.dependencies]` in `pyproject` does not install."""
    distributions_of = packages_distributions() if distributions_of is None else distributions_of
    declared = declared_distributions(pyproject)
    problems = []
    for path in sorted(source.rglob("*.py")):
        for module, line in imported_modules(path).items():
            if module in sys.stdlib_module_names or module in FIRST_PARTY or module in NOT_RUNTIME:
                continue
            where = f"{path.relative_to(source.parent) if source.parent in path.parents else path}:{line}"
            owners = {canonicalize_name(d) for d in distributions_of.get(module, [])}
            if not owners:
                if path.name == "settings.py":
                    continue  # a dotted string that names no module (a logger, a host name)
                problems.append(Problem(module, where, "which no installed distribution provides"))
            elif not owners & declared:
                problems.append(Problem(module, where, f"from {', '.join(sorted(owners))}, "
                                        "which [project.dependencies] does not list"))
    return problems


def main() -> int:
    problems = check(ROOT / "src", ROOT / "pyproject.toml")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} import(s) not covered by [project.dependencies] in pyproject.toml: "
              "add the distribution there (not to the dev extras).", file=sys.stderr)
        return 1
    print(f"Runtime dependencies cover every import under src/ ({len(declared_distributions(ROOT / 'pyproject.toml'))} declared).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
