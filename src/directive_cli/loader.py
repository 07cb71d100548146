"""Load a data folder: agencies.yaml and data/directives/**/*.yaml into a Repository.

Nothing here stops at the first problem: every file is read, every problem is collected as a
Diagnostic, and line numbers are looked up afterwards only for the files that have problems.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, os_error_text, suggest
from .limits import MAX_FILE_BYTES
from .roster import Agency, Group, Issuer

if TYPE_CHECKING:  # pydantic is imported only when a file is validated: warm runs do without
    from pydantic import BaseModel

    from .models import AgencyFile, Directive

AGENCIES_FILE = "agencies.yaml"
DIRECTIVES_DIR = "directives"
_DIRECTIVE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class LoadedDirective:
    """One directive file that validated. From the cache, its record (`model`) and its status
    plan (`plan`, status.Planner) are read only when first asked for; `head` (status.head) holds
    what every run needs of every directive, so that most runs read few plans and no record."""

    __slots__ = (
        "_counts",
        "_model",
        "_path",
        "_plan",
        "_read_counts",
        "_read_model",
        "_read_open",
        "_read_plan",
        "file",
        "head",
        "id",
    )

    def __init__(
        self,
        id: str,
        file: str,  # as shown to the user
        model: Directive | None = None,
        path: Path | str | None = None,  # the real file, for edits (None when from memory)
        *,
        read_model: Callable[[], Directive] | None = None,
        plan: tuple | None = None,
        read_plan: Callable[[], tuple | None] | None = None,
        read_open: Callable[[], tuple | None] | None = None,
        head: tuple | None = None,
        read_counts: Callable[[], tuple | None] | None = None,
    ) -> None:
        self.id, self.file, self._path, self.head = id, file, path, head
        self._model, self._read_model = model, read_model
        self._plan, self._read_plan, self._read_open = plan, read_plan, read_open
        self._counts, self._read_counts = None, read_counts

    @property
    def has_counts(self) -> bool:
        """Whether `counts` may be read (without reading them)."""
        return self._counts is not None or self._read_counts is not None

    @property
    def counts(self) -> tuple | None:
        """summary.settled_counts() as kept in the cache, or None."""
        if self._counts is None and self._read_counts is not None:
            read, self._read_counts = self._read_counts, None
            self._counts = read()
        return self._counts

    @property
    def plan(self) -> tuple | None:
        """None until compute() makes one, when there is none in the cache (or it is damaged)."""
        if self._plan is None and self._read_plan is not None:
            read, self._read_plan = self._read_plan, None
            self._plan = read()
        return self._plan

    @plan.setter
    def plan(self, value: tuple | None) -> None:
        self._plan, self._read_plan, self._read_open = value, None, None

    def open_plan(self, day: int) -> tuple | None:
        """The plan, or enough of it for a listing of open work on `day` (an ordinal): from the
        cache, without the tasks closed for good by then (status.split)."""
        if self._plan is None and self._read_open is not None:
            settled_on = self.settled_on
            if settled_on is not None and settled_on <= day:
                return self._read_open()
        return self.plan

    @property
    def path(self) -> Path | None:
        # Kept as a string until asked for: 2,000 Path objects cost a warm run ~30 ms.
        if isinstance(self._path, str):
            self._path = Path(self._path)
        return self._path

    @path.setter
    def path(self, value: Path | None) -> None:
        self._path = value

    @property
    def model(self) -> Directive:
        if self._model is None:
            assert self._read_model is not None
            self._model, self._read_model = self._read_model(), None
        return self._model

    @model.setter
    def model(self, value: Directive) -> None:
        self._model, self._read_model = value, None

    # What listings show of the directive, from the plan when there is one (no record read).
    @property
    def number(self) -> str | None:
        if self.head is not None:
            return self.head[3]
        return self.plan[2] if self.plan is not None else self.model.number

    @property
    def issued_ordinal(self) -> int | None:
        if self.head is not None:
            return self.head[0]
        if self.plan is not None:
            return self.plan[0]
        issued = self.model.issued
        return issued.toordinal() if issued is not None else None

    @property
    def issued(self) -> dt.date | None:
        day = self.issued_ordinal
        return dt.date.fromordinal(day) if day is not None else None

    @property
    def closed_on(self) -> int | None:
        """The day (ordinal) from which all of its work is done or cancelled, if known."""
        return self.head[1] if self.head is not None else None

    @property
    def settled_on(self) -> int | None:
        """The day (ordinal) from which the tasks of status.split()'s second part are final."""
        return self.head[6] if self.head is not None else None

    @property
    def subject(self) -> str:
        if self.head is not None:
            return self.head[4]
        return self.plan[3] if self.plan is not None else self.model.subject

    @property
    def kind(self) -> str:
        if self.head is not None:
            return self.head[5]
        return self.plan[4] if self.plan is not None else self.model.kind

    @property
    def task_count(self) -> int:
        if self.head is not None:
            return self.head[2]
        return len(self.plan[1]) if self.plan is not None else len(self.model.tasks)

    def __repr__(self) -> str:
        return f"LoadedDirective(id={self.id!r}, file={self.file!r})"


@dataclass
class Repository:
    root: Path
    agency_file: AgencyFile | None = None  # agencies.yaml's records, when read in this run
    issuer: Issuer | None = None  # set when agencies.yaml is usable
    agencies: dict[str, Agency] = field(default_factory=dict)  # official order
    groups: dict[str, Group] = field(default_factory=dict)
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # group -> agency ids
    directives: list[LoadedDirective] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    broken_files: set[str] = field(default_factory=set)
    calendar: object = None  # WorkCalendar with the province's own days off and make-up days
    shares: list[tuple] = field(default_factory=list)  # the lead lists of the plans (status.py)
    # The settled counts of every directive that has them, added up (summary.sum_settled), as
    # the cache keeps them: a summary of everything uses it instead of ~2,000 counts.
    settled_totals: tuple | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def expand(self, ident: str) -> tuple[str, ...]:
        """An agency id stands for itself; a group id for its members."""
        if ident in self.agencies:
            return (ident,)
        return self.members.get(ident, ())

    def directive(self, ident: str) -> LoadedDirective | None:
        for d in self.directives:
            if d.id == ident:
                return d
        return None


class DataFolderError(Exception):
    """The data folder itself is missing or unusable: nothing to load."""


# -- pydantic errors to Vietnamese --------------------------------------------------------------


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Known keys of the mapping at `loc`, for "did you mean" hints."""
    current: type[BaseModel] | None = model
    for step in loc:
        if isinstance(step, int) or current is None:
            continue
        info = current.model_fields.get(step)
        if info is None:
            return []
        current = _model_in(info.annotation)
    if current is None:
        return []
    return [f.alias or name for name, f in current.model_fields.items()]


def _model_in(annotation) -> type[BaseModel] | None:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        return _model_in(origin)
    return None


def _shown(value) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


# Words a clerk may reach for instead of the English key.
_SYNONYMS = {
    "deadline": "due",
    "dead-line": "due",
    "due-date": "due",
    "han": "due",
    "thoi-han": "due",
    "hạn": "due",
    "thời-hạn": "due",
    "chu-tri": "lead",
    "chủ-trì": "lead",
    "leads": "lead",
    "phoi-hop": "support",
    "phối-hợp": "support",
    "supports": "support",
    "ngay": "date",
    "ngày": "date",
    "ngay-ban-hanh": "issued",
    "so": "number",
    "số": "number",
    "trich-yeu": "subject",
    "update": "updates",
    "task": "tasks",
    "members-of": "members",
}


def translate_error(err: dict, model: type[BaseModel]) -> tuple[str, str, tuple, str | None, bool]:
    """(code, message, path, hint, points_at_key) for one pydantic error."""
    loc = tuple(err["loc"])
    kind = err["type"]
    key = next((str(s) for s in reversed(loc) if isinstance(s, str)), "")
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        known_keys = _fields_at(model, loc[:-1])
        synonym = _SYNONYMS.get(key.lower().replace("_", "-"))
        if synonym in known_keys:
            hint = f"Có phải ý là '{synonym}'?"
        else:
            hint = suggest(key, known_keys)
        known = ", ".join(_fields_at(model, loc[:-1]))
        hidden = _hidden_chars(key)
        return (
            "unknown-key",
            f"Khóa '{key}' không hợp lệ ở đây" + (f" ({hidden})." if hidden else "."),
            loc,
            hint or (f"Các khóa được dùng: {known}." if known else None),
            True,
        )
    if kind == "missing":
        return "missing-key", f"Thiếu khóa bắt buộc '{key}'.", loc[:-1], None, False
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        where = _item(loc, key) if key else "Nội dung tệp"
        return (
            "expected-mapping",
            f"{where} phải là một ánh xạ (các dòng 'khóa: giá trị'), không phải {_kind_of(value)}.",
            loc,
            None,
            False,
        )
    if kind == "list_type":
        return (
            "expected-list",
            f"{_item(loc, key)} phải là một danh sách, không phải {_kind_of(value)}.",
            loc,
            "Viết mỗi mục trên một dòng bắt đầu bằng '- ', hoặc [a, b].",
            False,
        )
    if kind in ("string_type",):
        if value is None:
            return "empty-value", f"{_item(loc, key)} đang để trống.", loc, None, False
        return (
            "expected-text",
            f"{_item(loc, key)} phải là một đoạn chữ, không phải {_kind_of(value)}.",
            loc,
            None,
            False,
        )
    if kind.startswith("date") or kind.startswith("datetime"):
        return (
            "bad-date",
            f"Ngày '{_shown(value)}' không hợp lệ ở '{key}'.",
            loc,
            _date_hint(value),
            False,
        )
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = re.findall(r"'([^']*)'", expected)
        hint = suggest(str(value), options) if isinstance(value, str) else None
        return (
            "bad-value",
            f"Giá trị '{_shown(value)}' không hợp lệ ở '{key}'.",
            loc,
            (hint + " " if hint else "") + f"Chấp nhận: {', '.join(options)}.",
            False,
        )
    if kind == "string_pattern_mismatch":
        if loc[:1] == ("tasks",) and loc[-1] == "id":
            return (
                "bad-task-id",
                f"Mã nhiệm vụ '{_shown(value)}' không được có dấu cách, ':', '@' hay '#'.",
                loc,
                "Các dấu này dùng để ghi tham chiếu VĂN-BẢN:NHIỆM-VỤ@CƠ-QUAN#KỲ; "
                "ví dụ viết 'II.1' thay cho 'II#1'.",
                False,
            )
        hidden = _hidden_chars(value) if isinstance(value, str) else None
        meant = _id_for(value) if isinstance(value, str) and not hidden else None
        return (
            "bad-id",
            f"Mã '{_shown(value)}' không hợp lệ" + (f" ({hidden})." if hidden else "."),
            loc,
            (f"Có phải ý là '{meant}'? " if meant else "")
            + "Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối, ví dụ 'xa-an-khanh'.",
            False,
        )
    if kind == "string_too_short":
        return "empty-value", f"{_item(loc, key)} không được để trống.", loc, None, False
    if kind == "too_short":
        return "empty-list", f"'{key}' cần ít nhất một mục.", loc, None, False
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return (
            "expected-number",
            f"'{key}' phải là một số nguyên, không phải '{_shown(value)}'.",
            loc,
            None,
            False,
        )
    if kind in ("greater_than_equal", "less_than_equal"):
        return (
            "out-of-range",
            f"Giá trị '{_shown(value)}' của '{key}' nằm ngoài khoảng cho phép.",
            loc,
            None,
            False,
        )
    # Not expected with these models; no English pydantic text reaches the clerk either way.
    return "invalid", f"Giá trị '{_shown(value)}' không hợp lệ ở '{key}'.", loc, None, False


def _item(loc: tuple, key: str) -> str:
    """How to name the place: 'tasks', or the 2nd item of 'support'."""
    if loc and isinstance(loc[-1], int):
        return f"Mục thứ {loc[-1] + 1} của '{key}'"
    return f"'{key}'"


def _id_for(text: str) -> str | None:
    """The id a clerk probably meant: 'Xã An Khánh' -> 'xa-an-khanh', 'STC' -> 'stc'."""
    name = _file_name_for(text.strip().lower() + ".x")
    ident = name[:-2] if name else None
    return ident if ident and ident != text and re.fullmatch(r"[a-z0-9][a-z0-9-]*", ident) else None


def _hidden_chars(text: str) -> str | None:
    """Invisible or look-alike characters that make a key or id differ from what is seen."""
    import unicodedata

    odd = [c for c in dict.fromkeys(text) if c != " " and unicodedata.category(c) in _HIDDEN]
    if not odd:
        return None
    from .yamlio import char_name

    names = ", ".join(char_name(c) for c in odd)
    return f"có ký tự ẩn: {names}, thường do chép từ Word; hãy xóa rồi gõ lại"


_HIDDEN = {"Zs", "Zl", "Zp", "Cf", "Cc"}


def _date_hint(value) -> str:
    """Suggest the ISO date a clerk probably meant (2025-9-5, 5/9/2025), or say it is not real."""
    import datetime as dt

    default = "Ghi ngày theo dạng năm-tháng-ngày, đủ hai chữ số, ví dụ 2025-09-05."
    if not isinstance(value, str):
        return default
    text = value.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        year, month, day = (int(g) for g in m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if not m:
            return default
        day, month, year = (int(g) for g in m.groups())
    try:
        meant = dt.date(year, month, day)
    except ValueError:
        return f"Không có ngày {day}/{month}/{year}; kiểm tra lại ngày và tháng."
    return f"Có phải ý là {meant.isoformat()}? {default}"


def _kind_of(value) -> str:
    if value is None:
        return "giá trị rỗng"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một ánh xạ"
    return f"'{_shown(value)}'"


# -- reading files ------------------------------------------------------------------------------


class FileReader:
    """Reads one file to data; keeps its text so problems can be located later."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.texts: dict[str, str] = {}

    def read(self, path: Path, shown: str, what: str):
        raw = self.raw(path, shown)
        return None if raw is None else self.parse(raw, shown, what)

    def raw(self, path: Path | str, shown: str) -> bytes | None:
        try:
            if isinstance(path, _Blob):
                return path.read_bytes()
            # os.read, not open(): a buffered file object per file costs a warm run on 2,000
            # files ~10 ms.
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            try:
                size = os.fstat(fd).st_size
                if size > MAX_FILE_BYTES:  # refused before reading it into memory
                    from .yamlio import too_large

                    p = too_large(size)
                    self.error(shown, p.code, p.message, hint=p.hint)
                    return None
                chunks = []  # one read, then the empty one at the end (more if it grew)
                while chunk := os.read(fd, size + 1 if not chunks else 1 << 20):
                    chunks.append(chunk)
                return b"".join(chunks)
            finally:
                os.close(fd)
        except OSError as exc:
            self.error(shown, "unreadable", f"Không đọc được tệp: {os_error_text(exc)}.")
            return None

    def parse(self, raw: bytes, shown: str, what: str):
        from . import yamlio

        try:
            text = yamlio.decode(raw)
            self.texts[shown] = text
            data = yamlio.load_text(text)
        except yamlio.YamlProblem as p:
            if p.text is not None:
                self.texts[shown] = p.text
            self.error(shown, p.code, p.message, line=p.line, column=p.column, hint=p.hint)
            return None
        if data is None:
            self.error(shown, "empty-file", f"Tệp rỗng: cần {what}.", line=1, column=1)
            return None
        if not isinstance(data, dict):
            self.error(
                shown,
                "expected-mapping",
                f"Nội dung tệp phải là một ánh xạ ({what}), không phải {_kind_of(data)}.",
                line=1,
                column=1,
            )
            return None
        return data

    def validate(self, model: type[BaseModel], data: dict, shown: str):
        from pydantic import ValidationError

        try:
            return model.model_validate(data)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        for err in errors:
            code, message, loc, hint, at_key = translate_error(err, model)
            self.error(shown, code, message, path=loc, hint=hint, at_key=at_key)
        # When only unknown keys are wrong, check the rest too, so that a clerk sees every
        # problem of the file at once; the file stays marked broken.
        if all(err["type"] == "extra_forbidden" for err in errors):
            for err in errors:
                _drop(data, tuple(err["loc"]))
            try:
                return model.model_validate(data)
            except ValidationError:
                return None
        return None

    def error(
        self,
        shown: str,
        code: str,
        message: str,
        *,
        line=None,
        column=None,
        hint=None,
        path=None,
        at_key: bool = False,
        severity: str = "error",
        related=None,
    ) -> None:
        d = Diagnostic(shown, message, code, line, column, severity, hint, path, at_key, related)
        self.repo.diagnostics.append(d)
        if severity == "error":
            self.repo.broken_files.add(shown)

    def locate_all(self) -> None:
        """Fill in line/column and the quoted line, reading positions only where needed."""
        if not self.texts:
            return  # nothing was parsed (a warm run): the cached problems are located already
        from . import yamlio

        split: dict[str, list[str]] = {}
        trees: dict[str, object] = {}  # one parse per file, however many problems it has
        for d in self.repo.diagnostics:
            text = self.texts.get(d.file)
            if text is None:
                continue
            if (d.line is None and d.path is not None) or d.related is not None:
                if d.file not in trees:
                    trees[d.file] = yamlio.compose(text)
                root = trees[d.file]
            if d.line is None and d.path is not None:
                pos = yamlio.locate(text, d.path, key=d.at_key, root=root)
                if pos:
                    d.line, d.column = pos
            if d.related is not None:
                other = yamlio.locate(text, d.related, root=root)
                if other:
                    d.message = d.message.rstrip(".") + f" (dòng {other[0]})."
            if d.line is not None:
                if d.file not in split:
                    split[d.file] = yamlio.split_lines(text)
                lines = split[d.file]
                if 0 < d.line <= len(lines):
                    d.source_line = lines[d.line - 1].rstrip()


def _drop(data, loc: tuple) -> None:
    node = data
    for step in loc[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(node, dict):
        node.pop(loc[-1], None)


def _file_name_for(name: str) -> str | None:
    """A usable file name close to `name`: no diacritics, spaces and '/' as '-'."""
    import unicodedata

    stem, dot, ext = name.rpartition(".")
    folded = unicodedata.normalize("NFD", stem.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = re.sub(r"[^A-Za-z0-9._-]+", "-", folded).strip("-._")
    folded = re.sub(r"-{2,}", "-", folded)
    if not folded or not _DIRECTIVE_ID.match(folded):
        return None
    return f"{folded}{dot}{ext}"


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


def load(root: Path, cache_dir: Path | None = None) -> Repository:
    """Read and validate everything under `root` (a data folder). With `cache_dir`, files whose
    bytes are unchanged since an earlier run are taken from the cache (see cache.py)."""
    from .validate import check_agencies

    if not root.is_dir():
        raise DataFolderError(f"Không tìm thấy thư mục dữ liệu '{root}'.")
    repo = Repository(root=root)
    reader = FileReader(repo)
    store = None

    agencies_path = root / AGENCIES_FILE
    agencies_shown = shown = _display(agencies_path)
    agencies_record = None
    if not agencies_path.is_file():
        reader.error(
            shown,
            "missing-file",
            f"Không có tệp {AGENCIES_FILE} trong thư mục dữ liệu '{root}'.",
            hint="Tệp này khai báo cơ quan ban hành, các cơ quan và nhóm cơ quan.",
        )
    else:
        raw = reader.raw(agencies_path, shown)
        if raw is not None and cache_dir is not None:
            from . import cache

            store = cache.Store(cache_dir, root)
            agencies_hash = cache.digest(raw)
            agencies_record = store.agencies(agencies_hash)
        if agencies_record is not None:
            diagnostics, roster = agencies_record
            _restore(repo, diagnostics, shown)
            _set_roster(repo, roster)
            repo.shares = list(store.shares)  # the cached plans point into it
        elif raw is not None:
            data = reader.parse(raw, shown, "các khóa issuer, agencies, groups")
            if data is not None:
                from .models import AgencyFile

                repo.agency_file = reader.validate(AgencyFile, data, shown)
                if repo.agency_file is not None:
                    check_agencies(repo, shown, reader.error)

    directives_dir = root / DIRECTIVES_DIR
    seen: dict[str, str] = {}
    paths = _directive_files(directives_dir) if directives_dir.is_dir() else []
    here = os.path.join(os.getcwd(), "")
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
    kept: list[tuple[str, tuple]] = []  # (relative path, record) of files taken from the cache
    writer = None  # a new cache entry, begun at the first file that is not in the old one
    planner = None
    for path, rel in paths:
        shown = _display(path, here)
        name = rel[rel.rfind("/") + 1 :]
        ident = name[: name.rfind(".")]
        if not _DIRECTIVE_ID.match(ident):
            better = _file_name_for(name) or "2025-1958-UBND-NC.yaml"
            reader.error(
                shown,
                "bad-file-name",
                f"Tên tệp '{name}' không dùng được làm mã văn bản.",
                hint=f"Dùng chữ không dấu, chữ số, dấu chấm và gạch nối, ví dụ {better}.",
            )
            continue
        if ident in seen:
            reader.error(
                shown,
                "duplicate-directive",
                f"Mã văn bản '{ident}' trùng với tệp {seen[ident]}.",
                hint="Mỗi văn bản một mã; đổi tên một trong hai tệp.",
            )
            continue
        seen[ident] = shown
        raw = reader.raw(path, shown)
        if raw is None:
            continue
        if store is not None:
            file_hash = cache.digest(raw)
            record = store.directive(rel, file_hash)
            if record is not None:
                _restore(repo, record[1], shown)
                kept.append((rel, record))
                if writer is not None:
                    writer.copy(rel, record)
                if record[2] is not None:
                    ld = _from_cache(store, store.read_blob, record, ident, shown, path)
                    repo.directives.append(ld)
                continue
        ld, diagnostics = _read_directive(repo, ident, shown, path, raw)
        _restore(repo, diagnostics, shown)
        if store is None:
            if ld is not None:
                repo.directives.append(ld)
            continue
        if writer is None:
            writer = _new_entry(store, kept)
        # Written to the new entry now and read back when a command asks for it, so that a
        # cold run does not hold all the records (~0.1 MB each in memory) at once.
        plan = parts = head = counts = None
        if ld is not None and repo.issuer is not None and shown not in repo.broken_files:
            if planner is None:
                from .status import Planner

                planner = Planner(repo)  # one for the run: equal lead lists share their shares
            plan, parts, head = _plan(planner, ld.model)
            counts = _counts(repo, ld, plan, head)
        model = ld.model if ld else None
        record = writer.add(rel, file_hash, diagnostics, model, parts, head, counts)
        if ld is not None:
            if record[2] is not None:
                ld = _from_cache(store, writer.read_blob, record, ident, shown, path)
                ld.plan = plan  # at hand: not read back
            repo.directives.append(ld)

    reader.locate_all()
    repo.diagnostics.sort(key=lambda d: (d.file, d.line or 0, d.column or 0))
    if store is not None:
        if writer is None and not (store.agencies_reused and store.holds(r for r, _ in kept)):
            writer = _new_entry(store, kept)  # agencies.yaml changed, or a file was removed
        if writer is None:
            repo.settled_totals = store.totals  # the entry holds for every file
        else:
            blank = [replace(d, file="") for d in repo.diagnostics if d.file == agencies_shown]
            from .summary import sum_settled

            repo.settled_totals = sum_settled(repo.directives)
            writer.commit((agencies_hash, blank, _roster(repo)), repo.shares, repo.settled_totals)
    return repo


def _roster(repo: Repository) -> tuple | None:
    """What a run needs of agencies.yaml once it is checked (see roster.py), for the cache."""
    if repo.issuer is None:
        return None
    return (repo.issuer, repo.agencies, repo.groups, repo.members, repo.calendar)


def _set_roster(repo: Repository, roster: tuple | None) -> None:
    if roster is not None:
        repo.issuer, repo.agencies, repo.groups, repo.members, repo.calendar = roster


def _read_directive(
    repo: Repository, ident: str, shown: str, path: Path, raw: bytes
) -> tuple[LoadedDirective | None, list[Diagnostic]]:
    """One directive file: parsed, validated, checked against agencies.yaml, its problems
    located. The problems carry no file name (the caller gives the one it shows)."""
    from .models import Directive
    from .validate import check_directives

    alone = Repository(root=repo.root)  # collects this file's problems
    reader = FileReader(alone)
    ld = None
    data = reader.parse(raw, shown, "các khóa number, issued, subject, tasks")
    if data is not None:
        model = reader.validate(Directive, data, shown)
        if model is not None:
            ld = LoadedDirective(ident, shown, model, path)
            if repo.issuer is not None:
                # Cross-file checks need only this file and agencies.yaml.
                check_directives(replace(repo, directives=[ld]), reader.error)
    reader.locate_all()
    for d in alone.diagnostics:
        d.file = ""
    return ld, alone.diagnostics


def _new_entry(store, kept: list[tuple[str, tuple]]):
    """A cache writer that already holds the records taken from the old entry so far."""
    writer = store.writer()
    for rel, record in kept:
        writer.copy(rel, record)
    return writer


def _plan(planner, model: Directive) -> tuple[tuple | None, tuple | None, tuple | None]:
    """(plan, its two parts as the cache keeps them, head) of a directive, or Nones: compute()
    will plan it again."""
    from .status import head, split

    try:
        plan = planner.plan(model)
        return plan, split(plan), head(plan)
    except Exception:  # not for valid data
        return None, None, None


def _counts(repo: Repository, ld: LoadedDirective, plan, head) -> tuple | None:
    """summary.settled_counts() of a directive just planned, for the cache."""
    from .summary import settled_counts

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
    if plan_ref is not None:  # two parts (status.split): a listing of open work may need one
        part_ref, final_ref = plan_ref
        read_open, read_final = reader(part_ref), reader(final_ref)

        def read_plan() -> tuple | None:
            from .status import join

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
        from .models import Directive

        try:
            return read_blob(blob)
        except Exception:  # a damaged record: read the file itself, rebuild the entry next run
            store.discard()
            reader = FileReader(Repository(root=Path(path).parent))
            data = reader.read(path, shown, "")
            model = reader.validate(Directive, data, shown) if data is not None else None
            if model is None:
                raise DataFolderError(
                    f"Tệp {shown} vừa thay đổi trong khi dtrack đang chạy; hãy chạy lại lệnh."
                ) from None
            return model

    return read


def without_broken(repo: Repository) -> Repository:
    """The same repository less the directives whose files have errors (for --skip-invalid)."""
    repo.directives = [d for d in repo.directives if d.file not in repo.broken_files]
    return repo


# -- loading from memory (a git revision, an edit before it is written) --------------------------


class _Blob:
    """A file's bytes held in memory, readable by FileReader like a Path."""

    __slots__ = ("raw",)

    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def read_bytes(self) -> bytes:
        return self.raw


def load_files(files: dict[str, bytes], label: str = "") -> Repository:
    """Like load(), from {path relative to the data folder: bytes}, e.g. "agencies.yaml",
    "directives/2025/x.yaml". Files are shown as label + path. Nothing touches the disk."""
    from .models import AgencyFile, Directive
    from .validate import check_agencies, check_directives

    repo = Repository(root=Path(label or "."))
    reader = FileReader(repo)
    shown = label + AGENCIES_FILE
    if AGENCIES_FILE not in files:
        reader.error(shown, "missing-file", f"Không có tệp {AGENCIES_FILE} trong thư mục dữ liệu.")
    else:
        data = reader.read(_Blob(files[AGENCIES_FILE]), shown, "các khóa issuer, agencies, groups")
        if data is not None:
            repo.agency_file = reader.validate(AgencyFile, data, shown)
    if repo.agency_file is not None:
        check_agencies(repo, shown, reader.error)

    prefix = DIRECTIVES_DIR + "/"
    seen: dict[str, str] = {}
    for rel in sorted(f for f in files if f.startswith(prefix) and f.endswith((".yaml", ".yml"))):
        shown = label + rel
        ident = Path(rel).stem
        if not _DIRECTIVE_ID.match(ident):
            reader.error(shown, "bad-file-name", f"Tên tệp '{Path(rel).name}' không dùng được.")
            continue
        if ident in seen:
            reader.error(
                shown, "duplicate-directive", f"Mã văn bản '{ident}' trùng với tệp {seen[ident]}."
            )
            continue
        seen[ident] = shown
        data = reader.read(_Blob(files[rel]), shown, "các khóa number, issued, subject, tasks")
        if data is None:
            continue
        model = reader.validate(Directive, data, shown)
        if model is not None:
            repo.directives.append(LoadedDirective(ident, shown, model))

    if repo.issuer is not None:
        check_directives(repo, reader.error)
    reader.locate_all()
    repo.diagnostics.sort(key=lambda d: (d.file, d.line or 0, d.column or 0))
    return repo
