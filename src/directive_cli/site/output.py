"""Writing the site's folder: only the files that changed, and the stale ones removed.

A folder dtrack wrote carries a marker file; dtrack removes files from a folder only when the
marker is there, and refuses to write into a folder that holds other things (a wrong --out must
never cost anyone their files). A file whose bytes are unchanged is not rewritten, so a
rebuild after a small change touches few files (rsync and git see only those).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..diagnostics import os_error_text

MARKER = ".dtrack-site"
MARKER_TEXT = b"Trang do dtrack site tao; dtrack ghi lai va xoa cac tep cu trong thu muc nay.\n"


class OutputProblem(Exception):
    """The folder cannot be written (not a folder, someone else's files, no permission)."""


def check(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputProblem(f"'{out}' là một tệp, không phải thư mục.")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise OutputProblem(
            f"thư mục '{out}' đã có tệp mà không phải trang do dtrack tạo; dtrack không ghi "
            "vào đó để khỏi xóa nhầm. Chọn thư mục trống hoặc chưa có bằng --out."
        )


def write(out: Path, files: dict[str, bytes]) -> tuple[int, int]:
    """Write `files` under `out`; returns (files written, stale files removed)."""
    check(out)
    written = removed = 0
    where = out
    try:
        out.mkdir(parents=True, exist_ok=True)
        where = out / MARKER
        _put(where, MARKER_TEXT)
        for rel, data in files.items():
            where = out.joinpath(*rel.split("/"))
            if _put(where, data):
                written += 1
        keep = {out.joinpath(*rel.split("/")) for rel in files} | {out / MARKER}
        for folder, dirs, names in os.walk(out, topdown=False):
            base = Path(folder)
            for name in names:
                where = base / name
                if where not in keep:
                    where.unlink()
                    removed += 1
            for name in dirs:
                sub = base / name
                if not any(sub.iterdir()):
                    sub.rmdir()
    except OSError as exc:
        raise OutputProblem(f"không ghi được '{where}': {os_error_text(exc)}.") from None
    return written, removed


def _put(path: Path, data: bytes) -> bool:
    """Write `data` unless the file holds it already; a temporary file renamed into place."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True
