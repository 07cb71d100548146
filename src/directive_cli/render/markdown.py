"""Markdown table of assignments, for notes and pull requests."""

from __future__ import annotations

from ..status import Assignment
from .common import COLUMNS, count_line


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(items: list[Assignment], title: str) -> str:
    lines = [f"## {title}", ""]
    lines.append("| STT | " + " | ".join(h for h, _ in COLUMNS) + " |")
    lines.append("|---:|" + "|".join("---" for _ in COLUMNS) + "|")
    for i, a in enumerate(items, 1):
        lines.append(f"| {i} | " + " | ".join(_cell(fn(a)) for _, fn in COLUMNS) + " |")
    lines += ["", count_line(items), ""]
    return "\n".join(lines)
