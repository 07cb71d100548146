"""The terminal listing's rows: the same cells as working each row out on its own (the table
reuses what rows share: the groups' members and order, a directive's label). The naming rule
itself is pinned by explicit names in test_cli.py."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from directive_cli.loading.load import load
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
        [str(i), table.agencies_label(shares, corpus), *(fn(shares[0]) for _, fn in cols[1:])]
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
    assert table.agencies_label(plain, corpus).startswith(corpus.groups[big].name)
    assert table.agencies_label(led, corpus).startswith(corpus.groups[small].name)
    # Worked out once for a table or on each call: the same names.
    groups = table.Groups(corpus)
    for these in (plain, led):
        assert table.agencies_label(these, corpus, groups) == table.agencies_label(these, corpus)
