"""Which format an --out file is written in: the one --format names, else the file's ending.

The listings (overdue, due, list, show) read their endings here; the summary has its own
(summary_out.SUFFIXES) and is refused the same way when --format and the ending disagree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from ..errors import DtrackError

# The ending of --out → the listing format it asks for.
LISTING_SUFFIXES = {".json": "json", ".csv": "csv", ".md": "md", ".txt": "table", ".xlsx": "xlsx"}

NAMES = {
    "table": "bảng chữ",
    "json": "JSON",
    "csv": "CSV",
    "md": "Markdown",
    "xlsx": "bảng Excel",
    "html": "HTML",
}
SUFFIX = {"table": ".txt", "json": ".json", "csv": ".csv", "md": ".md", "xlsx": ".xlsx"}


class Screen(Protocol):
    """The terminal a table is drawn for (the CLI's Settings): its width, whether in colour."""

    def width(self) -> int: ...

    def colour(self) -> bool: ...


class FormatProblem(DtrackError):
    """--format and --out disagree, or neither names a format dtrack writes: wrong usage."""

    exit_code = 2


def check_suffix(fmt: str, out: Path | None, suffixes: dict[str, str]) -> None:
    """--format and the ending of --out must not disagree: the file is opened by its ending
    (Excel opens a .xlsx), so CSV written into 'x.xlsx' only fails later, on the reader's desk.
    A .txt takes any text format; an ending that names no format takes any format."""
    if out is None:
        return
    suffix = out.suffix.lower()
    named = suffixes.get(suffix)
    if named is None or named == fmt or (suffix == ".txt" and fmt != "xlsx"):
        return
    what = "tệp chữ" if suffix == ".txt" else NAMES[named]
    raise FormatProblem(
        f"--format {fmt} ({NAMES[fmt]}) không khớp với tệp --out '{out.name}': đuôi "
        f"{out.suffix} là {what}. Bỏ --format để ghi theo đuôi tệp, hoặc đặt "
        f"tên tệp có đuôi {SUFFIX.get(fmt, '.' + fmt)}."
    )


def listing_format(fmt: str | None, out: Path | None) -> str:
    """An explicit --format wins (an ending of --out that names another is refused); else the
    ending of --out; else the terminal table."""
    if fmt is not None:
        check_suffix(fmt, out, LISTING_SUFFIXES)
        return fmt
    if out is None:
        return "table"
    if out.is_dir():
        raise FormatProblem(f"'{out}' là một thư mục; --out cần tên tệp, ví dụ qua-han.csv.")
    found = LISTING_SUFFIXES.get(out.suffix.lower())
    if found is None:
        raise FormatProblem(
            f"không biết ghi tệp '{out.name}' theo định dạng nào: dùng đuôi .json, .csv, .md, "
            ".xlsx hoặc .txt, hoặc chỉ rõ --format."
        )
    return found
