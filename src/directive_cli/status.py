"""The status rules: each lead agency's share of each task (per period) at a day T.

A pure function of the loaded data and T: it never reads the clock. Only updates dated on or
before T count, and directives issued after T are left out, so any past day can be replayed.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from .plans import (
    TP_FINAL_ON,
    TP_ID,
    U_DATE,
    U_INDEX,
    Planner,
    date_of_ordinal,
    replay,
)
from .repository import PLAN_TASKS, LoadedDirective, Repository
from .roster import Agency

if TYPE_CHECKING:
    from .reading.models import Task, Update

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
    # Deadlines as real directives write them (docs/deadlines.md): a range not begun yet, a
    # count from an event whose date no update has given, a condition.
    "not_started": "Chưa đến kỳ",
    "waiting": "Chờ mốc tính hạn",
    "conditional": "Theo điều kiện",
}
STATUSES = tuple(STATUS_LABELS)
CLOSED_STATUSES = frozenset({"done_on_time", "done_late", "done", "cancelled"})
# The JSON fields of an assignment, in order (SPEC, JSON output); later ones are additions.
RECORD_FIELDS = (
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
)
DEFAULT_WITHIN = 7


@dataclass(slots=True)
class Assignment:
    """One agency's share of one task (for one period of a recurring task)."""

    directive: LoadedDirective
    task_index: int  # in directive.model.tasks
    task_id: str
    title: str  # of the task
    lead_groups: tuple[str, ...]  # the groups named in the task's `lead`, in its order
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
    update_indices: tuple[int, ...]  # in task.updates: this share's, dated on or before T

    # The task and its updates are looked up when asked for: a warm run computes from the cached
    # plans and reads a directive's records only for the assignments it shows.
    @property
    def task(self) -> Task:
        return self.directive.model.tasks[self.task_index]

    @property
    def updates(self) -> list[Update]:
        """Those that concern this share, dated on or before T, in file order."""
        task_updates = self.task.updates
        return [task_updates[j] for j in self.update_indices]

    @property
    def ref(self) -> str:
        ref = f"{self.directive.id}:{self.task_id}@{self.agency.id}"
        return f"{ref}#{self.period.key}" if self.period is not None else ref

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def covers(self, task_id: str | None, agency: str | None, period: str | None) -> bool:
        """Whether a REF (or an update) naming this task, agency and period key covers this
        share; a None names every one."""
        return (
            (task_id is None or self.task_id == task_id)
            and (agency is None or self.agency.id == agency)
            and (period is None or (self.period is not None and self.period.key == period))
        )

    def record(self) -> dict[str, Any]:
        """The SPEC's JSON fields, in order; later fields are additions."""
        d = self.directive
        issued = d.issued
        return {
            "ref": self.ref,
            "directive": d.id,
            "number": d.number,
            "issued": issued.isoformat() if issued else None,
            "task": self.task_id,
            "title": self.title,
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


def _status(due: int | None, kind: str, done_on, cancelled: bool, today: int, within: int):
    """(status, days_overdue, days_left) by the SPEC's Status table; days as ordinals."""
    if cancelled:
        return "cancelled", None, None
    if done_on is not None:
        if due is None:
            return "done", None, None
        return ("done_on_time" if done_on <= due else "done_late"), None, None
    if kind.__class__ is tuple:  # a range or a duty that begins later
        kind, start = kind
        if start > today:
            return "not_started", None, None
    if due is None:
        return _UNDATED.get(kind, "no_deadline"), None, None
    left = due - today
    if left < 0:
        return "overdue", -left, None
    if left <= within:
        return "due_soon", None, left
    return "on_track", None, left


_UNDATED = {"ongoing": "ongoing", "event": "waiting", "conditional": "conditional"}


def _date_of(update: tuple) -> int:
    return update[U_DATE]


class Slot(NamedTuple):
    """One task (one period of a recurring task) at T, its shares not yet made assignments:
    those with no update of their own share one state (`common`), the others have theirs."""

    directive: LoadedDirective
    task_index: int
    head: tuple  # (task id, title, groups named in lead)
    shares: tuple  # ((agency id, detail | None), ...) in official order
    period: Any  # deadlines.Period or None
    urgent: bool
    common: tuple | None  # Share of the shares without updates of their own; None: not wanted
    own: dict  # agency id -> Share, or None when its status is not wanted
    place: int  # of `shares` in Repository.shares


# A share's state at T: (status, days overdue, days left, due ordinal, due text, done ordinal,
# its updates dated up to T, in replay order)
Share = tuple


def slots(
    repo: Repository,
    today: dt.date,
    within: int = DEFAULT_WITHIN,
    statuses: set[str] | None = None,
    skip: set[str] | frozenset[str] = frozenset(),
    final: set[str] | frozenset[str] = frozenset(),
    only: Iterable[LoadedDirective] | None = None,
) -> Iterator[Slot]:
    """Every task (and period) at `today` that has a share in `statuses` (any, when None), in
    directive and task order, then period order. One home for the replay of updates, shared by
    compute() (an Assignment a share) and summary.tally() (counts, no Assignment a share).
    With `only`, the tasks of those directives alone (dtrack site, a chunk of pages at a time).
    Directives whose ids are in `skip` are passed by; so are the tasks final by T (see `final
    on`) of those in `final` (a summary counts them from the cache), as a listing of open work
    passes them by in every directive."""
    from .deadlines import iter_periods, parse_deadline, recurring_rule  # lazy: start-up time

    calendar = repo.calendar
    table = repo.shares
    t = today.toordinal()
    planner = None
    # A listing of open work only (overdue, due soon…) passes by what is closed for good: whole
    # directives (without reading their plans), then periods.
    open_only = statuses is not None and not statuses & CLOSED_STATUSES
    chosen = []
    for ld in repo.directives if only is None else only:
        if ld.id in skip:
            continue
        if ld.head is None and ld.plan is None:
            planner = planner or Planner(repo)
            ld.plan = planner.plan(ld.model)
        issued = ld.issued_ordinal
        if issued is None or issued > t:  # a draft, or not issued yet: not in force
            continue
        if open_only and ld.closed_on is not None and ld.closed_on <= t:
            continue
        chosen.append((issued, ld.id, ld))
    chosen.sort(key=lambda c: (c[0], c[1]))
    period_lists: dict[tuple, list] = {}
    period_dues: dict[tuple, int] = {}

    def share(updates: list[tuple], base_due, base_text, kind: str) -> Share | None:
        state = replay(updates, base_due, base_text, calendar, parse_deadline)
        return judged(state, kind, updates)

    def judged(state: tuple, kind: str, updates: list[tuple]) -> Share | None:
        due_on, text_now, done_on, cancelled = state
        verdict = _status(due_on, kind, done_on, cancelled, t, within)
        if statuses is not None and verdict[0] not in statuses:
            return None
        return (*verdict, due_on, text_now, done_on, updates)

    for _, _, ld in chosen:
        pass_final = open_only or ld.id in final
        plan = ld.open_plan(t) if pass_final else ld.plan
        if plan is None:  # its cached plan was damaged
            planner = planner or Planner(repo)
            plan = ld.plan = planner.plan(ld.model)
        for tp in plan[PLAN_TASKS]:
            index, place, due, text, kind, urgent, repeat, updates, closed, replayed = tp[
                :TP_FINAL_ON
            ]
            final_on = tp[TP_FINAL_ON]
            shares = table[place]
            if not shares or (pass_final and final_on is not None and final_on <= t):
                continue
            head = tp[TP_ID:]
            if replayed is not None and replayed[0] <= t:
                # Every update is dated on or before T: their replay was done when planning.
                _, shared, state, own_states = replayed
                common = judged(state, kind, shared)
                if common is None and not own_states:
                    continue
                own = {a: judged(st, kind, theirs) for a, (st, theirs) in own_states.items()}
                yield Slot(ld, index, head, shares, None, urgent, common, own, place)
                continue
            # Updates are in date order: those dated up to T are a prefix.
            dated = updates[: bisect_right(updates, t, key=_date_of)] if updates else ()
            if repeat is None:
                dues = [(None, due, text, kind, urgent)]
            else:
                # Many tasks repeat alike ("before the 20th of each month, 2024–2025"): their
                # periods and due dates are worked out once a run.
                periods = period_lists.get(repeat)
                if periods is None:
                    periods = period_lists[repeat] = iter_periods(*repeat, today)
                if open_only and closed is not None:
                    periods = [p for p in periods if closed.get(p.key, t + 1) > t]
                dues = []
                for p in periods:
                    found = period_dues.get((text, p.key))
                    if found is None:
                        rule = recurring_rule(text, repeat[0])
                        found = period_dues[text, p.key] = rule.due_for(p, calendar).toordinal()
                    dues.append((p, found, text, "date", False))

            for period, base_due, base_text, kind, urgent in dues:
                key = period.key if period is not None else None
                shared: list[tuple] = []
                own: dict[str, list[tuple]] = {}
                for u in dated:
                    _, _, _, who, when, _ = u  # agency, period (see plans.py, U_AGENCY…)
                    if when is None or when == key:
                        if who is None:
                            shared.append(u)
                        else:
                            own.setdefault(who, []).append(u)
                # Most shares have no update of their own: the shared ones are replayed once.
                common = share(shared, base_due, base_text, kind)
                if common is None and not own:
                    continue
                if own:
                    for agency_id, mine in own.items():
                        if shared:
                            mine = sorted(shared + mine)  # (date, index): replay order
                        own[agency_id] = share(mine, base_due, base_text, kind)
                yield Slot(ld, index, head, shares, period, urgent, common, own, place)


def assignment(slot: Slot, agency: Agency, detail: str | None, share: Share) -> Assignment:
    return Assignment(slot.directive, slot.task_index, *slot.head, agency, detail, slot.period,
                      *share_fields(share, slot.urgent))  # fmt: skip


def share_fields(share: Share, urgent: bool) -> tuple:
    """An assignment's fields from due_text to update_indices."""
    status, days_overdue, days_left, due_on, text_now, done_on, updates = share
    indices = tuple(sorted(u[U_INDEX] for u in updates))  # file order
    due, done = date_of_ordinal(due_on), date_of_ordinal(done_on)
    return (text_now, due, status, done, days_overdue, days_left, urgent, indices)


def compute(
    repo: Repository,
    today: dt.date,
    within: int = DEFAULT_WITHIN,
    statuses: set[str] | None = None,
) -> list[Assignment]:
    """Every assignment at `today` (only those with a status in `statuses`, when given), in
    directive, task, official agency and period order."""
    agencies = repo.agencies
    out: list[Assignment] = []
    add = out.append
    for slot in slots(repo, today, within, statuses):
        ld, index, head, shares, period, urgent, common, own, _ = slot
        # The shared state's fields are worked out once for all the shares that have it.
        fields = share_fields(common, urgent) if common is not None else None
        for agency_id, detail in shares:
            if agency_id in own:
                share = own[agency_id]
                if share is not None:
                    add(assignment(slot, agencies[agency_id], detail, share))
            elif fields is not None:
                add(Assignment(ld, index, *head, agencies[agency_id], detail, period, *fields))
    return out
