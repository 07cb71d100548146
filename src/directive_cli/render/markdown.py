"""Markdown table of assignments, for notes and pull requests."""

from __future__ import annotations

from ..status import Assignment
from .common import columns, count_line


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(items: list[Assignment], title: str, days: str = "overdue") -> str:
    lines = [f"## {title}", ""]
    if not items:
        return "\n".join([*lines, "Không có nhiệm vụ nào.", ""])
    cols = columns(days)
    lines.append("| STT | " + " | ".join(h for h, _ in cols) + " |")
    lines.append("|---:|" + "|".join("---" for _ in cols) + "|")
    for i, a in enumerate(items, 1):
        lines.append(f"| {i} | " + " | ".join(cell(fn(a)) for _, fn in cols) + " |")
    lines += ["", count_line(items), ""]
    return "\n".join(lines)
