"""The summary table on the terminal (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..summary import Summary
from .summary_common import COLUMNS, STT, cells_text, name_heading, notes


def render(summary: Summary, heading: list[str], console: Console) -> None:
    """`heading`: the title lines (title, sub-title, date) printed above the table."""
    table = Table(
        title="\n".join(heading), header_style="bold", show_footer=False, title_style="bold"
    )
    # Narrow count columns with wrapped, centred headings: the whole table fits 160 columns.
    longest = max((len(r.name) for r in summary.rows), default=10)
    table.add_column(Text(STT, justify="center"), justify="right", no_wrap=True)
    table.add_column(
        Text(name_heading(summary.by), justify="center"),
        overflow="fold",
        width=min(max(longest, 12), 40),
    )
    for col in COLUMNS:
        label = f"{col.group}: {col.label.lower()}" if col.group else col.label
        label += f" ({col.short})"
        table.add_column(Text(label, justify="center"), justify="right", width=8)
    for i, row in enumerate(summary.rows, 1):
        table.add_row(str(i), row.name, *cells_text(row))
    table.add_section()
    table.add_row("", summary.total.name, *cells_text(summary.total), style="bold")
    console.print(table)
    for line in notes(summary):
        console.print(f"- {line}", highlight=False)
    if summary.overdue:
        console.print(
            f"Chi tiết {len(summary.overdue)} nhiệm vụ quá hạn: dtrack overdue "
            "(hoặc --format xlsx/html/md của lệnh này).",
            highlight=False,
        )
