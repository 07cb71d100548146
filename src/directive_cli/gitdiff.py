"""`dtrack diff`: what changed in the records between two loaded repositories, by meaning.

Directives and tasks added or removed, titles, leads and deadlines changed (as written and as
dates), updates recorded; invalid data on either side is reported, not fatal. `compare` is a
pure function of two sides read by gitread.py.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic
from .gitread import Side
from .reading.models import Directive, Task, Update
from .repository import AGENCIES_FILE, DIRECTIVES_DIR, Repository


@dataclass
class FieldChange:
    field: str
    old: Any
    new: Any
    old_date: str | None = None  # for a deadline: the date it means (ISO)
    new_date: str | None = None
    added: list[str] = field(default_factory=list)  # for lists of agencies: what came in
    removed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"field": self.field, "old": self.old, "new": self.new}
        if self.field == "due" or self.old_date or self.new_date:
            d["old_date"], d["new_date"] = self.old_date, self.new_date
        if self.added or self.removed:
            d["added"], d["removed"] = self.added, self.removed
        return d


@dataclass
class TaskDiff:
    id: str
    change: str  # "added" | "removed" | "changed"
    title: str
    lead: list[str] = field(default_factory=list)
    due: str | None = None
    due_date: str | None = None
    fields: list[FieldChange] = field(default_factory=list)
    updates_added: list[dict] = field(default_factory=list)
    updates_removed: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "change": self.change,
            "title": self.title,
            "lead": self.lead,
            "due": self.due,
            "due_date": self.due_date,
            "fields": [f.as_dict() for f in self.fields],
            "updates_added": self.updates_added,
            "updates_removed": self.updates_removed,
        }


@dataclass
class DirectiveDiff:
    id: str
    change: str  # "added" | "removed" | "changed" | "unreadable"
    number: str | None
    issued: str | None
    subject: str | None
    kind: str | None
    fields: list[FieldChange] = field(default_factory=list)
    tasks: list[TaskDiff] = field(default_factory=list)
    task_count: int = 0
    note: str | None = None  # for "unreadable": which side could not be read

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "change": self.change,
            "number": self.number,
            "issued": self.issued,
            "kind": self.kind,
            "subject": self.subject,
            "task_count": self.task_count,
            "fields": [f.as_dict() for f in self.fields],
            "tasks": [t.as_dict() for t in self.tasks],
            "note": self.note,
        }


@dataclass
class RepoDiff:
    old: str
    new: str
    data: str
    problems_old: list[Diagnostic] = field(default_factory=list)
    problems_new: list[Diagnostic] = field(default_factory=list)
    agencies: list[FieldChange] = field(default_factory=list)
    directives: list[DirectiveDiff] = field(default_factory=list)
    layout_only: list[str] = field(default_factory=list)  # files whose text alone changed
    missing: list[str] = field(default_factory=list)  # sides that have no data folder at all

    @property
    def empty(self) -> bool:
        return not self.agencies and not self.directives

    def counts(self) -> dict[str, int]:
        by = [d.change for d in self.directives]
        tasks = [t.change for d in self.directives if d.change == "changed" for t in d.tasks]
        return {
            "directives_added": by.count("added"),
            "directives_removed": by.count("removed"),
            "directives_changed": by.count("changed"),
            "directives_unreadable": by.count("unreadable"),
            "tasks_added": tasks.count("added"),
            "tasks_removed": tasks.count("removed"),
            "tasks_changed": tasks.count("changed"),
            "updates_added": sum(len(t.updates_added) for d in self.directives for t in d.tasks),
            "updates_removed": sum(
                len(t.updates_removed) for d in self.directives for t in d.tasks
            ),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "data": self.data,
            "counts": self.counts(),
            "problems": {
                "old": [d.as_dict() for d in self.problems_old],
                "new": [d.as_dict() for d in self.problems_new],
            },
            "agencies": [f.as_dict() for f in self.agencies],
            "directives": [d.as_dict() for d in self.directives],
            "layout_only": self.layout_only,
            "missing": self.missing,
        }


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _due_date(text: str | None, task: Task | None, issued, repo: Repository) -> str | None:
    from .deadlines import DeadlineError, parse_deadline  # lazy: start-up time

    if not text or (task is not None and task.repeat is not None):
        return None
    try:
        return _iso(parse_deadline(text, issued, repo.calendar).due)
    except DeadlineError:
        return None


def lead_list(task: Task) -> list[str]:
    return [f"{lead.agency}: {lead.detail}" if lead.detail else lead.agency for lead in task.lead]


def _repeat(task: Task) -> str | None:
    r = task.repeat
    if r is None:
        return None
    return f"{r.every} từ {r.start}" + (f" đến {r.until}" if r.until else "")


def update_record(u: Update, task: Task, issued, repo: Repository) -> dict[str, Any]:
    """An update as JSON fields, with the agency's name and, for an extension, the date."""
    agency = repo.agencies.get(u.agency) if u.agency else None
    return {
        "date": u.date.isoformat(),
        "kind": u.kind,
        "agency": u.agency,
        "agency_name": agency.name if agency else None,
        "period": u.period,
        "due": u.due,
        "due_date": _due_date(u.due, task, u.date, repo) if u.kind == "extended" else None,
        "ref": u.ref,
        "note": u.note,
    }


_DIRECTIVE_FIELDS = (
    "number",
    "kind",
    "issued",
    "issuer",
    "signer",
    "signer_title",
    "subject",
    "recipients",
)
_TASK_FIELDS = ("title", "lead", "support", "due", "repeat", "report_to", "source", "note")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _list_change(name: str, old: list[str], new: list[str]) -> FieldChange | None:
    if old == new:
        return None
    return FieldChange(
        name,
        old,
        new,
        added=[x for x in new if x not in old],
        removed=[x for x in old if x not in new],
    )


def _task_changes(
    old: Task, new: Task, old_d: Directive, new_d: Directive, a: Repository, b: Repository
) -> list[FieldChange]:
    out: list[FieldChange] = []
    for name in _TASK_FIELDS:
        if name == "lead":
            change = _list_change("lead", lead_list(old), lead_list(new))
        elif name == "support":
            change = _list_change("support", list(old.support), list(new.support))
        elif name == "repeat":
            change = (
                FieldChange("repeat", _repeat(old), _repeat(new))
                if _repeat(old) != _repeat(new)
                else None
            )
        elif name == "due":
            od = _due_date(old.due, old, old_d.issued, a)
            nd = _due_date(new.due, new, new_d.issued, b)
            change = (
                FieldChange("due", old.due, new.due, od, nd)
                if old.due != new.due or od != nd
                else None
            )
        else:
            ov, nv = getattr(old, name), getattr(new, name)
            change = FieldChange(name, ov, nv) if ov != nv else None
        if change is not None:
            out.append(change)
    return out


def _update_key(u: Update) -> tuple:
    return tuple(_plain(v) for v in u.model_dump().values())


def _task_diff(
    old: Task | None,
    new: Task | None,
    old_d: Directive | None,
    new_d: Directive | None,
    a: Repository,
    b: Repository,
) -> TaskDiff | None:
    if old is None:
        assert new is not None and new_d is not None
        return TaskDiff(
            new.id,
            "added",
            new.title,
            lead_list(new),
            new.due,
            _due_date(new.due, new, new_d.issued, b),
            updates_added=[update_record(u, new, new_d.issued, b) for u in new.updates],
        )
    if new is None:
        assert old_d is not None
        return TaskDiff(
            old.id,
            "removed",
            old.title,
            lead_list(old),
            old.due,
            _due_date(old.due, old, old_d.issued, a),
        )
    assert old_d is not None and new_d is not None
    fields = _task_changes(old, new, old_d, new_d, a, b)
    ok = [_update_key(u) for u in old.updates]
    nk = [_update_key(u) for u in new.updates]
    added: list[dict] = []
    removed: list[dict] = []
    if ok != nk:
        matcher = difflib.SequenceMatcher(a=ok, b=nk, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag in ("delete", "replace"):
                removed += [update_record(u, old, old_d.issued, a) for u in old.updates[i1:i2]]
            if tag in ("insert", "replace"):
                added += [update_record(u, new, new_d.issued, b) for u in new.updates[j1:j2]]
    if not fields and not added and not removed:
        return None
    return TaskDiff(
        new.id,
        "changed",
        new.title,
        lead_list(new),
        new.due,
        _due_date(new.due, new, new_d.issued, b),
        fields,
        added,
        removed,
    )


def _directive_diff(
    ident: str, old: Directive | None, new: Directive | None, a: Repository, b: Repository
) -> DirectiveDiff | None:
    ref = new if new is not None else old
    assert ref is not None
    change = "added" if old is None else "removed" if new is None else "changed"
    dd = DirectiveDiff(
        ident,
        change,
        ref.number,
        _iso(ref.issued),
        ref.subject,
        ref.kind,
        task_count=len(ref.tasks),
    )
    if old is not None and new is not None:
        for name in _DIRECTIVE_FIELDS:
            ov, nv = getattr(old, name), getattr(new, name)
            if ov != nv:
                if name == "recipients":
                    ch = _list_change(name, list(ov), list(nv))
                    if ch is not None:
                        dd.fields.append(ch)
                else:
                    dd.fields.append(FieldChange(name, _plain(ov), _plain(nv)))
    old_tasks = {t.id: t for t in old.tasks} if old is not None else {}
    new_tasks = {t.id: t for t in new.tasks} if new is not None else {}
    if change == "removed":
        return dd  # the count is enough: a removed directive's tasks all go with it
    order = list(new_tasks) + [t for t in old_tasks if t not in new_tasks]
    for tid in order:
        td = _task_diff(old_tasks.get(tid), new_tasks.get(tid), old, new, a, b)
        if td is not None:
            dd.tasks.append(td)
    if change == "changed" and not dd.fields and not dd.tasks:
        return None
    return dd


def _unreadable(repo: Repository) -> set[str]:
    """Ids of directive files that have errors bad enough that no record was read."""
    loaded = {d.id for d in repo.directives}
    out = set()
    for f in repo.broken_files:
        p = Path(f)  # "HEAD:data/directives/x.yaml" has the same stem as the file
        if f"{DIRECTIVES_DIR}/" in f.replace("\\", "/") and p.stem not in loaded:
            out.add(p.stem)
    return out


def _agency_changes(a: Repository, b: Repository) -> list[FieldChange]:
    out: list[FieldChange] = []
    fa, fb = a.agency_file, b.agency_file
    if fa is None or fb is None:
        return out
    if fa.issuer != fb.issuer:
        oi, ni = fa.issuer.model_dump(), fb.issuer.model_dump()
        for key in oi:
            if oi[key] != ni[key]:
                out.append(FieldChange(f"issuer.{key}", oi[key], ni[key]))
    old_ag = {x.id: x for x in fa.agencies}
    new_ag = {x.id: x for x in fb.agencies}
    for ident in [i for i in old_ag if i not in new_ag]:
        out.append(FieldChange(f"agency:{ident}", old_ag[ident].name, None))
    for ident, ag in new_ag.items():
        if ident not in old_ag:
            out.append(FieldChange(f"agency:{ident}", None, ag.name))
        elif old_ag[ident] != ag:
            od, nd = old_ag[ident].model_dump(), ag.model_dump()
            for key in od:
                if od[key] != nd[key]:
                    out.append(FieldChange(f"agency:{ident}.{key}", od[key], nd[key]))
    old_gr = set(a.groups)
    for ident in sorted(old_gr - set(b.groups)):
        out.append(FieldChange(f"group:{ident}", a.groups[ident].name, None))
    for ident, group in b.groups.items():
        if ident not in old_gr:
            out.append(FieldChange(f"group:{ident}", None, group.name))
            continue
        ch = _list_change(
            f"group:{ident}.members", list(a.members.get(ident, ())), list(b.members.get(ident, ()))
        )
        if ch is not None and (ch.added or ch.removed):
            out.append(ch)
    for name in ("holidays", "workdays"):
        ov = [d.isoformat() for d in getattr(fa, name)]
        nv = [d.isoformat() for d in getattr(fb, name)]
        ch = _list_change(name, ov, nv)
        if ch is not None:
            out.append(ch)
    return out


def compare(old: Side, new: Side, data_label: str = "") -> RepoDiff:
    """The changes by meaning from `old` to `new`."""
    a, b = old.repo, new.repo
    result = RepoDiff(old.label, new.label, data_label, a.errors, b.errors)
    # A revision from before the data folder existed: everything is new, nothing is wrong.
    if not old.files:
        result.problems_old, result.missing = [], [old.label]
    if not new.files:
        result.problems_new, result.missing = [], [*result.missing, new.label]
    result.agencies = _agency_changes(a, b)
    old_d = {d.id: d.model for d in a.directives}
    new_d = {d.id: d.model for d in b.directives}
    bad_old, bad_new = _unreadable(a), _unreadable(b)
    ids = list(new_d) + [i for i in old_d if i not in new_d]
    ids += sorted((bad_old | bad_new) - set(ids))
    ids.sort(key=lambda i: ((new_d.get(i) or old_d.get(i)) is None, i))
    for ident in ids:
        o, n = old_d.get(ident), new_d.get(ident)
        if (o is None and ident in bad_old) or (n is None and ident in bad_new):
            which = new.label if n is None else old.label
            ref = n or o
            result.directives.append(
                DirectiveDiff(
                    ident,
                    "unreadable",
                    ref.number if ref else None,
                    _iso(ref.issued) if ref else None,
                    ref.subject if ref else None,
                    ref.kind if ref else None,
                    note=which,
                )
            )
            continue
        dd = _directive_diff(ident, o, n, a, b)
        if dd is not None:
            result.directives.append(dd)
    changed = {d.id for d in result.directives}
    for rel in sorted(set(old.files) & set(new.files)):
        if old.files[rel] == new.files[rel]:
            continue
        stem = Path(rel).stem
        if rel == AGENCIES_FILE:
            if not result.agencies:
                result.layout_only.append(data_label + rel)
        elif stem not in changed:
            result.layout_only.append(data_label + rel)
    return result
