"""The status rules: each lead agency's share of each task (per period) at a day T.

A pure function of the loaded data and T: it never reads the clock. Only updates dated on or
before T count, and directives issued after T are left out, so any past day can be replayed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .loader import LoadedDirective, Repository
from .models import Agency, Task, Update

STATUS_LABELS: dict[str, str] = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "done": "Hoàn thành",
    "overdue": "Quá hạn",
    "due_soon": "Sắp đến hạn",
    "on_track": "Trong hạn",
    "ongoing": "Thường xuyên",
    "no_deadline": "Chưa có thời hạn",
    "cancelled": "Dừng thực hiện",
}
STATUSES = tuple(STATUS_LABELS)
DEFAULT_WITHIN = 7


@dataclass(slots=True)
class Assignment:
    """One agency's share of one task (for one period of a recurring task)."""

    directive: LoadedDirective
    task: Task
    agency: Agency
    detail: str | None
    period: Any  # deadlines.Period or None
    due_text: str | None
    due: dt.date | None
    status: str
    done_on: dt.date | None
    days_overdue: int | None
    days_left: int | None
    urgent: bool
    updates: list[Update]  # those that concern this share, dated on or before T

    @property
    def ref(self) -> str:
        ref = f"{self.directive.id}:{self.task.id}@{self.agency.id}"
        return f"{ref}#{self.period.key}" if self.period is not None else ref

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def record(self) -> dict[str, Any]:
        """The SPEC's JSON fields, in order; later fields are additions."""
        d = self.directive.model
        return {
            "ref": self.ref,
            "directive": self.directive.id,
            "number": d.number,
            "issued": d.issued.isoformat() if d.issued else None,
            "task": self.task.id,
            "title": self.task.title,
            "agency": self.agency.id,
            "agency_name": self.agency.name,
            "period": self.period.key if self.period is not None else None,
            "due": self.due.isoformat() if self.due else None,
            "due_text": self.due_text,
            "status": self.status,
            "status_label": self.status_label,
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "days_overdue": self.days_overdue,
            "days_left": self.days_left,
            "urgent": self.urgent,
            "period_label": self.period.label if self.period is not None else None,
            "detail": self.detail,
        }


def _status(due: dt.date | None, kind: str, done_on, cancelled: bool, today: dt.date, within: int):
    """(status, days_overdue, days_left) by the SPEC's Status table."""
    if cancelled:
        return "cancelled", None, None
    if done_on is not None:
        if due is None:
            return "done", None, None
        return ("done_on_time" if done_on <= due else "done_late"), None, None
    if due is None:
        return ("ongoing" if kind == "ongoing" else "no_deadline"), None, None
    left = (due - today).days
    if left < 0:
        return "overdue", -left, None
    if left <= within:
        return "due_soon", None, left
    return "on_track", None, left


def _replay(updates: list[Update], base_due, base_text, issued, calendar, parse):
    """Fold this share's updates (dated up to T) into (due, text, done_on, cancelled)."""
    due, text, done_on, cancelled = base_due, base_text, None, False
    extended_on = None
    for u in sorted(updates, key=lambda u: u.date):  # stable: same-day updates keep file order
        if u.kind == "extended" and u.due:
            if extended_on is None or u.date >= extended_on:
                due, text, extended_on = parse(u.due, u.date, calendar).due, u.due, u.date
        elif u.kind == "done":
            done_on, cancelled = u.date, False
        elif u.kind == "cancelled":
            cancelled, done_on = True, None
        elif u.kind == "reopened":
            cancelled, done_on = False, None
    return due, text, done_on, cancelled


def compute(repo: Repository, today: dt.date, within: int = DEFAULT_WITHIN) -> list[Assignment]:
    """Every assignment at `today`, in directive, task, official agency and period order."""
    from .deadlines import iter_periods, parse_deadline, recurring_rule

    calendar = repo.calendar
    order = {a: i for i, a in enumerate(repo.agencies)}
    directives = [
        ld for ld in repo.directives if ld.model.issued is None or ld.model.issued <= today
    ]
    directives.sort(key=lambda ld: (ld.model.issued or dt.date.min, ld.id))
    out: list[Assignment] = []
    for ld in directives:
        issued = ld.model.issued
        for task in ld.model.tasks:
            shares: dict[str, str | None] = {}
            for lead in task.lead:
                for agency_id in repo.expand(lead.agency):
                    if agency_id not in shares or lead.detail:
                        shares[agency_id] = lead.detail
            agency_ids = sorted(shares, key=order.__getitem__)
            updates = [u for u in task.updates if u.date <= today]

            if task.repeat is None:
                dl = parse_deadline(task.due, issued, calendar)
                slots = [(None, dl.due, dl.text, dl.kind, dl.urgent)]
            else:
                rule = recurring_rule(task.due, task.repeat.every)
                periods = iter_periods(
                    task.repeat.every, task.repeat.start, task.repeat.until, today
                )
                slots = [(p, rule.due_for(p, calendar), task.due, "date", False) for p in periods]

            for period, base_due, base_text, kind, urgent in slots:
                key = period.key if period is not None else None
                in_period = [u for u in updates if u.period is None or u.period == key]
                shared = [u for u in in_period if u.agency is None]
                touched = {u.agency for u in in_period if u.agency is not None}
                shared_state = None
                for agency_id in agency_ids:
                    # Most shares have no update of their own: replay the shared ones once.
                    own = agency_id in touched
                    if own:
                        mine = [u for u in in_period if u.agency in (None, agency_id)]
                    else:
                        mine = shared
                    if own or shared_state is None:
                        state = _replay(mine, base_due, base_text, issued, calendar, parse_deadline)
                        if not own:
                            shared_state = state
                    else:
                        state = shared_state
                    due, text, done_on, cancelled = state
                    status, days_overdue, days_left = _status(
                        due, kind, done_on, cancelled, today, within
                    )
                    out.append(
                        Assignment(
                            ld,
                            task,
                            repo.agencies[agency_id],
                            shares[agency_id],
                            period,
                            text,
                            due,
                            status,
                            done_on,
                            days_overdue,
                            days_left,
                            urgent,
                            mine,
                        )
                    )
    return out
