"""Reading one data file: bytes (size-checked), YAML text, data, a validated record. Every
problem becomes a Diagnostic of the repository being filled; positions are looked up afterwards
(locate_all), only for the files that have problems.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, os_error_text
from ..limits import MAX_FILE_BYTES
from ..repository import Repository
from .pydantic_errors import kind_of, translate_error

if TYPE_CHECKING:  # pydantic is imported only when a file is validated: warm runs do without
    from pydantic import BaseModel


class MemoryFile:
    """A file's bytes held in memory, readable by FileReader like a Path."""

    __slots__ = ("raw",)

    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def read_bytes(self) -> bytes:
        return self.raw


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
            if isinstance(path, MemoryFile):
                return path.read_bytes()
            # os.read, not open(): a buffered file object per file costs a warm run on 2,000
            # files ~10 ms.
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            try:
                size = os.fstat(fd).st_size
                if size > MAX_FILE_BYTES:  # refused before reading it into memory
                    from .yamlio import too_large  # lazy: start-up time (yaml)

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
        from . import yamlio  # lazy: start-up time (yaml)

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
                f"Nội dung tệp phải là một ánh xạ ({what}), không phải {kind_of(data)}.",
                line=1,
                column=1,
            )
            return None
        return data

    def validate(self, model: type[BaseModel], data: dict, shown: str):
        from pydantic import ValidationError  # lazy: start-up time

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
            data = copy.deepcopy(data)  # the caller's data stays whole (salvage reads it)
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
        from . import yamlio  # lazy: start-up time (yaml)

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
