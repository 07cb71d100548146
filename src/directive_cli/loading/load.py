"""Load a data folder: agencies.yaml and data/directives/**/*.yaml into a Repository.

The pipeline of a file: read (reading/), validate (validate.py), plan (plans.py), count
(summary.settled_counts), then keep all of it in the cache (cache.py), from which a later run
takes every file whose bytes have not changed. Nothing here stops at the first problem: every
file is read, every problem is collected as a Diagnostic, and line numbers are looked up
afterwards only for the files that have problems. load_files() is the same reading and
checking, from bytes in memory and without the cache (a git revision, an edit before it is
written).
"""

from __future__ import annotations

import functools
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic
from ..errors import DataFolderError
from ..plans import Planner, head, join, split
from ..reading.reader import FileReader, MemoryFile
from ..repository import (
    AGENCIES_FILE,
    DIRECTIVE_ID,
    DIRECTIVES_DIR,
    LoadedDirective,
    Repository,
    file_name_for,
)
from ..validate import check_agencies, check_directives
from . import cache
from .ahead import Ahead

if TYPE_CHECKING:
    from ..reading.models import Directive

# What a file must hold, said when it holds something else.
_AGENCIES_KEYS = "các khóa issuer, agencies, groups"
_DIRECTIVE_KEYS = "các khóa number, issued, subject, tasks"


def load(root: Path, cache_dir: Path | None = None, *, keep_plans: bool = True) -> Repository:
    """Read and validate everything under `root` (a data folder). With `cache_dir`, files whose
    bytes are unchanged since an earlier run are taken from the cache (see cache.py). Plans made
    here are kept at hand unless `keep_plans` is false (then they are read back from the cache
    when asked for: dtrack site, whose processes would each keep a copy of the memory they
    took, ~60 MB on five years of a province)."""
    if not root.is_dir():
        raise DataFolderError(f"Không tìm thấy thư mục dữ liệu '{root}'.")
    repo = Repository(root=root)
    reader = FileReader(repo)
    run = _Run(repo, reader, cache_dir, keep_plans)
    run.agencies(root / AGENCIES_FILE)
    directives_dir = root / DIRECTIVES_DIR
    paths = _directive_files(directives_dir) if directives_dir.is_dir() else []
    if not paths:  # a new office may start with agencies only: a warning, not an error
        where = _display(directives_dir)
        reader.error(
            where,
            "no-directives",
            f"Chưa có văn bản chỉ đạo nào: thư mục '{where}' "
            + ("trống." if directives_dir.is_dir() else "không tồn tại."),
            hint="Tạo văn bản mới bằng 'dtrack new MÃ-VĂN-BẢN' hoặc chép tệp .yaml vào đó.",
            severity="warning",
        )
    here = os.path.join(os.getcwd(), "")
    names = _Names(reader)
    files = []
    for path, rel in paths:
        shown = _display(path, here)
        ident = names.ident(rel, shown)
        if ident is not None:
            files.append((path, rel, ident, shown))
    run.directives(files)
    reader.locate_all()
    repo.diagnostics.sort(key=lambda d: (d.file, d.line or 0, d.column or 0))
    run.finish()
    return repo


def load_files(files: dict[str, bytes], label: str = "") -> Repository:
    """Like load(), from {path relative to the data folder: bytes}, e.g. "agencies.yaml",
    "directives/2025/x.yaml". Files are shown as label + path. Nothing touches the disk."""
    repo = Repository(root=Path(label or "."))
    reader = FileReader(repo)
    shown = label + AGENCIES_FILE
    if AGENCIES_FILE not in files:
        _missing_agencies(reader, shown, None)
    else:
        _read_agencies(repo, reader, files[AGENCIES_FILE], shown)

    prefix = DIRECTIVES_DIR + "/"
    names = _Names(reader)
    for rel in sorted(f for f in files if f.startswith(prefix) and f.endswith((".yaml", ".yml"))):
        shown = label + rel
        ident = names.ident(rel, shown)
        if ident is None:
            continue
        model = _read_record(reader, MemoryFile(files[rel]), shown)
        if model is not None:
            repo.directives.append(LoadedDirective(ident, shown, model))

    if repo.issuer is not None:
        check_directives(repo, reader.error)
    reader.locate_all()
    repo.diagnostics.sort(key=lambda d: (d.file, d.line or 0, d.column or 0))
    return repo


# -- the checks load() and load_files() share ---------------------------------------------------


def _missing_agencies(reader: FileReader, shown: str, root: Path | None) -> None:
    where = f" '{root}'" if root is not None else ""
    reader.error(
        shown,
        "missing-file",
        f"Không có tệp {AGENCIES_FILE} trong thư mục dữ liệu{where}.",
        hint="Tệp này khai báo cơ quan ban hành, các cơ quan và nhóm cơ quan.",
    )


def _read_agencies(repo: Repository, reader: FileReader, raw: bytes, shown: str) -> None:
    """agencies.yaml parsed, validated and checked into `repo`."""
    data = reader.parse(raw, shown, _AGENCIES_KEYS)
    if data is not None:
        from ..reading.models import AgencyFile  # lazy: start-up time (pydantic)

        repo.agency_file = reader.validate(AgencyFile, data, shown)
        if repo.agency_file is not None:
            check_agencies(repo, shown, reader.error)


def _read_record(reader: FileReader, path, shown: str) -> Directive | None:
    """A directive file parsed and validated (not yet checked against agencies.yaml)."""
    from ..reading.models import Directive  # lazy: start-up time (pydantic)

    data = reader.read(path, shown, _DIRECTIVE_KEYS)
    return reader.validate(Directive, data, shown) if data is not None else None


class _Names:
    """The directive ids of a data folder's files: each file's name must make one, and no two
    files the same."""

    def __init__(self, reader: FileReader) -> None:
        self.reader = reader
        self.seen: dict[str, str] = {}

    def ident(self, rel: str, shown: str) -> str | None:
        """The id of the file at `rel` (shown as `shown`), or None when it has a problem."""
        name = rel[rel.rfind("/") + 1 :]
        ident = name[: name.rfind(".")]
        if not DIRECTIVE_ID.match(ident):
            better = file_name_for(name) or "2025-1958-UBND-NC.yaml"
            self.reader.error(
                shown,
                "bad-file-name",
                f"Tên tệp '{name}' không dùng được làm mã văn bản.",
                hint=f"Dùng chữ không dấu, chữ số, dấu chấm và gạch nối, ví dụ {better}.",
            )
            return None
        if ident in self.seen:
            self.reader.error(
                shown,
                "duplicate-directive",
                f"Mã văn bản '{ident}' trùng với tệp {self.seen[ident]}.",
                hint="Mỗi văn bản một mã; đổi tên một trong hai tệp.",
            )
            return None
        self.seen[ident] = shown
        return ident


# -- one run of load(): read, validate, plan, count, cache --------------------------------------


class _Run:
    """The files of one load() as they are read: from the cache when their bytes (and those of
    agencies.yaml) are unchanged, else read, validated, planned, counted and written to a new
    cache entry."""

    def __init__(
        self, repo: Repository, reader: FileReader, cache_dir: Path | None, keep_plans: bool
    ) -> None:
        self.repo, self.reader, self.cache_dir = repo, reader, cache_dir
        self.keep_plans = keep_plans
        self.store: cache.Store | None = None
        self.agencies_hash = b""
        self.agencies_shown = ""
        self.kept: list[tuple[str, tuple]] = []  # (relative path, record) taken from the cache
        self.writer = None  # a new cache entry, begun at the first file not in the old one
        self.planner: Planner | None = None

    def agencies(self, path: Path) -> None:
        repo, reader = self.repo, self.reader
        shown = self.agencies_shown = _display(path)
        if not path.is_file():
            _missing_agencies(reader, shown, repo.root)
            return
        raw = reader.raw(path, shown)
        if raw is None:
            return
        if self.cache_dir is not None:
            store = self.store = cache.Store(self.cache_dir, repo.root)
            self.agencies_hash = cache.digest(raw)
            record = store.agencies(self.agencies_hash)
            if record is not None:
                diagnostics, roster = record
                _restore(repo, diagnostics, shown)
                _set_roster(repo, roster)
                repo.shares = list(store.shares)  # the cached plans point into it
                return
        _read_agencies(repo, reader, raw, shown)

    def directives(self, files: list[tuple[str, str, str, str]]) -> None:
        """The directive files (path, relative path, id, name shown), in order: those the
        cache holds taken from it, the others read (with many to read, most of them by a
        second process: ahead.py), planned, counted and written to a new cache entry."""
        repo, store = self.repo, self.store
        hits: dict[int, tuple] = {}
        unreadable: set[int] = set()  # said already
        if store is not None and store.agencies_reused:  # else the entry holds no file
            for k, (path, rel, _, shown) in enumerate(files):
                raw = self.reader.raw(path, shown)
                if raw is None:
                    unreadable.add(k)
                    continue
                record = store.directive(rel, cache.digest(raw))
                if record is not None:
                    hits[k] = record
        to_read = [k for k in range(len(files)) if k not in hits and k not in unreadable]
        place = {k: i for i, k in enumerate(to_read)}
        ahead = Ahead.start([files[k] for k in to_read], functools.partial(_read_ahead, repo))
        try:
            for k, (path, rel, ident, shown) in enumerate(files):
                if k in unreadable:
                    continue
                record = hits.get(k)
                if record is not None:
                    self._cached(path, rel, ident, shown, record)
                    continue
                done = None
                if ahead is not None and ahead.takes(place[k]):
                    done = ahead.result(place[k])
                if done is None:  # read here (the bytes may have changed since: hashed again)
                    raw = self.reader.raw(path, shown)
                    if raw is None:
                        continue
                    ld, diagnostics = _read_directive(repo, ident, shown, path, raw)
                    file_hash = cache.digest(raw) if store is not None else b""
                else:
                    file_hash, model, diagnostics = done
                    ld = LoadedDirective(ident, shown, model, path) if model is not None else None
                self._read(rel, ident, shown, path, file_hash, ld, diagnostics)
        finally:
            if ahead is not None:
                ahead.close()

    def _cached(self, path: str, rel: str, ident: str, shown: str, record: tuple) -> None:
        repo, store = self.repo, self.store
        _, diagnostics, model_ref, _, _, _ = record
        _restore(repo, diagnostics, shown)
        self.kept.append((rel, record))
        if self.writer is not None:
            self.writer.copy(rel, record)
        if model_ref is not None:
            ld = _from_cache(store, store.read_blob, record, ident, shown, path)
            repo.directives.append(ld)

    def _read(self, rel, ident, shown, path, file_hash: bytes, ld, diagnostics) -> None:
        """A file just read: its problems, and (with a cache) its plan, counts and record."""
        repo, store = self.repo, self.store
        _restore(repo, diagnostics, shown)
        if store is None:
            if ld is not None:
                repo.directives.append(ld)
            return
        if self.writer is None:
            self.writer = _new_entry(store, self.kept)
        # Written to the new entry now and read back when a command asks for it, so that a
        # cold run does not hold all the records (~0.1 MB each in memory) at once.
        plan = parts = plan_head = counts = None
        if ld is not None and repo.issuer is not None and shown not in repo.broken_files:
            if self.planner is None:
                self.planner = Planner(repo)  # one for the run: equal lead lists share their shares
            plan, parts, plan_head = _plan(self.planner, ld.model)
            counts = _counts(repo, ld, plan, plan_head)
        model = ld.model if ld else None
        record = self.writer.add(rel, file_hash, diagnostics, model, parts, plan_head, counts)
        _, _, model_ref, _, _, _ = record
        if ld is not None:
            if model_ref is not None:
                ld = _from_cache(store, self.writer.read_blob, record, ident, shown, path)
                if self.keep_plans:
                    ld.hold_plan(plan)  # at hand: not read back, unless released
            repo.directives.append(ld)

    def finish(self) -> None:
        """Write the new cache entry, if anything changed; the settled totals either way."""
        repo, store, writer = self.repo, self.store, self.writer
        if store is None:
            return
        if writer is None and not (store.agencies_reused and store.holds(r for r, _ in self.kept)):
            writer = _new_entry(store, self.kept)  # agencies.yaml changed, or a file was removed
        if writer is None:
            repo.settled_totals = store.totals  # the entry holds for every file
            return
        shown = self.agencies_shown
        blank = [replace(d, file="") for d in repo.diagnostics if d.file == shown]
        from ..summary import sum_settled  # lazy: start-up time (decimal), a cold run's only

        repo.settled_totals = sum_settled(repo.directives)
        writer.commit((self.agencies_hash, blank, _roster(repo)), repo.shares, repo.settled_totals)


def _display(path: Path | str, here: str | None = None) -> str:
    """A file as named to the user: relative to the current folder (`here`, with a trailing
    separator) when inside it. Strings, not pathlib: it is called once a file."""
    here = here or os.path.join(os.getcwd(), "")
    text = str(path)
    inside = os.path.normcase(text).startswith(os.path.normcase(here))
    return text[len(here) :] if inside else text


def _directive_files(directives_dir: Path) -> list[tuple[str, str]]:
    """(path, path relative to the data folder) of every .yaml, then every .yml file below
    `directives_dir`, each kind sorted folder by folder. Strings, not Paths: on 2,000 files
    pathlib alone costs a warm run ~0.1 s. Names are matched and sorted as pathlib does on the
    platform: with their case on POSIX, without it on Windows (os.path.normcase)."""
    base = str(directives_dir)
    fold = os.path.normcase
    found: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str]]] = {".yaml": [], ".yml": []}
    for folder, dirs, files in os.walk(base):
        inner = () if folder == base else tuple(os.path.relpath(folder, base).split(os.sep))
        for name in files + [d for d in dirs if fold(d).endswith((".yaml", ".yml"))]:
            ext = fold(name[name.rfind(".") :])  # a folder named x.yaml is read, and reported
            if ext in found:
                parts = (*inner, name)
                found[ext].append((tuple(map(fold, parts)), parts, os.path.join(folder, name)))
    out = []
    for ext in (".yaml", ".yml"):
        for _, parts, path in sorted(found[ext]):
            out.append((path, "/".join((DIRECTIVES_DIR, *parts))))
    return out


def _roster(repo: Repository) -> tuple | None:
    """What a run needs of agencies.yaml once it is checked (see roster.py), for the cache."""
    if repo.issuer is None:
        return None
    return (repo.issuer, repo.agencies, repo.groups, repo.members, repo.calendar)


def _set_roster(repo: Repository, roster: tuple | None) -> None:
    if roster is not None:
        repo.issuer, repo.agencies, repo.groups, repo.members, repo.calendar = roster


def _check_what_validates(repo: Repository, reader: FileReader, data, ident: str, shown: str):
    """A file whose structure has errors: the cross-file checks (agencies, deadlines, dates)
    of what of it validates, so that its other problems are not left for a second round.
    Only errors: its warnings wait until the file reads whole."""
    from ..reading.models import salvage_directive  # lazy: start-up time (pydantic)

    record, dropped = salvage_directive(data)
    if record is None:
        return
    # A wrong date of issue: the deadlines counted from it wait for it, the others are judged.
    undated: list[str] | None = [] if "issued" in dropped else None

    def error(*args, severity: str = "error", **kwargs) -> None:
        if severity == "error":
            reader.error(*args, **kwargs)

    one = replace(repo, directives=[LoadedDirective(ident, shown, record)])
    check_directives(one, error, undated)
    if undated:
        # Said once, under the date of issue's own error: the clerk fixes it there.
        tasks = ", ".join(undated[:6]) + ("…" if len(undated) > 6 else "")
        note = (
            f"Thời hạn của nhiệm vụ {tasks} tính từ ngày ban hành nên chưa kiểm tra được; "
            "sẽ kiểm tra khi ngày ban hành ghi đúng."
        )
        for d in reader.repo.diagnostics:
            if d.path == ("issued",) and d.severity == "error":
                d.hint = f"{d.hint} {note}" if d.hint else note
                break


def _read_directive(
    repo: Repository, ident: str, shown: str, path: Path, raw: bytes
) -> tuple[LoadedDirective | None, list[Diagnostic]]:
    """One directive file: parsed, validated, checked against agencies.yaml, its problems
    located. The problems carry no file name (the caller gives the one it shows)."""
    alone = Repository(root=repo.root)  # collects this file's problems
    reader = FileReader(alone)
    ld = None
    data = reader.parse(raw, shown, _DIRECTIVE_KEYS)
    if data is not None:
        from ..reading.models import Directive  # lazy: start-up time (pydantic)

        model = reader.validate(Directive, data, shown)  # leaves `data` whole
        if model is not None:
            ld = LoadedDirective(ident, shown, model, path)
            if repo.issuer is not None:
                # Cross-file checks need only this file and agencies.yaml.
                check_directives(replace(repo, directives=[ld]), reader.error)
        elif repo.issuer is not None:
            _check_what_validates(repo, reader, data, ident, shown)
    reader.locate_all()
    for d in alone.diagnostics:
        d.file = ""
    return ld, alone.diagnostics


def _read_ahead(repo: Repository, job: tuple[str, str, str, str]):
    """_read_directive in the second process (ahead.py): (hash of the bytes read, record or
    None, problems), or None when the file cannot be read (the first process says why)."""
    path, _, ident, shown = job
    raw = FileReader(Repository(root=repo.root)).raw(path, shown)
    if raw is None:
        return None
    ld, diagnostics = _read_directive(repo, ident, shown, path, raw)
    return cache.digest(raw), (ld.model if ld is not None else None), diagnostics


def _new_entry(store, kept: list[tuple[str, tuple]]):
    """A cache writer that already holds the records taken from the old entry so far."""
    writer = store.writer()
    for rel, record in kept:
        writer.copy(rel, record)
    return writer


def _plan(planner, model: Directive) -> tuple[tuple | None, tuple | None, tuple | None]:
    """(plan, its two parts as the cache keeps them, head) of a directive, or Nones: compute()
    will plan it again."""
    try:
        plan = planner.plan(model)
        return plan, split(plan), head(plan)
    except Exception:  # not for valid data
        return None, None, None


def _counts(repo: Repository, ld: LoadedDirective, plan, head) -> tuple | None:
    """summary.settled_counts() of a directive just planned, for the cache."""
    from ..summary import settled_counts  # lazy: start-up time (decimal), a cold run's only

    if plan is None:
        return None
    probe = LoadedDirective(ld.id, ld.file, ld.model, plan=plan, head=head)
    try:
        return settled_counts(repo, probe)
    except Exception:  # not for valid data; tally() would count it from its plan
        return None


def _from_cache(store, read_blob, record: tuple, ident: str, shown: str, path: str):
    """A directive whose record, plan and counts are read from a cache entry when asked for."""
    _, _, model_ref, plan_ref, head, counts_ref = record

    def reader(ref):
        if ref is None:
            return None

        def read() -> tuple | None:
            try:
                return read_blob(ref)
            except Exception:  # damaged: worked out again from the record; rebuilt next run
                store.discard()
                return None

        return read

    read_plan = read_open = None
    if plan_ref is not None:  # two parts (plans.split): a listing of open work may need one
        part_ref, final_ref = plan_ref
        read_open, read_final = reader(part_ref), reader(final_ref)

        def read_plan() -> tuple | None:
            part = read_open()
            if part is None or read_final is None:
                return part
            final = read_final()
            return join(part, final) if final is not None else None

    read_model = _cached_model(read_blob, store, model_ref, path, shown)
    return LoadedDirective(
        ident,
        shown,
        None,
        path,
        read_model=read_model,
        read_plan=read_plan,
        read_open=read_open,
        head=head if plan_ref is not None else None,
        read_counts=reader(counts_ref),
    )


def _restore(repo: Repository, diagnostics: list[Diagnostic], shown: str) -> None:
    """Problems kept apart from their file name (in the cache, or from one file's reader), added
    under the name shown in this run; the originals stay nameless for the cache."""
    for d in diagnostics:
        repo.diagnostics.append(replace(d, file=shown))
        if d.severity == "error":
            repo.broken_files.add(shown)


def _cached_model(read_blob, store, blob: tuple, path: str, shown: str):
    def read() -> Directive:
        try:
            return read_blob(blob)
        except Exception:  # a damaged record: read the file itself, rebuild the entry next run
            store.discard()
            model = _read_record(FileReader(Repository(root=Path(path).parent)), path, shown)
            if model is None:
                raise DataFolderError(
                    f"Tệp {shown} vừa thay đổi trong khi dtrack đang chạy; hãy chạy lại lệnh."
                ) from None
            return model

    return read
