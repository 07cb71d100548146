"""The site as files: every page rendered through templates/site/, the assets, the feeds, the
summary workbook and (with --letters) the đôn đốc letters, as {path: bytes}.

Templates run in Jinja's sandbox with autoescape on, so every value from the data is escaped
(a title holding `<script>` shows as text). Nothing here reads the clock: the same data and T
give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import letters, templating
from ..errors import DtrackError
from ..render import letter_files, summary_out
from ..render import summary_common as wording
from ..repository import Repository
from ..summary import Summary, tally
from ..workdays import WorkCalendar
from . import build as builder
from . import ics

ASSETS = ("site.css", "site.js")


class SiteProblem(DtrackError):
    """The site cannot be built as asked (a template error, no signer for --letters)."""


@dataclass
class Prepared:
    """What every part of the site is made from: the letters (with --letters), already
    rendered, and once work_out() has run, the summary table at T."""

    repo: Repository
    today: dt.date
    within: int
    user_dir: Path | None
    base_url: str | None
    summary: Summary | None = None
    letters: list[tuple[str, bytes]] = field(default_factory=list)
    letter_links: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)

    def work_out(self) -> Summary:
        """The summary, once. A process that builds only directive pages (site/parallel.py)
        never asks."""
        if self.summary is None:
            self.summary = tally(self.repo, self.today, self.within, list_overdue=True)
        return self.summary


def prepare(
    repo: Repository,
    today: dt.date,
    within: int,
    user_dir: Path | None,
    *,
    base_url: str | None = None,
    with_letters: bool = False,
    warn: Callable[[str], None] = lambda text: None,
) -> Prepared:
    """The letters (`with_letters`); the statuses are worked out later, by each part of the
    site (files), so that processes forked in between do not start with them. `warn` hears
    what the letters' preparation warns about (directives a letter cannot cite), as `dtrack
    remind` prints it."""
    prepared = Prepared(repo, today, within, user_dir, base_url)
    try:
        if with_letters:
            for path, data, link in _letters(repo, today, user_dir, warn):
                prepared.letters.append((path, data))
                prepared.letter_links.append(link)
    except templating.TemplateProblem as exc:
        raise SiteProblem(str(exc)) from None
    return prepared


def files(
    prep: Prepared,
    part: tuple[int, int] = (0, 1),
    recent: list | None = None,
    others: Callable[[], Iterable[dict]] = tuple,
    chunks: Iterable[int] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """The files of one part (k, n) of the site, as (path inside the site, bytes), one at a
    time: five years of data make ~280 MB of pages, which are never all in memory.

    Part (0, 1) is the whole site. With n > 1 (site/parallel.py), part 0 is all but the
    directives' pages (the letters, the assets, the workbook, the agencies' pages and feeds,
    the listings, the home page: last, as it lists the updates of the last days that the
    others' directive pages show, which `others()` gives), and a part k ≥ 1 the directives'
    pages of the `chunks` (directive_files)."""
    k, n = part
    if k > 0:
        yield from directive_files(prep, chunks, recent)
        return
    repo, today, user_dir = prep.repo, prep.today, prep.user_dir
    if recent is None:
        recent = []
    try:
        env = templating.environment(user_dir, autoescape=True, reload=False)
        yield from prep.letters
        summary = prep.work_out()
        for name in ASSETS:
            yield f"assets/{name}", _asset(env, name)
        yield builder.summary_xlsx_name(today), _xlsx(repo, summary, today, user_dir)
        issuer = repo.issuer.name if repo.issuer else ""
        own = _own_templates(user_dir)  # an agency page's templates
        parts = builder.build(
            repo, summary, today, prep.within, base_url=prep.base_url,
            letters=prep.letter_links, render_row=_share_row, with_directives=n == 1,
            recent=recent, others=others,
        )  # fmt: skip
        for page in parts:
            if isinstance(page, builder.Calendar):
                yield page.path, ics.render(page, today, issuer, user_dir)
                continue
            if page.template == "agency.html.j2":
                yield page.path, _agency_page(env, page, user_dir, own)
                continue
            if page.template == "directive.html.j2":
                _prerender(page.context)
            yield page.path, _page(env, page, user_dir)
    except templating.TemplateProblem as exc:
        raise SiteProblem(str(exc)) from None


def directive_files(
    prep: Prepared, chunks: Iterable[int] | None = None, recent: list | None = None
) -> Iterator[tuple[str, bytes]]:
    """The directives' pages (build.directive_pages: all, or those of `chunks`) as files; the
    updates of the last days that they show go to `recent`."""
    user_dir = prep.user_dir
    try:
        env = templating.environment(user_dir, autoescape=True, reload=False)
        for page in builder.directive_pages(
            prep.repo, prep.today, prep.within, base_url=prep.base_url,
            letters=prep.letter_links, chunks=chunks, recent=recent,
        ):  # fmt: skip
            _prerender(page.context)
            yield page.path, _page(env, page, user_dir)
    except templating.TemplateProblem as exc:
        raise SiteProblem(str(exc)) from None


def make(
    repo: Repository, today: dt.date, within: int, user_dir: Path | None, **options: Any
) -> Iterator[tuple[str, bytes]]:
    """Every file of the site, in one process: prepare (its keyword options), then files."""
    yield from files(prepare(repo, today, within, user_dir, **options))


# The rows of the agencies' listings and of a directive's tasks, and the tasks' history, are
# written here, not by templates: five years give ~73,000 distinct agency rows, ~70,000 task
# rows and ~420,000 history entries, and Jinja (a macro call, or a loop of a dozen escapes and
# yields a row) cost ~2 s of a build; these functions give the same markup, every value
# escaped. Their words are those the templates had.
_OPEN = frozenset(builder.OPEN)
_BADGES = {  # (status, label) -> its badge
    (s, label): f'<span class="badge s-{s}">{label}</span>'
    for s, label in builder.STATUS_LABELS.items()
}
UPDATE_LABELS = {
    "done": "Hoàn thành",
    "progress": "Báo cáo tiến độ",
    "extended": "Gia hạn",
    "cancelled": "Dừng thực hiện",
    "reopened": "Thực hiện lại",
    "started": "Có mốc tính hạn",  # dtrack start: the day a deadline is counted from
}


def _prerender(context: dict) -> None:
    """A directive page's task rows and history (build.py's tuples) as markup, in place; and
    each task's leads and supporting agencies as links (`lead_html`, `support_html`: ~20,000
    tasks' loops in Jinja cost a tenth of the pages; `lead` and `support` stay for a user's
    own template)."""
    for t in context["tasks"]:
        t["lead_html"] = Markup(
            "; ".join(
                _link(name, href) + (f": {_e(detail)}" if detail else "")
                for name, href, detail in t["lead"]
            )
        )
        t["support_html"] = Markup("; ".join(_link(name, href) for name, href in t["support"]))
        t["rows"] = Markup("\n".join(_task_row(r, bool(t["repeat"])) for r in t["rows"]))
        t["history"] = Markup("\n".join(_history_entry(h) for h in t["history"]))


def _link(text: str, href: str) -> str:
    return f'<a href="{_e(href)}">{_e(text)}</a>' if href else _e(text)


# Where the packaged agency.html.j2 writes the rows: a comment, which no value from the data
# can make (its "<" is escaped), replaced by the rows' bytes once the page is rendered.
_ROW_MARKS = {"open_rows": "<!--dtrack:open_rows-->", "done_rows": "<!--dtrack:done_rows-->"}


def _own_templates(user_dir: Path | None) -> bool:
    """Whether the user's folder holds one of the templates an agency page is made from."""
    if user_dir is None:
        return False
    names = ("agency.html.j2", "base.html.j2", "macros.html.j2")
    return any((user_dir / "site" / name).is_file() for name in names)


def _agency_page(env, page: builder.Page, user_dir: Path | None, own: bool) -> bytes:
    """An agency page, whose rows (345,000 on five years' pages, ~200 MB) go in as the bytes
    they were made as: with the packaged template, `open_rows_html` and `done_rows_html` are
    marks in the rendered page, replaced by the rows joined (joining them as text for Jinja,
    then encoding the page, cost ~0.5 s of a build). A user's own agency.html.j2 may test,
    filter or loop over them (`own`: _own_templates): it gets them as markup, the lists as
    lists."""
    context = page.context
    rows = {key: context[key] for key in _ROW_MARKS}
    if own:
        for key in _ROW_MARKS:
            shown = [Markup(r.decode("utf-8")) for r in rows[key]]
            context[key], context[f"{key}_html"] = shown, Markup("\n".join(shown))
        return _page(env, page, user_dir)
    for key, mark in _ROW_MARKS.items():
        context[f"{key}_html"] = Markup(mark)
    text = _render(env, page, user_dir)
    # Each mark once, or not at all (a page without open rows has no place for them).
    found = sorted((text.find(mark), key) for key, mark in _ROW_MARKS.items() if mark in text)
    out, at = [], 0
    for where, key in found:
        out += (text[at:where].encode("utf-8"), b"\n".join(rows[key]))
        at = where + len(_ROW_MARKS[key])
    out.append(text[at:].encode("utf-8"))
    return b"".join(out)


def _task_row(row: tuple, repeat: bool) -> str:
    """A row of a task's table on its directive's page (build._directive's tuple). As in
    _share_row, only what comes from the data is escaped (an agency's link is made of its id,
    letters, digits and '-')."""
    (who, members, href, _count, period, detail, st, label, od, left, done, due, due_iso,
     due_text, tokens) = row  # fmt: skip
    section = "open" if st in _OPEN else "finished"
    out = [f'<tr data-status="{st} {section}" data-agency="{_e(tokens)}"><td>']
    if href:
        out.append(f'<a href="{href}">{_e(who)}</a>')
    elif members:
        out.append("; ".join(f'<a href="{mhref}">{_e(n)}</a>' for n, mhref in members))
    else:
        out.append(_e(who))
    if detail:
        out.append(f'<div class="detail">{_e(detail)}</div>')
    out.append("</td>")
    if repeat:
        out.append(f"<td>{_e(period)}</td>")
    out.append("<td>")
    if due:
        out.append(f'<time datetime="{due_iso}">{due}</time>')
        if due_text and due_text != due:
            out.append(f'<div class="muted">{_e(due_text)}</div>')
    else:
        out.append(_e(due_text))
    badge = _BADGES.get((st, label)) or f'<span class="badge s-{_e(st)}">{_e(label)}</span>'
    out.append(f"</td><td>{badge}{_days(od, left, done)}</td></tr>")
    return "".join(out)


def _days(od, left, done) -> str:
    """The days beside a status badge: overdue by, left until due, or done on (numbers and a
    date as dtrack writes it: nothing to escape)."""
    out = ""
    if od is not None:
        out = f'<span class="days">quá {od} ngày</span>'
    elif left is not None:
        days = "đến hạn hôm nay" if left == 0 else f"còn {left} ngày"
        out = f'<span class="days">{days}</span>'
    if done:
        out += f'<span class="days">ngày {done}</span>'
    return out


def _share_row(row: tuple) -> bytes:
    """A share as a row of an agency's listing. build.py calls this once for each distinct
    row: five years give ~345,000 shares but ~73,000 distinct rows (the 92 communes of a
    group task in the same state have the same row). What comes from the data is escaped;
    what dtrack makes (a status, its label, dates, the link: build.directive_path and anchor
    give letters, digits, '.', '_', '-' only) needs no escaping, ~75,000 rows over."""
    s, label, od, left, done, href, task, doc, due_iso, due, due_text, did, section = row
    title = f' title="{_e(due_text)}"' if due_text and due_text != due else ""
    badge = _BADGES.get((s, label)) or f'<span class="badge s-{_e(s)}">{_e(label)}</span>'
    return (
        f'<tr data-status="{s} {section}" data-directive="{_e(did)}"><td>'
        f'<a href="{_e(href)}">{_e(task)}</a></td><td>{_e(doc)}</td><td>'
        f'<time datetime="{due_iso}"{title}>{due or _e(due_text)}</time></td><td>'
        f"{badge}{_days(od, left, done)}</td></tr>"
    ).encode()


def _history_entry(entry: tuple) -> str:
    date, iso, kind, who, who_href, period, due, ref, note = entry
    # The day, the kind's label and an agency's link are dtrack's own: nothing to escape.
    out = [f'<li><time datetime="{iso}">{date}</time>: <strong>{UPDATE_LABELS[kind]}</strong>']
    if who:
        out.append(f' — <a href="{who_href}">{_e(who)}</a>' if who_href else f" — {_e(who)}")
    if period:
        out.append(f" ({_e(period)})")
    if due:
        out.append(f", hạn mới: {_e(due)}")
    if ref:
        out.append(f"; {_e(ref)}")
    if note:
        out.append(f' <span class="muted">({_e(note)})</span>')
    out.append("</li>")
    return "".join(out)


def _e(value) -> str:
    """A value as HTML text, escaped as the templates' autoescape (markupsafe) does, the same
    five characters into the same entities; most values hold none of them and are returned
    as they are. (markupsafe.escape builds a Markup object for every value: ~2 million values
    on five years' pages made it a tenth of a build.)"""
    text = value if type(value) is str else str(value)
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return (
            text.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace('"', "&#34;")
            .replace("'", "&#39;")
        )
    return text


def _page(env, page: builder.Page, user_dir: Path | None) -> bytes:
    return _render(env, page, user_dir).encode("utf-8")


def _render(env, page: builder.Page, user_dir: Path | None) -> str:
    name = f"site/{page.template}"
    try:
        return env.get_template(name).render(page.context)
    except Exception:
        # Let templating.render word the problem (template name and line), as for letters.
        templating.render(name, page.context, user_dir, autoescape=True)
        raise


def _asset(env, name: str) -> bytes:
    """CSS and JavaScript are copied as they are (a user's --templates may restyle them)."""
    source, _, _ = env.loader.get_source(env, f"site/{name}")
    return source.encode("utf-8")


def _xlsx(repo: Repository, summary, today: dt.date, user_dir: Path | None) -> bytes:
    heading = [
        wording.title(repo.issuer.short if repo.issuer else None),
        wording.subtitle("agency"),
        wording.date_line(today, None, None),
    ]
    return summary_out.produce("xlsx", summary, heading, today, user_dir)


def _letters(repo, today, user_dir, warn) -> Iterator[tuple[str, bytes, tuple]]:
    """The HTML letters urging the shares overdue at T, one per agency, as `dtrack remind
    --format html` writes them, under cong-van/: (path, bytes, (path, stem, agency ids))."""
    calendar = repo.calendar if repo.calendar is not None else WorkCalendar()
    try:
        reminder = letters.prepare(repo, letters.ReminderRequest(today), calendar)
    except letters.LetterError as exc:
        raise SiteProblem(str(exc)) from None
    for problem in reminder.problems:
        warn(problem)
    for letter in reminder.letters:
        path = f"cong-van/{Path(letter.stem).name}.html"
        data = letter_files.render(letter, "html", user_dir, today)
        yield path, data, (path, letter.stem, letter.agencies)
