"""Where `dtrack summary` sends its table: pick the format's module, write the screen or a file.

Formats are imported only when chosen (openpyxl only for xlsx). A file is written whole to a
temporary name beside it and renamed over, so an interrupted run never leaves half a workbook.
"""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import os_error_text
from ..errors import DtrackError
from ..files import write_atomic
from ..summary import Summary
from .formats import FormatProblem, Screen, check_suffix

FORMATS = ("table", "md", "csv", "json", "xlsx", "html")
SUFFIXES = {
    ".txt": "table",
    ".md": "md",
    ".csv": "csv",
    ".json": "json",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
}


class OutputProblem(DtrackError):
    """The file cannot be written (exists without --force, a folder, no permission)."""


class NotAFile(OutputProblem):
    """--out names a folder: wrong usage."""

    exit_code = 2


def format_for(out: Path | None) -> str | None:
    """The format asked for by the --out file's extension; None for an ending we do not write."""
    if out is None:
        return "table"
    return SUFFIXES.get(out.suffix.lower())


def choose(fmt: str | None, out: Path | None) -> str | None:
    """--format, refused when the ending of --out names another; else the format the ending
    names. None only for a folder, which check_target refuses with its own message."""
    chosen = fmt if fmt is not None else format_for(out)
    if fmt is not None:
        check_suffix(chosen, out, SUFFIXES)
    if chosen is None and not out.is_dir():
        raise FormatProblem(
            f"không biết ghi tệp '{out.name}' theo định dạng nào: dùng đuôi .xlsx, .html, .md, "
            ".csv, .json hoặc .txt, hoặc chỉ rõ --format."
        )
    return chosen


def check_target(out: Path, force: bool) -> None:
    if out.is_dir():
        raise NotAFile(f"'{out}' là một thư mục; --out cần tên tệp.")
    if out.exists() and not force:
        raise OutputProblem(
            f"Tệp '{out}' đã có; dùng --force để ghi đè, hoặc chọn tên khác với --out."
        )


def produce(fmt: str, summary: Summary, heading: list[str], today, templates: Path | None):
    """The output as str (text formats) or bytes (xlsx); None for the terminal table."""
    if fmt == "md":
        from . import summary_md  # lazy: start-up time

        return summary_md.render(summary, heading)
    if fmt == "csv":
        from . import summary_csv  # lazy: start-up time

        return summary_csv.render(summary)
    if fmt == "json":
        from . import summary_json  # lazy: start-up time

        return summary_json.render(summary)
    if fmt == "html":
        from . import summary_html  # lazy: start-up time

        return summary_html.render(summary, heading, templates)
    if fmt == "xlsx":
        from . import summary_xlsx  # lazy: start-up time

        return summary_xlsx.render(summary, heading, today)
    raise ValueError(f"unknown format {fmt!r}")


def table_text(summary: Summary, heading: list[str]) -> str:
    """The terminal table as plain text, for --out with the table format."""
    from . import summary_table  # lazy: start-up time

    return summary_table.render(summary, heading)


def render(
    fmt: str,
    summary: Summary,
    heading: list[str],
    today,
    templates: Path | None,
    out: Path | None,
    screen: Screen,
) -> str | bytes:
    """The summary in `fmt` for `out` (None: the screen, where the table takes its width)."""
    if fmt == "table" and out is None:
        from . import summary_table  # lazy: start-up time

        return summary_table.render(summary, heading, screen.width(), screen.colour())
    if fmt == "table":
        return table_text(summary, heading)
    return produce(fmt, summary, heading, today, templates)


def write(out: Path, data: str | bytes) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        (out.parent if str(out.parent) else Path(".")).mkdir(parents=True, exist_ok=True)
        write_atomic(out, payload)
    except OSError as exc:
        raise OutputProblem(f"không ghi được tệp '{out}': {os_error_text(exc)}.") from None
