"""Load a data folder: agencies.yaml and data/directives/**/*.yaml into a Repository.

Nothing here stops at the first problem: every file is read, every problem is collected as a
Diagnostic, and line numbers are looked up afterwards only for the files that have problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import yamlio
from .diagnostics import Diagnostic, suggest
from .models import Agency, AgencyFile, Directive, Group

AGENCIES_FILE = "agencies.yaml"
DIRECTIVES_DIR = "directives"
_DIRECTIVE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(slots=True)
class LoadedDirective:
    id: str
    file: str  # as shown to the user
    model: Directive
    path: Path | None = None  # the real file, for edits (None when loaded from memory)


@dataclass
class Repository:
    root: Path
    agency_file: AgencyFile | None
    agencies: dict[str, Agency] = field(default_factory=dict)  # official order
    groups: dict[str, Group] = field(default_factory=dict)
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # group -> agency ids
    directives: list[LoadedDirective] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    broken_files: set[str] = field(default_factory=set)
    calendar: object = None  # WorkCalendar with the province's own days off and make-up days

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def expand(self, ident: str) -> tuple[str, ...]:
        """An agency id stands for itself; a group id for its members."""
        if ident in self.agencies:
            return (ident,)
        return self.members.get(ident, ())

    @property
    def issuer(self):
        return self.agency_file.issuer if self.agency_file else None

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
        return (
            "unknown-key",
            f"Khóa '{key}' không hợp lệ ở đây.",
            loc,
            hint or (f"Các khóa được dùng: {known}." if known else None),
            True,
        )
    if kind == "missing":
        return "missing-key", f"Thiếu khóa bắt buộc '{key}'.", loc[:-1], None, False
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        where = f"'{key}'" if key else "Nội dung tệp"
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
            f"'{key}' phải là một danh sách, không phải {_kind_of(value)}.",
            loc,
            "Viết mỗi mục trên một dòng bắt đầu bằng '- ', hoặc [a, b].",
            False,
        )
    if kind in ("string_type",):
        return (
            "expected-text",
            f"'{key}' phải là một đoạn chữ, không phải {_kind_of(value)}.",
            loc,
            None,
            False,
        )
    if kind.startswith("date") or kind.startswith("datetime"):
        return (
            "bad-date",
            f"Ngày '{_shown(value)}' không hợp lệ ở '{key}'.",
            loc,
            "Ghi ngày theo dạng năm-tháng-ngày, ví dụ 2025-09-30, và đó phải là một ngày có thật.",
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
        return (
            "bad-id",
            f"Mã '{_shown(value)}' không hợp lệ.",
            loc,
            "Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối, ví dụ 'xa-an-khanh'.",
            False,
        )
    if kind == "string_too_short":
        return "empty-value", f"'{key}' không được để trống.", loc, None, False
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
    return "invalid", f"Giá trị không hợp lệ ở '{key}': {err.get('msg', '')}.", loc, None, False


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
        try:
            raw = path.read_bytes()
        except OSError as exc:
            self.error(shown, "unreadable", f"Không đọc được tệp: {exc.strerror or exc}.")
            return None
        try:
            text = yamlio.decode(raw)
            self.texts[shown] = text
            data = yamlio.load_text(text)
        except yamlio.YamlProblem as p:
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
    ) -> None:
        d = Diagnostic(shown, message, code, line, column, severity, hint, path, at_key)
        self.repo.diagnostics.append(d)
        if severity == "error":
            self.repo.broken_files.add(shown)

    def locate_all(self) -> None:
        """Fill in line/column and the quoted line, reading positions only where needed."""
        for d in self.repo.diagnostics:
            text = self.texts.get(d.file)
            if text is None:
                continue
            if d.line is None and d.path is not None:
                pos = yamlio.locate(text, d.path, key=d.at_key)
                if pos:
                    d.line, d.column = pos
            if d.line is not None:
                lines = text.splitlines()
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


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load(root: Path) -> Repository:
    """Read and validate everything under `root` (a data folder)."""
    from .validate import check_agencies, check_directives

    if not root.is_dir():
        raise DataFolderError(f"Không tìm thấy thư mục dữ liệu '{root}'.")
    repo = Repository(root=root, agency_file=None)
    reader = FileReader(repo)

    agencies_path = root / AGENCIES_FILE
    shown = _display(agencies_path, root)
    if not agencies_path.is_file():
        reader.error(
            shown,
            "missing-file",
            f"Không có tệp {AGENCIES_FILE} trong thư mục dữ liệu '{root}'.",
            hint="Tệp này khai báo cơ quan ban hành, các cơ quan và nhóm cơ quan.",
        )
    else:
        data = reader.read(agencies_path, shown, "các khóa issuer, agencies, groups")
        if data is not None:
            repo.agency_file = reader.validate(AgencyFile, data, shown)
    if repo.agency_file is not None:
        check_agencies(repo, shown, reader.error)

    directives_dir = root / DIRECTIVES_DIR
    seen: dict[str, str] = {}
    paths = sorted(directives_dir.rglob("*.yaml")) if directives_dir.is_dir() else []
    paths += sorted(directives_dir.rglob("*.yml")) if directives_dir.is_dir() else []
    for path in paths:
        shown = _display(path, root)
        ident = path.stem
        if not _DIRECTIVE_ID.match(ident):
            reader.error(
                shown,
                "bad-file-name",
                f"Tên tệp '{path.name}' không dùng được làm mã văn bản.",
                hint="Dùng chữ không dấu, chữ số, dấu chấm và gạch nối, "
                "ví dụ 2025-1958-UBND-NC.yaml.",
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
        data = reader.read(path, shown, "các khóa number, issued, subject, tasks")
        if data is None:
            continue
        model = reader.validate(Directive, data, shown)
        if model is not None:
            repo.directives.append(LoadedDirective(ident, shown, model, path))

    if repo.agency_file is not None:
        check_directives(repo, reader.error)
    reader.locate_all()
    repo.diagnostics.sort(key=lambda d: (d.file, d.line or 0, d.column or 0))
    return repo


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
    from .validate import check_agencies, check_directives

    repo = Repository(root=Path(label or "."), agency_file=None)
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

    if repo.agency_file is not None:
        check_directives(repo, reader.error)
    reader.locate_all()
    repo.diagnostics.sort(key=lambda d: (d.file, d.line or 0, d.column or 0))
    return repo
