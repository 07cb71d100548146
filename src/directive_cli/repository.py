"""The data types every layer shares: a loaded data folder (Repository) and its directives
(LoadedDirective), with the layout of a data folder. Nothing here reads a file or applies a rule:
loading.load fills them, the rules (plans.py, status.py, summary.py) read them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .diagnostics import Diagnostic
from .roster import Agency, Group, Issuer

if TYPE_CHECKING:  # pydantic is imported only when a file is validated: warm runs do without
    from .reading.models import AgencyFile, Directive

AGENCIES_FILE = "agencies.yaml"
DIRECTIVES_DIR = "directives"
DIRECTIVE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

# A directive's plan (plans.Planner), a plain tuple that the cache pickles: its fields by place.
# Plain tuples, not NamedTuples: a warm run unpickles thousands of task plans, and a NamedTuple
# loads ~2.5x slower (its __new__ is Python code).
PLAN_ISSUED, PLAN_TASKS, PLAN_NUMBER, PLAN_SUBJECT, PLAN_KIND, PLAN_ISSUED_MONTH = range(6)


class Head(NamedTuple):
    """What a run needs of every directive before it reads any plan (plans.head()); the cache
    keeps one a directive in its index. `closed_on`: the day (ordinal) from which every task is
    final; `settled_on`: the day from which the tasks of plans.split()'s second part all are."""

    issued: int | None
    closed_on: int | None
    task_count: int
    number: str | None
    subject: str | None
    kind: str
    settled_on: int | None
    issued_month: bool = False  # only the month of issue is known (`issued: 2025-09`)


class LoadedDirective:
    """One directive file that validated. From the cache, its record (`model`) and its status
    plan (`plan`, plans.Planner) are read only when first asked for; `head` (plans.head) holds
    what every run needs of every directive, so that most runs read few plans and no record."""

    __slots__ = (
        "_counts",
        "_model",
        "_path",
        "_plan",
        "_read_counts",
        "_read_model",
        "_read_open",
        "_read_plan",
        "file",
        "head",
        "id",
    )

    def __init__(
        self,
        id: str,
        file: str,  # as shown to the user
        model: Directive | None = None,
        path: Path | str | None = None,  # the real file, for edits (None when from memory)
        *,
        read_model: Callable[[], Directive] | None = None,
        plan: tuple | None = None,
        read_plan: Callable[[], tuple | None] | None = None,
        read_open: Callable[[], tuple | None] | None = None,
        head: Head | None = None,
        read_counts: Callable[[], tuple | None] | None = None,
    ) -> None:
        self.id, self.file, self._path, self.head = id, file, path, head
        self._model, self._read_model = model, read_model
        self._plan, self._read_plan, self._read_open = plan, read_plan, read_open
        self._counts, self._read_counts = None, read_counts

    @property
    def has_counts(self) -> bool:
        """Whether `counts` may be read (without reading them)."""
        return self._counts is not None or self._read_counts is not None

    @property
    def counts(self) -> tuple | None:
        """summary.settled_counts() as kept in the cache, or None."""
        if self._counts is None and self._read_counts is not None:
            read, self._read_counts = self._read_counts, None
            self._counts = read()
        return self._counts

    @property
    def plan(self) -> tuple | None:
        """None until compute() makes one, when there is none in the cache (or it is damaged)."""
        if self._plan is None and self._read_plan is not None:
            self._plan = self._read_plan()  # the reader is kept: see release_plan
        return self._plan

    def release_plan(self) -> None:
        """Forget the plan when the cache can give it again: once dtrack site has worked out
        the statuses, the ~1 million small objects of five years' plans (~70 MB) would only
        stand in the way of the pages."""
        if self._read_plan is not None:
            self._plan = None

    @plan.setter
    def plan(self, value: tuple | None) -> None:
        self._plan, self._read_plan, self._read_open = value, None, None

    def hold_plan(self, value: tuple) -> None:
        """A plan just made, which the cache can give again (release_plan may forget it)."""
        self._plan = value

    def open_plan(self, day: int) -> tuple | None:
        """The plan, or enough of it for a listing of open work on `day` (an ordinal): from the
        cache, without the tasks closed for good by then (plans.split)."""
        if self._plan is None and self._read_open is not None:
            settled_on = self.settled_on
            if settled_on is not None and settled_on <= day:
                return self._read_open()
        return self.plan

    @property
    def path(self) -> Path | None:
        # Kept as a string until asked for: 2,000 Path objects cost a warm run ~30 ms.
        if isinstance(self._path, str):
            self._path = Path(self._path)
        return self._path

    @path.setter
    def path(self, value: Path | None) -> None:
        self._path = value

    @property
    def model(self) -> Directive:
        if self._model is None:
            assert self._read_model is not None
            self._model = self._read_model()  # the reader is kept: see release_model
        return self._model

    def release_model(self) -> None:
        """Forget the record when the cache can give it again: a command that goes through
        every directive once (dtrack site) then holds one record at a time, not 2,000
        (~200 MB on five years of a province)."""
        if self._read_model is not None:
            self._model = None

    @model.setter
    def model(self, value: Directive) -> None:
        self._model, self._read_model = value, None

    # What listings show of the directive, from the plan when there is one (no record read).
    @property
    def number(self) -> str | None:
        if self.head is not None:
            return self.head.number
        return self.plan[PLAN_NUMBER] if self.plan is not None else self.model.number

    @property
    def issued_ordinal(self) -> int | None:
        if self.head is not None:
            return self.head.issued
        if self.plan is not None:
            return self.plan[PLAN_ISSUED]
        issued = self.model.issued
        return issued.toordinal() if issued is not None else None

    @property
    def issued(self) -> dt.date | None:
        day = self.issued_ordinal
        return dt.date.fromordinal(day) if day is not None else None

    @property
    def issued_month(self) -> bool:
        """Only the month of `issued` is known (`issued: 2025-09`)."""
        if self.head is not None:
            return self.head.issued_month
        if self.plan is not None:
            return self.plan[PLAN_ISSUED_MONTH]
        return self.model.issued_month

    @property
    def closed_on(self) -> int | None:
        """The day (ordinal) from which all of its work is done or cancelled, if known."""
        return self.head.closed_on if self.head is not None else None

    @property
    def settled_on(self) -> int | None:
        """The day (ordinal) from which the tasks of plans.split()'s second part are final."""
        return self.head.settled_on if self.head is not None else None

    @property
    def subject(self) -> str | None:
        if self.head is not None:
            return self.head.subject
        return self.plan[PLAN_SUBJECT] if self.plan is not None else self.model.subject

    @property
    def kind(self) -> str:
        if self.head is not None:
            return self.head.kind
        return self.plan[PLAN_KIND] if self.plan is not None else self.model.kind

    @property
    def task_count(self) -> int:
        if self.head is not None:
            return self.head.task_count
        return len(self.plan[PLAN_TASKS]) if self.plan is not None else len(self.model.tasks)

    def __repr__(self) -> str:
        return f"LoadedDirective(id={self.id!r}, file={self.file!r})"


@dataclass
class Repository:
    root: Path
    agency_file: AgencyFile | None = None  # agencies.yaml's records, when read in this run
    issuer: Issuer | None = None  # set when agencies.yaml is usable
    agencies: dict[str, Agency] = field(default_factory=dict)  # official order
    groups: dict[str, Group] = field(default_factory=dict)
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # group -> agency ids
    directives: list[LoadedDirective] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    broken_files: set[str] = field(default_factory=set)
    calendar: object = None  # WorkCalendar with the province's own days off and make-up days
    shares: list[tuple] = field(default_factory=list)  # the lead lists of the plans (plans.py)
    # The settled counts of every directive that has them, added up (summary.sum_settled), as
    # the cache keeps them: a summary of everything uses it instead of ~2,000 counts.
    settled_totals: tuple | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def expand(self, ident: str) -> tuple[str, ...]:
        """An agency id stands for itself; a group id for its members."""
        if ident in self.agencies:
            return (ident,)
        return self.members.get(ident, ())

    def directive(self, ident: str) -> LoadedDirective | None:
        for d in self.directives:
            if d.id == ident:
                return d
        return None

    def lookup(self, text: str) -> set[str]:
        """The ids of the agencies and groups that `text` names: an id, or an exact name,
        short name or addressee (case, spaces and Unicode form aside). Empty: none; more than
        one: ambiguous, the caller says so."""
        text = text.strip()
        if text in self.agencies or text in self.groups:
            return {text}
        names = self.__dict__.get("_names")
        if names is None:
            names = {}
            for ident, rec in (*self.agencies.items(), *self.groups.items()):
                for name in (rec.name, rec.short, getattr(rec, "addressee", None)):
                    if name:
                        names.setdefault(name_key(name), set()).add(ident)
            self.__dict__["_names"] = names
        return set(names.get(name_key(text), ()))


def agency_hint(repo: Repository, text: str, pool: set[str] | None = None) -> str | None:
    """ "Có phải ý là 'snv' (Sở Nội vụ)?": close ids, or close names, of the agencies and groups
    in `pool` (default: all); "dùng mã 'snv' (Sở Nội vụ)" when `text` is the name of one, written
    otherwise (see named_as). Only ids that exist are ever suggested."""
    from difflib import get_close_matches

    if pool is None:
        pool = set(repo.agencies) | set(repo.groups)

    def named(ident: str) -> str:
        rec = repo.agencies.get(ident) or repo.groups.get(ident)
        return f"'{ident}' ({rec.name})" if rec is not None else f"'{ident}'"

    lowered = text.strip().lower()  # 'STC' is 'stc': suggested, never taken silently
    if lowered in pool:
        return f"Có phải ý là {named(lowered)}?"
    meant = [i for i in named_as(repo, text) if i in pool]
    if len(meant) == 1:
        return f"Tên không ghi đúng như trong agencies.yaml: dùng mã {named(meant[0])}."
    if meant:
        return "Tên không ghi đúng như trong agencies.yaml; dùng mã của một trong: " + (
            ", ".join(named(i) for i in meant) + "."
        )

    def by_id() -> list[str]:
        return get_close_matches(text, sorted(pool), n=3, cutoff=0.6)

    def by_name() -> list[str]:
        names = {}
        for ident in pool:
            rec = repo.agencies.get(ident) or repo.groups.get(ident)
            if rec is not None:
                for name in (rec.name, rec.short):
                    if name:
                        names.setdefault(name_key(name), ident)
        keys = get_close_matches(name_key(text), sorted(names), n=3, cutoff=0.6)
        return list(dict.fromkeys(names[k] for k in keys))

    # Text with a space or a mark is a name gone wrong, not a mistyped id: ids that happen to
    # look alike ('cap-tinh' for 'Công an tỉnh') come after the names that do.
    name_like = not text.isascii() or any(c.isspace() for c in text.strip())
    first, then = (by_name, by_id) if name_like else (by_id, by_name)
    close = first() or then()
    if not close:
        return None
    return f"Có phải ý là {', '.join(named(c) for c in close)}?"


# The name matcher of the last roster asked (see named_as): one per run, not one per file, as
# every file is checked against a copy of the repository holding the same roster.
_MATCHER: list = []


def named_as(repo: Repository, text: str) -> list[str]:
    """The ids of the agencies and groups whose name `text` is, though not written as in
    agencies.yaml (repo.lookup takes those): without its marks or with others ('So Noi vu'),
    or in a usual short form that `dtrack import` reads ('Sở KH&CN', 'UBND xã Đại Phúc',
    'Công an tỉnh' for 'Công an tỉnh Thái Nguyên', 'UBND cấp xã' for the group of the xã and
    phường). For hints only: a name written otherwise is never taken silently."""
    roster = (repo.agencies, repo.groups, repo.issuer)
    if not _MATCHER or any(a is not b for a, b in zip(_MATCHER[0], roster, strict=True)):
        from .agency_names import Resolver  # lazy: the cold path only

        folded: dict[str, list[str]] = {}
        for ident, rec in (*repo.agencies.items(), *repo.groups.items()):
            for name in (rec.name, rec.short, getattr(rec, "addressee", None)):
                if name:
                    ids = folded.setdefault(name_key(ascii_fold(name)), [])
                    if ident not in ids:
                        ids.append(ident)
        resolver = Resolver(repo.agencies.values(), repo.groups.values(), repo.issuer)
        _MATCHER[:] = [roster, resolver, folded]
    _, resolver, folded = _MATCHER
    words = text.split()
    forms = [" ".join(words)]
    place = repo.issuer.place.split() if repo.issuer is not None else []
    if (
        place
        and len(words) > len(place)
        and name_key(" ".join(words[-len(place) :])) == name_key(" ".join(place))
    ):
        # 'Công an tỉnh Thái Nguyên', 'Sở Tư pháp tỉnh Thái Nguyên': the province's own 'Công an
        # tỉnh', 'Sở Tư pháp'
        bare = words[: -len(place)]
        forms.append(" ".join(bare))
        if len(bare) > 1 and name_key(bare[-1]) == "tỉnh":
            forms.append(" ".join(bare[:-1]))
    for form in forms:
        # The resolver wants an agency's proper name capitalised, as running text writes it.
        ident = resolver.resolve(form[:1].upper() + form[1:]).id
        if ident in repo.agencies or ident in repo.groups:
            return [ident]
    for form in forms:
        ids = folded.get(name_key(ascii_fold(form)))
        if ids:
            return list(ids)
    return []


def name_key(text: str) -> str:
    """How names are compared: NFC, case-folded, one space between words."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def without_broken(repo: Repository) -> Repository:
    """The same repository less the directives whose files have errors (for --skip-invalid)."""
    repo.directives = [d for d in repo.directives if d.file not in repo.broken_files]
    return repo


def ascii_fold(text: str) -> str:
    """Vietnamese without its marks ('Sở Nội vụ' → 'So Noi vu', 'đ' → 'd'): the one fold behind
    file names, import ids and the site's file names."""
    import unicodedata  # lazy: start-up time

    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in folded if not unicodedata.combining(c))


def file_name_for(name: str) -> str | None:
    """A usable file name close to `name`: no diacritics, spaces and '/' as '-'."""
    stem, dot, ext = name.rpartition(".")
    folded = ascii_fold(stem)
    folded = re.sub(r"[^A-Za-z0-9._-]+", "-", folded).strip("-._")
    folded = re.sub(r"-{2,}", "-", folded)
    if not folded or not DIRECTIVE_ID.match(folded):
        return None
    return f"{folded}{dot}{ext}"
