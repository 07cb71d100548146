"""Print the package's module graph as a Markdown table: for each module, the modules of the
package it imports (at any depth: function-level and TYPE_CHECKING imports count), and the
imports that close a cycle. docs/architecture.md holds its output for the layout before and
after the one-way restructure.

    python docs/imports.py                         # the package in src/
    python docs/imports.py OTHER/src/directive_cli # another checkout's

The reading of the imports is tests/test_layers.py's, which fails on any cycle.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _layers_test():
    spec = importlib.util.spec_from_file_location("test_layers", ROOT / "tests" / "test_layers.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "src"))
    spec.loader.exec_module(module)
    return module


def reaches(edges: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for nxt in edges[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def main() -> None:
    layers = _layers_test()
    if len(sys.argv) > 1:
        layers.PACKAGE = Path(sys.argv[1]).resolve()
    edges = layers.graph()
    short = {m: m.removeprefix("directive_cli.") for m in edges}
    print("| module | imports | imports that close a cycle |")
    print("| --- | --- | --- |")
    for module in sorted(edges, key=lambda m: short[m]):
        package = any(m.startswith(module + ".") for m in edges)
        if module == "directive_cli" or (package and not edges[module]):
            continue  # an empty __init__.py
        names = sorted(short[m] for m in edges[module] if m != "directive_cli")
        back = sorted(short[m] for m in edges[module] if module in reaches(edges, m))
        print(f"| `{short[module]}` | {', '.join(names) or '–'} | {', '.join(back)} |")


if __name__ == "__main__":
    main()
