"""Checks that need more than one record: ids, references between files, dates, deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .diagnostics import SALVAGED, suggest
from .repository import Repository, agency_hint
from .roster import Agency, Group, Issuer, plain

ErrorFn = Callable[..., None]


def check_agencies(repo: Repository, shown: str, error: ErrorFn) -> None:
    """Index agencies and groups, expand groups, and report duplicate or unknown ids."""
    from .workdays import WorkCalendar  # lazy: start-up time

    af = repo.agency_file
    assert af is not None
    repo.issuer = plain(af.issuer, Issuer)
    first_seen: dict[str, tuple] = {af.issuer.id: ("issuer", "id")}
    # Agencies and groups share one namespace: a lead may name either.
    for key, items, index, cls in (
        ("agencies", af.agencies, repo.agencies, Agency),
        ("groups", af.groups, repo.groups, Group),
    ):
        for i, item in enumerate(items):
            path = (key, i, "id")
            if item.id in first_seen:
                error(
                    shown,
                    "duplicate-id",
                    f"Mã '{item.id}' bị trùng: đã dùng cho {_where(first_seen[item.id])}.",
                    path=path,
                    related=first_seen[item.id],
                    hint="Mỗi cơ quan, nhóm một mã riêng.",
                )
                continue
            first_seen[item.id] = path
            index[item.id] = plain(item, cls)
    for i, group in enumerate(af.groups):
        if first_seen[group.id] != ("groups", i, "id"):  # a repeated id, reported above
            continue
        if (group.members is None) == (group.kinds is None):
            error(
                shown,
                "group-definition",
                f"Nhóm '{group.id}' cần đúng một trong hai khóa 'members' hoặc 'kinds'.",
                path=("groups", i),
            )
            repo.members[group.id] = ()
            continue
        if group.members is not None:
            ids = []
            for j, member in enumerate(group.members):
                named = {m for m in repo.lookup(member) if m in repo.agencies}
                if len(named) == 1:
                    ids.append(named.pop())  # an id, or an agency's exact name
                    continue
                error(
                    shown,
                    "unknown-agency",
                    f"Nhóm '{group.id}' có thành viên '{member}', nhưng không có cơ quan nào "
                    f"mã hay tên '{member}'.",
                    path=("groups", i, "members", j),
                    hint=agency_hint(repo, member, set(repo.agencies)),
                )
            members = tuple(dict.fromkeys(ids))
        else:
            kinds = set(group.kinds or ())
            members = tuple(a.id for a in repo.agencies.values() if a.kind in kinds)
        repo.members[group.id] = members
    try:
        repo.calendar = WorkCalendar(holidays=af.holidays, workdays=af.workdays)
    except ValueError as exc:  # a day listed both as a day off and as a working day
        error(shown, "calendar-conflict", str(exc), path=("workdays",))
        repo.calendar = WorkCalendar()


def _where(path: tuple) -> str:
    """The first place an id was used, as a clerk finds it in agencies.yaml."""
    if path[0] == "issuer":
        return "cơ quan ban hành (issuer)"
    what = "cơ quan" if path[0] == "agencies" else "nhóm"
    return f"{what} thứ {path[1] + 1} trong '{path[0]}'"


def _check_extension(u, issued, calendar, shown: str, path: tuple, error: ErrorFn) -> None:
    """A new deadline must be a real date, counted from the extension's own date (as the
    status rules count it), and not before the directive was issued."""
    from .deadlines import DeadlineError, parse_deadline  # lazy: start-up time

    try:
        dl = parse_deadline(u.due, u.date, calendar)
    except DeadlineError as exc:
        error(shown, "bad-deadline", str(exc), path=path)
        return
    if dl.due is None:
        error(
            shown,
            "bad-deadline",
            f"Thời hạn gia hạn '{u.due}' không phải một ngày cụ thể.",
            path=path,
            hint="Ghi ngày mới, ví dụ 2025-10-15 hoặc 'trước ngày 15/10/2025'.",
        )
    elif issued is not None and dl.due < issued:
        error(
            shown,
            "due-before-issued",
            f"Thời hạn gia hạn {dl.due:%d/%m/%Y} trước ngày ban hành {issued:%d/%m/%Y}.",
            path=path,
        )


# The most items of a [ ] list that one agency's name cut at its commas can make.
_NAME_PIECES = 6


# A day of issue to try a deadline with, when the file's own does not read: a leap year's, so
# that '29/2' without a year reads.
_PROBE_ISSUED = dt.date(2024, 1, 1)


def check_directives(repo: Repository, error: ErrorFn, undated: list[str] | None = None) -> None:
    """The checks of the directives against agencies.yaml and of their dates and deadlines.
    `undated`: given for a file whose `issued` is written but does not read (reported already):
    the tasks whose deadline counts from it cannot be judged, and are named there instead of
    reported; every other deadline is judged."""
    # lazy: start-up time
    from .deadlines import DeadlineError, parse_deadline, parse_period, recurring_rule

    def counts_from_issue(due: str) -> bool:
        try:
            parse_deadline(due, _PROBE_ISSUED, calendar)
        except DeadlineError:
            return False  # wrong whatever the day of issue
        return True

    issuer_ids = {repo.issuer.id} | set(repo.agencies)
    known = set(repo.agencies) | set(repo.groups)
    calendar = repo.calendar

    split: dict[str, str] = {}  # items of a [ ] list that are pieces of a name with commas

    def pieces(items: list[str]) -> None:
        """`[UBND các xã, phường]` is two items to YAML: find names cut at their commas. A name
        has a few commas at most, so runs of up to _NAME_PIECES items are tried, and only
        around items that are not ids: a long list stays linear."""
        split.clear()
        if all(x in known for x in items):
            return
        for i in range(len(items)):
            if items[i] in known:
                continue
            for j in range(i + 2, min(i + _NAME_PIECES, len(items)) + 1):
                if items[j - 1] in known:
                    break
                joined = ", ".join(items[i:j])
                if len(repo.lookup(joined)) == 1:
                    split.update((x, joined) for x in items[i:j])

    def unknown(shown: str, ident: str, path: tuple, role: str) -> None:
        from .reading.pydantic_errors import hidden_chars  # lazy: the cold path only

        hidden = hidden_chars(ident)
        whole = split.get(ident)
        hint = (
            f'Tên có dấu phẩy phải đặt trong nháy kép: ["{whole}"].'
            if whole
            else agency_hint(repo, ident) or "Xem danh sách mã bằng lệnh 'dtrack agencies'."
        )
        error(
            shown,
            "unknown-agency",
            f"Không có cơ quan hay nhóm nào mã hay tên '{ident}' ({role})"
            + (f": {hidden}." if hidden else "."),
            path=path,
            hint=hint,
        )

    def named(shown: str, text: str, path: tuple, role: str) -> str | None:
        """The id `text` stands for (an id, or an exact name or short name), else None and
        the problem reported."""
        if text in known:
            return text
        ids = repo.lookup(text)
        if len(ids) == 1:
            return ids.pop()
        if ids:
            error(
                shown,
                "ambiguous-agency",
                f"Tên '{text}' ({role}) trùng với nhiều cơ quan, nhóm: {', '.join(sorted(ids))}.",
                path=path,
                hint="Ghi mã thay cho tên.",
            )
        else:
            unknown(shown, text, path, role)
        return None

    for ld in repo.directives:
        d, shown = ld.model, ld.file
        issued = d.issued
        # Only the month known: no deadline can be counted from the day of signing.
        signed = None if d.issued_month else issued
        if issued is None:
            error(
                shown,
                "not-issued",
                "Văn bản chưa có ngày ban hành ('issued'): coi là dự thảo, chưa có hiệu lực, "
                "không được tính trong các báo cáo, công văn đôn đốc.",
                path=(),
                severity="warning",
                hint="Khi văn bản được ký, ghi 'number' và 'issued' (chỉ biết tháng: issued: "
                "2025-09). Xem các văn bản này bằng 'dtrack list --drafts'.",
            )
        if not d.subject:
            error(
                shown,
                "missing-subject",
                "Văn bản chưa có trích yếu ('subject').",
                path=(),
                severity="warning",
                hint="Ghi trích yếu như dòng 'V/v …' của văn bản; chỉ bỏ trống khi văn bản gốc "
                "không còn dòng này (ghi lý do trong chú thích #).",
            )
        if not d.tasks:
            error(
                shown,
                "no-tasks",
                "Văn bản không có nhiệm vụ nào ('tasks'): không có gì để theo dõi.",
                path=(),
                severity="warning",
                hint="Thêm các nhiệm vụ vào 'tasks', hoặc bỏ tệp này nếu văn bản không giao việc.",
            )
        if d.issuer is not None and d.issuer not in issuer_ids:
            error(
                shown,
                "unknown-issuer",
                f"Không có cơ quan ban hành mã '{d.issuer}'.",
                path=("issuer",),
                hint=suggest(d.issuer, issuer_ids),
            )
        pieces(d.recipients)
        for i, r in enumerate(d.recipients):
            ident = named(shown, r, ("recipients", i), "nơi nhận")
            if ident is not None:
                d.recipients[i] = ident  # names become ids once, here: the rest sees ids
        task_seen: dict[str, int] = {}
        for ti, task in enumerate(d.tasks):
            if not task.lead:  # a placeholder of the salvage (load.py): nothing to check
                continue
            tpath = ("tasks", ti)
            # A salvaged task's id is a stand-in: named by its place.
            name = f"thứ {ti + 1}" if task.id.startswith(SALVAGED) else f"'{task.id}'"
            if task.id in task_seen:
                error(
                    shown,
                    "duplicate-task",
                    f"Mã nhiệm vụ '{task.id}' bị trùng với nhiệm vụ thứ {task_seen[task.id] + 1} "
                    "trong cùng văn bản.",
                    path=(*tpath, "id"),
                    related=("tasks", task_seen[task.id], "id"),
                    hint="Mỗi nhiệm vụ trong một văn bản cần một mã riêng, ví dụ '3.2', '3.3'.",
                )
            else:
                task_seen[task.id] = ti
            leads: set[str] = set()
            # A lead item that did not validate (reported): who leads is not wholly known.
            leads_known = all(lead.agency != SALVAGED for lead in task.lead)
            pieces([lead.agency for lead in task.lead])
            for li, lead in enumerate(task.lead):
                if lead.agency == SALVAGED:
                    continue
                ident = named(shown, lead.agency, (*tpath, "lead", li), "chủ trì")
                if ident is None:
                    continue
                lead.agency = ident
                expanded = repo.expand(lead.agency)
                if not expanded:
                    error(
                        shown,
                        "empty-group",
                        f"Nhóm '{lead.agency}' không có cơ quan nào.",
                        path=(*tpath, "lead", li),
                    )
                leads.update(expanded)
            named_leads = {lead.agency for lead in task.lead}  # ids by now
            pieces(task.support)
            for si, s in enumerate(task.support):
                s = named(shown, s, (*tpath, "support", si), "phối hợp")
                if s is None:
                    continue
                task.support[si] = s
                if s in named_leads:
                    error(
                        shown,
                        "lead-also-support",
                        f"'{s}' vừa là cơ quan chủ trì vừa là cơ quan phối hợp của nhiệm vụ "
                        f"{name}.",
                        path=(*tpath, "support", si),
                        severity="warning",
                        hint="Một cơ quan chỉ giữ một vai trò: bỏ ở 'support' nếu là chủ trì.",
                    )

            counted = False  # a count from an event: the only task a 'started' update fits
            if task.repeat is not None and task.due:
                try:
                    recurring_rule(task.due, task.repeat.every)
                except DeadlineError as exc:  # the phrase is wrong: point at `due`, not `repeat`
                    error(shown, "bad-deadline", str(exc), path=(*tpath, "due"))
            try:
                if task.repeat is not None:
                    if not task.due:
                        raise DeadlineError(
                            "Nhiệm vụ định kỳ cần 'due', ví dụ 'trước ngày 20 hằng tháng'."
                        )
                    first = parse_period(task.repeat.start, task.repeat.every)
                    if task.repeat.until:
                        last = parse_period(task.repeat.until, task.repeat.every)
                        if last.start < first.start:
                            raise DeadlineError(
                                f"Kỳ cuối '{task.repeat.until}' ở trước kỳ đầu "
                                f"'{task.repeat.start}' trong 'repeat'."
                            )
                else:
                    dl = parse_deadline(task.due, signed, calendar)
                    counted = dl.kind == "event"
                    if dl.due is not None and issued is not None and dl.due < issued:
                        error(
                            shown,
                            "due-before-issued",
                            f"Thời hạn {dl.due:%d/%m/%Y} ('{task.due}') trước ngày ban hành "
                            f"{issued:%d/%m/%Y}.",
                            path=(*tpath, "due"),
                            hint="Kiểm tra lại năm hoặc ngày ban hành ('issued').",
                        )
            except DeadlineError as exc:
                counted = None  # the deadline's own error is enough
                where = (
                    (*tpath, "repeat") if task.repeat is not None and task.due else (*tpath, "due")
                )
                if undated is not None and task.repeat is None and counts_from_issue(task.due):
                    undated.append(name)
                elif issued is None and task.repeat is None and counts_from_issue(task.due):
                    # A draft's: counted once it is signed (its not-issued warning says), from
                    # the signing, not from an event: a 'started' update does not fit it.
                    counted = False
                else:
                    error(shown, "bad-deadline", str(exc), path=where)

            for ui, u in enumerate(task.updates):
                upath = (*tpath, "updates", ui)
                if issued is not None and u.date < issued:
                    error(
                        shown,
                        "update-before-issued",
                        f"Ngày cập nhật {u.date:%d/%m/%Y} trước ngày ban hành {issued:%d/%m/%Y}.",
                        path=(*upath, "date"),
                    )
                if u.agency is not None and u.agency not in leads:
                    ids = repo.lookup(u.agency) & leads  # a lead's name stands for its id
                    if len(ids) == 1:
                        u.agency = ids.pop()
                if u.agency is not None and u.agency not in leads and leads_known:
                    shown_leads = ", ".join(sorted(leads)[:6]) + ("…" if len(leads) > 6 else "")
                    error(
                        shown,
                        "not-a-lead",
                        f"'{u.agency}' không phải cơ quan chủ trì nhiệm vụ {name}.",
                        path=(*upath, "agency"),
                        hint=" ".join(
                            filter(
                                None,
                                [
                                    suggest(u.agency, leads),
                                    f"Cơ quan chủ trì: {shown_leads}." if leads else None,
                                ],
                            )
                        )
                        or None,
                    )
                if u.kind == "extended":
                    if not u.due:
                        error(
                            shown,
                            "extended-without-due",
                            "Cập nhật gia hạn ('extended') cần 'due': thời hạn mới.",
                            path=upath,
                            hint="Ví dụ: due: 2025-10-15 hoặc due: trước ngày 15/10/2025.",
                        )
                    else:
                        _check_extension(u, signed, calendar, shown, (*upath, "due"), error)
                elif u.due:
                    error(
                        shown,
                        "due-not-allowed",
                        f"Chỉ cập nhật gia hạn ('extended') mới có 'due' (đây là '{u.kind}').",
                        path=(*upath, "due"),
                    )
                if u.kind == "started" and counted is False:
                    error(
                        shown,
                        "started-not-event",
                        f"Nhiệm vụ {name} không tính hạn từ một sự kiện ('{task.due}'); "
                        "cập nhật 'started' không có tác dụng.",
                        path=(*upath, "kind"),
                        hint="'started' chỉ dùng cho thời hạn như 'trong 10 ngày kể từ ngày nhận "
                        "được văn bản'; bỏ dòng này hoặc sửa 'due' của nhiệm vụ.",
                    )
                if u.period is not None:
                    if task.repeat is None:
                        error(
                            shown,
                            "period-not-recurring",
                            f"Nhiệm vụ {name} không phải nhiệm vụ định kỳ; bỏ 'period'.",
                            path=(*upath, "period"),
                        )
                    else:
                        try:
                            p = parse_period(u.period, task.repeat.every)
                        except DeadlineError as exc:
                            error(shown, "bad-period", str(exc), path=(*upath, "period"))
                        else:
                            outside = period_outside(p, task.repeat)
                            if outside:
                                error(
                                    shown,
                                    "period-out-of-range",
                                    outside,
                                    path=(*upath, "period"),
                                    hint="Kiểm tra lại năm, tháng của kỳ, hoặc 'repeat' của "
                                    "nhiệm vụ.",
                                )
                elif task.repeat is not None and u.kind in ("done", "extended"):
                    error(
                        shown,
                        "period-required",
                        f"Nhiệm vụ {name} là nhiệm vụ định kỳ: cần ghi 'period' (kỳ nào).",
                        path=upath,
                        hint="Ví dụ: period: 2025-10 (tháng), 2025-Q4 (quý), 2025-H2, 2025.",
                    )


def period_outside(period, repeat) -> str | None:
    """Why `period` lies outside the recurring task's `repeat` range (None when inside, or when
    `repeat` itself does not read: that is reported as a bad deadline)."""
    from .deadlines import DeadlineError, parse_period  # lazy: start-up time

    try:
        first = parse_period(repeat.start, repeat.every)
        last = parse_period(repeat.until, repeat.every) if repeat.until else None
    except DeadlineError:
        return None
    if period.start >= first.start and (last is None or period.start <= last.start):
        return None
    span = f"từ {first.key}" + (f" đến {last.key}" if last is not None else "")
    return f"Kỳ {period.key} nằm ngoài thời gian của nhiệm vụ định kỳ ({span})."
