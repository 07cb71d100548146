"""The summary table (Biểu tổng hợp): counts per agency or directive, in the official categories.

Pure: takes assignments (already computed at T and filtered) and the repository's order, returns
rows of counts. No clock, no files, no formatting beyond the names of the rows.

How the official categories are built from the statuses (see SPEC, Status):

- Tổng số = every assignment except `cancelled`
          = Đã hoàn thành + Chưa hoàn thành + Thường xuyên/chưa có thời hạn;
- Đã hoàn thành: tổng = done_on_time + done_late + done; đúng hạn = done_on_time;
  quá hạn = done_late. `done` (done, but the task had no due date) is in the tổng only: it was
  neither on time nor late;
- Chưa hoàn thành: tổng = on_track + due_soon + overdue; trong hạn = on_track + due_soon;
  quá hạn = overdue;
- Thường xuyên / chưa có thời hạn = ongoing + no_deadline;
- Dừng = cancelled, its own column, outside Tổng số and the rate;
- Tỷ lệ hoàn thành đúng hạn (%) = done_on_time / (done_on_time + done_late + overdue), rounded
  half up to one decimal; None (blank) when the denominator is 0. `done`, ongoing, no_deadline and
  the open shares still in time are outside the rate: none of them can be judged on time or late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from decimal import ROUND_HALF_UP, Decimal

from .loader import LoadedDirective, Repository
from .status import DEFAULT_WITHIN, STATUSES, Assignment, assignment, slots, split
from .vocabulary import DIRECTIVE_KIND_LABELS

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

    def add(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)

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
        """Thường xuyên / chưa có thời hạn."""
        return self.ongoing + self.no_deadline

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

    def record(self) -> dict:
        """The JSON object of the row: key, name, total, every status's count, on_time_rate."""
        rate = self.counts.on_time_rate
        return {
            "key": self.key,
            "name": self.name,
            "total": self.counts.total,
            **self.counts.as_dict(),
            "on_time_rate": float(rate) if rate is not None else None,
        }


@dataclass(slots=True)
class Summary:
    by: str
    rows: list[Row]
    total: Row
    overdue: list[Assignment]  # the overdue shares behind the counts, in row order


TOTAL_NAME = "Tổng cộng"


def directive_label(ld: LoadedDirective) -> str:
    """ "Công văn số 1958/UBND-NC ngày 11/09/2025"; a draft is named by its id."""
    number, issued = ld.number, ld.issued
    kind = DIRECTIVE_KIND_LABELS[ld.kind]
    text = f"{kind} số {number}" if number else f"{kind} chưa có số"
    if issued:
        text += f" ngày {issued:%d/%m/%Y}"
    if not number:
        text += f" ({ld.id})"
    return text


def directive_order(ld: LoadedDirective) -> tuple:
    """By date of issue; directives without a date (drafts) last, then by id."""
    issued = ld.issued
    return (issued is None, issued or dt.date.min, ld.id)


def settled_counts(repo: Repository, ld: LoadedDirective) -> tuple | None:
    """How many shares of a directive's tasks that become final (status.split's second part)
    are in each status, ((agency id, status, n), ...), for any T on or after its `settled on`
    (LoadedDirective.settled_on); None when none does. Kept in the cache, so that a summary
    counts the work closed for good (most of a province's five years) without reading or
    replaying its plans. Counted by tally() itself, on those tasks alone, at that day."""
    if ld.settled_on is None:
        return None
    plan = ld.plan
    final = LoadedDirective(ld.id, ld.file, plan=(plan[0], split(plan)[1], *plan[2:]))
    rows = tally(replace(repo, directives=[final]), dt.date.fromordinal(ld.settled_on)).rows
    return tuple((row.key, s, n) for row in rows for s, n in row.counts.as_dict().items() if n)


def tally(
    repo: Repository,
    today: dt.date,
    within: int = DEFAULT_WITHIN,
    by: str = BY_AGENCY,
    agencies: set[str] | None = None,
    directives: set[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Summary:
    """One row per agency (official order) or per directive (by date) that has assignments at
    `today`, among the given agencies and directives, of directives issued in [start, end]
    (with a bound set, undated drafts are out).

    Counted a task at a time, not an assignment at a time: the shares of a task that share one
    state (all 92 communes of a task done together, say) are counted in one step, and only the
    overdue shares become Assignments."""
    if by not in (BY_AGENCY, BY_DIRECTIVE):
        raise ValueError(f"unknown grouping {by!r}")
    overdue: list[Assignment] = []
    known = repo.agencies
    t = today.toordinal()
    by_agency = by == BY_AGENCY
    # (row key, status) -> how many; rows are made at the end. By agency, `bulk` counts how many
    # times each set of shares had each common status, expanded at the end, less the shares
    # counted with a state of their own (`less`).
    acc: dict[tuple[str, str], int] = {}
    bulk: dict[tuple, int] = {}
    less: dict[tuple, int] = {}

    def chosen(ld: LoadedDirective) -> bool:
        if directives is not None and ld.id not in directives:
            return False
        if start is not None or end is not None:
            issued = ld.issued
            if issued is None or (start and issued < start) or (end and issued > end):
                return False
        return True

    # The tasks final by T, counted as kept in the cache (settled_counts): whole directives
    # closed for good are not replayed at all, the others only their other tasks.
    done_with: set[str] = set()
    final: set[str] = set()
    for ld in repo.directives:
        if not chosen(ld):
            done_with.add(ld.id)
            continue
        if ld.settled_on is None or ld.settled_on > t:
            continue
        settled = ld.counts
        if settled is None:
            continue
        if ld.closed_on is not None and ld.closed_on <= t:
            done_with.add(ld.id)
        else:
            final.add(ld.id)
        for agency_id, status, n in settled:
            if agencies is None or agency_id in agencies:
                key = (agency_id, status) if by_agency else (ld.id, status)
                acc[key] = acc.get(key, 0) + n

    for slot in slots(repo, today, within, skip=done_with, final=final):
        ld = slot.directive
        common, own = slot.common, slot.own
        details = dict(slot.shares) if own else {}
        for agency_id, share in own.items():
            if agency_id in details and (agencies is None or agency_id in agencies):
                key = (agency_id if by_agency else ld.id, share[0])
                acc[key] = acc.get(key, 0) + 1
                if share[0] == "overdue":
                    overdue.append(assignment(slot, known[agency_id], details[agency_id], share))
        status = common[0]
        if status == "overdue" or agencies is not None or not by_agency:
            others = [
                (a, d)
                for a, d in slot.shares
                if a not in own and (agencies is None or a in agencies)
            ]
            if status == "overdue":
                overdue.extend(assignment(slot, known[a], d, common) for a, d in others)
            if not by_agency:
                if others:
                    key = (ld.id, status)
                    acc[key] = acc.get(key, 0) + len(others)
            else:
                for a, _ in others:
                    key = (a, status)
                    acc[key] = acc.get(key, 0) + 1
        else:
            bulk[slot.shares, status] = bulk.get((slot.shares, status), 0) + 1
            for agency_id in own.keys() & details.keys():  # counted above with their own
                less[agency_id, status] = less.get((agency_id, status), 0) + 1
    for (shares, status), n in bulk.items():
        for agency_id, _ in shares:
            acc[agency_id, status] = acc.get((agency_id, status), 0) + n
    for key, n in less.items():
        acc[key] -= n

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
                row = rows[key] = Row(key, directive_label(ld), subject=ld.subject)
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
