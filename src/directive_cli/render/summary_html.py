"""The summary table as printable HTML, from the Jinja template `summary.html.j2` (sandboxed)."""

from __future__ import annotations

from pathlib import Path

from .. import templating
from ..summary import Summary
from .common import vn_date
from .summary_common import (
    COLUMNS,
    OVERDUE_HEADINGS,
    OVERDUE_TITLE,
    STT,
    cells_text,
    name_heading,
    notes,
    overdue_cells,
)

TEMPLATE = "summary.html.j2"


def context(summary: Summary, heading: list[str]) -> dict:
    """Everything the template shows, as plain strings: the template only lays it out."""
    groups: list[dict] = []  # the upper header row: a group spans its sub-columns
    for col in COLUMNS:
        if col.group and groups and groups[-1]["label"] == col.group:
            groups[-1]["span"] += 1
        else:
            groups.append({"label": col.group or col.label, "span": 1, "grouped": bool(col.group)})
    rows = [
        {"stt": str(i), "name": row.name, "subject": row.subject or "", "cells": cells_text(row)}
        for i, row in enumerate(summary.rows, 1)
    ]
    overdue = []
    for i, a in enumerate(summary.overdue, 1):
        agency, task, document, due, days = overdue_cells(a)
        overdue.append(
            {
                "stt": str(i),
                "agency": agency,
                "task": task,
                "document": document,
                "due": vn_date(due),
                "days": str(days),
            }
        )
    title, *rest = heading
    return {
        "title": title,
        "subtitles": rest,
        "stt_heading": STT,
        "name_heading": name_heading(summary.by),
        "groups": groups,
        "sub_headings": [c.label for c in COLUMNS if c.group],
        "numbers": ["1", "2", *(c.number for c in COLUMNS)],
        # Long headings get wide columns: "Thường xuyên / chưa có thời hạn" in three lines.
        "col_classes": ["wide" if len(c.label) > 16 else "count" for c in COLUMNS],
        "rows": rows,
        "total": {"name": summary.total.name, "cells": cells_text(summary.total)},
        "notes": notes(summary),
        "overdue_title": OVERDUE_TITLE,
        "overdue_headings": list(OVERDUE_HEADINGS),
        "overdue": overdue,
    }


def render(summary: Summary, heading: list[str], user_dir: Path | None = None) -> str:
    """Raises templating.TemplateProblem when a (user) template is broken."""
    return templating.render(TEMPLATE, context(summary, heading), user_dir, autoescape=True)
