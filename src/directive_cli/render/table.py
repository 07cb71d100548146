"""The terminal table (rich), in Vietnamese."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..status import Assignment
from .common import COLUMNS, count_line

_STYLES = {
    "overdue": "bold red",
    "due_soon": "yellow",
    "done_late": "magenta",
    "done_on_time": "green",
    "done": "green",
    "cancelled": "dim",
}


def render(items: list[Assignment], title: str, console: Console) -> None:
    if not items:
        console.print(f"{title}: không có nhiệm vụ nào.")
        return
    table = Table(title=title, show_lines=False, header_style="bold", expand=False)
    table.add_column("STT", justify="right")
    for heading, _ in COLUMNS:
        justify = "right" if heading.startswith("Quá hạn") else "left"
        table.add_column(heading, justify=justify, overflow="fold")
    for i, a in enumerate(items, 1):
        table.add_row(str(i), *(fn(a) for _, fn in COLUMNS), style=_STYLES.get(a.status))
    console.print(table)
    console.print(count_line(items))
