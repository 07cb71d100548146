"""Reading changed directive files ahead, in a second process, when a run has many to read.

Parsing and validating a file (YAML, the records, the checks against agencies.yaml) is three
quarters of a cold run, and depends on nothing but the file and agencies.yaml. So a process
forked once agencies.yaml is read takes most of the files to be read, reads them in order and
puts each result on a queue; this process reads the others and does, in file order, what must
be done in order (the plans, whose shares are numbered across files; the counts; the cache
entry). A result is the same whichever process reads the file. If the second process fails in
any way (killed, out of memory, a bug), this one reads its files itself: slower, never wrong.

Only on Linux (os.fork): elsewhere, and for a few files, everything is read here.
"""

from __future__ import annotations

import os
import pickle
import queue as queues
import sys
from collections.abc import Callable
from typing import Any

MIN_FILES = 100  # fewer files than this are read here: starting a process costs ~20 ms
# The second process takes 3 of every 4 files to read: this one also plans, counts and writes
# the cache entry for every file, which costs about half as much as reading one.
SHARE = (3, 4)


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith("linux")


class Ahead:
    """The second process and its results; `takes(k)` tells whether the k-th of the files to
    read is its, `result(k)` gives what it made of it (None: read it yourself)."""

    def __init__(self, jobs: list[Any], read: Callable[[Any], Any]) -> None:
        import multiprocessing  # lazy: only a run with many files to read needs it

        taken, every = SHARE
        self.mine = {k for k in range(len(jobs)) if k % every < taken}
        self.results: dict[int, Any] = {}
        self.done = False
        self.process = None
        sys.stdout.flush()  # the child must not inherit unwritten output and write it again
        sys.stderr.flush()
        try:
            context = multiprocessing.get_context("fork")
            self.queue = context.Queue()  # needs working semaphores (not in every container)
            process = context.Process(
                target=_child,
                args=([(k, jobs[k]) for k in sorted(self.mine)], read, self.queue),
                daemon=True,
            )
            process.start()
            self.process = process
        except (OSError, ImportError, ValueError):  # no second process here: all read here
            self.mine = set()
            self.done = True

    @classmethod
    def start(cls, jobs: list[Any], read: Callable[[Any], Any]) -> Ahead | None:
        if len(jobs) < MIN_FILES or not can_fork():
            return None
        return cls(jobs, read)

    def takes(self, k: int) -> bool:
        return k in self.mine

    def result(self, k: int) -> Any:
        while k not in self.results and not self.done:
            try:
                item = self.queue.get(timeout=0.5)
            except queues.Empty:
                if not self.process.is_alive():  # it died: what it put is in the queue
                    self._drain()
                    self.done = True
                continue
            except (EOFError, OSError, ValueError):  # a message cut short
                self.done = True
                continue
            if item is None:  # all its files are read
                self.done = True
                continue
            self.results[item[0]] = item[1]
        result = self.results.pop(k, None)
        if result is None:
            return None
        try:
            return pickle.loads(result)
        except Exception:  # damaged on the way: read here
            return None

    def _drain(self) -> None:
        while True:
            try:
                item = self.queue.get_nowait()
            except Exception:  # empty, or a message cut short when it died
                return
            if item is None:
                return
            self.results[item[0]] = item[1]

    def close(self) -> None:
        if self.process is None:
            return
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.queue.close()


def _child(jobs: list[tuple[int, Any]], read: Callable[[Any], Any], queue) -> None:
    """The second process: each file's result, in order, then None."""
    try:
        for k, job in jobs:
            try:  # pickled here, not by the queue's thread, which would print its failures
                result = pickle.dumps(read(job), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # a bug of ours: the first process reads it and reports it
                result = None
            queue.put((k, result))
        queue.put(None)
        queue.close()
        queue.join_thread()  # everything handed over before leaving
    except KeyboardInterrupt:  # the first process says "Đã dừng."
        os._exit(130)
    except Exception:  # the first process is gone, or the queue broke: it reads the rest
        os._exit(1)
    os._exit(0)  # no clean-up of what was inherited: the first process owns it
