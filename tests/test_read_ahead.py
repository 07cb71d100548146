"""Reading changed files in a second process (loading/ahead.py) gives exactly what reading them
all in one process gives: records, problems (located and named), plans, statuses, the cache
built from them; and when the second process fails, the first reads its files itself."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

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


def long_directive(tasks: int) -> str:
    """A directive whose result (~0.15 KB a task) is larger than the pipe holds (set small)."""
    lines = ["number: 1/UBND-NC", "issued: 2025-09-01", "subject: văn bản dài", "tasks:"]
    lines += [
        f"  - {{id: t{i}, title: Việc {i} của văn bản dài, lead: snv, due: 2025-12-{1 + i % 28}}}"
        for i in range(tasks)
    ]
    return "\n".join(lines) + "\n"


def corpus(make_data, more: dict[str, str] | None = None):
    files = dict(BROKEN) | (more or {})
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
    """Where no process can be started (process limits), or no pipe made (no file descriptors
    left): one process reads it all, as before, and leaves no pipe open."""
    import multiprocessing

    data = corpus(make_data)
    monkeypatch.setattr(ahead, "MIN_FILES", 10**9)
    alone = snapshot(load(data))
    fork = multiprocessing.get_context("fork")

    class NoProcess:
        Pipe = fork.Pipe

        def Process(self, **kwargs):  # multiprocessing's names
            raise OSError(11, "Resource temporarily unavailable")

    class NoPipe:
        def Pipe(self, duplex=True):
            raise OSError(24, "Too many open files")

    monkeypatch.setattr(ahead, "MIN_FILES", 1)
    for context in (NoProcess(), NoPipe()):
        monkeypatch.setattr(multiprocessing, "get_context", lambda method, c=context: c)
        parses = Parses(monkeypatch)
        open_before = len(os.listdir("/proc/self/fd"))
        assert snapshot(load(data)) == alone
        assert len(os.listdir("/proc/self/fd")) == open_before
        assert parses.count == 24  # agencies.yaml and the 23 directives, all here


class Stuck(BaseException):  # not an OSError: nothing on the way may take it for a failed read
    pass


def test_a_second_process_killed_while_it_hands_over_a_result_does_not_stop_the_first(
    make_data, monkeypatch
):
    """Killed (out of memory, kill -9) in the middle of a result larger than the pipe holds:
    the first process has part of a message, and must read the file itself, not wait."""
    data = corpus(make_data, {"2025/2025-1-UBND-NC.yaml": long_directive(600)})
    monkeypatch.setattr(ahead, "MIN_FILES", 10**9)
    alone = snapshot(load(data))
    real = ahead.Ahead.result
    killed = []

    def late(self, k):
        if not killed:
            time.sleep(1)  # meanwhile the second process reads the long file and sends it
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.join()  # dead, not dying: it writes no more
            killed.append(k)
        return real(self, k)

    def stuck(signum, frame):
        raise Stuck("the first process waits for the rest of a message for ever")

    monkeypatch.setattr(ahead.Ahead, "result", late)
    monkeypatch.setattr(ahead, "PIPE_BYTES", 4096, raising=False)
    monkeypatch.setattr(ahead, "MIN_FILES", 1)
    before = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(20)
    try:
        got = snapshot(load(data))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    assert killed and got == alone


STALLED = """
import sys, time
from pathlib import Path
from directive_cli.loading import ahead
from directive_cli.loading.load import load

def stall(self, k):
    print(self.process.pid, flush=True)
    time.sleep(60)

ahead.MIN_FILES = 1
ahead.PIPE_BYTES = 4096
ahead.Ahead.result = stall
load(Path(sys.argv[1]))
"""


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")  # exited, not reaped
    except FileNotFoundError:
        return True


def test_the_second_process_ends_when_the_first_is_killed(make_data):
    """The first process killed (kill -9) while the second has more results than the pipe
    holds: the second must not wait for ever for a reader (it would hold its memory and the
    terminal's output pipe)."""
    data = corpus(make_data, {"2025/2025-1-UBND-NC.yaml": long_directive(600)})
    first = subprocess.Popen(
        [sys.executable, "-c", STALLED, str(data)], stdout=subprocess.PIPE, text=True
    )
    second = None
    try:
        second = int(first.stdout.readline())
        time.sleep(1)  # it reads the long file, and finds the pipe full
        first.kill()
        first.wait()
        deadline = time.monotonic() + 10
        while not _gone(second) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _gone(second)
    finally:
        first.kill()
        first.wait()
        first.stdout.close()
        if second is not None and not _gone(second):
            os.kill(second, signal.SIGKILL)


def test_the_second_process_waits_for_the_first_rather_than_hold_its_results(
    make_data, tmp_path, monkeypatch
):
    """The first process is the slower (it plans, counts and caches every file): the second
    must not read on and keep every result in memory until it is taken, only what the pipe
    holds."""
    data = corpus(make_data, {"2025/2025-1-UBND-NC.yaml": long_directive(600)})
    log = tmp_path / "started"
    real_read, real_result = loader._read_ahead, ahead.Ahead.result
    started = []

    def logged(repo, job):
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(job[2] + "\n")
        return real_read(repo, job)

    def slow(self, k):
        if not started:
            time.sleep(1)  # the second process has read the long file and tried to send it
            started.append(len(log.read_text(encoding="utf-8").split()))
        return real_result(self, k)

    monkeypatch.setattr(loader, "_read_ahead", logged)
    monkeypatch.setattr(ahead.Ahead, "result", slow)
    monkeypatch.setattr(ahead, "PIPE_BYTES", 4096, raising=False)
    monkeypatch.setattr(ahead, "MIN_FILES", 1)
    load(data)
    assert started == [1]  # the long file's result fills the pipe: it waits for it to empty
