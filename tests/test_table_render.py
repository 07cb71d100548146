"""The terminal listing's rows: the same cells as working each row out on its own (the table
reuses what rows share: the groups' members and order, a directive's label)."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from directive_cli.loader import load
from directive_cli.render import table, textgrid
from directive_cli.render.common import columns
from directive_cli.status import compute

GENERATOR = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATOR)
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    out = tmp_path_factory.mktemp("corpus")
    generate.generate(out, 40, 11)
    return load(out)


def _named(shares, repo) -> str:
    """agencies_label as first written: the candidate groups sorted and their members gathered
    for each row."""
    if len(shares) == 1:
        return shares[0].agency.name
    remaining = {a.agency.id for a in shares}
    order = {aid: i for i, aid in enumerate(repo.agencies)}
    preferred = list(shares[0].lead_groups)
    candidates = preferred + sorted(
        (g for g in repo.groups if g not in preferred),
        key=lambda g: -len(repo.members.get(g, ())),
    )
    parts = []
    for gid in candidates:
        members = set(repo.members.get(gid, ()))
        if len(members) < 2 or not members & remaining:
            continue
        name = repo.groups[gid].name
        if members <= remaining:
            parts.append(f"{name} ({len(members)})")
            remaining -= members
            continue
        inside, missing = members & remaining, members - remaining
        if 3 * len(inside) >= 2 * len(members) and len(missing) <= 10:
            names = ", ".join(repo.agencies[m].name for m in sorted(missing, key=order.get))
            parts.append(f"{name} ({len(inside)}, trừ {names})")
            remaining -= inside
    parts += [repo.agencies[m].name for m in sorted(remaining, key=order.get)]
    return "; ".join(parts)


@pytest.mark.parametrize(
    "today,statuses,days",
    [
        (dt.date(2025, 10, 1), {"overdue"}, "overdue"),
        (dt.date(2025, 10, 1), {"due_soon", "on_track", "ongoing"}, "left"),
        (dt.date(2026, 11, 22), None, "both"),
    ],
)
def test_rows_are_each_rows_own_cells(corpus, monkeypatch, today, statuses, days):
    items = compute(corpus, today, 7, statuses=statuses)
    seen = {}
    draw = textgrid.render

    def spy(title, grid, rows, width, styles, colour):
        seen.update(grid=grid, rows=rows, styles=styles)
        return draw(title, grid, rows, width, styles, colour)

    monkeypatch.setattr(textgrid, "render", spy)
    text = table.render(items, "Danh sách", corpus, days, 100, True)
    monkeypatch.undo()

    groups: dict[tuple, list] = {}
    for a in items:
        period = a.period.key if a.period is not None else None
        key = (a.directive.id, a.task_id, period, a.detail, a.due, a.status, a.done_on)
        groups.setdefault(key, []).append(a)
    cols = columns(days)
    rows = [
        [str(i), _named(shares, corpus), *(fn(shares[0]) for _, fn in cols[1:])]
        for i, shares in enumerate(groups.values(), 1)
    ]
    assert any(len(shares) > 1 for shares in groups.values())  # rows named by group, too
    assert seen["rows"] == rows
    assert seen["styles"] == [table._STYLES.get(shares[0].status) for shares in groups.values()]
    assert text.startswith(
        textgrid.render("Danh sách", seen["grid"], rows, 100, seen["styles"], True)
    )


def test_a_group_named_by_the_task_before_a_larger_one(corpus):
    # The task's own lead groups come first, then the others largest first (ties in file order).
    from types import SimpleNamespace

    sizes = {g: len(corpus.members.get(g, ())) for g in corpus.groups}
    small = min((g for g in sizes if sizes[g] >= 2), key=sizes.get)
    big = max(sizes, key=sizes.get)
    agencies = corpus.agencies
    everyone = [*corpus.members[small], *corpus.members[big]]
    shares = [
        SimpleNamespace(agency=agencies[aid], lead_groups=lead)
        for lead in [(), (small,)]
        for aid in dict.fromkeys(everyone)
    ]
    plain, led = shares[: len(shares) // 2], shares[len(shares) // 2 :]
    assert table.agencies_label(plain, corpus) == _named(plain, corpus)
    assert table.agencies_label(led, corpus) == _named(led, corpus)
    assert table.agencies_label(led, corpus).startswith(corpus.groups[small].name)
    assert table.agencies_label(plain, corpus, table.Groups(corpus)) == _named(plain, corpus)
