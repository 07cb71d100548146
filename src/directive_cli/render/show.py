"""`dtrack show`: one directive or one task, as a clerk would read it."""

from __future__ import annotations

import datetime as dt

from ..loader import LoadedDirective, Repository
from ..models import DIRECTIVE_KIND_LABELS, Task
from ..status import Assignment
from .common import due_label, vn_date

_UPDATE_LABELS = {
    "done": "Hoàn thành",
    "progress": "Báo cáo tiến độ",
    "extended": "Gia hạn",
    "cancelled": "Dừng thực hiện",
    "reopened": "Thực hiện lại",
}


def render(
    repo: Repository,
    ld: LoadedDirective,
    task: Task | None,
    items: list[Assignment],
    today: dt.date,
    markdown: bool = False,
) -> str:
    d = ld.model
    h = "## " if markdown else ""
    kind = DIRECTIVE_KIND_LABELS[d.kind]
    number = f"số {d.number}" if d.number else "(dự thảo, chưa có số)"
    lines = [f"{h}{kind} {number}" + (f" ngày {vn_date(d.issued)}" if d.issued else "")]
    lines.append(f"Mã: {ld.id} — tệp {ld.file}")
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
            lines.append(f"Cơ quan chủ trì ({len(shares)}):")
        for a in shares:
            extra = f" — {a.detail}" if a.detail else ""
            period = f" [{a.period.label}]" if a.period is not None else ""
            state = a.status_label
            if a.days_overdue:
                state += f", quá {a.days_overdue} ngày"
            elif a.days_left is not None:
                state += f", còn {a.days_left} ngày"
            if a.done_on:
                state += f" ngày {vn_date(a.done_on)}"
            due = due_label(a)
            lines.append(
                f"  - {a.agency.name}{period}{extra}: {state}" + (f" (hạn {due})" if due else "")
            )
        relevant = [u for u in t.updates if u.date <= today]
        if relevant:
            lines.append("Diễn biến:")
        for u in relevant:
            who = f" — {_name(repo, u.agency)}" if u.agency else ""
            period = f" [kỳ {u.period}]" if u.period else ""
            text = f"  - {vn_date(u.date)}: {_UPDATE_LABELS[u.kind]}{who}{period}"
            if u.due:
                text += f", hạn mới: {u.due}"
            if u.ref:
                text += f"; {u.ref}"
            if u.note:
                text += f" ({u.note})"
            lines.append(text)
    return "\n".join(lines)


def _name(repo: Repository, ident: str) -> str:
    if ident in repo.agencies:
        return repo.agencies[ident].name
    if ident in repo.groups:
        return repo.groups[ident].name
    return ident
