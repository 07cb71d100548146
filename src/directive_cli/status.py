"""The status rules: each lead agency's share of each task (per period) at a day T.

A pure function of the loaded data and T: it never reads the clock. Only updates dated on or
before T count, and directives issued after T are left out, so any past day can be replayed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from .loader import LoadedDirective, Repository
from .roster import Agency

if TYPE_CHECKING:
    from .models import Directive, Task, Update

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


# -- plans: what the status rules need from a directive, without T ------------------------------
#
# Worked out once when a file is loaded and kept in the cache, so that a warm run needs neither
# the YAML nor the records: plain tuples and ints (day ordinals), which pickle loads fast. They
# also hold what a listing shows of a directive and its tasks, so that a listing never reads
# the records (unpickling pydantic models costs ~1 ms a directive).
#   DirectivePlan: (issued ordinal | None, (task plan, ...), number | None, subject, kind)
#   task plan: (task index, shares, due ordinal | None, due text, kind, urgent, repeat, updates,
#               closed, replayed, final on, task id, title, groups named in lead)
#     shares: the place in Repository.shares of ((agency id, detail | None), ...): every lead
#       agency once, in official order. Many tasks have the same leads (the 92 communes): kept
#       once for the whole data folder, their plans stay small and quick to read.
#     repeat: None, or (every, from, until) of a recurring task (its due text is the rule)
#   updates: ((date ordinal, index in task.updates, kind, agency | None, period | None,
#              extension), ...) sorted by date, same-day ones in file order (as replayed)
#     extension: (new due ordinal | None, new due text) for an `extended` with a due, else None
#   closed: None, or {period key (None for a task without repeat): the date of the last update
#     of that period}, for the periods in which every share is done or cancelled after all the
#     updates: from that date on none of them can be open, so a listing of open work (overdue,
#     due soon…) passes them by without replaying their updates.
#   replayed: for a task without repeat, its updates already replayed, for any T on or after the
#     last of them (the usual case: updates are recorded as they come), or None:
#     (date of the last update, shared updates, their state, {agency: (state, its updates)})
#     where a state is what _replay() gives; the updates lists are those _replay() would fold.
#   final on: the day from which every share is closed for good (`closed`) and every period has
#     begun, so that the task's assignments and their statuses no longer change; or None. A
#     listing of open work passes the task by from then on, and a summary counts it from the
#     cache (see split() and summary.settled_counts()).
DirectivePlan = tuple
_REPARSE = -1  # an extension whose phrase did not read: parsed again (and raising) when used


class Planner:
    """Builds plans against one repository's agencies, groups and calendar."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.order = {a: i for i, a in enumerate(repo.agencies)}
        self.table = repo.shares  # appended to: plans already made keep their places
        self._places = {shares: i for i, shares in enumerate(self.table)}
        self._by_leads: dict[tuple, int] = {}

    def shares(self, task: Task) -> int:
        """The place in Repository.shares of the task's shares."""
        key = tuple((lead.agency, lead.detail) for lead in task.lead)
        found = self._by_leads.get(key)
        if found is None:
            shares: dict[str, str | None] = {}
            for agency_id, detail in key:
                for member in self.repo.expand(agency_id):
                    if member not in shares or detail:
                        shares[member] = detail
            ids = sorted(shares, key=self.order.__getitem__)
            listed = tuple((sys.intern(a), shares[a]) for a in ids)
            found = self._places.get(listed)
            if found is None:
                found = self._places[listed] = len(self.table)
                self.table.append(listed)
            self._by_leads[key] = found
        return found

    def plan(self, model: Directive) -> DirectivePlan:
        from .deadlines import DeadlineError, parse_deadline, parse_period

        calendar = self.repo.calendar
        issued = model.issued
        tasks = []
        for index, task in enumerate(model.tasks):
            if task.repeat is None:
                dl = parse_deadline(task.due, issued, calendar)
                due, text, kind, urgent = _ordinal(dl.due), dl.text, dl.kind, dl.urgent
                repeat = None
            else:
                due, text, kind, urgent = None, task.due, "date", False
                repeat = (task.repeat.every, task.repeat.start, task.repeat.until)
            updates = []
            for j, u in enumerate(task.updates):
                extension = None
                if u.kind == "extended" and u.due:
                    try:
                        extension = (_ordinal(parse_deadline(u.due, u.date, calendar).due), u.due)
                    except DeadlineError:
                        extension = (_REPARSE, u.due)
                agency = sys.intern(u.agency) if u.agency is not None else None
                period = u.period
                if period is not None and task.repeat is not None:
                    # "2025-q4", "2025-11-01"…: the same period as its canonical key.
                    with contextlib.suppress(DeadlineError):
                        period = parse_period(period, task.repeat.every).key
                period = sys.intern(period) if period is not None else None
                happened = sys.intern(u.kind)
                updates.append((u.date.toordinal(), j, happened, agency, period, extension))
            updates.sort()  # (date, index): the order updates are replayed in
            groups = tuple(lead.agency for lead in task.lead if lead.agency in self.repo.groups)
            place = self.shares(task)
            shares = self.table[place]
            replayed = _replay_all(updates, due, text) if repeat is None else None
            if replayed is not None:
                closed = _closed_replayed(replayed, shares)
            else:
                closed = _closed(updates, shares)
            plan = (index, place, due, text, kind, urgent, repeat, tuple(updates), closed, replayed)
            plan += (_final_on(repeat, closed, shares), task.id, task.title, groups)
            tasks.append(plan)
        return (_ordinal(issued), tuple(tasks), model.number, model.subject, model.kind)


def head(plan: DirectivePlan) -> tuple:
    """(issued ordinal | None, closed on | None, task count, number, subject, kind, settled on |
    None) of a directive: what a run needs of every directive before it reads any plan (a
    summary by directive names closed directives without reading theirs). `closed on`: the day
    from which every task is final (see `final on`); `settled on`: the day from which the tasks
    of split()'s second part all are; both no earlier than the directive's date."""
    issued = plan[0] if plan[0] is not None else _MIN_DAY
    days = [tp[10] for tp in plan[1]]
    final = [d for d in days if d is not None]
    settled_on = max([issued, *final]) if final else None
    closed_on = (settled_on or issued) if len(final) == len(days) else None  # no task: issued
    return (plan[0], closed_on, len(plan[1]), *plan[2:5], settled_on)


def split(plan: DirectivePlan) -> tuple[DirectivePlan, tuple]:
    """(the plan less its tasks that become final, those tasks): kept apart in the cache, so
    that on or after head()'s `settled on` a listing of open work reads only the first part,
    and a summary that and the counts of the second (summary.settled_counts)."""
    final = tuple(tp for tp in plan[1] if tp[10] is not None)
    if not final:
        return plan, ()
    rest = tuple(tp for tp in plan[1] if tp[10] is None)
    return (plan[0], rest, *plan[2:]), final


def join(part: DirectivePlan, final: tuple) -> DirectivePlan:
    """The whole plan again from split()'s parts, its tasks in file order."""
    if not final:
        return part
    return (part[0], tuple(sorted(part[1] + final)), *part[2:])


def _final_on(repeat: tuple | None, closed: dict | None, shares: tuple) -> int | None:
    """A task plan's `final on` (see above)."""
    from .deadlines import DeadlineError, iter_periods

    if not shares:
        return _MIN_DAY  # nothing to list, ever
    if closed is None:
        return None
    if repeat is None:
        return closed.get(None)
    if repeat[2] is None:  # open-ended: there is always another period to come
        return None
    try:
        periods = iter_periods(*repeat, dt.date.max)
    except DeadlineError:
        return None
    days = [closed.get(p.key) for p in periods]
    if not days or None in days:
        return None
    return max(*days, periods[-1].start.toordinal())  # a period closed before it began


def _closed(updates: list[tuple], shares: tuple) -> dict | None:
    """The `closed` of a task plan (see above). `updates` are in replay order."""
    if not updates or not shares:
        return None
    by_key: dict[str | None, list[tuple]] = {}
    for u in updates:
        by_key.setdefault(u[4], []).append(u)
    general = by_key.get(None, [])  # updates without a period concern every period
    out = {}
    for key, specific in by_key.items():
        mine = specific if key is None or not general else sorted(general + specific)
        shared = [u for u in mine if u[3] is None]
        own: dict[str, list[tuple]] = {}
        for u in mine:
            if u[3] is not None:
                own.setdefault(u[3], []).append(u)
        shared_closed = _ends_closed(shared)
        for agency_id, _ in shares:
            theirs = own.get(agency_id)
            if theirs is None:
                if not shared_closed:
                    break  # a share with no update of its own stays open
            elif not _ends_closed(sorted(shared + theirs) if shared else theirs):
                break
        else:
            out[key] = mine[-1][0]  # the last update's date
    return out or None


def _replay_all(updates: list[tuple], due: int | None, text: str | None) -> tuple | None:
    """The `replayed` of a task plan without repeat (see above)."""
    if any(u[5] is not None and u[5][0] == _REPARSE for u in updates):
        return None  # an extension that does not read: replayed (and reported) at run time
    mine = [u for u in updates if u[4] is None]  # a period on a task without repeat: ignored
    shared = [u for u in mine if u[3] is None]
    own: dict[str, list[tuple]] = {}
    for u in mine:
        if u[3] is not None:
            own.setdefault(u[3], []).append(u)
    own_states = {}
    for agency_id, theirs in own.items():
        if shared:
            theirs = sorted(shared + theirs)  # (date, index): replay order
        own_states[agency_id] = (_replay(theirs, due, text, None, None), theirs)
    last = updates[-1][0] if updates else _MIN_DAY
    return (last, shared, _replay(shared, due, text, None, None), own_states)


def _closed_replayed(replayed: tuple, shares: tuple) -> dict | None:
    """_closed() of a task without repeat, from its replays done in advance (no second pass)."""
    _, shared, state, own_states = replayed
    if not shares or not (shared or own_states):
        return None
    if any(a not in own_states for a, _ in shares) and not _is_closed(state):
        return None  # a share with no update of its own stays open
    if not all(_is_closed(own_states[a][0]) for a, _ in shares if a in own_states):
        return None
    last = [theirs[-1][0] for _, theirs in own_states.values()]
    return {None: max(([shared[-1][0]] if shared else []) + last)}


def _is_closed(state: tuple) -> bool:
    """A replayed state that is done or cancelled."""
    return state[2] is not None or state[3]


def _ends_closed(updates: list[tuple]) -> bool:
    """Whether the last of these updates that opens or closes a share closes it."""
    for u in reversed(updates):
        if u[2] in ("done", "cancelled"):
            return True
        if u[2] == "reopened":
            return False
    return False


def _ordinal(day: dt.date | None) -> int | None:
    return day.toordinal() if day is not None else None


def _date(ordinal: int | None) -> dt.date | None:
    return dt.date.fromordinal(ordinal) if ordinal is not None else None


def _status(due: int | None, kind: str, done_on, cancelled: bool, today: int, within: int):
    """(status, days_overdue, days_left) by the SPEC's Status table; days as ordinals."""
    if cancelled:
        return "cancelled", None, None
    if done_on is not None:
        if due is None:
            return "done", None, None
        return ("done_on_time" if done_on <= due else "done_late"), None, None
    if due is None:
        return ("ongoing" if kind == "ongoing" else "no_deadline"), None, None
    left = due - today
    if left < 0:
        return "overdue", -left, None
    if left <= within:
        return "due_soon", None, left
    return "on_track", None, left


def _date_of(update: tuple) -> int:
    return update[0]


def _replay(updates: list[tuple], base_due, base_text, calendar, parse):
    """Fold this share's update plans (dated up to T, in date order) into
    (due, text, done_on, cancelled)."""
    due, text, done_on, cancelled = base_due, base_text, None, False
    extended_on = None
    for on, _, kind, _, _, extension in updates:
        if kind == "extended" and extension is not None:
            if extended_on is None or on >= extended_on:
                new_due, new_text = extension
                if new_due == _REPARSE:
                    new_due = _ordinal(parse(new_text, dt.date.fromordinal(on), calendar).due)
                due, text, extended_on = new_due, new_text, on
        elif kind == "done":
            done_on, cancelled = on, False
        elif kind == "cancelled":
            cancelled, done_on = True, None
        elif kind == "reopened":
            cancelled, done_on = False, None
    return due, text, done_on, cancelled


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
) -> Iterator[Slot]:
    """Every task (and period) at `today` that has a share in `statuses` (any, when None), in
    directive and task order, then period order. One home for the replay of updates, shared by
    compute() (an Assignment a share) and summary.tally() (counts, no Assignment a share).
    Directives whose ids are in `skip` are passed by; so are the tasks final by T (see `final
    on`) of those in `final` (a summary counts them from the cache), as a listing of open work
    passes them by in every directive."""
    from .deadlines import iter_periods, parse_deadline, recurring_rule

    calendar = repo.calendar
    table = repo.shares
    t = today.toordinal()
    planner = None
    # A listing of open work only (overdue, due soon…) passes by what is closed for good: whole
    # directives (without reading their plans), then periods.
    open_only = statuses is not None and not statuses & CLOSED_STATUSES
    chosen = []
    for ld in repo.directives:
        if ld.id in skip:
            continue
        if ld.head is None and ld.plan is None:
            planner = planner or Planner(repo)
            ld.plan = planner.plan(ld.model)
        issued = ld.issued_ordinal
        if issued is not None and issued > t:
            continue
        if open_only and ld.closed_on is not None and ld.closed_on <= t:
            continue
        chosen.append((_MIN_DAY if issued is None else issued, ld.id, ld))
    chosen.sort(key=lambda c: (c[0], c[1]))
    period_lists: dict[tuple, list] = {}
    period_dues: dict[tuple, int] = {}

    def share(updates: list[tuple], base_due, base_text, kind: str) -> Share | None:
        state = _replay(updates, base_due, base_text, calendar, parse_deadline)
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
        for tp in plan[1]:
            index, place, due, text, kind, urgent, repeat, updates, closed, replayed = tp[:10]
            final_on = tp[10]
            shares = table[place]
            if not shares or (pass_final and final_on is not None and final_on <= t):
                continue
            head = tp[11:]
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
                    if u[4] is None or u[4] == key:
                        if u[3] is None:
                            shared.append(u)
                        else:
                            own.setdefault(u[3], []).append(u)
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
                      *_fields(share, slot.urgent))  # fmt: skip


def _fields(share: Share, urgent: bool) -> tuple:
    """An assignment's fields from due_text to update_indices."""
    status, days_overdue, days_left, due_on, text_now, done_on, updates = share
    indices = tuple(sorted(u[1] for u in updates))  # file order
    return (
        text_now, _date(due_on), status, _date(done_on), days_overdue, days_left, urgent, indices
    )  # fmt: skip


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
        fields = _fields(common, urgent) if common is not None else None
        for agency_id, detail in shares:
            if agency_id in own:
                share = own[agency_id]
                if share is not None:
                    add(assignment(slot, agencies[agency_id], detail, share))
            elif fields is not None:
                add(Assignment(ld, index, *head, agencies[agency_id], detail, period, *fields))
    return out


_MIN_DAY = dt.date.min.toordinal()
