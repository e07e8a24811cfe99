"""Fail on any import cycle between two modules of src/asmtp (module- and function-level imports alike).

    python scripts/check_import_cycles.py        (run by ./dev lint)

import-linter's contracts (pyproject.toml) keep packages in order; this keeps every module in
order too: a module may never, however indirectly, import a module that imports it. A package's
__init__ importing its own submodules is not counted.
"""

from __future__ import annotations

import sys

import grimp


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def edges(module: str) -> set[str]:
        # An __init__ importing its own submodules, or a submodule its package, is packaging, not a cycle.
        return {m for m in graph.find_modules_directly_imported_by(module)
                if not m.startswith(module + ".") and not module.startswith(m + ".")}

    def visit(root: str) -> None:
        work = [(root, iter(sorted(edges(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges(child)))))
                elif child in on_stack:
                    low[module] = min(low[module], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == module:
                        break
                if len(component) > 1:
                    found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def main() -> int:
    found = cycles(grimp.build_graph("asmtp", cache_dir=None))
    for component in found:
        print("import cycle: " + " <-> ".join(component))
    print(f"{len(found)} import cycle(s) between the modules of asmtp")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
