"""The benchmark's generated corpus is valid data: a benchmark of data that `check` refuses would
time the error path, not the clerk's morning run."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from directive_cli.loading.load import load
from directive_cli.status import compute

GENERATOR = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("seed", [1, 7, 2025])
def test_generated_corpus_is_valid(tmp_path: Path, seed: int) -> None:
    generate = _generator()
    out = tmp_path / "corpus"
    generate.generate(out, 60, seed)
    repo = load(out)
    assert [(d.file, d.line, d.message) for d in repo.errors] == []
    assert len(repo.directives) == 60
    rows = compute(repo, dt.date(2026, 1, 15))
    statuses = {a.status for a in rows}
    # The common kinds of share appear in even a small corpus, so the benchmark exercises them.
    assert {"done_on_time", "done_late", "done", "overdue", "on_track", "cancelled"} <= statuses


@pytest.mark.parametrize("statuses", [{"overdue"}, {"due_soon", "on_track"}, {"done_late"}])
def test_a_status_filter_gives_what_filtering_all_gives(tmp_path: Path, statuses) -> None:
    # compute() passes by what cannot have a wanted status (closed periods, shares whose shared
    # state is not wanted); on every kind of update, that must change nothing.
    generate = _generator()
    out = tmp_path / "corpus"
    generate.generate(out, 40, 11)
    load(out, tmp_path / "cache")
    repo = load(out, tmp_path / "cache")  # warm: directives closed for good are known as such
    assert sum(ld.closed_on is not None for ld in repo.directives) >= 5
    for today in (dt.date(2023, 6, 30), dt.date(2025, 3, 1), dt.date(2026, 1, 15)):
        every = [a for a in compute(repo, today) if a.status in statuses]
        chosen = compute(repo, today, statuses=statuses)
        assert [(a.record(), a.update_indices) for a in chosen] == [
            (a.record(), a.update_indices) for a in every
        ]
        assert chosen or today.year == 2023


@pytest.mark.parametrize("by", ["agency", "directive"])
def test_tally_counts_what_compute_lists(tmp_path: Path, by: str) -> None:
    # summary.tally() counts a task at a time; it must agree with the assignments one by one.
    from collections import Counter

    from directive_cli.summary import tally

    generate = _generator()
    out = tmp_path / "corpus"
    generate.generate(out, 40, 5)
    load(out, tmp_path / "cache")
    repo = load(out, tmp_path / "cache")  # warm: closed directives counted from the cache
    communes = {a for a in repo.agencies if a.startswith(("xa-", "phuong-"))}
    some = sorted(ld.id for ld in repo.directives)[::3]
    cases = [
        {},
        {"agencies": communes},
        {"directives": set(some)},
        {"start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 31)},
    ]
    today = dt.date(2026, 1, 15)
    assert sum(ld.closed_on is not None and ld.counts is not None for ld in repo.directives) >= 5
    # Open directives whose final tasks are counted from the cache (the rest replayed).
    partly = [ld for ld in repo.directives if ld.closed_on is None and ld.settled_on is not None]
    assert sum(ld.counts is not None for ld in partly) >= 5
    # By agency with no filter but on agencies, the counts kept for every directive are taken as
    # one sum (Repository.settled_totals); at the earlier day, less those settled after it.
    assert repo.settled_totals is not None
    assert any(ld.settled_on > dt.date(2024, 6, 30).toordinal() for ld in partly)
    runs = [(d, kwargs) for d in (dt.date(2024, 6, 30), today) for kwargs in cases]
    for today, kwargs in runs:
        result = tally(repo, today, 7, by, **kwargs)
        assert tally(repo, today, 7, by, **kwargs, list_overdue=False).rows == result.rows
        expected: dict[str, Counter] = {}
        overdue = []
        for a in compute(repo, today, 7):
            issued = a.directive.issued
            if "agencies" in kwargs and a.agency.id not in kwargs["agencies"]:
                continue
            if "directives" in kwargs and a.directive.id not in kwargs["directives"]:
                continue
            if "start" in kwargs and not (issued and kwargs["start"] <= issued <= kwargs["end"]):
                continue
            key = a.agency.id if by == "agency" else a.directive.id
            expected.setdefault(key, Counter())[a.status] += 1
            if a.status == "overdue":
                overdue.append(a.ref)
        got = {
            row.key: Counter({k: v for k, v in row.counts.as_dict().items() if v})
            for row in result.rows
        }
        assert got == expected
        assert sorted(a.ref for a in result.overdue) == sorted(overdue)
        assert sum(expected[k].total() for k in expected) > 0


def test_replays_done_in_advance_give_what_replaying_gives(tmp_path: Path) -> None:
    # Plans carry the replay of every update of a task without repeat (`replayed`), used when T
    # is after them all; dropping it makes compute() replay; the answers must be the same.
    generate = _generator()
    out = tmp_path / "corpus"
    generate.generate(out, 40, 3)
    repo = load(out)
    days = (dt.date(2024, 2, 1), dt.date(2025, 12, 31), dt.date(2026, 3, 1))
    in_advance = [[(a.record(), a.update_indices) for a in compute(repo, d)] for d in days]
    used = 0
    for ld in repo.directives:
        plan = ld.plan
        used += sum(tp[9] is not None for tp in plan[1])
        ld.plan = (plan[0], tuple((*tp[:9], None, *tp[10:]) for tp in plan[1]), *plan[2:])
    assert used > 100
    replayed = [[(a.record(), a.update_indices) for a in compute(repo, d)] for d in days]
    assert in_advance == replayed
