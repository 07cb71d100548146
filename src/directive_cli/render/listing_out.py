"""Where a listing (overdue, due, list, show) goes: the chosen format's renderer, as text for
the screen or a file, or as the bytes of a workbook.

Renderers are imported only when chosen (openpyxl only for xlsx). Writing is the caller's: a
str, its pieces (a long listing is never whole in memory), or bytes for xlsx.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .formats import FormatProblem, Screen

if TYPE_CHECKING:
    from ..repository import Repository
    from ..status import Assignment

# Which days column a listing shows, by its order: days overdue, days left, or both.
DAYS = {"overdue": "overdue", "due": "left"}


def heading(what: str, today: dt.date) -> str:
    """The listing's title with the day it is counted at."""
    return f"{what} (tính đến ngày {today:%d/%m/%Y})"


def days_for(order: str | None) -> str:
    """overdue: days overdue; due: days left; any other order: both."""
    return DAYS.get(order or "", "both")


def render(
    items: list[Assignment],
    title: str,
    repo: Repository,
    fmt: str,
    today: dt.date,
    out: Path | None,
    screen: Screen,
    days: str = "both",
    header: str | None = None,
) -> str | Iterable[str] | bytes:
    """The listing in `fmt` for `out` (None: the screen). A CSV header is Vietnamese in a file
    and English (field names, as JSON) on the screen unless `header` says otherwise; a file
    starts with a BOM so that Excel reads it as UTF-8."""
    if fmt == "table":
        from . import table  # lazy: start-up time

        if out is None:
            return table.render(items, title, repo, days, screen.width(), screen.colour())
        return table.render(items, title, repo, days)
    if fmt == "xlsx":
        if out is None:
            raise FormatProblem(
                "bảng Excel (xlsx) cần tên tệp: thêm --out, ví dụ --out qua-han.xlsx."
            )
        from . import listing_xlsx  # lazy: start-up time

        return listing_xlsx.render(items, title, today, days)
    if fmt == "json":
        from . import json_out  # lazy: start-up time

        return json_out.chunks(items)
    if fmt == "csv":
        from . import csv_out  # lazy: start-up time

        vi = header == "vi" or (header is None and out is not None)
        return csv_out.chunks(items, bom=out is not None, header="vi" if vi else "en")
    from . import markdown  # lazy: start-up time

    return markdown.render(items, title, days)
