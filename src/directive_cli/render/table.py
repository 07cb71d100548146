"""The terminal table (rich), in Vietnamese.

One row per task (and period, deadline and status), naming the agencies whose shares are in it:
a task for 92 communes is one row "UBND các xã, phường (92)", not 92 rows. JSON, CSV and
Markdown keep one row per share.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..loader import Repository
from ..status import Assignment
from .common import columns, count_line, task_label

_STYLES = {
    "overdue": "bold red",
    "due_soon": "yellow",
    "done_late": "magenta",
    "done_on_time": "green",
    "done": "green",
    "cancelled": "dim",
}
_MAX_EXCEPT = 10  # a group named "trừ …" lists at most this many missing members


def _row_key(a: Assignment) -> tuple:
    period = a.period.key if a.period is not None else None
    return (a.directive.id, a.task.id, period, a.detail, a.due, a.status, a.done_on)


def group_rows(items: list[Assignment]) -> list[list[Assignment]]:
    """Shares with the same task, period, detail, deadline and status, in first-seen order."""
    rows: dict[tuple, list[Assignment]] = {}
    for a in items:
        rows.setdefault(_row_key(a), []).append(a)
    return list(rows.values())


def agencies_label(shares: list[Assignment], repo: Repository) -> str:
    """Name a set of agencies the way a clerk would: by group where a group covers them."""
    if len(shares) == 1:
        return shares[0].agency.name
    remaining = {a.agency.id for a in shares}
    order = {aid: i for i, aid in enumerate(repo.agencies)}
    preferred = [lead.agency for lead in shares[0].task.lead if lead.agency in repo.groups]
    candidates = preferred + sorted(
        (g for g in repo.groups if g not in preferred),
        key=lambda g: -len(repo.members.get(g, ())),
    )
    parts: list[str] = []
    for gid in candidates:
        members = set(repo.members.get(gid, ()))
        if len(members) < 2 or not members & remaining:
            continue
        name = repo.groups[gid].name
        if members <= remaining:
            parts.append(f"{name} ({len(members)})")
            remaining -= members
            continue
        inside = members & remaining
        missing = members - remaining
        if 3 * len(inside) >= 2 * len(members) and len(missing) <= _MAX_EXCEPT:
            names = ", ".join(repo.agencies[m].name for m in sorted(missing, key=order.get))
            parts.append(f"{name} ({len(inside)}, trừ {names})")
            remaining -= inside
    parts += [repo.agencies[m].name for m in sorted(remaining, key=order.get)]
    return "; ".join(parts)


def render(
    items: list[Assignment], title: str, console: Console, repo: Repository, days: str = "overdue"
) -> None:
    if not items:
        console.print(f"{title}: không có nhiệm vụ nào.")
        return
    cols = columns(days)
    table = Table(title=title, show_lines=True, header_style="bold", expand=False)
    table.add_column("STT", justify="right")
    for i, (heading, _) in enumerate(cols):
        justify = "right" if i == len(cols) - 1 else "left"
        table.add_column(heading, justify=justify, overflow="fold")
    for i, shares in enumerate(group_rows(items), 1):
        first = shares[0]
        cells = [fn(first) for _, fn in cols]
        cells[0] = agencies_label(shares, repo)
        cells[1] = task_label(first)
        table.add_row(str(i), *cells, style=_STYLES.get(first.status))
    console.print(table)
    console.print(count_line(items))
