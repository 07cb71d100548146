"""The site's pages as data: what each page shows at day T.

Pure: the loaded repository, T and the options in; pages (path, template, context) and
calendar feeds out, one at a time (the caller renders and writes each before the next). No
clock, no files, no markup, no wording beyond the names the data itself holds (labels of
documents and tasks are those of the listings, render/common.py).
Contexts hold plain values (str, int, tuples, dicts), which the sandboxed templates read.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import operator
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..deadlines import every_period_label
from ..render import summary_common as wording
from ..render.common import document_label, task_label
from ..render.common import vn_date as _vn_date
from ..render.table import Groups, agencies_named
from ..repository import LoadedDirective, Repository, ascii_fold
from ..status import STATUS_LABELS, Assignment, share_fields, slots
from ..summary import Counts, Summary, directive_label, directive_order
from ..vocabulary import DIRECTIVE_KIND_LABELS
from . import charts

# A page of an agency's shares holds at most this many rows (~0.3 KB each): no page over
# 500 KB even for a commune that five years of group tasks give thousands of shares.
PAGE_ROWS = 500
RECENT_DAYS = 30  # "cập nhật trong 30 ngày qua" on the home page
RECENT_MAX = 200  # rows of that list; the rest are counted, and are on the directive pages
TOP_OVERDUE = 20
WEEK_DAYS = 7  # "đến hạn trong tuần": due from T to T+6
MAX_OPTIONS = 100  # directives in the filter's list on an agency page
MAX_LINKED = 12  # agencies of a share group linked one by one on a directive's page
CHUNK = 50  # directives whose statuses directive_pages() works out at a time
# site/parallel.py hands the chunks' numbers out through a pipe, two bytes each: 2,048
# fill one page (4 KiB), which a pipe holds even where the user's pipes are at their limit.
MAX_CHUNKS = 2048

OPEN = ("overdue", "due_soon", "on_track", "ongoing", "no_deadline")
FINISHED = ("done_on_time", "done_late", "done", "cancelled")
_OPEN_RANK = {s: i for i, s in enumerate(OPEN)}
_FINISHED_RANK = {s: i for i, s in enumerate(FINISHED)}
_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_ANCHOR_SAFE = re.compile(r"[A-Za-z0-9._-]+")
_AGENCY_INDEX = "_index"  # an agency whose id is "index" (an id never starts with "_")
# The listings' own names in van-ban/ (year_path, the index): a directive so named gets
# the hashed form, so that its page is not written over a listing (case folded: a folder on
# a disk that ignores case).
_LISTING = re.compile(r"index|du-thao|nam-\d+", re.IGNORECASE)
# ~450,000 dates written on five years' pages, of a few thousand days: each formatted once.
vn_date = functools.lru_cache(maxsize=8192)(_vn_date)


@dataclass
class Page:
    path: str  # inside the site, "/"-separated
    template: str  # under templates/site/
    context: dict[str, Any]


@dataclass
class Calendar:
    path: str
    name: str
    events: list[dict[str, Any]]


def slug(ident: str) -> str:
    """A file name for an id: the id itself when it is plain ASCII, else an ASCII form with a
    short hash so that two ids never share a file."""
    if _SAFE.fullmatch(ident) and len(ident) <= 120 and not _LISTING.fullmatch(ident):
        return ident
    plain = ascii_fold(ident).encode("ascii", "ignore").decode()
    plain = re.sub(r"[^A-Za-z0-9_-]+", "-", plain).strip("-")
    digest = hashlib.sha256(ident.encode("utf-8")).hexdigest()[:8]
    return f"{plain[:80] or 'x'}-{digest}"


@functools.lru_cache(maxsize=8192)  # a few hundred task ids, ~100,000 links
def anchor(task_id: str) -> str:
    """A task's id in its page: "nv-" and the id itself when plain ASCII; else "nvh-", an
    ASCII form and a short hash, so that two tasks of a directive never share one ("2.đ" and
    "2.ê", "1/a" and "1_a"), nor a hashed one a plain one. The page's other ids (its heading
    "h-nv-…", the filter's "cac-nv-…", "noi-dung") start otherwise."""
    if _ANCHOR_SAFE.fullmatch(task_id):
        return f"nv-{task_id}"
    plain = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_fold(task_id))
    return f"nvh-{plain}-{hashlib.sha256(task_id.encode('utf-8')).hexdigest()[:6]}"


def directive_path(ident: str) -> str:
    return f"van-ban/{slug(ident)}.html"


def agency_path(ident: str, page: int = 1) -> str:
    # "." never occurs in an agency id, so "snv.trang-2" cannot be another agency's page.
    name = ident if ident != "index" else _AGENCY_INDEX  # not the agencies' listing
    return f"co-quan/{name}.html" if page == 1 else f"co-quan/{name}.trang-{page}.html"


def year_path(year: int | None) -> str:
    return f"van-ban/nam-{year}.html" if year is not None else "van-ban/du-thao.html"


def ics_path(ident: str) -> str:
    return f"ics/{ident}.ics"


def _iso(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def _counts_dict(c: Counts) -> dict[str, Any]:
    rate = c.on_time_rate
    return {
        **c.as_dict(),
        "total": c.total,
        "done_total": c.done_total,
        "open_in_time": c.open_in_time,
        "open_total": c.open_total,
        "standing": c.standing,
        "rate": None if rate is None else f"{rate}".replace(".", ","),
        "rate_value": None if rate is None else float(rate),
    }


def _share_row(a: Assignment, root: str, labels: dict[str, str] | None = None) -> tuple:
    """One share as a row of an agency page (pages._share_row writes it; home.html.j2 reads
    it in this order). The agency is not in it: the 92 communes of a group task in the same
    state have the same row, which is rendered once. `labels` keeps each directive's
    document_label for the next rows (~90,000 rows name ~2,000 directives)."""
    if labels is None:
        doc = document_label(a)
    else:
        doc = labels.get(a.directive.id)
        if doc is None:
            doc = labels[a.directive.id] = document_label(a)
    return (
        a.status,
        STATUS_LABELS[a.status],
        a.days_overdue,
        a.days_left,
        vn_date(a.done_on),
        f"{root}{directive_path(a.directive.id)}#{anchor(a.task_id)}",
        task_label(a),
        doc,
        _iso(a.due),
        vn_date(a.due),
        a.due_text or "",
        a.directive.id,
        "open" if a.status in _OPEN_RANK else "finished",
    )


class _Rows:
    """Row tuples shared by the shares that would give equal ones (built once, not 92 times).
    With `render`, the memo keeps what it makes of a row (its markup, from pages.py) instead
    of the tuple. Only the shares of a task led by a group are kept: the others' rows are
    seen once, and keeping them through all the agencies' pages cost ~40 MB on five years."""

    def __init__(self, root: str, render: Callable[[tuple], Any] | None = None) -> None:
        self.root = root
        self.render = render
        self.memo: dict[tuple, Any] = {}

    def __call__(self, a: Assignment) -> Any:
        if not a.lead_groups:  # a share of its own: no other agency has this row
            row = _share_row(a, self.root)
            return self.render(row) if self.render is not None else row
        period = a.period
        key = (
            a.directive.id, a.task_index, period.key if period is not None else None, a.detail,
            a.status, a.due, a.done_on, a.days_overdue, a.days_left, a.due_text,
        )  # fmt: skip
        row = self.memo.get(key)
        if row is None:
            row = _share_row(a, self.root)
            if self.render is not None:
                row = self.render(row)
            self.memo[key] = row
        return row


class _AgencyShares:
    """Each agency's shares at `today`, worked out here from the statuses' slots (status.slots)
    rather than as one Assignment a share (status.compute): its open shares, as Assignments in
    compute's order (also all together in `open_items`), and its finished ones as entries
    [place, a share, row] (place: a number, in _finished_order), one entry for the shares of
    a task (and period) that have the same row (the 92 communes of a group task done
    together). Five years of a province give ~330,000 finished shares but ~70,000 entries:
    one Assignment each, not 330,000 (~100 MB and a second of a build), each row made once,
    when a page first shows it (row()). `directives` holds, per agency, a share of each of
    its directives (its own, or one with the same row), whose directive names it in the
    filter's list; `counts`, per directive, its shares by status, for
    the listings."""

    def __init__(self, repo: Repository, render: Callable[[tuple], Any] | None) -> None:
        agencies = self.agencies = repo.agencies
        self.render = render
        self.labels: dict[str, str] = {}
        self.open: dict[str, list[Assignment]] = {aid: [] for aid in agencies}
        self.finished: dict[str, list[list]] = {aid: [] for aid in agencies}
        self.directives: dict[str, dict[str, Assignment]] = {aid: {} for aid in agencies}
        self.counts: dict[str, Counts] = {}
        self.open_items: list[Assignment] = []
        self.made: list[list] = []  # every entry

    def add(self, slot) -> None:
        """A slot's shares (status.slots gives them in compute's order)."""
        agencies = self.agencies
        opened, finished, directives = self.open, self.finished, self.directives
        open_items, made = self.open_items, self.made
        ld, index, head, shares, period, urgent, common, own, _ = slot
        did = ld.id
        counts = self.counts.get(did)
        if counts is None:
            counts = self.counts[did] = Counts()
        # As compute(): the shares without updates of their own share one state.
        fields = share_fields(common, urgent) if common is not None else None
        if (
            not own
            and fields is not None
            and fields[2] not in _OPEN_RANK
            and all(d is None for _, d in shares)
        ):
            # The usual finished slot: every share in one state, without details: one row.
            counts.add(fields[2], len(shares))
            a = Assignment(ld, index, *head, agencies[shares[0][0]], None, period, *fields)
            entry = [_finished_order(a), a, None]
            made.append(entry)
            for agency_id, _ in shares:
                finished[agency_id].append(entry)
                directives[agency_id].setdefault(did, a)
            return
        entries: dict[tuple, list] = {}  # this slot's, by what else makes a row
        by_detail: dict[str | None, list] = {}  # the entries of the shared state
        shared = 0  # shares in the shared state
        for agency_id, detail in shares:
            if agency_id in own:
                share = own[agency_id]
                if share is None:
                    continue
                state = share_fields(share, urgent)
                counts.add(state[2])
            elif fields is not None:
                state = fields
                shared += 1
                entry = by_detail.get(detail)
                if entry is not None:
                    finished[agency_id].append(entry)
                    directives[agency_id].setdefault(did, entry[1])
                    continue
            else:
                continue
            due_text, due, status, done_on, days_overdue, days_left = state[:6]
            if status in _OPEN_RANK:
                a = Assignment(ld, index, *head, agencies[agency_id], detail, period, *state)
                opened[agency_id].append(a)
                open_items.append(a)
                directives[agency_id].setdefault(did, a)
                continue
            key = (status, due, done_on, detail, due_text, days_overdue, days_left)
            entry = entries.get(key)
            if entry is None:
                a = Assignment(ld, index, *head, agencies[agency_id], detail, period, *state)
                entry = entries[key] = [_finished_order(a), a, None]
                made.append(entry)
            if state is fields:
                by_detail[detail] = entry
            finished[agency_id].append(entry)
            directives[agency_id].setdefault(did, entry[1])
        if shared:
            counts.add(fields[2], shared)

    def rank(self) -> None:
        """Each entry's place as a number, equal for equal places, once every slot is added:
        the agencies' lists (330,000 entries) are then sorted by a number, not by a tuple
        that holds a tuple."""
        made, self.made = self.made, []  # not kept: an entry goes with the last page showing it
        made.sort(key=_ENTRY_ORDER)
        rank, last = -1, None
        for entry in made:
            if entry[0] != last:
                rank, last = rank + 1, entry[0]
            entry[0] = rank

    def row(self, entry: list) -> Any:
        row = entry[2]
        if row is None:
            row = _share_row(entry[1], "../", self.labels)
            if self.render is not None:
                row = self.render(row)
            entry[2] = row
        return row


_ENTRY_ORDER = operator.itemgetter(0)  # an entry's place: its first item


def _where(a: Assignment) -> tuple:
    """The share's place among the others of its agency, after the order the page asks."""
    return (a.directive.id, a.task_index, a.period.key if a.period is not None else "")


def _open_order(a: Assignment) -> tuple:
    due = a.due.toordinal() if a.due else 10**7
    lead = -(a.days_overdue or 0) if a.status == "overdue" else due
    return (_OPEN_RANK[a.status], lead, _where(a))


def _finished_order(a: Assignment) -> tuple:
    done = a.done_on.toordinal() if a.done_on else 0
    return (a.status == "cancelled", -done, _where(a))


def build(
    repo: Repository,
    summary: Summary,
    today: dt.date,
    within: int,
    *,
    base_url: str | None = None,
    letters: Iterable[tuple[str, str, tuple[str, ...]]] = (),
    render_row: Callable[[tuple], Any] | None = None,
    with_directives: bool = False,
    recent: list[dict[str, Any]] | None = None,
    others: Callable[[], Iterable[dict[str, Any]]] = tuple,
) -> Iterator[Page | Calendar]:
    """The site at `today`: with `with_directives` the whole of it, else all but the
    directives' own pages (directive_pages() makes those, in other processes).

    `summary` is the table by agency (summary.tally); `letters` are (path, label, agency ids)
    of đôn đốc letters built beside the pages (--letters); `render_row`, if given, turns a row
    of an agency page (the tuple of _share_row) into what the page's context holds instead
    (each distinct row once). The home page lists the updates of the last days that the
    directive pages gave: `recent`, and `others()` (those of other processes, which it waits
    for; site/parallel.py)."""
    if recent is None:
        recent = []
    base = (base_url or "").rstrip("/")
    agencies = repo.agencies
    order = {aid: i for i, aid in enumerate(agencies)}
    letters_by_agency = _letters_by_agency(letters)
    shown = _shown(repo, today)
    # One pass over the statuses for the agencies' pages and, in one process, the directives'.
    shares = _AgencyShares(repo, render_row)
    rows = _TaskRows(repo) if with_directives else None
    done = None  # the directive whose slots came last
    for slot in slots(repo, today, within):
        if slot[0] is not done:
            # Its plan is worked out, and a directive's slots come together: the pages need
            # the statuses, not the plans. Held to the end, five years' plans took ~60 MB
            # more at the peak.
            if done is not None:
                done.release_plan()
            done = slot[0]
        shares.add(slot)
        if rows is not None:
            rows.add(slot)
    shares.rank()
    for ld in repo.directives:
        ld.release_plan()  # the last one, and those whose plans gave no slot

    rows_by_key = {row.key: row for row in summary.rows}
    common = _common(repo, today, base)
    if rows is not None:  # first: the home page lists their updates of the last days
        yield from _directive_pages(
            repo, shown, rows, today, common, letters_by_agency, recent, Groups(repo)
        )
        del rows

    def page(path: str, template: str, **context: Any) -> Page:
        return _page(common, path, template, context)

    # -- agencies ---------------------------------------------------------------------------
    group_names = {gid: g.name for gid, g in repo.groups.items()}
    member_of: dict[str, list[str]] = {}
    for gid, members in repo.members.items():
        for aid in members:
            member_of.setdefault(aid, []).append(gid)
    agency_list = []
    for aid, agency in agencies.items():
        row = rows_by_key.get(aid)
        counts = _counts_dict(row.counts if row else Counts())
        agency_list.append(
            {
                "id": aid,
                "name": agency.name,
                "href": agency_path(aid),
                "groups": " ".join(member_of.get(aid, ())),
                "counts": counts,
            }
        )
    group_options = [(gid, name) for gid, name in group_names.items()]
    yield page("co-quan/index.html", "agencies.html.j2", agencies=agency_list, groups=group_options)

    share_row = _Rows("../", render_row)
    for aid in agencies:
        agency = agencies[aid]
        open_items = sorted(shares.open[aid], key=_open_order)
        done_items = shares.finished.pop(aid)
        done_items.sort(key=_ENTRY_ORDER)  # stable: as sorted(shares, key=_finished_order)
        n_open = len(open_items)
        total = n_open + len(done_items)
        pages = max(1, -(-total // PAGE_ROWS))
        row = rows_by_key.get(aid)
        counts = _counts_dict(row.counts if row else Counts())
        nav = [(n, agency_path(aid, n).rsplit("/", 1)[1]) for n in range(1, pages + 1)]
        options = _directive_options(shares.directives.pop(aid))
        for n in range(1, pages + 1):
            lo, hi = (n - 1) * PAGE_ROWS, n * PAGE_ROWS
            yield page(
                agency_path(aid, n),
                "agency.html.j2",
                agency={"id": aid, "name": agency.name, "kind": agency.kind},
                groups=[(gid, group_names[gid]) for gid in member_of.get(aid, ())],
                counts=counts,
                open_rows=[share_row(a) for a in open_items[lo:hi]],
                done_rows=[
                    e[2] or shares.row(e)  # made already, or made now
                    for e in done_items[max(0, lo - n_open) : max(0, hi - n_open)]
                ],
                open_total=n_open,
                done_total=len(done_items),
                page_no=n,
                pages=nav,
                first_row=lo + 1,
                ics=ics_path(aid),
                ics_url=f"{base}/{ics_path(aid)}" if base else "",
                letters=letters_by_agency.get(aid, []),
                directives=options,
            )
        events = [_event(a, base, repo) for a in open_items if a.due is not None]
        yield Calendar(ics_path(aid), agency.name, events)
    counts_by_directive = shares.counts
    open_shares = shares.open_items
    del share_row, shares  # their rows: no other page shows them

    # -- directives -------------------------------------------------------------------------
    listing: dict[int | None, list[dict[str, Any]]] = {}
    for ld in shown:
        entry = _listed(ld, counts_by_directive.get(ld.id) or Counts())
        listing.setdefault(ld.issued.year if ld.issued else None, []).append(entry)
    years = sorted(listing, key=lambda y: (y is None, -(y or 0)))
    year_nav = [
        (
            y,
            year_path(y).rsplit("/", 1)[1],
            len(listing[y]),
            sum(e["counts"]["overdue"] for e in listing[y]),
        )
        for y in years
    ]
    for y in years:
        yield page(
            year_path(y), "directives.html.j2", year=y, directives=listing[y], years=year_nav
        )
    yield page("van-ban/index.html", "directives-index.html.j2", years=year_nav)

    # -- summary and home -------------------------------------------------------------------
    yield page(
        "tong-hop.html",
        "summary.html.j2",
        heading=[
            wording.title(repo.issuer.short if repo.issuer else None),
            wording.subtitle("agency"),
            wording.date_line(today),
        ],
        name_heading=wording.name_heading("agency"),
        columns=[(c.group, c.label, c.number) for c in wording.COLUMNS],
        rows=[(r.name, agency_path(r.key), wording.cells_text(r)) for r in summary.rows],
        total=(summary.total.name, wording.cells_text(summary.total)),
        notes=wording.notes(summary),
        xlsx=summary_xlsx_name(today),
    )

    by_group = []
    member_sets: set[frozenset[str]] = set()
    for gid, name in group_names.items():
        members = frozenset(repo.members.get(gid, ()))
        if members in member_sets:
            continue  # a second name for the same agencies (xa-phuong-dac-khu)
        member_sets.add(members)
        c = Counts()
        for aid in repo.members.get(gid, ()):
            row = rows_by_key.get(aid)
            if row is not None:
                c.merge(row.counts)
        by_group.append({"id": gid, "name": name, "counts": _counts_dict(c)})
    chart_sets = []
    seen: set[str] = set()
    for gid, name in group_names.items():
        members = [aid for aid in repo.members.get(gid, ()) if aid not in seen]
        if not members:
            continue  # a group with the same members as one drawn already
        seen.update(members)
        chart_sets.append((name, members))
    rest = [aid for aid in agencies if aid not in seen]
    if rest:
        chart_sets.append((None, rest))
    chart_list = []
    for name, members in chart_sets:
        bars = [
            (
                agencies[aid].name,
                agency_path(aid),
                rows_by_key[aid].counts.on_time_rate if aid in rows_by_key else None,
                rows_by_key[aid].counts.overdue if aid in rows_by_key else 0,
            )
            for aid in sorted(members, key=order.__getitem__)
        ]
        chart_list.append({"name": name, "chart": charts.bars(bars)})

    overdue = sorted(
        summary.overdue, key=lambda a: (-(a.days_overdue or 0), order[a.agency.id], a.ref)
    )
    top = [
        {
            "row": _share_row(a, ""),
            "agency": a.agency.name,
            "agency_href": agency_path(a.agency.id),
        }
        for a in overdue[:TOP_OVERDUE]
    ]
    week_end = today + dt.timedelta(days=WEEK_DAYS - 1)
    week: dict[str, dict[str, Any]] = {}
    for a in open_shares:
        if a.status in ("due_soon", "on_track") and a.due is not None and a.due <= week_end:
            w = week.get(a.directive.id)
            if w is None:
                w = week[a.directive.id] = {
                    "href": directive_path(a.directive.id),
                    "label": directive_label(a.directive),
                    "subject": a.directive.subject,
                    "due": a.due,
                    "tasks": set(),
                    "shares": 0,
                }
            w["due"] = min(w["due"], a.due)
            w["tasks"].add(a.task_id)
            w["shares"] += 1
    week_rows = [
        {**w, "due": vn_date(w["due"]), "due_iso": w["due"].isoformat(), "tasks": len(w["tasks"])}
        for w in sorted(week.values(), key=lambda w: (w["due"], w["label"]))
    ]
    recent.extend(others())
    recent.sort(key=lambda u: (u["date"], u["order"]), reverse=True)
    yield page(
        "index.html",
        "home.html.j2",
        total=_counts_dict(summary.total.counts),
        by_group=by_group,
        charts=chart_list,
        top=top,
        overdue_total=len(overdue),
        recent=recent[:RECENT_MAX],
        recent_total=len(recent),
        recent_days=RECENT_DAYS,
        week=week_rows,
        week_end=vn_date(week_end),
        directives_total=len(shown),
        agencies_total=len(agencies),
    )


def directive_chunks(repo: Repository, today: dt.date) -> int:
    """How many chunks directive_pages() counts the directives' pages in."""
    count = len(_shown(repo, today))
    return -(-count // _chunk_size(count))


def _chunk_size(count: int) -> int:
    """CHUNK directives, or more where `count` would make over MAX_CHUNKS chunks."""
    return max(CHUNK, -(-count // MAX_CHUNKS))


def directive_pages(
    repo: Repository,
    today: dt.date,
    within: int,
    *,
    base_url: str | None = None,
    letters: Iterable[tuple[str, str, tuple[str, ...]]] = (),
    chunks: Iterable[int] | None = None,
    recent: list[dict[str, Any]] | None = None,
) -> Iterator[Page]:
    """The pages of the directives, in chunks of CHUNK (in the listings' order): all of them,
    or those of the chunks numbered in `chunks` (directive_chunks() counts them), as other
    processes take their share (site/parallel.py). The statuses are worked out here, a chunk
    at a time: a process that makes only these pages never holds every share's status (~120
    MB on five years of a province), so it adds little to the memory of the one that does.
    The updates of the last days go to `recent`."""
    if recent is None:
        recent = []
    common = _common(repo, today, (base_url or "").rstrip("/"))
    letters_by_agency = _letters_by_agency(letters)
    shown = _shown(repo, today)
    size = _chunk_size(len(shown))
    groups = Groups(repo)  # one for every chunk: agencies_named remembers its answers there
    for number in range(-(-len(shown) // size)) if chunks is None else chunks:
        chunk = shown[number * size : (number + 1) * size]
        rows = _TaskRows(repo)
        for slot in slots(repo, today, within, only=chunk):
            rows.add(slot)
        for ld in chunk:
            ld.release_plan()  # its statuses are worked out
        yield from _directive_pages(
            repo, chunk, rows, today, common, letters_by_agency, recent, groups
        )


def _directive_pages(
    repo: Repository,
    shown: list[LoadedDirective],
    rows: _TaskRows,
    today: dt.date,
    common: dict[str, Any],
    letters_by_agency: dict[str, list[tuple[str, str]]],
    recent: list[dict[str, Any]],
    groups: Groups,
) -> Iterator[Page]:
    """The pages of `shown`, from their rows (which they take out of `rows`)."""
    since = today - dt.timedelta(days=RECENT_DAYS - 1)
    for ld in shown:
        by_task = rows.tasks.pop(ld.id, {})
        counts = _counts_dict(rows.counts.pop(ld.id, None) or Counts())
        context = _directive(repo, ld, by_task, today, groups, letters_by_agency, recent, since)
        ld.release_model()  # the context holds what the page shows; nothing later reads it
        yield _page(common, directive_path(ld.id), "directive.html.j2",
                    {"counts": counts, **context})  # fmt: skip


class _TaskRows:
    """The rows of the directives' task tables, from the statuses' slots (add()):
    `tasks[directive id][task index]` lists (a share, the agencies that share its row), in
    first-seen order, as render.table.group_rows groups a task's shares (same period, detail,
    deadline, status and completion day); `counts[directive id]` counts the shares by status.
    One Assignment a row, not one a share (~73,000, not 342,676, on five years of a
    province)."""

    def __init__(self, repo: Repository) -> None:
        self.agencies = repo.agencies
        self.tasks: dict[str, dict[int, list[tuple[Assignment, list]]]] = {}
        self.counts: dict[str, Counts] = {}

    def add(self, slot) -> None:
        """A slot's shares (status.slots gives them in compute's order)."""
        agencies = self.agencies
        ld, index, head, shares, period, urgent, common, own, _ = slot
        did = ld.id
        counts = self.counts.get(did)
        if counts is None:
            counts = self.counts[did] = Counts()
        task_rows = self.tasks.setdefault(did, {}).setdefault(index, [])
        fields = share_fields(common, urgent) if common is not None else None
        if not own and fields is not None and all(d is None for _, d in shares):
            # The usual slot: every share in one state, none with a detail of its own.
            counts.add(fields[2], len(shares))
            members = [agencies[aid] for aid, _ in shares]
            a = Assignment(ld, index, *head, members[0], None, period, *fields)
            task_rows.append((a, members))
            return
        found: dict[tuple, list] = {}
        by_detail: dict[str | None, list] = {}  # the rows of the shared state
        shared = 0  # shares in the shared state
        for agency_id, detail in shares:
            agency = agencies[agency_id]
            if agency_id in own:
                share = own[agency_id]
                if share is None:
                    continue
                state = share_fields(share, urgent)
                counts.add(state[2])
            elif fields is not None:
                state = fields
                shared += 1
                members = by_detail.get(detail)
                if members is not None:
                    members.append(agency)
                    continue
            else:
                continue
            key = (detail, state[1], state[2], state[3])  # detail, due, status, done on
            members = found.get(key)
            if members is None:
                members = found[key] = [agency]
                a = Assignment(ld, index, *head, agency, detail, period, *state)
                task_rows.append((a, members))
            else:
                members.append(agency)
            if state is fields:
                by_detail[detail] = members
        if shared:
            counts.add(fields[2], shared)


def _common(repo: Repository, today: dt.date, base: str) -> dict[str, Any]:
    """What every page's context holds."""
    return {
        "today": today.isoformat(),
        "today_vn": vn_date(today),
        "issuer": repo.issuer.name if repo.issuer else "",
        "issuer_short": repo.issuer.short if repo.issuer else "",
        "base_url": base,
        "status_labels": STATUS_LABELS,
    }


def _page(common: dict[str, Any], path: str, template: str, context: dict[str, Any]) -> Page:
    root = "../" * path.count("/")
    return Page(path, template, {**common, **context, "root": root})


def _letters_by_agency(
    letters: Iterable[tuple[str, str, tuple[str, ...]]],
) -> dict[str, list[tuple[str, str]]]:
    by_agency: dict[str, list[tuple[str, str]]] = {}
    for path, label, ids in letters:
        for aid in ids:
            by_agency.setdefault(aid, []).append((path, label))
    return by_agency


def _shown(repo: Repository, today: dt.date) -> list[LoadedDirective]:
    """The directives the site shows, in the listings' order: those issued after T are left
    out, as everywhere."""
    shown = [ld for ld in repo.directives if ld.issued is None or ld.issued <= today]
    shown.sort(key=directive_order)
    return shown


def _listed(ld: LoadedDirective, counts: Counts) -> dict[str, Any]:
    """A directive as a row of the listings, with the counts of its shares by status."""
    return {
        "id": ld.id,
        "href": directive_path(ld.id),
        "label": directive_label(ld),
        "subject": ld.subject,
        "tasks": ld.task_count,
        "counts": _counts_dict(counts),
        "state": _state_tokens(counts),
        "issued": _iso(ld.issued),
    }


def summary_xlsx_name(today: dt.date) -> str:
    return wording.default_filename("agency", today)


def _state_tokens(c: Counts) -> str:
    """What a directive listing filters on: "overdue open", "open", "closed"."""
    tokens = []
    if c.overdue:
        tokens.append("overdue")
    if c.open_total or c.standing:
        tokens.append("open")
    if not tokens:
        tokens.append("closed")
    return " ".join(tokens)


def _directive_options(seen: dict[str, Assignment]) -> list[tuple[str, str]]:
    """The directives of an agency's shares (each with a share of it: only its directive is
    read) for the filter's list; none past MAX_OPTIONS (a list of hundreds helps nobody: the
    search box finds a directive by its number)."""
    if len(seen) > MAX_OPTIONS:
        return []
    return sorted(((k, document_label(a)) for k, a in seen.items()), key=lambda kv: kv[1])


def _event(a: Assignment, base: str, repo: Repository) -> dict[str, Any]:
    issuer = repo.issuer.id if repo.issuer else "dtrack"
    uid = f"{a.directive.id}:{a.task_id}:{a.agency.id}"
    if a.period is not None:
        uid += f":{a.period.key}"
    href = f"{directive_path(a.directive.id)}#{anchor(a.task_id)}"
    return {
        "uid": f"{uid}@{issuer}.dtrack",
        "date": a.due,
        "status": a.status,
        "status_label": STATUS_LABELS[a.status],
        "task": task_label(a),
        "document": document_label(a),
        "due_text": a.due_text or "",
        "url": f"{base}/{href}" if base else "",
    }


def _in_data(repo: Repository, ld: LoadedDirective) -> str:
    """The file's place inside the data folder ('directives/2025-….yaml'): what a reader of the
    published site can find in the repository, never a path of the machine that built it."""
    path = ld.path
    where, root = str(path), str(repo.root)
    if where.startswith(root) and where[len(root) : len(root) + 1] == os.sep:
        return where[len(root) + 1 :].replace(os.sep, "/")  # as relative_to, without its cost
    try:
        try:  # found under the data folder, as the loader finds them: no file system asked
            return path.relative_to(repo.root).as_posix()
        except ValueError:  # a link, or a relative root: as the file system resolves them
            return path.resolve().relative_to(Path(repo.root).resolve()).as_posix()
    except (AttributeError, ValueError, OSError, TypeError):
        return f"directives/{Path(ld.file).name}"


def _directive(
    repo: Repository,
    ld: LoadedDirective,
    by_task: dict[int, list[tuple[Assignment, list]]],
    today: dt.date,
    groups: Groups,
    letters_by_agency: dict[str, list[tuple[str, str]]],
    recent: list[dict[str, Any]],
    since: dt.date,
) -> dict[str, Any]:
    """The context of a directive's page (`by_task`: its rows, _TaskRows); its updates of the
    last days go to `recent`."""
    d = ld.model
    agencies = repo.agencies

    def name(ident: str | None) -> str:
        if ident is None:
            return ""
        if ident in agencies:
            return agencies[ident].name
        if ident in repo.groups:
            return repo.groups[ident].name
        return ident

    def link(ident: str) -> str:
        return f"../{agency_path(ident)}" if ident in agencies else ""

    label = directive_label(ld)
    position = groups.order  # each agency's place in the official order
    days: dict[dt.date, tuple[str, str]] = {}
    filter_ids: dict[str, None] = {}
    tasks = []
    involved: dict[str, None] = {}
    for i, t in enumerate(d.tasks):
        rows = []
        n_shares = 0
        for a, members in by_task.get(i, ()):
            n = len(members)
            n_shares += n
            # What the page's agency filter matches: the agencies themselves, or for a large
            # set the groups the task names as lead (the filter offers those groups).
            ids = [m.id for m in members] if n <= MAX_LINKED else list(a.lead_groups)
            for ident in ids:
                filter_ids.setdefault(ident)
            tokens = " ".join(ids)
            if letters_by_agency and a.status == "overdue":  # what the letters urge
                for m in members:
                    involved.setdefault(m.id)
            rows.append(
                (
                    agencies_named(members, a.lead_groups, repo, groups),
                    # Up to a dozen agencies are linked one by one; a larger set is named by
                    # its group ("UBND các xã, phường (92)"), whose members the agencies' page
                    # lists: 92 links in every row would make a page of recurring tasks huge.
                    [(m.name, f"../{agency_path(m.id)}") for m in members]
                    if 1 < n <= MAX_LINKED
                    else (),
                    f"../{agency_path(a.agency.id)}" if n == 1 else "",
                    n,
                    a.period.label if a.period is not None else "",
                    a.detail or "",
                    a.status,
                    STATUS_LABELS[a.status],
                    a.days_overdue,
                    a.days_left,
                    vn_date(a.done_on),
                    vn_date(a.due),
                    _iso(a.due),
                    a.due_text or "",
                    tokens,
                )
            )
        history = []
        for i, u in enumerate(t.updates):
            if u.date > today:
                continue
            who = u.agency
            # (date, ISO date, kind, agency, its page, period, new due, ref, note): the order
            # in which directive.html.j2 unpacks them.
            day = u.date
            shown = days.get(day)
            if shown is None:
                shown = days[day] = (vn_date(day), day.isoformat())
            entry = (
                *shown,
                u.kind,
                name(who) if who else "",
                link(who) if who else "",
                _period_label(u.period, t) if u.period else "",
                _due_shown(u.due),
                u.ref or "",
                u.note or "",
            )
            history.append(entry)
            if u.date >= since:
                recent.append(
                    {
                        "date": u.date,
                        "shown": entry[0],
                        "iso": entry[1],
                        "kind": u.kind,
                        "agency": entry[3],
                        "agency_href": entry[4][3:],
                        "period": entry[5],
                        "due": entry[6],
                        "ref": entry[7],
                        "order": (ld.id, t.id, i),
                        "task": f"{t.id}. {t.title}",
                        "document": label,
                        "href": f"{directive_path(ld.id)}#{anchor(t.id)}",
                    }
                )
        tasks.append(
            {
                "id": t.id,
                "anchor": anchor(t.id),
                "title": t.title,
                "due_text": t.due or "",
                "repeat": _repeat(t),
                "lead": [(name(x.agency), link(x.agency), x.detail or "") for x in t.lead],
                "support": [(name(x), link(x)) for x in (t.support or [])],
                "report_to": t.report_to or "",
                "source": t.source or "",
                "note": t.note or "",
                "rows": rows,
                "shares": n_shares,
                "history": history,
            }
        )
    letter_links = []
    for aid in sorted(involved, key=list(agencies).index):
        for path, text in letters_by_agency.get(aid, []):
            letter_links.append((f"../{path}", text, agencies[aid].name))
    letter_links = list(dict.fromkeys(letter_links))
    return {
        "directive": {
            "id": ld.id,
            "file": _in_data(repo, ld),
            "label": label,
            "kind": DIRECTIVE_KIND_LABELS[d.kind],
            "number": d.number or "",
            "issued": vn_date(d.issued),
            "subject": d.subject,
            "signer": d.signer or "",
            "signer_title": d.signer_title or "",
            "recipients": [(name(x), link(x)) for x in (d.recipients or [])],
        },
        "tasks": tasks,
        "letters": letter_links,
        "agency_options": [
            (ident, name(ident))
            for ident in sorted(filter_ids, key=lambda i: (i in agencies, position.get(i, 0)))
        ],
    }


def _repeat(task) -> dict[str, str] | None:
    r = task.repeat
    if r is None:
        return None
    return {
        "every": r.every,
        "start": _period_label(r.start, task),
        "until": _period_label(r.until, task) if r.until else "",
    }


def _period_label(key: str, task) -> str:
    repeat = task.repeat
    return every_period_label(key, repeat.every) if repeat is not None else key


def _due_shown(text: str | None) -> str:
    if not text:
        return ""
    try:
        return vn_date(dt.date.fromisoformat(str(text)))
    except ValueError:
        return str(text)
