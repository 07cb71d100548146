"""Plans: what the status rules need from a directive, worked out once without a day T.

A plan is made when a file is loaded and kept in the cache, so that a warm run needs neither the
YAML nor the records; status.py applies the rules to it at a day T.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import sys
from typing import TYPE_CHECKING

from .repository import PLAN_ISSUED, PLAN_TASKS, Head, Repository

if TYPE_CHECKING:
    from .reading.models import Directive, Task

#
# Worked out once when a file is loaded and kept in the cache, so that a warm run needs neither
# the YAML nor the records: plain tuples and ints (day ordinals), which pickle loads fast. They
# also hold what a listing shows of a directive and its tasks, so that a listing never reads
# the records (unpickling pydantic models costs ~1 ms a directive).
#   DirectivePlan: (issued ordinal | None, (task plan, ...), number | None, subject, kind, only
#     the month of issue known), its
#     fields by place in repository.py (PLAN_ISSUED…)
#   task plan: its fields by place below (TP_INDEX…)
#     (task index, shares, due ordinal | None, due text, kind, urgent, repeat, updates,
#               closed, replayed, final on, task id, title, groups named in lead)
#     kind: the deadline's kind (deadlines.Reading.kind), or (kind, start ordinal) for a range
#       or a continuous duty that begins later: before its start a share is not_started
#     shares: the place in Repository.shares of ((agency id, detail | None), ...): every lead
#       agency once, in official order. Many tasks have the same leads (the 92 communes): kept
#       once for the whole data folder, their plans stay small and quick to read.
#     repeat: None, or (every, from, until) of a recurring task (its due text is the rule)
#   updates: ((date ordinal, index in task.updates, kind, agency | None, period | None,
#              extension), ...) sorted by date, same-day ones in file order (as replayed)
#     extension: (new due ordinal | None, new due text) for an `extended` with a due, or for a
#       `started` of a count from an event (the due counted from the update's date), else None
#   closed: None, or {period key (None for a task without repeat): the date of the last update
#     of that period}, for the periods in which every share is done or cancelled after all the
#     updates: from that date on none of them can be open, so a listing of open work (overdue,
#     due soon…) passes them by without replaying their updates.
#   replayed: for a task without repeat, its updates already replayed, for any T on or after the
#     last of them (the usual case: updates are recorded as they come), or None:
#     (date of the last update, shared updates, their state, {agency: (state, its updates)})
#     where a state is what replay() gives; the updates lists are those replay() would fold.
#   final on: the day from which every share is closed for good (`closed`) and every period has
#     begun, so that the task's assignments and their statuses no longer change; or None. A
#     listing of open work passes the task by from then on, and a summary counts it from the
#     cache (see split() and summary.settled_counts()).
DirectivePlan = tuple
_REPARSE = -1  # an extension whose phrase did not read: parsed again (and raising) when used
# A task plan's fields by place (see above): plain tuples, which pickle loads fast.
(
    TP_INDEX, TP_SHARES, TP_DUE, TP_DUE_TEXT, TP_KIND, TP_URGENT, TP_REPEAT, TP_UPDATES, TP_CLOSED,
    TP_REPLAYED, TP_FINAL_ON, TP_ID, TP_TITLE, TP_GROUPS,
) = range(14)  # fmt: skip
# An update plan's fields by place (see `updates` above).
U_DATE, U_INDEX, U_KIND, U_AGENCY, U_PERIOD, U_EXTENSION = range(6)
MIN_DAY = dt.date.min.toordinal()


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
        from .deadlines import (  # lazy: start-up time
            DeadlineError,
            count_from,
            parse_deadline,
            parse_period,
            read_deadline,
        )

        calendar = self.repo.calendar
        issued = model.issued
        signed = None if model.issued_month else issued  # only the month known: no day to count
        tasks = []
        for index, task in enumerate(model.tasks):
            if task.repeat is None:
                try:
                    dl = read_deadline(task.due, signed, calendar)
                except DeadlineError:
                    if issued is not None:
                        raise
                    # A draft's deadline counted from its signing: no day until it is signed
                    # (a draft is in no status anyway; check accepts it, with a warning).
                    dl = dataclasses.replace(read_deadline(None), text=task.due)
                due, text, kind, urgent = ordinal(dl.due), dl.text, dl.kind, dl.urgent
                repeat = None
                if dl.kind == "recurring":  # a fixed day each period, from the date of issue
                    due, kind, repeat = None, "date", (dl.every, dl.repeat_from, None)
                elif dl.start is not None:
                    kind = (kind, dl.start.toordinal())
            else:
                due, text, kind, urgent = None, task.due, "date", False
                repeat = (task.repeat.every, task.repeat.start, task.repeat.until)
            updates = []
            for j, u in enumerate(task.updates):
                extension = None
                if u.kind == "extended" and u.due:
                    try:
                        extension = (ordinal(parse_deadline(u.due, u.date, calendar).due), u.due)
                    except DeadlineError:
                        extension = (_REPARSE, u.due)
                elif u.kind == "started" and kind == "event":  # the day the count starts from
                    extension = (ordinal(count_from(text, u.date, calendar)), text)
                agency = sys.intern(u.agency) if u.agency is not None else None
                period = u.period
                if period is not None and repeat is not None:
                    # "2025-q4", "2025-11-01"…: the same period as its canonical key.
                    with contextlib.suppress(DeadlineError):
                        period = parse_period(period, repeat[0]).key
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
        return (
            ordinal(issued), tuple(tasks), model.number, model.subject, model.kind,
            model.issued_month,
        )  # fmt: skip


def head(plan: DirectivePlan) -> Head:
    """(issued ordinal | None, closed on | None, task count, number, subject, kind, settled on |
    None) of a directive: what a run needs of every directive before it reads any plan (a
    summary by directive names closed directives without reading theirs). `closed on`: the day
    from which every task is final (see `final on`); `settled on`: the day from which the tasks
    of split()'s second part all are; both no earlier than the directive's date."""
    issued = plan[PLAN_ISSUED]
    days = [tp[TP_FINAL_ON] for tp in plan[PLAN_TASKS]]
    final = [d for d in days if d is not None]
    # A draft (no date of issue) is not in force: never settled, never counted (status.slots).
    settled_on = max([issued, *final]) if final and issued is not None else None
    closed_on = (settled_on or issued) if len(final) == len(days) else None  # no task: issued
    number, subject, kind, month = plan[PLAN_TASKS + 1 :]
    return Head(issued, closed_on, len(days), number, subject, kind, settled_on, month)


def split(plan: DirectivePlan) -> tuple[DirectivePlan, tuple]:
    """(the plan less its tasks that become final, those tasks): kept apart in the cache, so
    that on or after head()'s `settled on` a listing of open work reads only the first part,
    and a summary that and the counts of the second (summary.settled_counts)."""
    tasks = plan[PLAN_TASKS]
    final = tuple(tp for tp in tasks if tp[TP_FINAL_ON] is not None)
    if not final:
        return plan, ()
    rest = tuple(tp for tp in tasks if tp[TP_FINAL_ON] is None)
    return with_tasks(plan, rest), final


def join(part: DirectivePlan, final: tuple) -> DirectivePlan:
    """The whole plan again from split()'s parts, its tasks in file order."""
    if not final:
        return part
    return with_tasks(part, tuple(sorted(part[PLAN_TASKS] + final)))


def with_tasks(plan: DirectivePlan, tasks: tuple) -> DirectivePlan:
    """The same plan with these task plans."""
    return (plan[PLAN_ISSUED], tasks, *plan[PLAN_TASKS + 1 :])


def _final_on(repeat: tuple | None, closed: dict | None, shares: tuple) -> int | None:
    """A task plan's `final on` (see above)."""
    from .deadlines import DeadlineError, iter_periods  # lazy: start-up time

    if not shares:
        return MIN_DAY  # nothing to list, ever
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
        by_key.setdefault(u[U_PERIOD], []).append(u)
    general = by_key.get(None, [])  # updates without a period concern every period
    out = {}
    for key, specific in by_key.items():
        mine = specific if key is None or not general else sorted(general + specific)
        shared = [u for u in mine if u[U_AGENCY] is None]
        own: dict[str, list[tuple]] = {}
        for u in mine:
            if u[U_AGENCY] is not None:
                own.setdefault(u[U_AGENCY], []).append(u)
        shared_closed = _ends_closed(shared)
        for agency_id, _ in shares:
            theirs = own.get(agency_id)
            if theirs is None:
                if not shared_closed:
                    break  # a share with no update of its own stays open
            elif not _ends_closed(sorted(shared + theirs) if shared else theirs):
                break
        else:
            out[key] = mine[-1][U_DATE]  # the last update's date
    return out or None


def _replay_all(updates: list[tuple], due: int | None, text: str | None) -> tuple | None:
    """The `replayed` of a task plan without repeat (see above)."""
    if any(u[U_EXTENSION] is not None and u[U_EXTENSION][0] == _REPARSE for u in updates):
        return None  # an extension that does not read: replayed (and reported) at run time
    mine = [u for u in updates if u[U_PERIOD] is None]  # a period on a task without repeat: ignored
    shared = [u for u in mine if u[U_AGENCY] is None]
    own: dict[str, list[tuple]] = {}
    for u in mine:
        if u[U_AGENCY] is not None:
            own.setdefault(u[U_AGENCY], []).append(u)
    own_states = {}
    for agency_id, theirs in own.items():
        if shared:
            theirs = sorted(shared + theirs)  # (date, index): replay order
        own_states[agency_id] = (replay(theirs, due, text, None, None), theirs)
    last = updates[-1][U_DATE] if updates else MIN_DAY
    return (last, shared, replay(shared, due, text, None, None), own_states)


def _closed_replayed(replayed: tuple, shares: tuple) -> dict | None:
    """_closed() of a task without repeat, from its replays done in advance (no second pass)."""
    _, shared, state, own_states = replayed
    if not shares or not (shared or own_states):
        return None
    if any(a not in own_states for a, _ in shares) and not _is_closed(state):
        return None  # a share with no update of its own stays open
    if not all(_is_closed(own_states[a][0]) for a, _ in shares if a in own_states):
        return None
    last = [theirs[-1][U_DATE] for _, theirs in own_states.values()]
    return {None: max(([shared[-1][U_DATE]] if shared else []) + last)}


def _is_closed(state: tuple) -> bool:
    """A replayed state that is done or cancelled."""
    _, _, done_on, cancelled = state
    return done_on is not None or cancelled


def _ends_closed(updates: list[tuple]) -> bool:
    """Whether the last of these updates that opens or closes a share closes it."""
    for u in reversed(updates):
        if u[U_KIND] in ("done", "cancelled"):
            return True
        if u[U_KIND] == "reopened":
            return False
    return False


def ordinal(day: dt.date | None) -> int | None:
    return day.toordinal() if day is not None else None


def date_of_ordinal(ordinal: int | None) -> dt.date | None:
    return dt.date.fromordinal(ordinal) if ordinal is not None else None


def replay(updates: list[tuple], base_due, base_text, calendar, parse):
    """Fold this share's update plans (dated up to T, in date order) into
    (due, text, done_on, cancelled)."""
    due, text, done_on, cancelled = base_due, base_text, None, False
    extended_on = None
    for on, _, kind, _, _, extension in updates:
        if extension is not None and kind in ("extended", "started"):
            if extended_on is None or on >= extended_on:
                new_due, new_text = extension
                if new_due == _REPARSE:
                    new_due = ordinal(parse(new_text, dt.date.fromordinal(on), calendar).due)
                due, text, extended_on = new_due, new_text, on
        elif kind == "done":
            done_on, cancelled = on, False
        elif kind == "cancelled":
            cancelled, done_on = True, None
        elif kind == "reopened":
            cancelled, done_on = False, None
    return due, text, done_on, cancelled
