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
    previous = None
    for i, a in enumerate(items, 1):
        cells = [fn(a) for _, fn in COLUMNS]
        same = (a.directive.id, a.task.id, a.period, a.due, a.status, a.detail)
        if same == previous:
            # The next agency of the same task: show only who, so the block reads at a glance.
            cells = [cells[0], "như trên"] + [""] * (len(cells) - 2)
        previous = same
        table.add_row(str(i), *cells, style=_STYLES.get(a.status))
    console.print(table)
    console.print(count_line(items))
