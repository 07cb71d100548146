"""Building the site in several processes: the first builds everything but the directives'
pages (the agencies' pages and feeds, the listings, the workbook, then the home page); the
others build the directives' pages, a chunk of CHUNK at a time (build.directive_pages), and
the first takes its share of the chunks left once its own pages are written, so that they all
end at about the same time.

The chunks' numbers go into a pipe before the children are forked; each process reads one
number when it wants a chunk (a read of a pipe is whole, under the pipe's lock) until the pipe
is empty. No process waits on another for work, and none needs a semaphore.

The processes are forked before the statuses are worked out. The first works out every share's
status, as the agencies' pages need; the others work out those of their chunks only, so they
add ~40 MB each rather than a copy of the ~120 MB of statuses (a process forked after would
copy them on first touch: each reference count written copies the page that holds it). A page
does not depend on the process that makes it, so the folder holds the same bytes whatever the
number of processes. Each child sends back what it wrote and its updates of the last days (for
the home page); a child that fails sends its error, which the first process raises as its own.

Where processes cannot be forked (Windows, macOS's spawn default aside: os.fork is
missing or unsafe there), or with jobs=1, the site is built in this process alone.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

from ..diagnostics import os_error_text
from . import build, output, pages

# The default: two processes where two processors are free. The first one's share (the
# agencies' pages) is about as long as all the directives' pages, so a third process would
# add memory (SPEC: under 300 MB in all) but little speed.
MAX_JOBS = 2
# ... and only when this process holds little yet. Whatever it holds when it forks (freed
# memory too, which its allocator keeps) is shared until one of the processes writes there, and
# from then on counted in both. A warm run holds ~40 MB on five years of a province, a cold run
# of dtrack site ~85 MB (it does not keep the plans it makes, loading.load's keep_plans); a
# cold run that kept them held ~145 MB, and two processes then needed ~340 MB.
LIGHT_MB = 100


def default_jobs() -> int:
    """The processors this process may run on, at most MAX_JOBS; one when it already holds
    LIGHT_MB or more."""
    try:
        available = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        available = os.cpu_count() or 1
    if _peak_mb() >= LIGHT_MB:
        return 1
    return max(1, min(available, MAX_JOBS))


def _peak_mb() -> float:
    try:
        import resource  # lazy, and POSIX only
    except ImportError:
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform.startswith("linux") else peak / 2**20  # KB or bytes


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith("linux")


def write(out: Path, prep: pages.Prepared, jobs: int) -> output.Written:
    """Write the site under `out` with `jobs` processes (this one included)."""
    if jobs <= 1 or not can_fork():
        return output.write(out, pages.files(prep))
    import multiprocessing  # lazy: only a parallel build needs it

    try:
        chunks = _Chunks(build.directive_chunks(prep.repo, prep.today))
    except OSError:  # no pipe to be had (the process's open files at their limit): one process
        return output.write(out, pages.files(prep))
    try:
        return _write(out, prep, jobs, multiprocessing.get_context("fork"), chunks)
    finally:
        chunks.close()


def _write(out: Path, prep: pages.Prepared, jobs: int, context, chunks: _Chunks) -> output.Written:
    """write() once the chunks' pipe is made: fork the children, build this process's part and
    the chunks left, gather what the children wrote."""
    from multiprocessing import connection  # lazy: only a parallel build needs it

    writer = output.Writer(out)  # checks the folder and marks it before any child writes
    for ld in prep.repo.directives:
        # Plans at hand (a load that kept them): a child reading them would copy them (~60
        # MB); it reads its own from the cache instead, and so does this process.
        ld.release_plan()
    sys.stdout.flush()  # a child must not inherit unwritten output and write it again
    sys.stderr.flush()
    children = []
    try:
        for k in range(1, jobs):
            receive = send = None
            try:
                receive, send = context.Pipe(duplex=False)
                # The read ends the child inherits: closed there, so that with the first
                # process gone, its send() fails (a broken pipe) instead of waiting for ever.
                ends = [receive, *(r for _, r in children)]
                child = context.Process(
                    target=_child, args=(out, prep, (k, jobs), chunks, send, ends), daemon=True
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
        waiting = list(children)  # not heard yet
        their_recent: list[dict] = []
        heard: list[list[dict]] = []

        def listen(wait: bool = False) -> None:
            """Hear the children that are done (all, as each is done, with `wait`): one that
            failed stops the build now, not once this process or another child is done."""
            while waiting:
                ready = connection.wait([r for _, r in waiting], None if wait else 0)
                if not ready:
                    return
                for pair in [p for p in waiting if p[1] in ready]:
                    waiting.remove(pair)
                    their_recent.extend(_hear(*pair, results))

        def others() -> list[dict]:
            """The updates of the last days on the directives' pages: this process writes the
            chunks left, then waits for the children."""
            if not heard:
                mine: list[dict] = []
                for rel, data in pages.directive_files(prep, chunks, recent=mine):
                    writer.put(rel, data)
                    listen()
                listen(wait=True)
                heard.append(mine + their_recent)
            return heard[0]

        for rel, data in pages.files(prep, (0, jobs), others=others):
            writer.put(rel, data)
            listen()
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


class _Chunks:
    """The numbers of the directives' chunks, each given to the first process that asks: they
    are written into a pipe before the processes are forked, two bytes each (at most
    build.MAX_CHUNKS: one page, which any pipe holds), and a process reads two bytes for each
    chunk it takes; an empty pipe, its write end closed, means none is left."""

    def __init__(self, count: int) -> None:
        numbers = b"".join(n.to_bytes(2, "big") for n in range(count))
        self.fd, write = os.pipe()
        try:
            os.set_blocking(write, False)  # a pipe too small fails here, never waits
            if os.write(write, numbers) != len(numbers):
                raise BlockingIOError("the pipe holds less than the chunks' numbers")
        except OSError:
            os.close(self.fd)
            raise
        finally:
            os.close(write)

    def __iter__(self) -> Iterator[int]:
        while len(taken := os.read(self.fd, 2)) == 2:
            yield int.from_bytes(taken, "big")

    def close(self) -> None:
        os.close(self.fd)


def _hear(child, receive, results: list) -> list[dict]:
    """A child's result: what it wrote goes to `results`; its updates of the last days are
    returned. Its error is raised here."""
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
    _, written, kept, recent = result
    results.append((written, kept))
    return recent


def _child(
    out: Path, prep: pages.Prepared, part: tuple[int, int], chunks, send, inherited=()
) -> None:
    """One part of the site, written by a forked process; what it did goes back on `send`.
    `inherited` are the read ends of the processes' pipes, which only the first process
    reads: closed here, so that if the first process dies, send() fails rather than waits.
    Ctrl-C may come while it waits in send() for the first process to take a large result:
    it stops quietly there too."""
    try:
        for end in inherited:
            end.close()
        send.send(_part(out, prep, part, chunks))
        send.close()
    except KeyboardInterrupt:  # the first process says "Đã dừng."
        os._exit(130)
    except OSError:  # the first process is gone, or has stopped listening: nothing to say
        os._exit(1)
    os._exit(0)  # no clean-up of what was inherited: the first process owns it


def _part(out: Path, prep: pages.Prepared, part: tuple[int, int], chunks) -> tuple:
    """Write one part of the site: ("done", Written, paths, updates) or ("error", kind, text)."""
    try:
        writer = output.Writer(out, join=True)
        recent: list[dict] = []
        for rel, data in pages.files(prep, part, recent=recent, chunks=chunks):
            writer.put(rel, data)
        return ("done", writer.done, writer.kept, recent)
    except output.OutputProblem as exc:
        return ("error", "output", str(exc))
    except pages.SiteProblem as exc:
        return ("error", "site", str(exc))
    except Exception as exc:  # a bug of ours: the first process reports it as such
        if os.environ.get("DTRACK_DEBUG"):
            import traceback

            traceback.print_exc()
        return (
            "error",
            "site",
            f"lỗi nội bộ ({type(exc).__name__}: {exc}). "
            "Đặt DTRACK_DEBUG=1 để xem chi tiết và báo cho người bảo trì.",
        )
