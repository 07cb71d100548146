"""Problems found in the data, as values: collected, located, then shown all at once."""

from __future__ import annotations

import errno
import json
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any

# A stand-in, in a record salvaged from a file with errors (reading.models.salvage_directive),
# for a value whose problem is reported already (a task's id, a lead's agency): the checks
# pass it by. Not a character a clerk can type.
SALVAGED = "\x00"

# A path into a YAML document: mapping keys and list indexes, e.g. ("tasks", 2, "lead").
Path = tuple[str | int, ...]


@dataclass(slots=True)
class Diagnostic:
    file: str
    message: str
    code: str
    line: int | None = None
    column: int | None = None
    severity: str = "error"  # "error" | "warning"
    hint: str | None = None
    path: Path | None = None  # where in the document; resolved to line/column lazily
    at_key: bool = False  # point at the key itself (an unknown key), not at its value
    related: Path | None = None  # the other place (a duplicate's first use): its line is added
    source_line: str | None = field(default=None, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "message": self.message if not self.hint else f"{self.message} {self.hint}",
        }


def suggest(
    word: str, candidates: list[str] | tuple[str, ...] | set[str], n: int = 3
) -> str | None:
    """A Vietnamese "did you mean" hint, or None when nothing is close."""
    close = get_close_matches(word, sorted(candidates), n=n, cutoff=0.6)
    if not close:
        return None
    quoted = ", ".join(f"'{c}'" for c in close)
    return f"Có phải ý là {quoted}?"


_OS_ERRORS = {
    errno.ENOENT: "không tồn tại",
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không được phép",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.EEXIST: "đã tồn tại",
    errno.ENAMETOOLONG: "tên quá dài",
    errno.ELOOP: "liên kết vòng (symlink trỏ vào chính nó)",
    errno.EIO: "lỗi đọc/ghi ổ đĩa",
}


def os_error_text(exc: OSError) -> str:
    """Why a file could not be read or written, in Vietnamese (the OS says it in English)."""
    if exc.errno in _OS_ERRORS:
        return _OS_ERRORS[exc.errno]
    return f"lỗi hệ thống (mã {exc.errno})" if exc.errno else "lỗi hệ thống"


def _printable(line: str) -> str:
    """The quoted line as a terminal can show it: a tab as '→', a control character as '�'."""
    line = line.replace("\t", "→")
    if line.isprintable():
        return line
    return "".join(c if c.isprintable() or c in "\u00a0" else "\ufffd" for c in line)


_QUOTE_WIDTH = 120


def _quote(line: str, column: int | None) -> tuple[str, int | None]:
    """At most _QUOTE_WIDTH characters of the line, around the column; the column within it."""
    if len(line) <= _QUOTE_WIDTH:
        return _printable(line), column
    col = (column or 1) - 1
    start = max(0, min(col - _QUOTE_WIDTH // 2, len(line) - _QUOTE_WIDTH))
    piece = line[start : start + _QUOTE_WIDTH]
    prefix = "…" if start else ""
    suffix = "…" if start + _QUOTE_WIDTH < len(line) else ""
    new_col = col - start + 1 + len(prefix) if column else None
    return prefix + _printable(piece) + suffix, new_col


def format_text(diags: list[Diagnostic]) -> str:
    """`FILE:LINE:COL: error: MESSAGE`, the offending line quoted under it, then the hint."""
    out: list[str] = []
    for d in diags:
        where = d.file
        if d.line is not None:
            where += f":{d.line}:{d.column or 1}"
        # "error:"/"warning:" stay English: editors and CI parse them, like a compiler's.
        out.append(f"{where}: {d.severity}: {d.message}")
        if d.source_line is not None:
            quoted, column = _quote(d.source_line, d.column)
            out.append(f"    {quoted}")
            if column:
                out.append("    " + " " * (column - 1) + "^")
        if d.hint:
            out.append(f"    gợi ý: {d.hint.strip()}")
    return "\n".join(out)


def format_json(diags: list[Diagnostic]) -> str:
    errors = [d.as_dict() for d in diags if d.severity == "error"]
    warnings = [d.as_dict() for d in diags if d.severity != "error"]
    return json.dumps({"errors": errors, "warnings": warnings}, ensure_ascii=False, indent=2)


def _escape_github(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def format_github(diags: list[Diagnostic]) -> str:
    out = []
    for d in diags:
        kind = "error" if d.severity == "error" else "warning"
        # Property values end at ',' and ':' in the workflow-command syntax: escape them too.
        file = _escape_github(d.file).replace(":", "%3A").replace(",", "%2C")
        props = [f"file={file}"]
        if d.line is not None:
            props.append(f"line={d.line}")
            props.append(f"col={d.column or 1}")
        msg = d.message if not d.hint else f"{d.message} {d.hint}"
        out.append(f"::{kind} {','.join(props)}::{_escape_github(msg)}")
    return "\n".join(out)
