"""Wording of the summary table shared by every format: title, headings, cells, notes.

Each format module (summary_table, summary_md, summary_csv, summary_json, summary_html,
summary_xlsx) lays these out its own way; none of them decides what a column means.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..status import Assignment
from ..summary import BY_AGENCY, Counts, Row, Summary
from .common import document_label, task_label


@dataclass(frozen=True)
class Column:
    group: str | None  # the upper heading a column sits under (Đã hoàn thành, Chưa hoàn thành)
    label: str
    number: str  # the column's number in the official layout, with how it is formed

    @property
    def short(self) -> str:
        """The bare number the notes refer to: "3" of "3=4+7+10"."""
        return self.number.split("=")[0]


# The count columns, after STT (1) and the row's name (2).
COLUMNS: tuple[Column, ...] = (
    Column(None, "Tổng số", "3=4+7+10"),
    Column("Đã hoàn thành", "Tổng", "4"),
    Column("Đã hoàn thành", "Đúng hạn", "5"),
    Column("Đã hoàn thành", "Quá hạn", "6"),
    Column("Chưa hoàn thành", "Tổng", "7=8+9"),
    Column("Chưa hoàn thành", "Trong hạn", "8"),
    Column("Chưa hoàn thành", "Quá hạn", "9"),
    Column(None, "Thường xuyên / chưa có thời hạn", "10"),
    Column(None, "Dừng thực hiện", "11"),
    Column(None, "Tỷ lệ hoàn thành đúng hạn (%)", "12=5/(5+6+9)"),
)
STT = "STT"


def name_heading(by: str) -> str:
    return "Cơ quan, đơn vị chủ trì" if by == BY_AGENCY else "Văn bản giao nhiệm vụ"


def flat_heading(col: Column) -> str:
    """One-line heading for formats without merged cells (csv, md)."""
    return f"{col.group} - {col.label}" if col.group else col.label


def counts_of(c: Counts) -> list[int]:
    """The nine count cells of a row, in COLUMNS order (the rate is separate)."""
    return [
        c.total,
        c.done_total,
        c.done_on_time,
        c.done_late,
        c.open_total,
        c.open_in_time,
        c.overdue,
        c.standing,
        c.cancelled,
    ]


def rate_text(c: Counts) -> str:
    """'66,7' as Vietnamese write it; blank where nothing is done or past due."""
    rate = c.on_time_rate
    return "" if rate is None else f"{rate:.1f}".replace(".", ",")


def cells_text(row: Row) -> list[str]:
    return [str(n) for n in counts_of(row.counts)] + [rate_text(row.counts)]


def title(issuer_short: str | None) -> str:
    who = f" DO {issuer_short.upper()} GIAO" if issuer_short else " ĐƯỢC GIAO"
    return f"BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ{who}"


def subtitle(by: str) -> str:
    return "(Theo cơ quan, đơn vị chủ trì)" if by == BY_AGENCY else "(Theo văn bản giao nhiệm vụ)"


def date_line(today: dt.date, start: dt.date | None = None, end: dt.date | None = None) -> str:
    """'(Tính đến ngày 01/10/2025)', with the range of issue dates when one was asked for."""
    if start and end:
        scope = f"Các văn bản ban hành từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}; tính"
    elif start:
        scope = f"Các văn bản ban hành từ ngày {start:%d/%m/%Y}; tính"
    elif end:
        scope = f"Các văn bản ban hành đến ngày {end:%d/%m/%Y}; tính"
    else:
        scope = "Tính"
    return f"({scope} đến ngày {today:%d/%m/%Y})"


def notes(summary: Summary) -> list[str]:
    """How the columns are formed, under the table: the reader must not have to guess."""
    lines = [
        "Các cột (3) đến (11) đếm phần việc: phần của một cơ quan chủ trì trong một nhiệm vụ (mỗi "
        "kỳ, với nhiệm vụ định kỳ); một nhiệm vụ giao cho 108 cơ quan là 108 phần việc"
        + (
            ", nên Tổng số lớn hơn số nhiệm vụ ghi cạnh tên văn bản."
            if summary.by != BY_AGENCY
            else "."
        ),
        "Tổng số (3) không gồm nhiệm vụ dừng thực hiện (11).",
        "Chưa hoàn thành trong hạn (8) gồm nhiệm vụ còn trong hạn và sắp đến hạn.",
        "Tỷ lệ hoàn thành đúng hạn (12) = hoàn thành đúng hạn / (hoàn thành đúng hạn + hoàn thành "
        "quá hạn + chưa hoàn thành quá hạn), làm tròn một chữ số thập phân; để trống khi mẫu số "
        "bằng 0.",
    ]
    undated = summary.total.counts.done
    if undated:
        lines.insert(
            1,
            f"Đã hoàn thành - Tổng (4) gồm cả {undated} nhiệm vụ hoàn thành không có thời hạn "
            "(không tính đúng hạn hay quá hạn, không tính vào tỷ lệ).",
        )
    return lines


# The second sheet / section: the overdue shares behind the counts.
OVERDUE_TITLE = "DANH SÁCH NHIỆM VỤ QUÁ HẠN"
OVERDUE_HEADINGS = (
    "STT",
    "Cơ quan, đơn vị chủ trì",
    "Nhiệm vụ",
    "Văn bản giao",
    "Thời hạn",
    "Số ngày quá hạn",
)


def overdue_cells(a: Assignment) -> tuple[str, str, str, dt.date | None, int]:
    """(cơ quan, nhiệm vụ, văn bản, thời hạn, số ngày quá hạn) of one overdue share."""
    return (a.agency.name, task_label(a), document_label(a), a.due, a.days_overdue or 0)


def heading(
    issuer_short: str | None, by: str, today: dt.date, start: dt.date | None, end: dt.date | None
) -> list[str]:
    """The three lines above the table: title, sub-title, the day and range counted."""
    return [title(issuer_short), subtitle(by), date_line(today, start, end)]


def default_filename(by: str, today: dt.date) -> str:
    middle = "" if by == BY_AGENCY else "theo-van-ban-"
    return f"bieu-tong-hop-{middle}{today:%Y-%m-%d}.xlsx"
