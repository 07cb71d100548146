"""Deadline phrases copied from real directives (tests/data/deadline_phrases.tsv, each with its
source), and those quoted in issue 15 (tests/data/deadline_phrases_issue15.tsv): every one is read
right, or kept as written where the phrase names no date, and not one gives a wrong date.

`python -m pytest tests/test_deadline_phrases.py -s` prints the counts."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from directive_cli.deadlines import DeadlineError, describe_repeat, read_deadline

DATA = Path(__file__).parent / "data"
KEPT = ("ongoing", "no_deadline", "conditional", "event")


def rows(name: str) -> list[dict]:
    lines = [ln for ln in (DATA / name).read_text(encoding="utf-8").splitlines() if ln[:1] != "#"]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def judge(row: dict) -> tuple[str, str]:
    """(verdict, detail): right, kept (a date was meant but the phrase was kept), refused (a date
    was meant but the phrase was an error), or wrong (another date, or a date where none is)."""
    issued = dt.date.fromisoformat(row["issued"]) if row["issued"] else None
    expected = row["expected"]
    if expected.startswith("recurring:") and issued is None:
        # No date of issue to start from: read as a task with `repeat` would, in FIRST's period.
        _, every, first = expected.split(":")
        try:
            got = describe_repeat(row["phrase"], every, None, dt.date.fromisoformat(first))
        except DeadlineError as exc:
            return "refused", str(exc)
        return ("right" if got["due"] == first else "wrong"), f"{got['due']} {got['every']}"
    try:
        r = read_deadline(row["phrase"], issued)
    except DeadlineError as exc:
        return ("right" if expected == "error" else "refused"), str(exc)
    got = f"{r.kind} {r.due} {r.start} {r.every}"
    if expected == "error":
        return "wrong", got
    if expected.startswith("kept:"):
        kind, _, urgent = expected[5:].partition(":")
        if r.due is not None:
            return "wrong", got
        right = r.kind == kind and (not urgent or r.urgent)
        start = row["start"]
        right = right and (not start or r.start == dt.date.fromisoformat(start))
        return ("right" if right else "kept"), got
    if expected.startswith("recurring:"):
        _, every, first = expected.split(":")
        if r.kind != "recurring":
            return ("kept" if r.due is None else "wrong"), got
        ok = r.every == every and r.due == dt.date.fromisoformat(first)
        return ("right" if ok else "wrong"), got
    due = dt.date.fromisoformat(expected)
    if r.due is None:
        return ("kept" if r.kind in KEPT else "wrong"), got
    if r.due != due:
        return "wrong", got
    start = dt.date.fromisoformat(row["start"]) if row["start"] else None
    return ("right" if r.start == start else "wrong"), got


def report(name: str) -> dict:
    verdicts: dict[str, list] = {"right": [], "kept": [], "refused": [], "wrong": []}
    for row in rows(name):
        verdict, detail = judge(row)
        verdicts[verdict].append((row["phrase"], row["expected"], detail))
    total = sum(len(v) for v in verdicts.values())
    print(f"\n{name}: {total} phrases")
    for verdict, items in verdicts.items():
        print(f"  {verdict}: {len(items)} ({100 * len(items) / total:.1f}%)")
        if verdict != "right":
            for item in items:
                print("    ", *item, sep=" | ")
    return verdicts


@pytest.mark.parametrize("name", ["deadline_phrases.tsv", "deadline_phrases_issue15.tsv"])
def test_real_phrases_read_right_and_never_wrong(name):
    verdicts = report(name)
    total = sum(len(v) for v in verdicts.values())
    assert verdicts["wrong"] == []
    assert len(verdicts["right"]) >= 0.95 * total, verdicts


def test_every_sourced_phrase_names_its_source():
    for row in rows("deadline_phrases.tsv"):
        assert row["source"].strip() and row["where"].strip(), row
        assert row["phrase"].strip() and row["expected"].strip(), row
