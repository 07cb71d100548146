"""The summary table (Biểu tổng hợp): counts per agency or directive, in the official categories.

Pure: counts the repository's shares at T (status.slots, a task at a time, and the counts the
cache keeps for tasks that are final), returns rows of counts in the repository's order. No
clock, no files, no formatting beyond the names of the rows.

How the official categories are built from the statuses (see SPEC, Status):

- Tổng số = every assignment except `cancelled`
          = Đã hoàn thành + Chưa hoàn thành + Thường xuyên/chưa có thời hạn;
- Đã hoàn thành: tổng = done_on_time + done_late + done; đúng hạn = done_on_time;
  quá hạn = done_late. `done` (done, but the task had no due date) is in the tổng only: it was
  neither on time nor late;
- Chưa hoàn thành: tổng = on_track + due_soon + overdue; trong hạn = on_track + due_soon;
  quá hạn = overdue;
- Thường xuyên / chưa có thời hạn = ongoing + no_deadline (+ not_started, waiting, conditional:
  no running deadline yet);
- Dừng = cancelled, its own column, outside Tổng số and the rate;
- Tỷ lệ hoàn thành đúng hạn (%) = done_on_time / (done_on_time + done_late + overdue), rounded
  half up to one decimal; None (blank) when the denominator is 0. `done`, ongoing, no_deadline and
  the open shares still in time are outside the rate: none of them can be judged on time or late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from decimal import ROUND_HALF_UP, Decimal

from . import query
from .plans import split, with_tasks
from .repository import LoadedDirective, Repository
from .status import DEFAULT_WITHIN, STATUSES, Assignment, assignment, slots
from .vocabulary import DIRECTIVE_KIND_LABELS, issued_words

BY_AGENCY = "agency"
BY_DIRECTIVE = "directive"


@dataclass(slots=True)
class Counts:
    """How many assignments are in each status of the SPEC."""

    done_on_time: int = 0
    done_late: int = 0
    done: int = 0
    overdue: int = 0
    due_soon: int = 0
    on_track: int = 0
    ongoing: int = 0
    no_deadline: int = 0
    cancelled: int = 0
    not_started: int = 0
    waiting: int = 0
    conditional: int = 0

    def add(self, status: str, n: int = 1) -> None:
        setattr(self, status, getattr(self, status) + n)

    def merge(self, other: Counts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def done_total(self) -> int:
        return self.done_on_time + self.done_late + self.done

    @property
    def open_in_time(self) -> int:
        return self.on_track + self.due_soon

    @property
    def open_total(self) -> int:
        return self.open_in_time + self.overdue

    @property
    def standing(self) -> int:
        """Thường xuyên / chưa có thời hạn (and not begun, waiting for an event, conditional:
        no running deadline yet)."""
        return self.ongoing + self.no_deadline + self.not_started + self.waiting + self.conditional

    @property
    def total(self) -> int:
        """Tổng số: everything but the cancelled shares."""
        return self.done_total + self.open_total + self.standing

    @property
    def rate_base(self) -> int:
        return self.done_on_time + self.done_late + self.overdue

    @property
    def on_time_rate(self) -> Decimal | None:
        """Percent done on time among the shares done or past due, one decimal (half up)."""
        if self.rate_base == 0:
            return None
        exact = Decimal(self.done_on_time * 100) / Decimal(self.rate_base)
        return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def as_dict(self) -> dict[str, int]:
        return {s: getattr(self, s) for s in STATUSES}


@dataclass(slots=True)
class Row:
    key: str | None  # agency or directive id; None for the total row
    name: str
    counts: Counts = field(default_factory=Counts)
    subject: str | None = None  # the directive's trích yếu, for rows by directive
    tasks: int | None = None  # how many tasks the directive has, for rows by directive

    def record(self) -> dict:
        """The JSON object of the row: key, name, total, every status's count, on_time_rate."""
        rate = self.counts.on_time_rate
        return {
            "key": self.key,
            "name": self.name,
            **({"tasks": self.tasks} if self.tasks is not None else {}),
            "total": self.counts.total,
            **self.counts.as_dict(),
            "on_time_rate": float(rate) if rate is not None else None,
        }


@dataclass(slots=True)
class Summary:
    by: str
    rows: list[Row]
    total: Row
    # The overdue shares behind the counts, in row order; empty unless tally(list_overdue=True).
    overdue: list[Assignment]


TOTAL_NAME = "Tổng cộng"


def directive_label(ld: LoadedDirective) -> str:
    """ "Công văn số 1958/UBND-NC ngày 11/09/2025 (25 nhiệm vụ)": the counts beside it are of
    shares, so the number of tasks is shown with the name. A document without a number is
    named as such (its trích yếu, shown under it, tells it apart), never by its file id."""
    number, issued = ld.number, ld.issued
    kind = DIRECTIVE_KIND_LABELS[ld.kind]
    text = f"{kind} số {number}" if number else f"{kind} chưa có số"
    if issued:
        text += " " + issued_words(issued, ld.issued_month)
    return f"{text} ({ld.task_count:02d} nhiệm vụ)"


def directive_order(ld: LoadedDirective) -> tuple:
    """By date of issue; directives without a date (drafts) last, then by id."""
    issued = ld.issued
    return (issued is None, issued or dt.date.min, ld.id)


def settled_counts(repo: Repository, ld: LoadedDirective) -> tuple | None:
    """How many shares of a directive's tasks that become final (plans.split's second part)
    are in each status, for any T on or after its `settled on` (LoadedDirective.settled_on);
    None when none does. Kept in the cache, so that a summary counts the work closed for good
    (most of a province's five years) without reading or replaying its plans. Counted by
    tally()'s own counter, on those tasks alone, at that day, and kept as it counts:
    ((place in Repository.shares, status, n), ...): n for each agency of those shares (the 92
    communes of a task done together are one entry), then ((agency id, status, n), ...)."""
    if ld.settled_on is None:
        return None
    plan = ld.plan
    final = LoadedDirective(ld.id, ld.file, plan=with_tasks(plan, split(plan)[1]))
    alone = replace(repo, directives=[final])
    counter = _Counter(repo, BY_AGENCY, None, False)
    for slot in slots(alone, dt.date.fromordinal(ld.settled_on)):
        counter.add(slot)
    by_place = tuple((place, status, n) for (_, place, status), n in counter.bulk.items() if n)
    return by_place + tuple((a, status, n) for (a, status), n in counter.acc.items() if n)


def sum_settled(directives: list[LoadedDirective]) -> tuple | None:
    """(ids, counts): the settled_counts() of those of `directives` that have them, added up,
    in the same form; None when none has. Kept in the cache (Repository.settled_totals), so
    that a summary of everything reads one sum, not ~2,000 counts."""
    ids, total = [], {}
    for ld in directives:
        counts = ld.counts
        if counts is None:
            continue
        ids.append(ld.id)
        for who, status, n in counts:
            total[who, status] = total.get((who, status), 0) + n
    if not ids:
        return None
    return frozenset(ids), tuple((who, s, n) for (who, s), n in total.items() if n)


class _Counter:
    """tally()'s counts, a task (slot) at a time. The shares with the task's common state are
    counted at once in `bulk`, {(row key or None, place in Repository.shares, status): times},
    shares with a state of their own one by one in `acc`, {(row key, status): n}, less one
    each in `acc` for the bulk count that included them. `rows()` expands `bulk` once at the
    end: every task of the same 92 communes adds to one entry."""

    def __init__(
        self, repo: Repository, by: str, agencies: set[str] | None, list_overdue: bool
    ) -> None:
        self.repo, self.agencies, self.list_overdue = repo, agencies, list_overdue
        self.by_agency = by == BY_AGENCY
        self.acc: dict[tuple, int] = {}
        self.bulk: dict[tuple, int] = {}
        self.overdue: list[Assignment] = []

    def _row(self, agency_id: str, directive_id: str) -> str:
        return agency_id if self.by_agency else directive_id

    def add(self, slot) -> None:
        ld, common, own = slot.directive, slot.common, slot.own
        agencies, acc, listed = self.agencies, self.acc, self.list_overdue
        if own:
            details = dict(slot.shares)
            for agency_id, share in own.items():
                if agency_id not in details or (agencies is not None and agency_id not in agencies):
                    continue
                key = (self._row(agency_id, ld.id), share[0])
                acc[key] = acc.get(key, 0) + 1
                if listed and share[0] == "overdue":
                    agency = self.repo.agencies[agency_id]
                    self.overdue.append(assignment(slot, agency, details[agency_id], share))
                key = (self._row(agency_id, ld.id), common[0])
                acc[key] = acc.get(key, 0) - 1  # counted in bulk below
        status = common[0]
        key = (None if self.by_agency else ld.id, slot.place, status)
        self.bulk[key] = self.bulk.get(key, 0) + 1
        if listed and status == "overdue":
            known = self.repo.agencies
            self.overdue.extend(
                assignment(slot, known[a], d, common)
                for a, d in slot.shares
                if a not in own and (agencies is None or a in agencies)
            )

    def add_settled(self, counts: tuple, directive_id: str | None, sign: int = 1) -> None:
        """A directive's settled_counts() (or, by agency, sum_settled()'s), taken away with
        sign=-1."""
        agencies, acc = self.agencies, self.acc
        row = None if self.by_agency else directive_id
        for who, status, n in counts:
            n *= sign
            if isinstance(who, int):
                key = (row, who, status)
                self.bulk[key] = self.bulk.get(key, 0) + n
            elif agencies is None or who in agencies:
                key = (row or who, status)
                acc[key] = acc.get(key, 0) + n

    def totals(self) -> dict[tuple, int]:
        """{(row key, status): n}, `bulk` expanded."""
        acc, agencies, table = self.acc, self.agencies, self.repo.shares
        members: dict[int, list[str]] = {}
        for (row, place, status), n in self.bulk.items():
            mine = members.get(place)
            if mine is None:
                mine = members[place] = [
                    a for a, _ in table[place] if agencies is None or a in agencies
                ]
            if row is None:  # by agency
                for a in mine:
                    acc[a, status] = acc.get((a, status), 0) + n
            elif mine:
                acc[row, status] = acc.get((row, status), 0) + n * len(mine)
        self.bulk = {}
        return acc


def summarize(
    repo: Repository,
    today: dt.date,
    within: int,
    by: str,
    agency_refs: list[str],
    directive_refs: list[str],
    start: dt.date | None,
    end: dt.date | None,
    *,
    list_overdue: bool,
) -> Summary:
    """`dtrack summary`'s table: the agencies and directives named (ids, groups; none: all)
    looked up, then tally(). QueryError for a name that is not in the data."""
    agencies = query.agency_set(repo, agency_refs)
    directives = query.directive_set(repo, directive_refs)
    return tally(
        repo, today, within, by, agencies, directives, start, end, list_overdue=list_overdue
    )


def tally(
    repo: Repository,
    today: dt.date,
    within: int = DEFAULT_WITHIN,
    by: str = BY_AGENCY,
    agencies: set[str] | None = None,
    directives: set[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    list_overdue: bool = True,
) -> Summary:
    """One row per agency (official order) or per directive (by date) that has assignments at
    `today`, among the given agencies and directives, of directives issued in [start, end]
    (with a bound set, undated drafts are out).

    Counted a task at a time, not an assignment at a time (see _Counter); only the overdue
    shares become Assignments, and only with `list_overdue` (the terminal table shows only how
    many there are)."""
    if by not in (BY_AGENCY, BY_DIRECTIVE):
        raise ValueError(f"unknown grouping {by!r}")
    known = repo.agencies
    t = today.toordinal()
    by_agency = by == BY_AGENCY
    counter = _Counter(repo, by, agencies, list_overdue)

    def chosen(ld: LoadedDirective) -> bool:
        if directives is not None and ld.id not in directives:
            return False
        if start is not None or end is not None:
            issued = ld.issued
            if issued is None or (start and issued < start) or (end and issued > end):
                return False
        return True

    # The tasks final by T, counted as kept in the cache (settled_counts): whole directives
    # closed for good are not replayed at all, the others only their other tasks. By agency,
    # of all the directives: their sum, kept in the cache too, less the counts of those whose
    # `settled on` is after T (none, usually).
    totals = repo.settled_totals
    summed = (
        totals is not None
        and by_agency
        and directives is None
        and start is None
        and end is None
        and totals[0] == {ld.id for ld in repo.directives if ld.has_counts}
    )
    if summed:
        later = [ld for ld in repo.directives if ld.has_counts and ld.settled_on > t]
        later_counts = [ld.counts for ld in later]
        summed = None not in later_counts  # a damaged blob: each directive's own counts
    done_with: set[str] = set()
    final: set[str] = set()
    for ld in repo.directives:
        if not chosen(ld):
            done_with.add(ld.id)
            continue
        if ld.settled_on is None or ld.settled_on > t:
            continue
        if summed:
            if not ld.has_counts:
                continue
        else:
            settled = ld.counts
            if settled is None:
                continue
            counter.add_settled(settled, ld.id)
        if ld.closed_on is not None and ld.closed_on <= t:
            done_with.add(ld.id)
        else:
            final.add(ld.id)
    if summed:
        counter.add_settled(totals[1], None)
        for counts in later_counts:
            counter.add_settled(counts, None, -1)

    for slot in slots(repo, today, within, skip=done_with, final=final):
        counter.add(slot)
    acc = counter.totals()
    overdue = counter.overdue

    rows: dict[str, Row] = {}
    by_id = {ld.id: ld for ld in repo.directives}
    for (key, status), n in acc.items():
        if n == 0:
            continue
        row = rows.get(key)
        if row is None:
            if by_agency:
                row = rows[key] = Row(key, known[key].name)
            else:
                ld = by_id[key]
                row = rows[key] = Row(
                    key, directive_label(ld), subject=ld.subject, tasks=ld.task_count
                )
        setattr(row.counts, status, getattr(row.counts, status) + n)

    agency_pos = {ident: i for i, ident in enumerate(repo.agencies)}
    if by_agency:
        keys = sorted(rows, key=agency_pos.__getitem__)
    else:
        keys = sorted(rows, key=lambda k: directive_order(by_id[k]))
    row_pos = {k: i for i, k in enumerate(keys)}

    def overdue_order(a: Assignment) -> tuple:
        key = a.agency.id if by == BY_AGENCY else a.directive.id
        return (row_pos[key], -(a.days_overdue or 0), agency_pos[a.agency.id], a.ref)

    total = Row(None, TOTAL_NAME)
    ordered = [rows[k] for k in keys]
    for row in ordered:
        total.counts.merge(row.counts)
    return Summary(by, ordered, total, sorted(overdue, key=overdue_order))
