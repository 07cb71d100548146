"""The summary table as CSV: the official columns, one heading line, for spreadsheets."""

from __future__ import annotations

import csv
import io

from ..summary import Summary
from .summary_common import COLUMNS, STT, counts_of, flat_heading, name_heading


def render(summary: Summary) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([STT, "Mã", name_heading(summary.by), *(flat_heading(c) for c in COLUMNS)])
    for i, row in enumerate([*summary.rows, summary.total], 1):
        rate = row.counts.on_time_rate
        stt = "" if row.key is None else str(i)
        w.writerow(
            [stt, row.key or "", row.name, *counts_of(row.counts), "" if rate is None else rate]
        )
    return buf.getvalue()
