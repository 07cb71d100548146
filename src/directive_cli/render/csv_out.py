"""CSV with the JSON field names as header, for spreadsheets.

Written a thousand rows at a time: five years are ~350,000 rows, not to be held at once."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..status import RECORD_FIELDS, Assignment

_BATCH = 1000


def _cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):  # as in the JSON output, not Python's True/False
        return "true" if value else "false"
    return value


def chunks(items: list[Assignment], bom: bool = False) -> Iterator[str]:
    """With bom=True (a file for Excel), a UTF-8 byte-order mark so diacritics open right."""
    buf = io.StringIO()
    if bom:
        buf.write("\ufeff")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(RECORD_FIELDS)
    for start in range(0, len(items), _BATCH):
        for a in items[start : start + _BATCH]:
            writer.writerow([_cell(v) for v in a.record().values()])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()
