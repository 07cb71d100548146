"""The summary table as an Excel workbook a clerk can paste into a report (openpyxl).

Sheet "Tổng hợp": title and date rows, the two-level header merged as in the official biểu, a row
of column numbers, one row per agency or directive, the total row, notes. Sheet "Quá hạn": the
overdue shares behind the counts. Times New Roman, thin borders, numbers stored as numbers, the
rate as a fraction with the format 0.0%.

Same data, same day, same bytes: the workbook's created/modified properties are the day of the
table, and every zip entry carries that date too.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import weakref
import zipfile
from copy import copy
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..summary import Row, Summary
from .summary_common import (
    COLUMNS,
    OVERDUE_HEADINGS,
    OVERDUE_TITLE,
    STT,
    counts_of,
    name_heading,
    notes,
    overdue_cells,
)

FONT = "Times New Roman"
SUMMARY_SHEET = "Tổng hợp"
OVERDUE_SHEET = "Quá hạn"
HEADER_TOP = 5  # first header row of the summary sheet; data starts 3 rows below
PERCENT_FORMAT = "0.0%"
COUNT_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"

_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
# Text a little off the cell's left border, as a clerk's own tables have it.
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)
RIGHT = Alignment(horizontal="right", vertical="center", indent=1)
# The overdue sheet's columns: alignment and number format.
OVERDUE_LOOKS = (
    (CENTER, None),
    (LEFT, None),
    (LEFT, None),
    (LEFT, None),
    (CENTER, DATE_FORMAT),
    (RIGHT, COUNT_FORMAT),
)


@functools.cache  # one object per look: a Font costs ~10 µs to build, and _put keys on it
def _font(size: float = 12, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=FONT, size=size, bold=bold, italic=italic)


# Per sheet, the style ids (a cell's `_style`) of each look already set there.
_looks: weakref.WeakKeyDictionary[Worksheet, dict] = weakref.WeakKeyDictionary()


def _look(ws: Worksheet, font=None, align=None, fmt=None, border=True) -> StyleArray:
    """A look's style ids in `ws`, for cells to take a copy of (never to change in place).

    Setting a cell's font, alignment, number format and border hashes each style object again
    (~25 µs a cell, most of the time of a sheet of thousands of rows). So a look is set that way
    once per sheet, on a cell outside it, and the cells that share it copy its ids, as openpyxl's
    WorksheetCopy copies styles. Same file: openpyxl numbers the fonts, borders... in the order
    they are first set, and that is still the order of the cells.
    """
    font = font or _font()
    looks = _looks.setdefault(ws, {})
    # Keyed by identity, which hashes in no time; the entry holds font and align, so that their
    # ids cannot pass to other objects while it lives.
    key = (id(font), id(align), fmt, border)
    if key not in looks:
        probe = Cell(ws)
        probe.font = font
        if align is not None:
            probe.alignment = align
        if fmt is not None:
            probe.number_format = fmt
        if border:
            probe.border = BORDER
        looks[key] = (font, align, probe._style)
    return looks[key][-1]


def _put(ws: Worksheet, row: int, col: int, value, *, font=None, align=None, fmt=None, border=True):
    """Fill a cell and give it this look (its whole style)."""
    cell = ws.cell(row=row, column=col, value=value)
    cell._style = copy(_look(ws, font, align, fmt, border))
    return cell


def _banner(ws: Worksheet, row: int, text: str, width: int, font: Font, height: float) -> None:
    """A line of text across the whole table (title, date, a note)."""
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    _put(ws, row, 1, text, font=font, align=CENTER, border=False)
    ws.row_dimensions[row].height = height


def _lines(text: str, width: float, chars_per_unit: float = 1.3) -> int:
    """Lines a wrapped text takes in a column `width` units wide, by greedy word wrap.

    Row heights are set by hand: LibreOffice does not fit them when converting, and merged
    cells are never fitted. Times New Roman 12 pt sets about 1.3-1.5 characters per unit.
    """
    capacity = max(int(width * chars_per_unit), 1)
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        used = 0
        for word in paragraph.split():
            need = len(word) + (1 if used else 0)
            if used and used + need > capacity:
                count += 1
                used = len(word)
            else:
                used += need
    return max(count, 1)


def _height(lines: int, size: float = 12) -> float:
    return round(lines * size * 1.3 + 3, 1)


def _rate(row: Row) -> float | None:
    rate = row.counts.on_time_rate
    return None if rate is None else float(rate / Decimal(100))


def _summary_sheet(ws: Worksheet, summary: Summary, heading: list[str]) -> None:
    ncols = 2 + len(COLUMNS)
    longest = max([len(r.name) for r in summary.rows] + [len(name_heading(summary.by))])
    if summary.by == "agency":  # Times New Roman is narrower than the width unit (Calibri)
        name_width = min(max(24.0, longest * 0.9 + 2), 44.0)
    else:
        name_width = 50.0
    widths = [6.0, name_width] + [11.0] * len(COLUMNS)
    widths[2 + len(COLUMNS) - 3] = 14.0  # Thường xuyên / chưa có thời hạn
    widths[-1] = 14.0  # Tỷ lệ
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    total_width = sum(widths)

    title, *rest = heading
    _banner(ws, 1, title, ncols, _font(14, bold=True), 21)
    for i, line in enumerate(rest[:2], 2):
        _banner(ws, i, line, ncols, _font(13, italic=True), 18)

    top, sub, num = HEADER_TOP, HEADER_TOP + 1, HEADER_TOP + 2
    head = _font(12, bold=True)
    for col, label in ((1, STT), (2, name_heading(summary.by))):
        ws.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
        _put(ws, top, col, label, font=head, align=CENTER)
        _put(ws, sub, col, None, font=head, align=CENTER)
    col = 3
    while col - 3 < len(COLUMNS):
        spec = COLUMNS[col - 3]
        if spec.group is None:
            ws.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
            _put(ws, top, col, spec.label, font=head, align=CENTER)
            _put(ws, sub, col, None, font=head, align=CENTER)
            col += 1
            continue
        span = sum(1 for c in COLUMNS if c.group == spec.group)
        ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + span - 1)
        for k in range(span):
            _put(ws, top, col + k, spec.group if k == 0 else None, font=head, align=CENTER)
            _put(ws, sub, col + k, COLUMNS[col - 3 + k].label, font=head, align=CENTER)
        col += span
    ws.row_dimensions[top].height = 24
    ws.row_dimensions[sub].height = 36
    for c, label in enumerate(["1", "2", *(spec.number for spec in COLUMNS)], 1):
        _put(ws, num, c, label, font=_font(10, italic=True), align=CENTER)

    r = num + 1
    for i, row in enumerate(summary.rows, 1):
        _row(ws, r, i, row, bold=False)
        if row.subject:
            text = f"{row.name}\nV/v {row.subject}"
            ws.cell(row=r, column=2, value=text)
            ws.row_dimensions[r].height = _height(_lines(text, name_width))
        elif _lines(row.name, name_width) > 1:
            ws.row_dimensions[r].height = _height(_lines(row.name, name_width))
        r += 1
    _row(ws, r, None, summary.total, bold=True)
    r += 2

    _banner(ws, r, "Ghi chú:", ncols, _font(12, bold=True, italic=True), 16)
    ws.cell(row=r, column=1).alignment = LEFT
    for note in notes(summary):
        r += 1
        text = f"- {note}"
        _banner(ws, r, text, ncols, _font(11, italic=True), _height(_lines(text, total_width), 11))
        ws.cell(row=r, column=1).alignment = LEFT

    ws.freeze_panes = ws.cell(row=num + 1, column=3)
    ws.print_title_rows = f"{top}:{num}"
    _print_setup(ws)


def _row(ws: Worksheet, r: int, stt: int | None, row: Row, bold: bool) -> None:
    font = _font(12, bold=bold)
    _put(ws, r, 1, stt, font=font, align=CENTER)
    _put(ws, r, 2, row.name, font=font, align=CENTER if stt is None else LEFT)
    for k, n in enumerate(counts_of(row.counts)):
        _put(ws, r, 3 + k, n, font=font, align=RIGHT, fmt=COUNT_FORMAT)
    _put(ws, r, 3 + len(COLUMNS) - 1, _rate(row), font=font, align=RIGHT, fmt=PERCENT_FORMAT)


def _overdue_sheet(ws: Worksheet, summary: Summary, heading: list[str]) -> None:
    widths = (6.0, 28.0, 62.0, 26.0, 12.0, 12.0)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ncols = len(widths)
    _banner(ws, 1, OVERDUE_TITLE, ncols, _font(14, bold=True), 21)
    _banner(ws, 2, heading[-1], ncols, _font(13, italic=True), 18)
    top = 4
    for c, label in enumerate(OVERDUE_HEADINGS, 1):
        _put(ws, top, c, label, font=_font(12, bold=True), align=CENTER)
    ws.row_dimensions[top].height = 32
    if not summary.overdue:
        _banner(ws, top + 1, "Không có nhiệm vụ quá hạn.", ncols, _font(12, italic=True), 16)
    rows = [(i, *overdue_cells(a)) for i, a in enumerate(summary.overdue, 1)]
    _overdue_rows(ws, rows)
    # Thousands of rows (five years of a province: ~20,000) name the same agencies, tasks and
    # documents again and again.
    lines = functools.cache(_lines)
    for r, (_, agency, task, document, *_) in enumerate(rows, top + 1):
        texts = ((agency, widths[1]), (task, widths[2]), (document, widths[3]))
        ws.row_dimensions[r].height = _height(max(lines(t, w) for t, w in texts))
    ws.freeze_panes = ws.cell(row=top + 1, column=1)
    ws.print_title_rows = f"{top}:{top}"
    _print_setup(ws)


def _overdue_rows(ws: Worksheet, rows: list[tuple]) -> None:
    """The rows under the heading, each cell with its column's look (OVERDUE_LOOKS).

    Cells made, styled and appended here: a third faster than _put. Made unstyled, as ws.cell
    makes them: a date's value sets openpyxl's default date format, which the look then replaces
    but the file still lists, after the formats set before it (so the looks come after).
    """
    looks: list = []
    for values in rows:
        cells = [Cell(ws, value=v) for v in values]
        looks = looks or [_look(ws, align=align, fmt=fmt) for align, fmt in OVERDUE_LOOKS]
        for cell, look in zip(cells, looks, strict=True):
            cell._style = copy(look)
        ws.append(cells)


def _print_setup(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True


def render(summary: Summary, heading: list[str], today: dt.date) -> bytes:
    """The workbook as bytes, identical for the same summary, heading and day."""
    wb = Workbook()
    ws = wb.active
    ws.title = SUMMARY_SHEET
    _summary_sheet(ws, summary, heading)
    _overdue_sheet(wb.create_sheet(OVERDUE_SHEET), summary, heading)

    stamp = dt.datetime(today.year, today.month, today.day)
    wb.properties.creator = "dtrack"
    wb.properties.title = heading[0]
    wb.properties.created = stamp
    wb.properties.modified = stamp
    raw = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps "modified" with the clock. Stored, not
    # compressed: _fixed_zip_dates compresses every entry anyway.
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED, allowZip64=True)).save()
    return _fixed_zip_dates(raw.getvalue(), stamp)


def _fixed_zip_dates(data: bytes, stamp: dt.datetime) -> bytes:
    """The same archive with every entry dated `stamp` (zip stores the writer's local time)."""
    when = (
        min(max(stamp.year, 1980), 2107),  # the years a zip entry can hold
        stamp.month,
        stamp.day,
        0,
        0,
        0,
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
