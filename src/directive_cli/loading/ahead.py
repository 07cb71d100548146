"""Reading changed directive files ahead, in a second process, when a run has many to read.

Parsing and validating a file (YAML, the records, the checks against agencies.yaml) is three
quarters of a cold run, and depends on nothing but the file and agencies.yaml. So a process
forked once agencies.yaml is read takes most of the files to be read, reads them in order and
sends each result through a pipe; this process reads the others and does, in file order, what must
be done in order (the plans, whose shares are numbered across files; the counts; the cache
entry). A result is the same whichever process reads the file. If the second process fails in
any way (killed, out of memory, a bug), this one reads its files itself: slower, never wrong.

Only on Linux (os.fork): elsewhere, and for a few files, everything is read here.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Callable
from typing import Any

MIN_FILES = 100  # fewer files than this are read here: starting a process costs ~20 ms
# The second process takes 3 of every 4 files to read: this one also plans, counts and writes
# the cache entry for every file, which costs about half as much as reading one.
SHARE = (3, 4)
# What the pipe holds (Linux's default is 64 KiB, four or five results): the second process
# reads on meanwhile, as this one starts (its first plan and cache record cost ~0.1 s), and no
# more than that waits in it.
PIPE_BYTES = 1 << 20


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith("linux")


class Ahead:
    """The second process and its results; `takes(k)` tells whether the k-th of the files to
    read is its, `result(k)` gives what it made of it (None: read it yourself).

    The results come through a pipe of which each process holds one end only (not a
    multiprocessing.Queue, whose pipe both hold): when one process dies, the other sees it at
    once, even in the middle of a result, instead of waiting for ever for the rest of it or
    for a reader. The second process writes each result itself and waits while the pipe is
    full: no more than the pipe holds (PIPE_BYTES) and one result wait for this process."""

    def __init__(self, jobs: list[Any], read: Callable[[Any], Any]) -> None:
        import fcntl  # lazy: only a run with many files to read needs them
        import multiprocessing

        taken, every = SHARE
        self.mine = {k for k in range(len(jobs)) if k % every < taken}
        self.results: dict[int, Any] = {}
        self.done = False
        self.process = None
        self.receiver = None
        sys.stdout.flush()  # the child must not inherit unwritten output and write it again
        sys.stderr.flush()
        try:
            context = multiprocessing.get_context("fork")
            receiver, sender = context.Pipe(duplex=False)
        except (OSError, ImportError, ValueError):  # no file descriptors left: all read here
            self._alone()
            return
        with contextlib.suppress(OSError):  # beyond /proc/sys/fs/pipe-max-size: as it is
            fcntl.fcntl(sender.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        try:
            process = context.Process(
                target=_child,
                args=([(k, jobs[k]) for k in sorted(self.mine)], read, receiver, sender),
                daemon=True,
            )
            process.start()
        except (OSError, ValueError):  # no second process here (process limits): all read here
            receiver.close()
            self._alone()
            return
        finally:
            sender.close()  # the second process's end: its death reads here as the end
        self.process, self.receiver = process, receiver

    def _alone(self) -> None:
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
                item = self.receiver.recv()
            except Exception:  # it is gone (EOFError), maybe in the middle of a result (OSError)
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

    def close(self) -> None:
        if self.process is None:
            return
        self.receiver.close()  # a second process still writing stops (broken pipe)
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


def _child(jobs: list[tuple[int, Any]], read: Callable[[Any], Any], receiver, sender) -> None:
    """The second process: each file's result, in order, then None."""
    try:
        receiver.close()  # the first process's end: if it dies, writing here fails
        for k, job in jobs:
            try:
                result = pickle.dumps(read(job), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # a bug of ours: the first process reads it and reports it
                result = None
            sender.send((k, result))  # waits while the pipe is full
        sender.send(None)
        sender.close()
    except KeyboardInterrupt:  # the first process says "Đã dừng."
        os._exit(130)
    except Exception:  # the first process is gone (broken pipe): nothing to hand over to
        os._exit(1)
    os._exit(0)  # no clean-up of what was inherited: the first process owns it
