"""Choosing and ordering assignments for the listing commands."""

from __future__ import annotations

import datetime as dt

from .diagnostics import suggest
from .errors import DtrackError
from .repository import Repository, agency_hint
from .status import STATUSES, Assignment, compute


class QueryError(DtrackError):
    """Asked for something that does not exist (an unknown agency, directive or status): an
    option's value is wrong, so wrong usage (exit 2), like a bad date."""

    exit_code = 2


class EmptyGroup(QueryError):
    """A group that agencies.yaml gives no member: the data is at fault, not the option."""

    exit_code = 1


def agency_set(repo: Repository, ids: list[str]) -> set[str] | None:
    """`--agency` values to agency ids; a group stands for its members."""
    if not ids:
        return None
    out: set[str] = set()
    for text in ids:
        named = repo.lookup(text)  # an id, or an exact name or short name
        if len(named) > 1:
            raise QueryError(
                f"Tên '{text}' trùng với nhiều cơ quan, nhóm: {', '.join(sorted(named))}; "
                "ghi mã thay cho tên."
            )
        ident = named.pop() if named else text
        expanded = repo.expand(ident)
        if not expanded and ident in repo.groups:
            raise EmptyGroup(f"Nhóm '{ident}' không có cơ quan nào (xem agencies.yaml).")
        if not expanded:
            hint = agency_hint(repo, ident)
            raise QueryError(
                f"Không có cơ quan hay nhóm nào mã hay tên '{ident}'."
                + (f" {hint}" if hint else "")
            )
        out.update(expanded)
    return out


def directive_set(repo: Repository, ids: list[str]) -> set[str] | None:
    """`--directive` values to directive ids (a short form, refs.directive_id, is accepted)."""
    from .refs import RefError, directive_id

    if not ids:
        return None
    known = {d.id for d in repo.directives}
    out = set()
    for text in ids:
        try:
            ident = directive_id(repo, text)
        except RefError as exc:
            raise QueryError(str(exc)) from None
        if ident not in known:
            hint = suggest(ident, known)
            raise QueryError(f"Không có văn bản nào mã '{ident}'." + (f" {hint}" if hint else ""))
        out.add(ident)
    return out


def check_statuses(statuses: list[str]) -> set[str] | None:
    if not statuses:
        return None
    for s in statuses:
        if s not in STATUSES:
            hint = suggest(s, STATUSES)
            raise QueryError(
                f"Không có tình trạng '{s}'."
                + (f" {hint}" if hint else "")
                + f" Chấp nhận: {', '.join(STATUSES)}."
            )
    return set(statuses)


def select(
    items: list[Assignment],
    agencies: set[str] | None = None,
    directives: set[str] | None = None,
    statuses: set[str] | None = None,
) -> list[Assignment]:
    return [
        a
        for a in items
        if (agencies is None or a.agency.id in agencies)
        and (directives is None or a.directive.id in directives)
        and (statuses is None or a.status in statuses)
    ]


def _task_key(a: Assignment) -> tuple:
    # Keeps the shares of one task together (92 communes read as one block).
    return (a.directive.id, a.task_id, a.period.key if a.period is not None else "")


def most_overdue_first(items: list[Assignment], order: dict[str, int]) -> list[Assignment]:
    return sorted(items, key=lambda a: (-(a.days_overdue or 0), _task_key(a), order[a.agency.id]))


def soonest_first(items: list[Assignment], order: dict[str, int]) -> list[Assignment]:
    return sorted(items, key=lambda a: (a.due or dt.date.max, _task_key(a), order[a.agency.id]))


def listing(
    repo: Repository,
    today: dt.date,
    within: int,
    statuses: list[str],
    agencies: list[str],
    directives: list[str],
    order: str | None = None,
) -> tuple[list[Assignment], set[str] | None]:
    """The shares a listing command shows at `today`, as --agency, --directive and --status
    select them: most overdue first (`order` "overdue"), soonest due first ("due"), or as
    computed. With them the directive ids asked for (None: all), for the note on drafts.
    QueryError for a value that names nothing."""
    agency_ids = agency_set(repo, agencies)
    directive_ids = directive_set(repo, directives)
    wanted = check_statuses(statuses)
    computed = compute(repo, today, within, statuses=wanted)
    items = select(computed, agency_ids, directive_ids, wanted)
    position = {a: i for i, a in enumerate(repo.agencies)}
    if order == "overdue":
        items = most_overdue_first(items, position)
    elif order == "due":
        items = soonest_first(items, position)
    return items, directive_ids
