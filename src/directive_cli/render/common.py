"""Wording shared by the listing renderers: column headings and cell text."""

from __future__ import annotations

import datetime as dt

from ..status import Assignment
from ..vocabulary import issued_words


def vn_date(d: dt.date | None) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if d else ""  # %d/%m/%Y, without strftime


def document_label(a: Assignment) -> str:
    """ "1958/UBND-NC (11/09/2025)", or the id of a draft that has no number yet."""
    d = a.directive
    label = d.number or d.id
    issued = d.issued
    return f"{label} ({issued_words(issued, d.issued_month, prefix=False)})" if issued else label


def task_label(a: Assignment) -> str:
    text = f"{a.task_id}. {a.title}"
    if a.detail:
        text += f" — {a.detail}"
    if a.period is not None:
        text += f" ({a.period.label})"
    return text


def due_label(a: Assignment) -> str:
    if a.due:
        return vn_date(a.due)
    return a.due_text or ""


def overdue_days(a: Assignment) -> str:
    return str(a.days_overdue) if a.days_overdue is not None else ""


def left_days(a: Assignment) -> str:
    return str(a.days_left) if a.days_left is not None else ""


def either_days(a: Assignment) -> str:
    if a.days_overdue is not None:
        return f"quá {a.days_overdue}"
    if a.days_left is not None:
        return f"còn {a.days_left}"
    return ""


# The last column says what the listing is about: days late, days left, or either.
DAYS_COLUMNS = {
    "overdue": ("Quá hạn (ngày)", overdue_days),
    "left": ("Còn (ngày)", left_days),
    "both": ("Số ngày", either_days),
}


def columns(days: str = "overdue") -> tuple:
    return (
        ("Cơ quan chủ trì", lambda a: a.agency.name),
        ("Nhiệm vụ", task_label),
        ("Văn bản", document_label),
        ("Thời hạn", due_label),
        ("Tình trạng", lambda a: a.status_label),
        DAYS_COLUMNS[days],
    )


def count_line(items: list[Assignment]) -> str:
    """One agency's share of one task is a "phần việc": a task for 92 communes is 92 of them."""
    agencies = len({a.agency.id for a in items})
    tasks = len({(a.directive.id, a.task_id) for a in items})
    directives = len({a.directive.id for a in items})
    return (
        f"Tổng cộng: {len(items)} phần việc ({tasks} nhiệm vụ, {directives} văn bản) "
        f"của {agencies} cơ quan."
    )
