"""Writing a file so that it is never left half-written: letters, tables, edited records."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO


def default_mode() -> int:
    """What open() would give a new file: 0666 less the umask (mkstemp makes 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(
    path: Path,
    data: bytes,
    *,
    mode: int | None = None,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Write a synced temporary file beside `path` and rename it over: whatever happens, the
    old file stays whole. `before_replace` may raise to refuse at the last moment. OSError
    propagates; callers say it in Vietnamese (diagnostics.os_error_text)."""
    with atomic_file(path, mode=mode, before_replace=before_replace) as fh:
        fh.write(data)


@contextlib.contextmanager
def atomic_file(
    path: Path,
    *,
    mode: int | None = None,
    before_replace: Callable[[], None] | None = None,
) -> Iterator[BinaryIO]:
    """write_atomic() for a file written piece by piece: the temporary file is renamed over
    `path` only when the block ends without an exception."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, default_mode() if mode is None else mode)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def create_exclusive(target: Path, data: bytes) -> None:
    """Write the whole file under a temporary name, then link it in only if the name is free:
    never overwrites (FileExistsError), never shows a half-written file."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, default_mode())
        try:
            os.link(tmp, target)  # fails if the name exists: never overwrites
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links
            with open(target, "xb") as fh:
                fh.write(data)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
