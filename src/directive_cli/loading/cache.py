"""The load cache: what loading a data folder produced, kept so that the next run skips the YAML.

One entry per data folder, in `$XDG_CACHE_HOME/dtrack` (default `~/.cache/dtrack`). It holds, for
agencies.yaml and for each directive file, keyed by the SHA-256 hash of the file's bytes: the
problems found in it (already located), the validated record and the status plan (plans.Planner),
each pickled apart and read only when a command asks for it, and the few facts a run needs of
every directive (date, number, subject, task count, the day its work was all closed:
plans.head), with the sum of the summary counts of the tasks closed for good
(summary.sum_settled). A listing of open work thus never reads the plans of directives closed
for good, nor, in the others, the tasks closed for good (plans.split); a summary counts those
tasks from the sum; `check` reads no plan or record.
Every run reads and hashes every file, so an entry is used only for files whose bytes are the
ones it was made from; time stamps play no part.

Never stale: a directive's record is used only when its own bytes and the bytes of agencies.yaml
(which its cross-file checks and plan depend on) are the same; the whole entry only when it was
written by the same dtrack code, Python, pydantic, PyYAML and holiday calendar (`environment`).
A file that changed is read again, the others are taken from the entry, and the entry is
rewritten. Safe to delete at any time; safe with concurrent runs (an entry is written to a
temporary file and renamed over the old one; a run keeps reading the version it opened); a
damaged entry is ignored and rebuilt, never fatal. Off with `--no-cache` or `DTRACK_NO_CACHE=1`.

The entry is a pickle: like any cache of pickles it must stay writable only by its owner (the
directory is created with mode 0700).
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import pickle
import struct
import sys
import time
from pathlib import Path
from typing import Any

FORMAT = 11  # 11: records and plans pickled from their new modules (reading/, repository.py)
_MAGIC = b"dtrack-cache\x00\x00\x00" + bytes([FORMAT])
# magic, environment, index offset, index length, index hash; then the blobs, then the index
_HEADER = struct.Struct("<16s32sQQ32s")
_STALE_TEMP = 3600  # seconds after which a temporary file left by a killed run is removed
# Windows cannot rename over a file that is open or mapped: there the entry is read whole and
# closed, and records are read back by opening the entry again (checked by their hash).
_WINDOWS = os.name == "nt"
_PREAD = hasattr(os, "pread")  # POSIX


def digest(raw: bytes | memoryview) -> bytes:
    """The content key of a file's bytes. SHA-256 (cut to 128 bits): with the SHA instructions
    of current x86 and ARM processors it hashes ~2x faster than blake2b, and a warm run hashes
    every file (28 MB for five years)."""
    return hashlib.sha256(raw).digest()[:16]


def _code_digest() -> str:
    """dtrack's own code, the whole package with its sub-packages, so that a changed checkout
    never reads records of the old code."""
    h = hashlib.blake2b(digest_size=16)
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # directive_cli/
    for path in _sources(top):
        h.update(os.path.relpath(path, top).replace(os.sep, "/").encode())
        with contextlib.suppress(OSError), open(path, "rb") as fh:
            h.update(fh.read())
    return h.hexdigest()


def _sources(top: str) -> list[str]:
    """Every .py file below `top`, in a fixed order."""
    found = []
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found += [os.path.join(folder, f) for f in sorted(files) if f.endswith(".py")]
    return found


def _versions(*dists: str) -> tuple[str, ...]:
    """The installed versions of `dists` ("?" when not installed), from the names of their
    .dist-info (or older .egg-info) folders on sys.path, as importlib.metadata finds them:
    importing that (~10 ms), or pydantic to read its VERSION (~45 ms), would cost a warm run
    more than it loads. A name that does not say its version is asked of importlib.metadata."""
    wanted = {_dist_key(d) for d in dists}
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            stem, dot, suffix = name.rpartition(".")
            if dot and suffix in ("dist-info", "egg-info"):
                dist, _, version = stem.partition("-")
                key = _dist_key(dist)
                if key in wanted:
                    found.setdefault(key, version)  # the first on sys.path is the one imported
    out = []
    for d in dists:
        version = found.get(_dist_key(d), "?")
        if version in ("", "?") and _dist_key(d) in found:
            version = _metadata_version(d)
        out.append(version)
    return tuple(out)


def _metadata_version(dist: str) -> str:
    try:
        from importlib.metadata import version  # lazy: start-up time

        return version(dist)
    except Exception:  # not readable: the key still changes if it becomes so
        return "?"


def _dist_key(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def _has_libyaml() -> bool:
    """Whether PyYAML has its C loader, found without importing yaml (~15 ms)."""
    import importlib.machinery  # lazy: start-up time
    import importlib.util

    spec = importlib.util.find_spec("yaml")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            if os.path.exists(os.path.join(folder, "_yaml" + suffix)):
                return True
    return False


def environment(root: Path) -> bytes:
    """Everything besides the files that the loaded result depends on."""
    from .. import __version__  # lazy: the package imports nothing at start-up

    parts = (
        FORMAT,
        __version__,
        _code_digest(),
        sys.version,
        # pickled records (pydantic, pydantic_core); YAML parsing, not imported by a warm run
        # (PyYAML and its C loader); working-day deadlines in the plans (holidays)
        _versions("pydantic", "pydantic_core", "PyYAML", "holidays"),
        _has_libyaml(),
        str(root),
    )
    return hashlib.blake2b(repr(parts).encode(), digest_size=32).digest()


# A directive file's record: (file hash, diagnostics, model, plan, head, counts)
#   diagnostics: the file's problems, located, with `file` left empty (it depends on the cwd)
#   model: (offset, length, hash) of the pickled Directive in the entry's blob area, or None
#     (a file with errors has no model)
#   plan: (part, final) from plans.split(): the blob of the plan less its tasks closed for
#     good, and the blob of those tasks or None; or None (a file with errors has no plan)
#   head: plans.head() of the plan (a repository.Head), or None
#   counts: (offset, length, hash) of summary.settled_counts(), or None
# agencies.yaml's record: (file hash, diagnostics, roster or None): load._roster()
FileRecord = tuple


class Store:
    """One data folder's entry, read when opened; `writer()` makes the next one."""

    def __init__(self, cache_dir: Path, root: Path) -> None:
        self.dir = cache_dir
        root = root.resolve()
        name = hashlib.blake2b(str(root).encode(), digest_size=16).hexdigest()
        self.path = cache_dir / f"{name}.cache"
        self.env = environment(root)
        self._agencies: tuple | None = None
        self._files: dict[str, FileRecord] = {}
        self.shares: list[tuple] = []  # Repository.shares of the plans in the entry
        self.totals: tuple | None = None  # Repository.settled_totals of the entry
        self._blobs = memoryview(b"")
        self.agencies_reused = False
        self._read()

    # -- reading ----------------------------------------------------------------------------

    def _read(self) -> None:
        # Mapped, not read: only the index and the records a command asks for are paged in.
        # The mapping keeps this version even if another run replaces the entry meanwhile.
        try:
            with open(self.path, "rb") as fh:
                if _WINDOWS:
                    data = fh.read()
                else:
                    data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            return  # no entry yet (or an empty one), or not readable: a cold run
        try:
            magic, env, offset, size, index_hash = _HEADER.unpack_from(data)
            view = memoryview(data)
            index = view[offset : offset + size]
            if magic != _MAGIC or env != self.env or len(index) != size:
                return
            if hashlib.blake2b(index, digest_size=32).digest() != index_hash:
                return
            agencies, files, shares, totals = pickle.loads(index)
            if not isinstance(files, dict) or not isinstance(shares, list):
                return
        except Exception:  # a damaged entry is a cold run, whatever the damage
            return
        self._agencies, self._files, self.shares, self.totals = agencies, files, shares, totals
        self._blobs = view[_HEADER.size : offset]

    def agencies(self, file_hash: bytes) -> tuple | None:
        """(diagnostics, roster or None) when agencies.yaml has not changed."""
        rec = self._agencies
        if rec is None or rec[0] != file_hash:
            return None
        self.agencies_reused = True
        return rec[1], rec[2]

    def directive(self, rel: str, file_hash: bytes) -> FileRecord | None:
        """The record of a directive file whose bytes and whose agencies.yaml are unchanged."""
        if not self.agencies_reused:
            return None
        rec = self._files.get(rel)
        if rec is None or rec[0] != file_hash:
            return None
        return rec

    def holds(self, rels) -> bool:
        """Whether the entry has records for exactly these files (none added or removed)."""
        return self._files.keys() == set(rels)

    def read_blob(self, blob: tuple) -> Any:
        """The pickled object of a blob; raises on any damage (the caller reads the file)."""
        offset, length, blob_hash = blob
        raw = self._blobs[offset : offset + length]
        if len(raw) != length or digest(raw) != blob_hash:
            raise ValueError("damaged cache record")
        return pickle.loads(raw)

    def blob_bytes(self, blob: tuple) -> memoryview:
        offset, length, _ = blob
        return self._blobs[offset : offset + length]

    def discard(self) -> None:
        """Forget a damaged entry, so that the next run rebuilds it."""
        with contextlib.suppress(OSError):
            os.unlink(self.path)

    def writer(self) -> Writer:
        return Writer(self)


class Writer:
    """A new entry for a store, written record by record as the files are read, so that a cold
    run need not hold every record in memory: it reads back the few it needs, like a warm one.
    Never raises: a cache that cannot be written only costs time (`ok` turns False)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.files: dict[str, FileRecord] = {}
        self.offset = 0  # of the next record in the blob area
        self.fh = None
        self.tmp = ""
        self.reread = ""  # Windows: the file to read records back from, once fh is closed
        self.ok = True
        try:
            import tempfile  # lazy: start-up time

            store.dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, self.tmp = tempfile.mkstemp(dir=store.dir, prefix=".", suffix=".tmp")
            self.fh = os.fdopen(fd, "w+b")
            self.fh.write(bytes(_HEADER.size))  # the header goes last, once the index is known
        except Exception:
            self._fail()

    def add(self, rel: str, file_hash: bytes, diags: list, model, plan, head, counts) -> FileRecord:
        """Record a directive file: its Directive, plan (plans.split's two parts) and counts
        (any may be None) are pickled. Returns the record, which says where they can be read
        back."""
        put = self._put
        record = (
            file_hash, diags, put(model, False), self._put_plan(plan, False), head,
            put(counts, False),
        )  # fmt: skip
        self.files[rel] = record
        return record

    def copy(self, rel: str, record: FileRecord) -> None:
        """Record a directive file as the old entry has it."""
        file_hash, diags, model, plan, head, counts = record
        put = self._put
        self.files[rel] = (
            file_hash, diags, put(model, True), self._put_plan(plan, True), head, put(counts, True)
        )  # fmt: skip

    def _put_plan(self, parts: tuple | None, copied: bool) -> tuple | None:
        """A plan's two parts, the second one (tasks closed for good) None when empty."""
        if parts is None:
            return None
        first, second = parts
        refs = (self._put(first, copied), self._put(second, copied) if second else None)
        return refs if refs[0] is not None else None

    def _put(self, obj, copied: bool) -> tuple | None:
        """Append an object (pickled) or, when `copied`, the old entry's blob `obj` to the blob
        area; where it went, or None."""
        if not self.ok or obj is None:
            return None
        try:
            if copied:
                raw = self.store.blob_bytes(obj)
                ref = (self.offset, obj[1], obj[2])
            else:
                raw = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
                ref = (self.offset, len(raw), digest(raw))
            self.fh.write(raw)
            self.offset += ref[1]
            return ref
        except Exception:
            self._fail()
            return None

    def read_blob(self, blob: tuple) -> Any:
        """A record written by this writer (the file stays open after it is renamed)."""
        offset, length, blob_hash = blob
        if self.reread:
            with open(self.reread, "rb") as fh:
                fh.seek(_HEADER.size + offset)
                raw = fh.read(length)
        elif _PREAD:
            # At its place, the file's position left alone: the processes of dtrack site
            # --jobs share this open file, and a seek() of one would move the others' reads.
            fh = self.fh
            fh.flush()
            raw = os.pread(fh.fileno(), length, _HEADER.size + offset)
        else:
            fh = self.fh
            end = fh.tell()
            fh.seek(_HEADER.size + offset)
            raw = fh.read(length)
            fh.seek(end)
        if len(raw) != length or digest(raw) != blob_hash:
            raise ValueError("damaged cache record")
        return pickle.loads(raw)

    def commit(self, agencies: tuple | None, shares: list[tuple], totals: tuple | None) -> None:
        """Write the index and the header, and put the entry in place of the old one.
        agencies = (file hash, diagnostics, roster or None); shares = Repository.shares,
        which the plans point into (the old entry's, with any new ones after them); totals =
        Repository.settled_totals."""
        if not self.ok:
            return
        try:
            index = (agencies, self.files, shares, totals)
            index = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
            fh = self.fh
            fh.write(index)
            index_hash = hashlib.blake2b(index, digest_size=32).digest()
            fh.seek(0)
            env = self.store.env
            fh.write(_HEADER.pack(_MAGIC, env, _HEADER.size + self.offset, len(index), index_hash))
            fh.flush()
            fh.seek(0, os.SEEK_END)
            if _WINDOWS:
                fh.close()
                self.reread = self.tmp
            os.replace(self.tmp, self.store.path)
            if _WINDOWS:
                self.reread = str(self.store.path)
        except Exception:
            self._fail()
            return
        self._remove_stale_temps()

    def _fail(self) -> None:
        self.ok = False
        if self.tmp and not self.reread:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)  # records already written stay readable through self.fh

    def _remove_stale_temps(self) -> None:
        now = time.time()
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.store.dir):
                if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                    with contextlib.suppress(OSError):
                        if now - entry.stat().st_mtime > _STALE_TEMP:
                            os.unlink(entry.path)
