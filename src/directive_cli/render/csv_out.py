"""CSV with the JSON field names as header, for spreadsheets.

Written a thousand rows at a time: five years are ~350,000 rows, not to be held at once."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..status import RECORD_FIELDS, Assignment

_BATCH = 1000

# `--header vi` (the default of a file written with --out, which a clerk opens in Excel): the
# same columns, headed in Vietnamese. Kept in step with RECORD_FIELDS (a test checks).
VI_HEADERS = {
    "ref": "Tham chiếu",
    "directive": "Mã văn bản",
    "number": "Số, ký hiệu",
    "issued": "Ngày ban hành",
    "task": "Nhiệm vụ số",
    "title": "Nội dung nhiệm vụ",
    "agency": "Mã cơ quan",
    "agency_name": "Cơ quan chủ trì",
    "period": "Kỳ",
    "due": "Thời hạn",
    "due_text": "Thời hạn (nguyên văn)",
    "status": "Mã tình trạng",
    "status_label": "Tình trạng",
    "done_on": "Ngày hoàn thành",
    "days_overdue": "Quá hạn (ngày)",
    "days_left": "Còn (ngày)",
    "urgent": "Khẩn",
    "period_label": "Tên kỳ",
    "detail": "Nội dung riêng",
}


def _cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):  # as in the JSON output, not Python's True/False
        return "true" if value else "false"
    return value


def chunks(items: list[Assignment], bom: bool = False, header: str = "en") -> Iterator[str]:
    """With bom=True (a file for Excel), a UTF-8 byte-order mark so diacritics open right;
    header "vi": Vietnamese column headings instead of the JSON field names."""
    buf = io.StringIO()
    if bom:
        buf.write("\ufeff")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([VI_HEADERS[f] for f in RECORD_FIELDS] if header == "vi" else RECORD_FIELDS)
    for start in range(0, len(items), _BATCH):
        for a in items[start : start + _BATCH]:
            writer.writerow([_cell(v) for v in a.record().values()])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()
