"""Writing the site's folder: only the files that changed, and the stale ones removed.

A folder dtrack wrote carries a marker file; dtrack removes files from a folder only when the
marker is there, and refuses to write into a folder that holds other things (a wrong --out must
never cost anyone their files). A file whose bytes are unchanged is not rewritten, so a
rebuild after a small change touches few files (rsync and git see only those).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import os_error_text
from ..errors import DtrackError

MARKER = ".dtrack-site"
MARKER_TEXT = b"Trang do dtrack site tao; dtrack ghi lai va xoa cac tep cu trong thu muc nay.\n"


@dataclass
class Written:
    files: int = 0
    pages: int = 0  # .html files
    written: int = 0  # files whose bytes changed
    removed: int = 0  # stale files of an earlier build
    largest: int = 0  # bytes of the largest file


class OutputProblem(DtrackError):
    """The folder cannot be written (not a folder, someone else's files, no permission)."""


def check(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputProblem(f"--out '{out}' là một tệp, không phải thư mục.")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise OutputProblem(
            f"thư mục '{out}' đã có tệp mà không phải trang do dtrack tạo; dtrack không ghi "
            "vào đó để khỏi xóa nhầm. Chọn thư mục trống hoặc chưa có bằng --out."
        )


class Writer:
    """Writes files into a site folder (check()ed, with its marker) and remembers what it
    wrote, so that finish() can remove the files of an earlier build. Several writers (one per
    process, site/parallel.py) may fill one folder; the first makes it, the others `join`."""

    def __init__(self, out: Path, *, join: bool = False) -> None:
        self.out = out
        self.done = Written()
        self.kept: list[str] = []  # paths inside the site
        self.folders: set[Path] = set()  # made already (or found) in this run
        if join:
            return
        check(out)
        where = out
        try:
            out.mkdir(parents=True, exist_ok=True)
            where = out / MARKER
            _put(where, MARKER_TEXT)
        except OSError as exc:
            raise OutputProblem(f"không ghi được '{where}': {os_error_text(exc)}.") from None

    def put(self, rel: str, data: bytes) -> None:
        where = self.out.joinpath(*rel.split("/"))
        self.kept.append(rel)
        done = self.done
        done.files += 1
        done.pages += rel.endswith(".html")
        done.largest = max(done.largest, len(data))
        try:
            if _put(where, data, self.folders):
                done.written += 1
        except OSError as exc:
            raise OutputProblem(f"không ghi được '{where}': {os_error_text(exc)}.") from None

    def add(self, other: Written, kept: Iterable[str]) -> None:
        """Count in what another writer wrote into the same folder."""
        done = self.done
        done.files += other.files
        done.pages += other.pages
        done.written += other.written
        done.largest = max(done.largest, other.largest)
        self.kept.extend(kept)

    def finish(self) -> Written:
        """Remove the files of an earlier build that this one did not write, and the folders
        left empty."""
        out = self.out
        keep = {out / MARKER, *(out.joinpath(*rel.split("/")) for rel in self.kept)}
        where = out
        try:
            for folder, dirs, names in os.walk(out, topdown=False):
                base = Path(folder)
                for name in names:
                    where = base / name
                    if where not in keep:
                        where.unlink()
                        self.done.removed += 1
                for name in dirs:
                    sub = base / name
                    if not any(sub.iterdir()):
                        sub.rmdir()
        except OSError as exc:
            raise OutputProblem(f"không ghi được '{where}': {os_error_text(exc)}.") from None
        return self.done


def write(out: Path, files: Iterable[tuple[str, bytes]]) -> Written:
    """Write `files` ((path inside the site, bytes), as they come) under `out`, then remove
    the files of an earlier build that this one did not write."""
    writer = Writer(out)
    for rel, data in files:
        writer.put(rel, data)
    return writer.finish()


def _put(path: Path, data: bytes, folders: set[Path] | None = None) -> bool:
    """Write `data` unless the file holds it already. A file that is there is replaced by a
    temporary file renamed into place, so that a web server serving the folder meanwhile
    never gives half a page; a new one is written as it is (there was nothing to serve)."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        folder = path.parent
        if folders is None or folder not in folders:
            folder.mkdir(parents=True, exist_ok=True)
            if folders is not None:
                folders.add(folder)
        try:  # made here, never through a link left dangling in the folder
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            pass  # a dangling link: replaced below, as an existing file is
        else:
            with open(fd, "wb") as f:
                f.write(data)
            return True
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True
