"""The terminal table, in Vietnamese.

One row per task (and period, deadline and status), naming the agencies whose shares are in it:
a task for 92 communes is one row "UBND các xã, phường (92)", not 92 rows. JSON, CSV and
Markdown keep one row per share.
"""

from __future__ import annotations

from ..loader import Repository
from ..status import Assignment
from . import textgrid
from .common import columns, count_line, task_label
from .textgrid import Column

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
    return (a.directive.id, a.task_id, period, a.detail, a.due, a.status, a.done_on)


def group_rows(items: list[Assignment]) -> list[list[Assignment]]:
    """Shares with the same task, period, detail, deadline and status, in first-seen order."""
    rows: dict[tuple, list[Assignment]] = {}
    for a in items:
        rows.setdefault(_row_key(a), []).append(a)
    return list(rows.values())


def agencies_label(
    shares: list[Assignment], repo: Repository, order: dict[str, int] | None = None
) -> str:
    """Name a set of agencies the way a clerk would: by group where a group covers them.
    `order`: each agency's place in the official order (worked out once for a whole table)."""
    if len(shares) == 1:
        return shares[0].agency.name
    remaining = {a.agency.id for a in shares}
    if order is None:
        order = {aid: i for i, aid in enumerate(repo.agencies)}
    preferred = list(shares[0].lead_groups)
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
    items: list[Assignment],
    title: str,
    repo: Repository,
    days: str = "overdue",
    width: int = 160,
    colour: bool = False,
) -> str:
    if not items:
        return f"{title}: không có nhiệm vụ nào.\n"
    cols = columns(days)
    grid = [Column("STT", right=True, shrink=False)]
    for i, (heading, _) in enumerate(cols):
        last = i == len(cols) - 1
        grid.append(Column(heading, right=last, shrink=i in (0, 1, 2)))
    rows, styles = [], []
    order = {aid: i for i, aid in enumerate(repo.agencies)}
    for i, shares in enumerate(group_rows(items), 1):
        first = shares[0]
        cells = [fn(first) for _, fn in cols]
        cells[0] = agencies_label(shares, repo, order)
        cells[1] = task_label(first)
        rows.append([str(i), *cells])
        styles.append(_STYLES.get(first.status))
    text = textgrid.render(title, grid, rows, width, styles, colour)
    return text + count_line(items) + "\n"
