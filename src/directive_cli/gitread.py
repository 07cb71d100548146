"""Reading the data files of a git revision, or of the working tree, for `dtrack diff`.

Both sides are read through git (`git ls-tree`, `git cat-file --batch`; the working tree from the
folder itself) and loaded in memory with the same reader and validation as every other command
(loading.load_files). The only impure part of `diff`: gitdiff.compare works on what this gives.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .context import embedded_data
from .diagnostics import os_error_text
from .errors import DtrackError
from .loading.load import load_files
from .repository import AGENCIES_FILE, DIRECTIVES_DIR, Repository

WORKTREE_LABEL = "thư mục làm việc"


class GitError(DtrackError):
    """Git cannot give what was asked: not a repository, an unknown revision, no git at all."""


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    env = dict(os.environ, LC_ALL="C", GIT_OPTIONAL_LOCKS="0")
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, env=env, check=False
        )
    except FileNotFoundError:
        raise GitError("Không tìm thấy lệnh 'git'; cài git rồi chạy lại.") from None
    except OSError as exc:
        raise GitError(f"Không chạy được git: {os_error_text(exc)}.") from None
    if proc.returncode != 0:
        raise GitError(proc.stderr.decode("utf-8", "replace").strip() or "git báo lỗi.")
    return proc.stdout


@dataclass(frozen=True)
class Place:
    top: Path  # the repository's top level
    prefix: str  # the data folder relative to it, "data/" (or "" when it is the top)


def locate(data: Path) -> Place:
    """Where the data folder sits in its git repository."""
    if not data.is_dir():
        raise GitError(f"Không tìm thấy thư mục dữ liệu '{data}'.")
    try:
        out = _git(["rev-parse", "--show-toplevel", "--show-prefix"], data)
    except GitError:
        raise GitError(
            f"Thư mục dữ liệu '{data}' không nằm trong một kho git "
            "(chưa chạy 'git init', hoặc chỉ sai --data)."
        ) from None
    lines = out.decode("utf-8", "surrogateescape").split("\n")
    top = Path(lines[0])
    prefix = lines[1] if len(lines) > 1 else ""
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    return Place(top, prefix)


def resolve_revision(place: Place, rev: str) -> str:
    """The commit id of `rev`, or a Vietnamese GitError."""
    if not rev or rev.startswith("-"):
        raise GitError(f"Phiên bản '{rev}' không hợp lệ.")
    try:
        out = _git(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], place.top
        )
    except GitError:
        hint = " (kho chưa có lần commit nào?)" if rev == "HEAD" else ""
        raise GitError(
            f"Không có phiên bản '{rev}' trong kho git{hint}. Xem các phiên bản bằng 'git log'."
        ) from None
    return out.decode().strip()


def _wanted(rel: str) -> bool:
    if rel == AGENCIES_FILE:
        return True
    return rel.startswith(DIRECTIVES_DIR + "/") and rel.endswith((".yaml", ".yml"))


def read_revision(place: Place, commit: str) -> dict[str, bytes]:
    """{path relative to the data folder: bytes} of the data files at `commit`."""
    specs = [place.prefix + AGENCIES_FILE, place.prefix + DIRECTIVES_DIR]
    out = _git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", *specs], place.top)
    blobs: dict[str, str] = {}
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, sha = meta.decode().split(" ")
        path = name.decode("utf-8", "surrogateescape")
        if kind != "blob" or mode == "120000" or not path.startswith(place.prefix):
            continue  # symlinks and submodules are not records
        rel = path[len(place.prefix) :]
        if _wanted(rel):
            blobs[rel] = sha
    if not blobs:
        return {}
    shas = list(dict.fromkeys(blobs.values()))
    raw = _git(["cat-file", "--batch"], place.top, stdin="".join(s + "\n" for s in shas).encode())
    contents: dict[str, bytes] = {}
    pos = 0
    for sha in shas:
        end = raw.index(b"\n", pos)
        header = raw[pos:end].split(b" ")
        size = int(header[2])
        contents[sha] = raw[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1
    return {rel: contents[sha] for rel, sha in blobs.items()}


def read_worktree(data: Path) -> dict[str, bytes]:
    """The data files as they are in the folder now (new files not yet added to git included)."""
    files: dict[str, bytes] = {}
    agencies = data / AGENCIES_FILE
    if agencies.is_file():
        files[AGENCIES_FILE] = agencies.read_bytes()
    folder = data / DIRECTIVES_DIR
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".yaml", ".yml") and path.is_file():
                files[path.relative_to(data).as_posix()] = path.read_bytes()
    return files


def split_range(rev: str | None, rev2: str | None) -> tuple[str, str | None, bool]:
    """(old, new or None for the working tree, symmetric) from the command's arguments."""
    if rev is None:
        return "HEAD", rev2, False
    if rev2 is None:
        for sep in ("...", ".."):
            if sep in rev:
                left, _, right = rev.partition(sep)
                return left or "HEAD", right or "HEAD", sep == "..."
        return rev, None, False
    return rev, rev2, False


@dataclass
class Side:
    label: str  # "HEAD", "a1b2c3", "thư mục làm việc"
    files: dict[str, bytes]
    repo: Repository


NO_DATA_HERE = (
    "Không có thư mục data/ ở đây; chạy dtrack diff trong kho dữ liệu hoặc chỉ rõ --data."
)


def check_data_choice(data: Path, explicit: bool) -> None:
    """Refuse to diff the sample data shipped with dtrack when nobody asked for it: run outside
    a data folder, `diff` would otherwise compare dtrack's own history without a word."""
    if not explicit and data == embedded_data():
        raise GitError(NO_DATA_HERE)


def load_sides(
    data: Path, rev: str | None, rev2: str | None, *, explicit: bool = True
) -> tuple[Side, Side, Place]:
    """Both sides of the comparison, read and loaded; GitError when git cannot give them.

    `explicit` is Settings.data_explicit (--data or DTRACK_DATA given): without it, a `data`
    that is the embedded sample (no ./data here) is refused."""
    check_data_choice(data, explicit)
    place = locate(data)
    old_rev, new_rev, symmetric = split_range(rev, rev2)
    old_commit = resolve_revision(place, old_rev)
    new_commit = resolve_revision(place, new_rev) if new_rev is not None else None
    if symmetric and new_commit is not None:
        base = _git(["merge-base", old_commit, new_commit], place.top).decode().strip()
        old_commit = base or old_commit
    old_files = read_revision(place, old_commit)
    old = Side(old_rev, old_files, load_files(old_files, label=f"{old_rev}:{place.prefix}"))
    if new_commit is None:
        new_files = read_worktree(data)
        shown = _display(data)
        new = Side(WORKTREE_LABEL, new_files, load_files(new_files, label=shown))
    else:
        assert new_rev is not None
        new_files = read_revision(place, new_commit)
        new = Side(new_rev, new_files, load_files(new_files, label=f"{new_rev}:{place.prefix}"))
    return old, new, place


def _display(data: Path) -> str:
    try:
        text = str(data.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        text = str(data)
    return "" if text == "." else text.rstrip("/") + "/"


# -- comparing records (pure) -------------------------------------------------------------------
