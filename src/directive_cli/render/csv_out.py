"""CSV with the JSON field names as header, for spreadsheets."""

from __future__ import annotations

import csv
import io

from ..status import RECORD_FIELDS, Assignment


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
    fields = list(RECORD_FIELDS)
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buf.getvalue()
