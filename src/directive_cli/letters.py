"""Đôn đốc letters (công văn đôn đốc): which letters to write, and the data that fills them.

Pure: assignments and options in, plain dicts, lists and strings out (what the sandboxed
templates read). No clock, no files. Wording that depends on figures (the leading zeros of
Nghị định 30/2020/NĐ-CP, "số"/"ngày" left out for a document that has none, the deadline as
written beside the date it means) is built here once, so the Markdown, HTML and Word letters say
exactly the same thing; the sentences around it live in the templates.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from typing import Any

from . import query
from .errors import DtrackError
from .repository import Repository
from .roster import Agency
from .status import DEFAULT_WITHIN, Assignment, compute
from .vocabulary import DIRECTIVE_KIND_LABELS
from .workdays import WEEKDAY_NAMES

# Which statuses a letter urges: overdue always, due_soon only when asked (--within).
URGED = ("overdue", "due_soon")
# A combined letter with more addressees than this says "có tên tại Phụ lục" instead of a list.
MAX_LISTED_ADDRESSEES = 10
# In the body of a combined letter, a task shared by more agencies names them in the annex.
MAX_NAMED_IN_BODY = 5
LOCAL_KINDS = ("xa", "phuong", "dac-khu")
NBSP = "\u00a0"
BLANK_NUMBER = NBSP * 8  # "Số:        /UBND-NC": the văn thư writes the number when issuing


class LetterError(DtrackError, ValueError):
    """Letters cannot be written as asked (no signer, a malformed --signer...)."""


@dataclass(frozen=True)
class SignerInfo:
    authority: str | None
    title: str
    name: str


@dataclass(frozen=True)
class LetterOptions:
    date: dt.date  # the letter date; statuses are computed at this day too
    reply_by: dt.date
    signer: SignerInfo
    number: str | None = None
    combined: bool = False
    # False when reply_by is the default: a letter about a task not yet due then waits for
    # that task's own deadline (a result cannot be due before the task is).
    reply_by_fixed: bool = False


@dataclass(frozen=True)
class Letter:
    stem: str  # file name without extension: agency and date in it
    agencies: tuple[str, ...]
    assignments: int
    context: dict[str, Any] = field(repr=False)


# -- figures and dates ----------------------------------------------------------------------------


def two(n: int) -> str:
    """Counts below 10 take a leading zero, as administrative texts write them ("01 ngày")."""
    return f"{n:02d}"


def dmy(d: dt.date) -> str:
    """11/9/2025, 05/02/2026: NĐ 30's rule (day < 10 and months 1, 2 take a zero)."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{d.day:02d}/{month}/{d.year}"


def long_date(place: str, d: dt.date) -> str:
    """The place-and-date line: "Thái Nguyên, ngày 05 tháng 02 năm 2026"."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{place}, ngày {d.day:02d} tháng {month} năm {d.year}"


def default_reply_by(letter_date: dt.date, reply_days: int, calendar) -> dt.date:
    """The letter date plus `reply_days` working days (weekends and public holidays skipped)."""
    return calendar.add_working_days(letter_date, reply_days)


def signing_day_warning(letter_date: dt.date, calendar) -> str | None:
    """A warning when the letter would be signed on a day off (weekend or public holiday);
    None on a working day (official make-up Saturdays included)."""
    if calendar is None or calendar.is_working_day(letter_date):
        return None
    shown = f"{letter_date:%d/%m/%Y}"
    weekend = WEEKDAY_NAMES[letter_date.weekday()] if letter_date.weekday() >= 5 else None
    if weekend is not None:
        what = f"{weekend} (ngày nghỉ)"
    else:
        what = f"ngày nghỉ lễ ({WEEKDAY_NAMES[letter_date.weekday()]})"
    return (
        f"Ngày ký công văn {shown} là {what}. Công văn vẫn được viết; "
        "chọn ngày ký khác bằng --date nếu cần."
    )


def parse_signer(text: str) -> SignerInfo:
    """ "KT. CHỦ TỊCH|PHÓ CHỦ TỊCH|Nguyễn Văn B" or "CHỦ TỊCH|Nguyễn Văn B"."""
    parts = [p.strip() for p in text.split("|")]
    if len(parts) not in (2, 3) or not all(parts[-2:]):
        raise LetterError(
            f"--signer '{text}' không đúng dạng; ghi 'QUYỀN HẠN|CHỨC VỤ|Họ và tên' "
            "(ví dụ 'KT. CHỦ TỊCH|PHÓ CHỦ TỊCH|Nguyễn Văn B') hoặc 'CHỨC VỤ|Họ và tên'."
        )
    if len(parts) == 2:
        return SignerInfo(None, parts[0], parts[1])
    return SignerInfo(parts[0] or None, parts[1], parts[2])


def resolve_signer(repo: Repository, text: str | None) -> SignerInfo:
    """--signer when given, else the issuer's `letter.signer`; a letter is never left unsigned."""
    if text:
        return parse_signer(text)
    signer = repo.issuer.letter.signer
    if signer is None:
        raise LetterError(
            "Chưa có người ký công văn đôn đốc: khai báo issuer.letter.signer trong agencies.yaml "
            "hoặc dùng --signer 'KT. CHỦ TỊCH|PHÓ CHỦ TỊCH|Họ và tên'."
        )
    return SignerInfo(signer.authority, signer.title, signer.name)


def safe_id(text: str) -> str:
    """A file-name-safe form of an id: never a path separator, never empty."""
    cleaned = re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")
    return cleaned[:60] or "co-quan"


def file_stem(letter_date: dt.date, agency_id: str | None) -> str:
    who = "tong-hop" if agency_id is None else safe_id(agency_id)
    return f"don-doc-{letter_date.isoformat()}-{who}"


# -- choosing -------------------------------------------------------------------------------------


def gather(
    repo: Repository,
    day: dt.date,
    within: int | None,
    agency_refs: list[str],
    directive_refs: list[str],
) -> list[Assignment]:
    """What `dtrack remind` writes about at `day`: the overdue shares (and those due within
    `within` days, when given) of the agencies and directives named (none: all), by select().
    QueryError for a name that is not in the data."""
    agencies = query.agency_set(repo, agency_refs)
    directives = query.directive_set(repo, directive_refs)
    computed = compute(repo, day, DEFAULT_WITHIN if within is None else within)
    return select(query.select(computed, agencies, directives), include_due_soon=within is not None)


def select(items: list[Assignment], include_due_soon: bool) -> list[Assignment]:
    """The assignments a letter urges, in the order `status.compute` gives them."""
    wanted = URGED if include_due_soon else ("overdue",)
    return [a for a in items if a.status in wanted]


def undated_directives(items: list[Assignment]) -> list[str]:
    """Ids of the directives cited without a number or a date (worth a warning)."""
    seen: dict[str, None] = {}
    for a in items:
        d = a.directive.model
        if not d.number or not d.issued:
            seen.setdefault(a.directive.id)
    return list(seen)


def plan(repo: Repository, items: list[Assignment], options: LetterOptions) -> list[Letter]:
    """One letter per lead agency (official order), or one combined letter to all of them.

    Warns on stderr (the one impure step here, for want of a hook in the command) when the
    letter date is a day off."""
    if not items:
        return []
    warning = signing_day_warning(options.date, repo.calendar)
    if warning:
        print(f"dtrack: cảnh báo: {warning}", file=sys.stderr)
    order = {a: i for i, a in enumerate(repo.agencies)}
    if options.combined:
        agencies = sorted({a.agency.id for a in items}, key=order.__getitem__)
        ctx = _context(repo, items, [repo.agencies[i] for i in agencies], options)
        return [Letter(file_stem(options.date, None), tuple(agencies), len(items), ctx)]
    by_agency: dict[str, list[Assignment]] = {}
    for a in items:
        by_agency.setdefault(a.agency.id, []).append(a)
    letters = []
    for agency_id in sorted(by_agency, key=order.__getitem__):
        mine = by_agency[agency_id]
        ctx = _context(repo, mine, [repo.agencies[agency_id]], options)
        letters.append(Letter(file_stem(options.date, agency_id), (agency_id,), len(mine), ctx))
    return letters


# -- wording --------------------------------------------------------------------------------------


def addressee(agency: Agency) -> str:
    return agency.addressee or agency.name


def _collective(agencies: list[Agency]) -> str:
    local = any(a.kind in LOCAL_KINDS for a in agencies)
    other = any(a.kind not in LOCAL_KINDS for a in agencies)
    if local and other:
        return "các cơ quan, đơn vị, địa phương"
    return "các địa phương" if local else "các cơ quan, đơn vị"


def _issuer_lines(name: str) -> list[str]:
    """The issuing body's name in upper case, broken where offices break it."""
    upper = name.upper()
    for head in ("ỦY BAN NHÂN DÂN ", "UỶ BAN NHÂN DÂN ", "HỘI ĐỒNG NHÂN DÂN "):
        if upper.startswith(head) and len(upper) > len(head):
            return [head.strip(), upper[len(head) :]]
    return [upper]


def _issuer_of(repo: Repository, issuer_id: str | None) -> str:
    own = repo.issuer
    if issuer_id is None or issuer_id == own.id:
        return own.short
    agency = repo.agencies.get(issuer_id)
    return agency.name if agency is not None else issuer_id


def _about(subject: str) -> str:
    subject = subject.strip().rstrip(".")
    lowered = subject.lower()
    if lowered.startswith("v/v "):
        subject, lowered = subject[4:].strip(), lowered[4:].strip()
    if lowered.startswith("về "):
        return subject
    return f"về việc {subject}"


def _directive(repo: Repository, a: Assignment) -> dict[str, Any]:
    d = a.directive.model
    kind = DIRECTIVE_KIND_LABELS[d.kind]
    parts = [kind]
    if d.number:
        parts.append(f"số {d.number}")
    if d.issued:
        parts.append(f"ngày {dmy(d.issued)}")
    short = " ".join(parts)
    issuer = _issuer_of(repo, d.issuer)
    citation = f"{short} của {issuer} {_about(d.subject)}"
    return {
        "id": a.directive.id,
        "kind": kind,
        "number": d.number or "",
        "issued": dmy(d.issued) if d.issued else "",
        "issuer": issuer,
        "subject": d.subject,
        "short": short,
        "citation": citation,
        # A document with no number/date is cited by its subject alone (see docs).
        "document": short if d.number else citation,
        "undated": not (d.number and d.issued),
    }


_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_LONG = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


def _names_date(text: str, due: dt.date) -> bool:
    """Does the phrase already write `due` (then repeating it in brackets is noise)?"""
    for m in (*_DMY.finditer(text), *_LONG.finditer(text)):
        day, month, year = (int(g) for g in m.groups())
        if (year, month, day) == (due.year, due.month, due.day):
            return True
    return False


def _deadline(a: Assignment) -> str:
    """The deadline as written, with the date it means: "trong tháng 9/2025 (đến hết ngày ...)"."""
    text = " ".join((a.due_text or "").split())
    due = a.due
    if due is None:  # not reached for overdue/due_soon; kept total for custom uses
        return text or "chưa có thời hạn"
    notes = []
    try:
        dt.date.fromisoformat(text)
        text = f"ngày {dmy(due)}"
    except ValueError:
        if not text:
            text = f"ngày {dmy(due)}"
        elif not _names_date(text, due):
            notes.append(f"đến hết ngày {dmy(due)}")
    extended = [u for u in a.updates if u.kind == "extended" and u.due]
    if extended:
        ref = sorted(extended, key=lambda u: u.date)[-1].ref  # the one in force, as status reads
        notes.append(f"đã gia hạn theo {ref.rstrip('.')}" if ref else "đã gia hạn")
    return f"{text} ({'; '.join(notes)})" if notes else text


def _state(a: Assignment, letter_date: dt.date) -> tuple[str, str]:
    """(in the body, in the table)."""
    if a.status == "overdue":
        n = two(a.days_overdue or 0)
        return f"đã quá hạn {n} ngày", f"Quá hạn {n} ngày"
    left = a.days_left or 0
    if left == 0:
        return f"đến hạn vào ngày {dmy(letter_date)}", "Đến hạn"
    return f"còn {two(left)} ngày đến hạn", f"Sắp đến hạn (còn {two(left)} ngày)"


def _task_text(a: Assignment, with_source: bool) -> str:
    text = a.task.title.strip().rstrip(".;")
    if a.detail:
        text += f", nội dung: “{a.detail.strip().rstrip('.')}”"
    if a.period is not None:
        text += f" (kỳ {a.period.label})"
    if with_source and a.task.source:
        text += f" ({a.task.source})"
    return text


def _names(agencies: list[Agency]) -> str:
    if len(agencies) > MAX_NAMED_IN_BODY:
        who = _collective(agencies).removeprefix("các ")
        return f"{two(len(agencies))} {who} (chi tiết tại Phụ lục kèm theo)"
    return ", ".join(addressee(a) for a in agencies)


def _context(
    repo: Repository, items: list[Assignment], agencies: list[Agency], options: LetterOptions
) -> dict[str, Any]:
    issuer = repo.issuer
    defaults = issuer.letter
    combined = options.combined
    date = options.date

    # Body: directives in the order given, each with its tasks (combined: one line per task,
    # deadline and state, naming the agencies that share it).
    directives: dict[str, dict[str, Any]] = {}
    lines: dict[tuple, dict[str, Any]] = {}
    line_of: list[dict[str, Any]] = []  # the body line of each item
    for a in items:
        d = directives.get(a.directive.id)
        if d is None:
            d = directives[a.directive.id] = _directive(repo, a) | {"tasks": [], "_agencies": []}
        state, _ = _state(a, date)
        key = (a.directive.id, a.task.id, a.period.key if a.period else None, a.detail)
        key += (_deadline(a), state) if combined else (a.agency.id,)
        line = lines.get(key)
        if line is None:
            line = lines[key] = {
                "id": a.task.id,
                "title": a.task.title,
                "text": _task_text(a, with_source=True),
                "source": a.task.source or "",
                "period": a.period.label if a.period is not None else "",
                "detail": a.detail or "",
                "deadline": _deadline(a),
                "due": dmy(a.due) if a.due else "",
                "due_text": a.due_text or "",
                "status": a.status,
                "state": state,
                "days_overdue": a.days_overdue,
                "days_left": a.days_left,
                "_agencies": [],
            }
            d["tasks"].append(line)
        line_of.append(line)
        line["_agencies"].append(a.agency)
        if a.agency not in d["_agencies"]:
            d["_agencies"].append(a.agency)
    for d in directives.values():
        assigned = d.pop("_agencies")
        # Lines name their agencies only when the directive's share here has several.
        d["named"] = len(assigned) > 1
        d["assignee"] = _collective(assigned) if d["named"] else addressee(assigned[0])
        for line in d["tasks"]:
            shared = line.pop("_agencies")
            line["agencies"] = [addressee(ag) for ag in shared]
            line["agencies_text"] = _names(shared)

    # Numbered, dated documents first: a letter opens on what it can cite in full.
    only = sorted(directives.values(), key=lambda d: d["undated"])

    # Table rows: by agency (official order), then in the body's order, so that a task has the
    # same place in both.
    place = {id(line): (i, j) for i, d in enumerate(only) for j, line in enumerate(d["tasks"])}
    order = {aid: i for i, aid in enumerate(repo.agencies)}
    ranked = sorted(
        enumerate(items),
        key=lambda p: (order[p[1].agency.id], place[id(line_of[p[0]])], p[0]),
    )
    rows = []
    for stt, (_, a) in enumerate(ranked, 1):
        d = a.directive.model
        document = _directive(repo, a)["document"]
        if a.task.source:
            document += f" ({a.task.source})"
        rows.append(
            {
                "stt": stt,
                "agency": addressee(a.agency),
                "agency_id": a.agency.id,
                "task": _task_text(a, with_source=False),
                "document": document,
                "number": d.number or "",
                "due": dmy(a.due) if a.due else "",
                "deadline": _deadline(a),
                "state": _state(a, date)[1],
                "status": a.status,
                "ref": a.ref,
            }
        )

    has_overdue = any(a.status == "overdue" for a in items)
    has_due_soon = any(a.status == "due_soon" for a in items)
    names = [addressee(ag) for ag in agencies]
    if combined:
        assignee = f"{_collective(agencies)} có tên nêu trên"
        listed = names if len(names) <= MAX_LISTED_ADDRESSEES else []
        shown = listed or [f"{_collective(agencies).capitalize()} có tên tại Phụ lục kèm theo"]
    else:
        assignee = names[0]
        shown = names
    via = (defaults.via or "").strip()
    report_to = issuer.short
    if via and not (not combined and via in (agencies[0].name, names[0])):
        report_to += f" (qua {via})"

    if len(only) == 1 and only[0]["number"]:
        subject_line = (
            f"V/v đôn đốc thực hiện nhiệm vụ được giao tại {only[0]['kind']} số {only[0]['number']}"
        )
    elif has_overdue and not has_due_soon:
        subject_line = "V/v đôn đốc thực hiện các nhiệm vụ quá hạn"
    else:
        subject_line = "V/v đôn đốc thực hiện các nhiệm vụ được giao"
    if has_overdue and has_due_soon:
        annex_title = "DANH MỤC NHIỆM VỤ QUÁ HẠN, SẮP ĐẾN HẠN"
    elif has_overdue:
        annex_title = "DANH MỤC NHIỆM VỤ QUÁ HẠN"
    else:
        annex_title = "DANH MỤC NHIỆM VỤ SẮP ĐẾN HẠN"

    tasks = "các nhiệm vụ" if len(items) > 1 else "nhiệm vụ"
    if has_overdue and has_due_soon:
        request = (
            "khẩn trương hoàn thành các nhiệm vụ đã quá hạn và bảo đảm hoàn thành đúng thời hạn "
            "các nhiệm vụ sắp đến hạn nêu trên"
        )
    elif has_overdue:
        request = f"khẩn trương tập trung thực hiện, hoàn thành dứt điểm {tasks} nêu trên"
    else:
        request = f"tập trung thực hiện, bảo đảm hoàn thành đúng thời hạn {tasks} nêu trên"

    reply_by = options.reply_by
    if not options.reply_by_fixed:
        reply_by = max([reply_by, *(a.due for a in items if a.status == "due_soon" and a.due)])

    signer = options.signer
    number_text = options.number.strip() if options.number else BLANK_NUMBER
    return {
        "issuer": {
            "id": issuer.id,
            "name": issuer.name,
            "short": issuer.short,
            "place": issuer.place,
            "name_lines": _issuer_lines(issuer.name),
            "parent_upper": issuer.parent.upper() if issuer.parent else "",
        },
        "code": defaults.code,
        "number": options.number.strip() if options.number else "",
        "number_text": number_text,
        "number_line": f"Số: {number_text}/{defaults.code}",
        "subject_line": subject_line,
        "date": dmy(date),
        "date_iso": date.isoformat(),
        "date_line": long_date(issuer.place, date),
        "reply_by": dmy(reply_by),
        "reply_by_iso": reply_by.isoformat(),
        "combined": combined,
        "addressees": shown,
        "assignee": assignee,
        "request": request,
        "report_to": report_to,
        "via": via,
        "directives": only,
        "rows": rows,
        "count": len(items),
        "count_text": two(len(items)),
        "agency_count": len(agencies),
        "has_overdue": has_overdue,
        "has_due_soon": has_due_soon,
        "annex_title": annex_title,
        "annex_note": (
            f"(Kèm theo Công văn số {number_text}/{defaults.code} ngày {dmy(date)} "
            f"của {issuer.short})"
        ),
        "signer": {
            "authority": (signer.authority or "").upper(),
            "title": signer.title.upper(),
            "name": signer.name,
        },
        "cc": list(defaults.cc),
        "archive": defaults.archive.strip().rstrip("."),
    }
