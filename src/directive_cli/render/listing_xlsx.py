"""A listing (overdue, due, list) as an Excel workbook: what a clerk forwards.

One sheet: the title and date, Vietnamese headings (those of the Markdown and terminal tables),
one row per share, and the count line under the table. Deadlines are dates, days are numbers,
so that the sheet sorts and filters; text cells wrap, with a small indent. Same listing, same
day, same bytes (summary_xlsx's fixed zip dates).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ..status import Assignment
from .common import columns, count_line, document_label, task_label
from .summary_xlsx import (
    CENTER,
    COUNT_FORMAT,
    DATE_FORMAT,
    LEFT,
    RIGHT,
    _banner,
    _fixed_zip_dates,
    _font,
    _height,
    _lines,
    _print_setup,
    _put,
)

SHEET = "Danh sách"
WIDTHS = (6.0, 30.0, 60.0, 24.0, 12.0, 14.0, 11.0)  # STT, then the columns of common.columns


def render(items: list[Assignment], title: str, today: dt.date, days: str = "overdue") -> bytes:
    heading, _, when = title.partition(" (")
    cols = columns(days)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    for i, w in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ncols = len(WIDTHS)
    _banner(ws, 1, heading.upper(), ncols, _font(14, bold=True), 21)
    if when:
        _banner(ws, 2, f"({when}", ncols, _font(13, italic=True), 18)
    top = 4
    for c, label in enumerate(["STT", *(h for h, _ in cols)], 1):
        _put(ws, top, c, label, font=_font(12, bold=True), align=CENTER)
    ws.row_dimensions[top].height = 32
    for i, a in enumerate(items, 1):
        r = top + i
        agency, task, document = a.agency.name, task_label(a), document_label(a)
        _put(ws, r, 1, i, align=CENTER)
        _put(ws, r, 2, agency, align=LEFT)
        _put(ws, r, 3, task, align=LEFT)
        _put(ws, r, 4, document, align=LEFT)
        _put(ws, r, 5, a.due or (a.due_text or None), align=CENTER, fmt=DATE_FORMAT)
        _put(ws, r, 6, a.status_label, align=CENTER)
        _put(ws, r, 7, _days(a, days), align=RIGHT, fmt=COUNT_FORMAT)
        texts = ((agency, WIDTHS[1]), (task, WIDTHS[2]), (document, WIDTHS[3]))
        ws.row_dimensions[r].height = _height(max(_lines(t, w) for t, w in texts))
    end = top + len(items) + 1
    line = count_line(items) if items else "Không có nhiệm vụ nào."
    _banner(ws, end + 1, line, ncols, _font(12, italic=True), 18)
    ws.cell(row=end + 1, column=1).alignment = LEFT
    ws.freeze_panes = ws.cell(row=top + 1, column=1)
    ws.print_title_rows = f"{top}:{top}"
    ws.auto_filter.ref = f"A{top}:{get_column_letter(ncols)}{max(top + len(items), top)}"
    _print_setup(ws)

    stamp = dt.datetime(today.year, today.month, today.day)
    wb.properties.creator = "dtrack"
    wb.properties.title = heading
    wb.properties.created = stamp
    wb.properties.modified = stamp
    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return _fixed_zip_dates(raw.getvalue(), stamp)


def _days(a: Assignment, days: str) -> int | str | None:
    """The last column as a number where it is one (days late, days left)."""
    if days == "overdue":
        return a.days_overdue
    if days == "left":
        return a.days_left
    return columns(days)[-1][1](a) or None
