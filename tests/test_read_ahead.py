"""Reading changed files in a second process (loading/ahead.py) gives exactly what reading them
all in one process gives: records, problems (located and named), plans, statuses, the cache
built from them; and when the second process fails, the first reads its files itself."""

from __future__ import annotations

import os

import pytest
from test_cache import DIRECTIVE, OTHER, Parses, snapshot

from directive_cli.loading import ahead
from directive_cli.loading import load as loader
from directive_cli.loading.load import load

pytestmark = pytest.mark.skipif(not ahead.can_fork(), reason="read-ahead forks (Linux only)")

BROKEN = {
    "2025-90-UBND.yaml": "number: 90/UBND\nissued: 2025-09-01\nsubject: [không đóng\n",
    "2025-91-UBND.yaml": DIRECTIVE.replace("lead: snv", "lead: so-khong-co").replace(
        "10/UBND-NC", "91/UBND"
    ),
    "2025-92-UBND.yaml": OTHER.replace("subject:", "subjet:").replace("11/UBND-NC", "92/UBND"),
}


def corpus(make_data):
    files = dict(BROKEN)
    for n in range(20, 40):  # enough files for both processes to read several
        text = DIRECTIVE if n % 2 else OTHER
        number = f"{n}/UBND-NC"
        files[f"2025/2025-{n}-UBND-NC.yaml"] = text.replace("10/UBND-NC", number).replace(
            "11/UBND-NC", number
        )
    return make_data(files)


def test_two_processes_read_what_one_reads(make_data, tmp_path, monkeypatch):
    data = corpus(make_data)
    monkeypatch.setattr(ahead, "MIN_FILES", 10**9)
    alone = snapshot(load(data))
    alone_cached = snapshot(load(data, tmp_path / "one"))
    assert alone == alone_cached and len(alone[0]) >= 3  # the broken files' problems

    monkeypatch.setattr(ahead, "MIN_FILES", 1)
    parses = Parses(monkeypatch)  # counts only this process's parses
    assert snapshot(load(data)) == alone
    assert 1 <= parses.count < 10  # agencies.yaml and a quarter of the 23 directives
    parses.count = 0
    assert snapshot(load(data, tmp_path / "two")) == alone  # cold: fills a cache
    assert snapshot(load(data, tmp_path / "two")) == alone  # warm: from it
    assert parses.count < 10


def test_a_second_process_that_dies_leaves_its_files_to_the_first(make_data, tmp_path, monkeypatch):
    data = corpus(make_data)
    monkeypatch.setattr(ahead, "MIN_FILES", 10**9)
    alone = snapshot(load(data))
    real = loader._read_ahead
    seen = []

    def dies_on_the_third(repo, job):
        seen.append(job)
        if len(seen) == 3:
            os._exit(9)  # as if killed: no word
        return real(repo, job)

    monkeypatch.setattr(loader, "_read_ahead", dies_on_the_third)
    monkeypatch.setattr(ahead, "MIN_FILES", 1)
    assert snapshot(load(data, tmp_path / "cache")) == alone
    assert snapshot(load(data, tmp_path / "cache")) == alone


def test_a_file_the_second_process_cannot_read_is_said_by_the_first(
    make_data, tmp_path, monkeypatch
):
    data = corpus(make_data)
    monkeypatch.setattr(ahead, "MIN_FILES", 10**9)
    alone = snapshot(load(data))

    def fails(repo, job):
        raise RuntimeError("thử")  # a bug of ours met in the second process

    monkeypatch.setattr(loader, "_read_ahead", fails)
    monkeypatch.setattr(ahead, "MIN_FILES", 1)
    assert snapshot(load(data)) == alone


def test_no_second_process_to_be_had_reads_everything_here(make_data, monkeypatch):
    """Where multiprocessing has no semaphores (some containers), or no process can be
    started: one process reads it all, as before."""
    import multiprocessing

    data = corpus(make_data)
    monkeypatch.setattr(ahead, "MIN_FILES", 10**9)
    alone = snapshot(load(data))

    class NoQueue:
        def Queue(self):  # multiprocessing's name
            raise OSError("sem_open: function not implemented")

    monkeypatch.setattr(multiprocessing, "get_context", lambda method: NoQueue())
    monkeypatch.setattr(ahead, "MIN_FILES", 1)
    parses = Parses(monkeypatch)
    assert snapshot(load(data)) == alone
    assert parses.count == 24  # agencies.yaml and the 23 directives, all here
