"""The terminal table, in Vietnamese.

One row per task (and period, deadline and status), naming the agencies whose shares are in it:
a task for 92 communes is one row "UBND các xã, phường (92)", not 92 rows. JSON, CSV and
Markdown keep one row per share.
"""

from __future__ import annotations

from ..repository import Repository
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


def group_rows(items: list[Assignment]) -> list[list[Assignment]]:
    """Shares with the same task, period, detail, deadline and status, in first-seen order."""
    rows: dict[tuple, list[Assignment]] = {}
    for a in items:
        period = a.period.key if a.period is not None else None
        key = (a.directive.id, a.task_id, period, a.detail, a.due, a.status, a.done_on)
        row = rows.get(key)
        if row is None:
            rows[key] = [a]
        else:
            row.append(a)
    return list(rows.values())


class Groups:
    """What naming agencies by group needs of the repository, worked out once for a table:
    each agency's place in the official order, each group's members, the largest groups first."""

    __slots__ = ("by_size", "members", "named", "order")

    def __init__(self, repo: Repository) -> None:
        self.order = {aid: i for i, aid in enumerate(repo.agencies)}
        self.members = {gid: frozenset(ids) for gid, ids in repo.members.items()}
        self.by_size = sorted(repo.groups, key=lambda g: -len(repo.members.get(g, ())))
        # agencies_named's answers: the same 92 communes are named on thousands of rows
        self.named: dict[tuple, str] = {}


def agencies_label(shares: list[Assignment], repo: Repository, groups: Groups | None = None) -> str:
    """Name the agencies of a set of shares the way a clerk would: by group where a group
    covers them."""
    return agencies_named([a.agency for a in shares], shares[0].lead_groups, repo, groups)


def agencies_named(
    agencies: list, lead_groups: tuple[str, ...], repo: Repository, groups: Groups | None = None
) -> str:
    """Name a set of agencies (repository.Agency, in official order) the way a clerk would: by
    group where a group covers them, the groups a task names as lead (`lead_groups`) first."""
    if len(agencies) == 1:
        return agencies[0].name
    if groups is None:
        groups = Groups(repo)
    key = (lead_groups, *(a.id for a in agencies))
    named = groups.named.get(key)
    if named is None:
        named = groups.named[key] = _named(agencies, lead_groups, repo, groups)
    return named


def _named(agencies: list, lead_groups: tuple[str, ...], repo: Repository, groups: Groups) -> str:
    remaining = {a.id for a in agencies}
    order, all_members = groups.order, groups.members
    # The task's own lead groups first, then the others, largest first.
    preferred = lead_groups
    candidates = [*preferred, *(g for g in groups.by_size if g not in preferred)]
    parts: list[str] = []
    for gid in candidates:
        members = all_members.get(gid, frozenset())
        if len(members) < 2 or members.isdisjoint(remaining):
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
    # The agencies by group and the task's label; the document's label once for all the rows of
    # its directive; the other cells as the other formats word them.
    document_label = cols[2][1]
    others = [fn for _, fn in cols[3:]]
    groups = Groups(repo)
    documents: dict[object, str] = {}
    rows, styles = [], []
    for i, shares in enumerate(group_rows(items), 1):
        first = shares[0]
        document = documents.get(first.directive)
        if document is None:
            document = documents[first.directive] = document_label(first)
        who = agencies_label(shares, repo, groups)
        rows.append([str(i), who, task_label(first), document, *[fn(first) for fn in others]])
        styles.append(_STYLES.get(first.status))
    text = textgrid.render(title, grid, rows, width, styles, colour)
    return f"{text}{count_line(items)}\n"
