"""The summary table on the terminal, and as plain text for --out (textgrid, as the listings:
rich took ~0.2 s to lay out a table of 112 agencies)."""

from __future__ import annotations

from ..summary import Summary
from . import textgrid
from .summary_common import COLUMNS, STT, cells_text, name_heading, notes
from .textgrid import Column


def render(summary: Summary, heading: list[str], width: int = 160, colour: bool = False) -> str:
    """`heading`: the title lines (title, sub-title, date) printed above the table."""
    # Narrow count columns with wrapped, centred headings: the whole table fits 160 columns; on
    # a narrower terminal the names wrap sooner (down to 12 columns).
    longest = max((len(r.name) for r in summary.rows), default=10)
    fixed = max(len(STT), len(str(len(summary.rows)))) + 8 * len(COLUMNS)
    room = width - fixed - 3 * (len(COLUMNS) + 2) - 1  # "│ " before each cell, " │" at the end
    columns = [
        Column(STT, right=True, shrink=False, center=True),
        Column(name_heading(summary.by), width=max(12, min(longest, 40, room)), center=True),
    ]
    for col in COLUMNS:
        label = f"{col.group}: {col.label.lower()}" if col.group else col.label
        columns.append(Column(f"{label} ({col.short})", right=True, width=8, center=True))
    rows = [[str(i), row.name, *cells_text(row)] for i, row in enumerate(summary.rows, 1)]
    rows.append(["", summary.total.name, *cells_text(summary.total)])
    styles: list[str | None] = [None] * (len(rows) - 1) + ["bold"]
    title = "\n".join(heading)
    text = textgrid.render(
        title, columns, rows, width, styles, colour, rules=False, rule_before=len(rows) - 1
    )
    lines = [f"- {line}" for line in notes(summary)]
    overdue = summary.total.counts.overdue  # the table does not list them (tally list_overdue)
    if overdue:
        lines.append(
            f"Chi tiết {overdue} nhiệm vụ quá hạn: dtrack overdue "
            "(hoặc --format xlsx/html/md của lệnh này)."
        )
    return text + "".join(f"{textgrid.fill(line, width, indent='  ')}\n" for line in lines)
