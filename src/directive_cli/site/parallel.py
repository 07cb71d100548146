"""Building the site in several processes: each renders and writes every n-th agency's and
directive's pages (build.build's `part`), the first also the pages about all of them.

The processes are forked once the statuses are worked out (pages.prepare), so each starts
with them in memory and none computes them again; a page does not depend on the process that
makes it, so the folder holds the same bytes whatever the number of processes. Each child
sends back what it wrote and its updates of the last days (for the home page); a child that
fails sends its error, which the first process raises as its own.

Where processes cannot be forked (Windows, macOS's spawn default aside: os.fork is
missing or unsafe there), or with jobs=1, the site is built in this process alone.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..diagnostics import os_error_text
from . import output, pages

MAX_JOBS = 4  # more processes than this mostly add memory: rendering is a few seconds anyway


def default_jobs() -> int:
    """The processors this process may run on, at most MAX_JOBS."""
    try:
        available = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        available = os.cpu_count() or 1
    return max(1, min(available, MAX_JOBS))


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith("linux")


def write(out: Path, prep: pages.Prepared, jobs: int) -> output.Written:
    """Write the site under `out` with `jobs` processes (this one included)."""
    if jobs <= 1 or not can_fork():
        return output.write(out, pages.files(prep))
    import multiprocessing  # lazy: only a parallel build needs it

    writer = output.Writer(out)  # checks the folder and marks it before any child writes
    context = multiprocessing.get_context("fork")
    sys.stdout.flush()  # a child must not inherit unwritten output and write it again
    sys.stderr.flush()
    children = []
    try:
        for k in range(1, jobs):
            receive = send = None
            try:
                receive, send = context.Pipe(duplex=False)
                child = context.Process(
                    target=_child, args=(out, prep, (k, jobs), send), daemon=True
                )
                child.start()
            except OSError as exc:  # the machine's limits on processes, memory, open files
                for end in (receive, send):
                    if end is not None:
                        end.close()
                raise pages.SiteProblem(
                    f"không tạo được tiến trình dựng trang thứ {k + 1} ({os_error_text(exc)}); "
                    "thử lại với --jobs nhỏ hơn."
                ) from None
            send.close()
            children.append((child, receive))
        results: list = []
        heard: list[list[dict]] = []

        def others() -> list[dict]:
            """The children's updates of the last days: waits for them to finish."""
            if not heard:
                heard.append(_hear(children, results))
            return heard[0]

        for rel, data in pages.files(prep, (0, jobs), others=others):
            writer.put(rel, data)
        others()  # if the home page did not ask: their files are not an earlier build's
        for written, kept in results:
            writer.add(written, kept)
        for child, _ in children:
            child.join()
        return writer.finish()
    finally:
        for child, receive in children:
            if child.is_alive():
                child.terminate()
                child.join()
            receive.close()


def _hear(children: list, results: list) -> list[dict]:
    """Each child's result, in turn: what it wrote goes to `results`; its updates of the last
    days are returned. A child's error is raised here."""
    recent = []
    for child, receive in children:
        try:
            result = receive.recv()
        except (EOFError, OSError):  # killed, even halfway through sending
            child.join()
            raise pages.SiteProblem(
                f"một tiến trình dựng trang đã dừng bất thường (mã {child.exitcode}); "
                "thử lại với --jobs 1."
            ) from None
        if result[0] == "error":
            _, kind, message = result
            raise (output.OutputProblem if kind == "output" else pages.SiteProblem)(message)
        _, written, kept, their_recent = result
        results.append((written, kept))
        recent.extend(their_recent)
    return recent


def _child(out: Path, prep: pages.Prepared, part: tuple[int, int], send) -> None:
    """One part of the site, written by a forked process; what it did goes back on `send`.
    Ctrl-C may come while it waits in send() for the first process to take a large result:
    it stops quietly there too."""
    try:
        send.send(_part(out, prep, part))
        send.close()
    except KeyboardInterrupt:  # the first process says "Đã dừng."
        os._exit(130)
    except OSError:  # the first process is gone, or has stopped listening: nothing to say
        os._exit(1)
    os._exit(0)  # no clean-up of what was inherited: the first process owns it


def _part(out: Path, prep: pages.Prepared, part: tuple[int, int]) -> tuple:
    """Write one part of the site: ("done", Written, paths, updates) or ("error", kind, text)."""
    try:
        writer = output.Writer(out, join=True)
        recent: list[dict] = []
        for rel, data in pages.files(prep, part, recent=recent):
            writer.put(rel, data)
        return ("done", writer.done, writer.kept, recent)
    except output.OutputProblem as exc:
        return ("error", "output", str(exc))
    except pages.SiteProblem as exc:
        return ("error", "site", str(exc))
    except Exception as exc:  # a bug of ours: the first process reports it as such
        return ("error", "site", f"lỗi nội bộ ({type(exc).__name__}: {exc})")
