"""The summary table in Markdown, with the overdue shares behind it as a second section."""

from __future__ import annotations

from ..summary import Summary
from .common import vn_date
from .markdown import cell
from .summary_common import (
    COLUMNS,
    OVERDUE_HEADINGS,
    OVERDUE_TITLE,
    STT,
    cells_text,
    flat_heading,
    name_heading,
    notes,
    overdue_cells,
)


def _name(row) -> str:
    return row.name + (f" — V/v {row.subject}" if row.subject else "")


def render(summary: Summary, heading: list[str]) -> str:
    title, *rest = heading
    lines = [f"## {title}", "", *(f"*{line}*" for line in rest), ""]
    headings = [STT, name_heading(summary.by), *(flat_heading(c) for c in COLUMNS)]
    lines.append("| " + " | ".join(headings) + " |")
    lines.append("|---:|---|" + "|".join("---:" for _ in COLUMNS) + "|")
    for i, row in enumerate(summary.rows, 1):
        lines.append(f"| {i} | {cell(_name(row))} | " + " | ".join(cells_text(row)) + " |")
    total = summary.total
    lines.append(
        f"| | **{total.name}** | "
        + " | ".join(f"**{c}**" if c else "" for c in cells_text(total))
        + " |"
    )
    lines += ["", "Ghi chú:", *(f"- {n}" for n in notes(summary)), ""]
    lines += [f"### {OVERDUE_TITLE.capitalize()}", ""]
    if not summary.overdue:
        lines += ["Không có nhiệm vụ quá hạn.", ""]
        return "\n".join(lines)
    lines.append("| " + " | ".join(OVERDUE_HEADINGS) + " |")
    lines.append("|---:|---|---|---|---|---:|")
    for i, a in enumerate(summary.overdue, 1):
        agency, task, document, due, days = overdue_cells(a)
        cells = [agency, task, document, vn_date(due), str(days)]
        lines.append(f"| {i} | " + " | ".join(cell(c) for c in cells) + " |")
    lines.append("")
    return "\n".join(lines)
