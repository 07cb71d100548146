"""CSV with the JSON field names as header, for spreadsheets."""

from __future__ import annotations

import csv
import io

from ..status import Assignment


def _cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):  # as in the JSON output, not Python's True/False
        return "true" if value else "false"
    return value


def render(items: list[Assignment], bom: bool = False) -> str:
    """With bom=True (a file for Excel), a UTF-8 byte-order mark so diacritics open right."""
    buf = io.StringIO()
    if bom:
        buf.write("\ufeff")
    rows = [a.record() for a in items]
    fields = list(rows[0]) if rows else list(_empty_fields())
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buf.getvalue()


def _empty_fields():
    from ..status import Assignment  # noqa: F401  (fields come from Assignment.record)

    return [
        "ref",
        "directive",
        "number",
        "issued",
        "task",
        "title",
        "agency",
        "agency_name",
        "period",
        "due",
        "due_text",
        "status",
        "status_label",
        "done_on",
        "days_overdue",
        "days_left",
        "urgent",
        "period_label",
        "detail",
    ]
