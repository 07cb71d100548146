"""Imports flow one way: no module of the package imports, even lazily, one that imports it back.

The imports are read from the source with `ast`, at every depth (inside functions and
TYPE_CHECKING blocks too), so that a cycle hidden behind a function-level import fails here.
docs/architecture.md draws the layers these edges must keep to.
"""

from __future__ import annotations

import ast
from pathlib import Path

import directive_cli

PACKAGE = Path(directive_cli.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that `path` imports, anywhere in it."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")
                up = up[: len(up) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            # `from . import cache` imports the module cache, not only the package
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        found |= {name for name in names if name in modules}
    found.discard(here)
    return found


def graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports(p, modules) for p in paths}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each module that is on one, as the chain of its imports."""
    found, done = [], set()
    for start in sorted(edges):
        stack, seen = [(start, [start])], {start}
        while stack:
            node, chain = stack.pop()
            for nxt in sorted(edges[node]):
                if nxt == start:
                    found.append([*chain, start])
                    stack = []
                    break
                if nxt not in seen and nxt not in done:
                    seen.add(nxt)
                    stack.append((nxt, [*chain, nxt]))
        done.add(start)
    return found


def test_the_graph_is_read():
    edges = graph()
    assert "directive_cli.plans" in edges["directive_cli.status"]
    assert "directive_cli.loading.cache" in edges["directive_cli.loading.load"]
    # a function-level import counts too
    assert "directive_cli.loading.load" in edges["directive_cli.context"]


def test_no_import_cycle():
    assert cycles(graph()) == []


def test_a_cycle_is_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
