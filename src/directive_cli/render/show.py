"""`dtrack show`: one directive or one task, as a clerk would read it."""

from __future__ import annotations

import datetime as dt

from ..reading.models import Task
from ..repository import LoadedDirective, Repository
from ..status import Assignment
from ..vocabulary import DIRECTIVE_KIND_LABELS, issued_words
from .common import vn_date
from .table import agencies_label, group_rows

_UPDATE_LABELS = {
    "done": "Hoàn thành",
    "progress": "Báo cáo tiến độ",
    "extended": "Gia hạn",
    "cancelled": "Dừng thực hiện",
    "reopened": "Thực hiện lại",
    "started": "Có mốc tính hạn",
}


def render(
    repo: Repository,
    ld: LoadedDirective,
    task: Task | None,
    items: list[Assignment],
    today: dt.date,
    markdown: bool = False,
    agency: str | None = None,
    period_key: str | None = None,
) -> str:
    d = ld.model
    h = "## " if markdown else ""
    kind = DIRECTIVE_KIND_LABELS[d.kind]
    number = f"số {d.number}" if d.number else "(chưa ghi số)"
    issued = " " + issued_words(d.issued, d.issued_month) if d.issued else ""
    lines = [f"{h}{kind} {number}{issued}"]
    lines.append(f"Mã: {ld.id} — tệp {ld.file}")
    if d.subject:
        lines.append(f"V/v {d.subject}")
    if d.signer:
        lines.append(f"Người ký: {d.signer}" + (f" ({d.signer_title})" if d.signer_title else ""))
    lines.append(f"Tình hình tính đến ngày {vn_date(today)}.")
    tasks = [task] if task is not None else d.tasks
    by_task: dict[int, list[Assignment]] = {}
    for a in items:
        by_task.setdefault(id(a.task), []).append(a)
    for t in tasks:
        lines.append("")
        lines.append(f"{'### ' if markdown else ''}Nhiệm vụ {t.id}: {t.title}")
        if t.due:
            lines.append(f"Thời hạn: {t.due}")
        if t.source:
            lines.append(f"Nguồn: {t.source}")
        if t.note:
            lines.append(f"Ghi chú: {t.note}")
        if t.support:
            names = [_name(repo, s) for s in t.support]
            lines.append(f"Phối hợp: {', '.join(names)}")
        shares = by_task.get(id(t), [])
        if shares:
            lines.append(f"Cơ quan chủ trì ({len(shares)} phần việc):")
        for group in group_rows(shares):
            a = group[0]
            who = agencies_label(group, repo)
            extra = f" — {a.detail}" if a.detail else ""
            period = f" [{a.period.label}]" if a.period is not None else ""
            lines.append(f"  - {who}{period}{extra}: {_state(a)}")
        relevant = [
            u
            for u in t.updates
            if u.date <= today
            and (period_key is None or u.period in (None, period_key))
            and (agency is None or u.agency in (None, agency))
        ]
        if relevant:
            lines.append("Diễn biến:")
        for u in relevant:
            who = f" — {_name(repo, u.agency)}" if u.agency else ""
            period = f" [{_period_label(u.period, t)}]" if u.period else ""
            text = f"  - {vn_date(u.date)}: {_UPDATE_LABELS[u.kind]}{who}{period}"
            if u.due:
                text += f", hạn mới: {_due_text(u.due)}"
            if u.ref:
                text += f"; {u.ref}"
            if u.note:
                text += f" ({u.note})"
            lines.append(text)
    if markdown:  # plain lines would run together into one paragraph
        lines = [ln if not ln or ln.startswith(("#", "  - ")) else f"- {ln}" for ln in lines]
    return "\n".join(lines)


def _state(a: Assignment) -> str:
    """ "Quá hạn 11 ngày (hạn 20/09/2025)", "Hoàn thành đúng hạn ngày 18/09/2025"…"""
    state = a.status_label
    if a.days_overdue:
        state += f" {a.days_overdue} ngày"
    elif a.days_left == 0:
        state += ", đến hạn hôm nay"
    elif a.days_left is not None:
        state += f", còn {a.days_left} ngày"
    if a.done_on:
        state += f" ngày {vn_date(a.done_on)}"
    if a.due:
        state += f" (hạn {vn_date(a.due)}{_year_note(a)})"
    elif a.status in _KEPT and a.due_text and a.due_text != "thường xuyên":
        state += f" ({a.due_text})"
    return state


# Statuses of deadlines kept as written: the phrase is shown beside them.
_KEPT = ("no_deadline", "ongoing", "conditional", "waiting", "not_started")


def _year_note(a: Assignment) -> str:
    """', năm theo ngày ban hành' when the phrase gave no year ("trước ngày 15/12")."""
    if a.period is not None or not a.due_text or a.directive.issued is None:
        return ""
    from ..deadlines import DeadlineError, read_deadline

    try:
        reading = read_deadline(a.due_text, a.directive.issued)
    except DeadlineError:
        return ""
    return ", năm theo ngày ban hành" if reading.year_from_issued else ""


def _due_text(text: str) -> str:
    try:
        return vn_date(dt.date.fromisoformat(text))
    except ValueError:
        return text


def _period_label(key: str, task: Task) -> str:
    from ..deadlines import period_label  # lazy: start-up time

    return period_label(key, task.repeat)


def _name(repo: Repository, ident: str) -> str:
    if ident in repo.agencies:
        return repo.agencies[ident].name
    if ident in repo.groups:
        return repo.groups[ident].name
    return ident
