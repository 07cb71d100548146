"""Đôn đốc letters (công văn đôn đốc): which letters to write, and the data that fills them.

Pure: assignments and options in, plain dicts, lists and strings out (what the sandboxed
templates read). No clock, no files. Wording that depends on figures and on what a letter holds
(overdue only, due soon only or both; one task or several; the leading zeros of Nghị định
30/2020/NĐ-CP; numbers kept whole on a line) is built here once, so the Markdown, HTML and Word
letters say exactly the same thing; the frame around it lives in the templates.

The sentences follow real công văn đôn đốc (sources in docs/letter-example.md): "UBND tỉnh đã
giao …", "chưa nhận được báo cáo kết quả thực hiện", "còn 09 ngày nữa là đến hạn", "báo cáo rõ
lý do".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import query
from .errors import DtrackError
from .repository import Repository, name_key
from .roster import Agency
from .status import DEFAULT_WITHIN, Assignment, compute
from .vocabulary import DIRECTIVE_KIND_LABELS, issued_words
from .workdays import WEEKDAY_NAMES

# Which statuses a letter urges: overdue always, due_soon only when asked (--within).
URGED = ("overdue", "due_soon")
# A combined letter with more addressees than this names their groups, or points to the annex.
MAX_LISTED_ADDRESSEES = 10
# A letter to one agency lists up to this many tasks in its body; more go to an annex table.
MAX_IN_BODY = 5
# In an annex row, a group most of whose members are late is named with the few that are not.
MAX_EXCEPTED = 5
LOCAL_KINDS = ("xa", "phuong", "dac-khu")
NBSP = "\u00a0"
NB_HYPHEN = "\u2011"  # NON-BREAKING HYPHEN: "1958/UBND‑NC" never breaks at its hyphen
BLANK_NUMBER = NBSP * 8  # "Số:        /UBND-NC": the văn thư writes the number when issuing
# Left column of the header: ~22 capitals of 13 pt fit its 6.2 cm (measured in Word and
# LibreOffice); longer names break between phrases, never inside one.
HEADER_WIDTH = 22


class LetterError(DtrackError, ValueError):
    """Letters cannot be written as asked (no signer, a malformed --signer...)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class SignerInfo:
    authority: str | None
    title: str
    name: str
    placeholder: bool = False  # agencies.yaml marks the name as a sample, not a real signer


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


@dataclass(frozen=True)
class LeftOut:
    """A directive whose tasks a letter cannot cite, with the reason (shown as a warning)."""

    directive: str
    reason: str
    shares: int


# -- figures and dates ----------------------------------------------------------------------------


def two(n: int) -> str:
    """Counts below 10 take a leading zero, as administrative texts write them ("01 ngày")."""
    return f"{n:02d}"


def dmy(d: dt.date) -> str:
    """05/02/2026, 11/09/2025: one style for every date written in figures in a letter."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def long_date(place: str, d: dt.date) -> str:
    """The place-and-date line, NĐ 30's rule (day < 10 and months 1, 2 take a zero):
    "Thái Nguyên, ngày 05 tháng 02 năm 2026", "ngày 11 tháng 9 năm 2025"."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{place}, ngày {d.day:02d} tháng {month} năm {d.year}"


# A document number: figures, a slash, then a code with hyphens (1958/UBND-NC, 268/NQ-CP,
# 238-CV/TU, 18/2016/QĐ-UBND).
_NUMBER = re.compile(r"\b\d[\w.]*(?:[/-][\w.&]+)*/[\w.&]+(?:-[\w.&]+)*", re.UNICODE)
_SO = re.compile(r"\b([Ss]ố) (?=\d)")


def whole(text: str) -> str:
    """Numbers kept whole on a line: non-breaking hyphens inside "1958/UBND-NC" and a
    non-breaking space between "số" and the number."""
    text = _NUMBER.sub(lambda m: m.group(0).replace("-", NB_HYPHEN), text)
    return _SO.sub(lambda m: m.group(1) + NBSP, text)


def plain(text: str) -> str:
    """`whole` undone, for text that is searched rather than printed (the Markdown letter):
    plain hyphens and spaces; the run of spaces left blank for the number stays."""
    return re.sub(r"(?<!\u00a0)\u00a0(?!\u00a0)", " ", text.replace(NB_HYPHEN, "-"))


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
            "(ví dụ 'KT. CHỦ TỊCH|PHÓ CHỦ TỊCH|Nguyễn Văn B') hoặc 'CHỨC VỤ|Họ và tên'.",
            exit_code=2,
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
    return SignerInfo(signer.authority, signer.title, signer.name, bool(signer.placeholder))


def problems(left_out: list[LeftOut], signer: SignerInfo) -> list[str]:
    """What `remind` warns about (or, with --strict, refuses on): tasks left out, and why; a
    signer marked as a sample."""
    lines = [
        f"văn bản '{x.directive}' {x.reason}: {x.shares} phần việc không đưa vào công văn."
        for x in left_out
    ]
    placeholder = placeholder_warning(signer)
    return [*lines, placeholder] if placeholder else lines


def placeholder_warning(signer: SignerInfo) -> str | None:
    if not signer.placeholder:
        return None
    return (
        f"người ký '{signer.name}' là tên mẫu (placeholder: true trong agencies.yaml), không phải "
        "người ký thật. Ghi họ tên người ký vào issuer.letter.signer (bỏ placeholder) hoặc dùng "
        "--signer 'KT. CHỦ TỊCH|PHÓ CHỦ TỊCH|Họ và tên' trước khi trình ký."
    )


def number_parts(number: str | None, code: str) -> tuple[str, str]:
    """(the number, the ký hiệu) of `--number`: "2801" or the whole "2801/UBND-NC"."""
    if not number or not number.strip():
        return BLANK_NUMBER, code
    number = number.strip()
    if number.lower().startswith("số"):
        number = number[2:].lstrip(" :")
    head, sep, tail = number.partition("/")
    head = head.strip() or BLANK_NUMBER  # "/UBND-KT": the ký hiệu alone, the number left blank
    if sep and tail.strip():
        return head, tail.strip()
    return head, code


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


def _assigner(repo: Repository, issuer_id: str | None) -> str | None:
    """Who assigned a directive's tasks, as a letter of the issuer may say it: the issuer
    itself, or its parent body (listed in agencies.yaml under the name `issuer.parent`); None
    for any other body."""
    own = repo.issuer
    if issuer_id is None or issuer_id == own.id:
        return own.short
    agency = repo.agencies.get(issuer_id)
    if agency is not None and own.parent and _same(agency.name, own.parent):
        return agency.name
    return None


def _same(a: str, b: str) -> bool:
    return name_key(a) == name_key(b)


def uncitable(repo: Repository, directive) -> str | None:
    """Why a letter cannot cite this directive (None when it can)."""
    d = directive.model
    # A draft assigns nothing until issued; a number lost in transcription cannot be cited
    # either: the office adds it (number, issued) first.
    if not d.number and not d.issued:
        return "chưa có số, ký hiệu và ngày ban hành (dự thảo, hoặc dữ liệu còn thiếu)"
    if not d.number:
        return "chưa có số, ký hiệu"
    if not d.issued:
        return "chưa có ngày ban hành"
    if _assigner(repo, d.issuer) is None:
        agency = repo.agencies.get(d.issuer)
        who = agency.name if agency is not None else d.issuer
        return (
            f"do {who} ban hành, không phải {repo.issuer.short}"
            + (f" hay {repo.issuer.parent}" if repo.issuer.parent else "")
            + "; công văn đôn đốc không trích dẫn văn bản của cơ quan khác như văn bản của mình"
        )
    return None


def split_citable(repo: Repository, items: list[Assignment]):
    """(the items a letter can cite, what is left out and why), in the given order."""
    kept, left, reasons = [], {}, {}
    for a in items:
        ident = a.directive.id
        if ident not in reasons:
            reasons[ident] = uncitable(repo, a.directive)
        if reasons[ident] is None:
            kept.append(a)
        else:
            left[ident] = left.get(ident, 0) + 1
    return kept, [LeftOut(i, reasons[i], n) for i, n in left.items()]


@dataclass(frozen=True)
class ReminderRequest:
    """What `dtrack remind` is asked for, its options already parsed."""

    date: dt.date  # the letter date; statuses are computed at this day too
    within: int | None = None  # also the shares due within N days
    agencies: tuple[str, ...] = ()
    directives: tuple[str, ...] = ()
    signer: str | None = None  # --signer as written; None: agencies.yaml's
    reply_by: dt.date | None = None  # None: the letter date + reply_days working days
    number: str | None = None
    combined: bool = False


@dataclass(frozen=True)
class Reminder:
    """The letters to write and what the clerk should be told about them."""

    letters: list[Letter]
    items: list[Assignment]  # the shares the letters urge
    left_out: list[LeftOut]  # directives a letter cannot cite, with why
    problems: list[str]  # left-out directives and a placeholder signer: warnings, or --strict
    signing_warning: str | None  # the letter date is a day off


def prepare(repo: Repository, request: ReminderRequest, calendar) -> Reminder:
    """Everything `dtrack remind` decides, from the data at the letter date: which shares, which
    of them a letter may cite, the signer, the reply date, the letters. LetterError (exit 2) for
    options that do not fit together; QueryError for a name not in the data."""
    signer = resolve_signer(repo, request.signer)
    items = gather(repo, request.date, request.within, list(request.agencies),
                   list(request.directives))  # fmt: skip
    reply_on = request.reply_by
    if reply_on is None:
        reply_on = default_reply_by(request.date, repo.issuer.letter.reply_days, calendar)
    items, left_out = split_citable(repo, items)
    options = LetterOptions(
        request.date,
        reply_on,
        signer,
        request.number,
        request.combined,
        reply_by_fixed=request.reply_by is not None,
    )
    letters = plan(repo, items, options) if items else []
    if request.number and len(letters) > 1:
        raise LetterError(
            f"--number chỉ dùng khi viết một công văn (thêm --combined, hoặc chọn một --agency); "
            f"lần này có {len(letters)} công văn.",
            exit_code=2,
        )
    found = problems(left_out, signer)
    if not letters:
        # The signer and the signing day matter only to a letter that is written: a day with
        # nothing to urge is no problem, even with --strict.
        found = [p for p in found if p != placeholder_warning(signer)]
    return Reminder(
        letters,
        items,
        left_out,
        found,
        signing_day_warning(request.date, calendar) if letters else None,
    )


def nothing_written(reminder: Reminder, within: int | None, letter_date: dt.date) -> str:
    """Why no letter is written: every share to urge is in a directive no letter may cite, or
    there is no share to urge."""
    if reminder.left_out:
        return (
            "Không viết công văn nào: các nhiệm vụ cần đôn đốc đều thuộc văn bản không trích "
            "dẫn được (xem cảnh báo)."
        )
    what = "quá hạn" if within is None else f"quá hạn hoặc đến hạn trong {within} ngày tới"
    return (
        f"Không có nhiệm vụ {what} nào cần đôn đốc (tính đến ngày {letter_date:%d/%m/%Y}); "
        "không viết công văn nào."
    )


def written(reminder: Reminder, combined: bool, formats: list[str], folder: Path) -> str:
    """What was written: how many letters, about how many shares of how many agencies."""
    kind = "công văn đôn đốc chung" if combined else "công văn đôn đốc"
    items = reminder.items
    return (
        f"Đã viết {len(reminder.letters)} {kind} ({', '.join(formats)}) về {len(items)} phần "
        f"việc của {len({a.agency.id for a in items})} cơ quan, vào thư mục {folder}."
    )


def plan(repo: Repository, items: list[Assignment], options: LetterOptions) -> list[Letter]:
    """One letter per lead agency (official order), or one combined letter to all of them.
    `items` are citable (split_citable)."""
    if not items:
        return []
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


# Phrases a header line never breaks inside ("ỦY BAN NHÂN DÂN", then "TỈNH THÁI NGUYÊN"), and
# the words a place name starts with, where a line may break.
_HEADS = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "VĂN PHÒNG")
_PLACES = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "XÃ", "PHƯỜNG", "ĐẶC KHU")


def header_lines(name: str, width: int = HEADER_WIDTH) -> list[str]:
    """A body's name in capitals, in as few lines of at most `width` characters as its phrases
    allow, broken where offices break it: "ỦY BAN NHÂN DÂN" / "TỈNH THÁI NGUYÊN",
    "VĂN PHÒNG" / "ỦY BAN NHÂN DÂN TỈNH"."""
    upper = " ".join(name.upper().split())
    phrases, rest = [], upper
    while rest:
        for head in _HEADS:
            if rest.startswith(head + " ") or rest == head:
                phrases.append(head)
                rest = rest[len(head) :].strip()
                break
        else:
            marks = [f" {h} " for h in (*_HEADS, *_PLACES)] + [f" {h}" for h in _HEADS]
            cut = min(
                (i for m in marks if (i := (rest + " ").find(m)) >= 0 and i < len(rest)),
                default=-1,
            )
            if cut < 0:
                phrases.append(rest)
                rest = ""
            else:
                phrases.append(rest[:cut])
                rest = rest[cut + 1 :]
    lines: list[str] = []
    for phrase in phrases:
        if lines and len(lines[-1]) + 1 + len(phrase) <= width:
            lines[-1] += " " + phrase
        else:
            lines.extend(_fill(phrase, width))
    return lines


def parent_lines(name: str, width: int = HEADER_WIDTH) -> list[str]:
    """The parent body's line: NĐ 30 (Phụ lục I) lets it shorten "Ủy ban nhân dân" to "UBND",
    which keeps "UBND TỈNH THÁI NGUYÊN" on one line above the issuer's name."""
    lines = header_lines(name, width)
    if len(lines) > 1:
        upper = " ".join(name.upper().split())
        for head in _HEADS[:3]:
            if upper.startswith(head + " "):
                short = {"HỘI ĐỒNG NHÂN DÂN": "HĐND"}.get(head, "UBND")
                shortened = header_lines(short + upper[len(head) :], width)
                return shortened if len(shortened) == 1 else lines
    return lines


def _fill(phrase: str, width: int) -> list[str]:
    """A phrase longer than a line, broken between words, the first line the longest."""
    words, lines = phrase.split(), [""]
    for w in words:
        if lines[-1] and len(lines[-1]) + 1 + len(w) > width:
            lines.append(w)
        else:
            lines[-1] = f"{lines[-1]} {w}".strip()
    return lines


def _about(subject: str | None) -> str:
    if not subject:  # lost with the header: cited by its number and date alone
        return ""
    subject = subject.strip().rstrip(".")
    lowered = subject.lower()
    if lowered.startswith("v/v "):
        subject, lowered = subject[4:].strip(), lowered[4:].strip()
    if lowered.startswith("về "):
        return subject
    return f"về việc {subject}"


def _directive(repo: Repository, a: Assignment) -> dict[str, Any]:
    """How a citable directive is cited (it has a number and a date: see uncitable)."""
    d = a.directive.model
    kind = DIRECTIVE_KIND_LABELS[d.kind]
    # `issued: 2025-09`: "tháng 9/2025", never a day that is not known
    day = issued_words(d.issued, True) if d.issued_month else f"ngày {dmy(d.issued)}"
    short = f"{kind} số {d.number} {day}"
    assigner = _assigner(repo, d.issuer)
    return {
        "id": a.directive.id,
        "kind": kind,
        "number": d.number,
        "issued": dmy(d.issued),
        "assigner": assigner,
        "subject": d.subject,
        "short": short,
        "citation": f"{short} của {assigner} {_about(d.subject)}".rstrip(),
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


def _padded(text: str) -> str:
    """Dates in figures in the one style of the letter: "20/9/2025" -> "20/09/2025"."""
    return _DMY.sub(lambda m: f"{int(m[1]):02d}/{int(m[2]):02d}/{m[3]}", text)


def _deadline(a: Assignment) -> str:
    """The deadline as written (its dates in the letter's style), with the date it means:
    "trong tháng 9/2025 (đến hết ngày 30/09/2025)"."""
    text = _padded(" ".join((a.due_text or "").split()))
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
        notes.append(f"đã gia hạn theo {_padded(ref.rstrip('.'))}" if ref else "đã gia hạn")
    return f"{text} ({'; '.join(notes)})" if notes else text


def _state(a: Assignment, letter_date: dt.date) -> tuple[str, str]:
    """(in the body, in the table)."""
    if a.status == "overdue":
        n = two(a.days_overdue or 0)
        return f"đã quá hạn {n} ngày", f"Quá hạn {n}{NBSP}ngày"  # "15 ngày" on one line
    left = a.days_left or 0
    if left == 0:
        return f"đến hạn vào ngày {dmy(letter_date)}", "Đến hạn hôm nay"
    return f"còn {two(left)} ngày nữa là đến hạn", f"Còn {two(left)} ngày đến hạn"


def _task_text(a: Assignment, with_source: bool) -> str:
    text = a.task.title.strip().rstrip(".;")
    if a.detail:
        text += f", nội dung: “{a.detail.strip().rstrip('.')}”"
    if a.period is not None:
        text += f" (kỳ {a.period.label})"
    if with_source and a.task.source:
        text += f" ({a.task.source})"
    return text


def _task_key(a: Assignment) -> tuple:
    return (a.directive.id, a.task_id, a.period.key if a.period else None, a.detail)


def _who(repo: Repository, late: list[Agency], groups: tuple[str, ...]) -> str:
    """The lead agencies of one annex row: a group named once when all (or all but a few) of
    its members are late, the others by name, in the official order."""
    left = {ag.id: ag for ag in late}
    parts = []
    for gid in groups:
        members = repo.members.get(gid, ())
        in_late = [m for m in members if m in left]
        missing = [m for m in members if m not in left]
        if not in_late:
            continue
        name = repo.groups[gid].name if gid in repo.groups else gid
        if not missing:
            parts.append(name)
        elif _mostly(len(in_late), len(missing)):
            except_names = ", ".join(repo.agencies[m].name for m in missing)
            parts.append(f"{name} (trừ {except_names})")
        else:
            continue
        for m in in_late:
            left.pop(m, None)
    order = {aid: i for i, aid in enumerate(repo.agencies)}
    rest = sorted(left.values(), key=lambda ag: order[ag.id])
    parts.extend(ag.name for ag in rest)
    return "; ".join(parts)


def _mostly(named: int, missing: int) -> bool:
    """A group stands for its members when all, or all but a few, are meant."""
    return named > 0 and missing <= MAX_EXCEPTED and named > 2 * missing


def _cover(repo: Repository, agencies: list[Agency]) -> list[str] | None:
    """The addressees of a combined letter as few lines as the groups allow: each group all of
    whose members are addressed, then the others by name; None if that is still too many."""
    left = {ag.id for ag in agencies}
    lines = []
    for gid, group in repo.groups.items():
        members = set(repo.members.get(gid, ()))
        if len(members) > 1 and _mostly(len(members & left), len(members - left)):
            lines.append(group.name)  # the annex names the members it excepts
            left -= members
    names = [addressee(ag) for ag in agencies if ag.id in left]
    if len(lines) + len(names) > MAX_LISTED_ADDRESSEES:
        return None
    return lines + names


def _cited(cited: list[dict[str, Any]]) -> str:
    """The directives of an annex letter: one with its subject; several by number and date,
    grouped by who issued them."""
    if len(cited) == 1:
        return cited[0]["citation"]
    by: dict[str, list[str]] = {}
    for d in cited:
        by.setdefault(d["assigner"], []).append(d["short"])
    return "; ".join(f"{', '.join(shorts)} của {who}" for who, shorts in by.items())


def _report_to(items: list[Assignment], assigner: str) -> str:
    """ "Chủ tịch UBND tỉnh" when every task asks its report of the Chủ tịch; else the body
    that assigned the tasks."""
    asked = [(a.task.report_to or "") for a in items]
    if asked and all("chủ tịch" in r.lower() for r in asked):
        return f"Chủ tịch {assigner}"
    return assigner


def _context(
    repo: Repository, items: list[Assignment], agencies: list[Agency], options: LetterOptions
) -> dict[str, Any]:
    issuer = repo.issuer
    defaults = issuer.letter
    combined = options.combined
    date = options.date

    # The directives, in the order the items give them, and their tasks (one line per task,
    # period, detail and state: a group task late for 108 agencies is one line).
    directives: dict[str, dict[str, Any]] = {}
    lines: dict[tuple, dict[str, Any]] = {}
    for a in items:
        d = directives.get(a.directive.id)
        if d is None:
            d = directives[a.directive.id] = _directive(repo, a) | {"tasks": [], "_ags": []}
        state, label = _state(a, date)
        key = (*_task_key(a), _deadline(a), state)
        line = lines.get(key)
        if line is None:
            line = lines[key] = {
                "id": a.task_id,
                "title": a.task.title,
                "text": _task_text(a, with_source=True),
                "task": _task_text(a, with_source=False),
                "source": a.task.source or "",
                "period": a.period.label if a.period is not None else "",
                "detail": a.detail or "",
                "deadline": _deadline(a),
                "due": dmy(a.due) if a.due else "",
                "status": a.status,
                "state": state,
                "state_label": label,
                "_ags": [],
                "_groups": a.lead_groups,
                "_order": (a.task_index, a.period.key if a.period else ""),
            }
            d["tasks"].append(line)
        line["_ags"].append(a.agency)
        if a.agency not in d["_ags"]:
            d["_ags"].append(a.agency)

    tasks = {_task_key(a) for a in items}
    one = len(tasks) == 1
    has_overdue = any(a.status == "overdue" for a in items)
    has_due_soon = any(a.status == "due_soon" for a in items)
    mode = "both" if has_overdue and has_due_soon else "overdue" if has_overdue else "due_soon"
    annex = combined or len(lines) > MAX_IN_BODY
    count_overdue = len({_task_key(a) for a in items if a.status == "overdue"})
    count_due_soon = len({_task_key(a) for a in items if a.status == "due_soon"})

    cited = list(directives.values())
    assigners = list(dict.fromkeys(d["assigner"] for d in cited))
    assigner = " và ".join(assigners)
    own = assigners == [issuer.short]

    # Addressees and the one the request names.
    names = [addressee(ag) for ag in agencies]
    if combined:
        shown = (names if len(names) <= MAX_LISTED_ADDRESSEES else None) or _cover(repo, agencies)
        if shown is None:
            shown = [f"{_collective(agencies).capitalize()} có tên tại Phụ lục kèm theo"]
        assignee = f"{_collective(agencies)} nêu trên"
    else:
        shown = names
        assignee = names[0]

    # Body lines and annex rows.
    rows = []
    for d in cited:
        d["tasks"].sort(key=lambda line: line["_order"])  # the directive's own order
        ags = d.pop("_ags")
        d["assignee"] = assignee if combined else addressee(ags[0])
        d["one"] = len(d["tasks"]) == 1
        for line in d["tasks"]:
            late = line.pop("_ags")
            groups = line.pop("_groups")
            del line["_order"]
            line["agencies"] = [addressee(ag) for ag in late]
            line["who"] = _who(repo, late, groups)
            document = d["short"] + (f" ({line['source']})" if line["source"] else "")
            rows.append(
                {
                    "stt": len(rows) + 1,
                    "agency": line["who"],
                    "task": line["task"],
                    "document": document,
                    "due": line["due"],
                    "deadline": line["deadline"],
                    "state": line["state_label"],
                    "status": line["status"],
                }
            )

    tasks_word = "nhiệm vụ" if one else "các nhiệm vụ"
    if len(cited) == 1 and not annex:
        subject_line = (
            f"V/v đôn đốc thực hiện {tasks_word} được giao tại "
            f"{cited[0]['kind']} số {cited[0]['number']}"
        )
    else:
        what = {"overdue": "quá hạn", "due_soon": "sắp đến hạn", "both": "quá hạn, sắp đến hạn"}
        subject_line = f"V/v đôn đốc thực hiện {tasks_word} {what[mode]}"
    annex_title = {
        "overdue": "DANH MỤC NHIỆM VỤ QUÁ HẠN",
        "due_soon": "DANH MỤC NHIỆM VỤ SẮP ĐẾN HẠN",
        "both": "DANH MỤC NHIỆM VỤ QUÁ HẠN, SẮP ĐẾN HẠN",
    }[mode]

    # What the letter finds on its date.
    day = dmy(date)
    receiver = issuer.short
    if annex:
        found = []
        if count_overdue:
            found.append(
                f"{two(count_overdue)} nhiệm vụ đã quá hạn nhưng {receiver} chưa nhận được báo "
                "cáo kết quả thực hiện"
            )
        if count_due_soon:
            found.append(f"{two(count_due_soon)} nhiệm vụ sắp đến hạn")
        situation = (
            f"Qua theo dõi, đến ngày {day}, còn {'; '.join(found)} (chi tiết tại Phụ lục kèm theo)."
        )
    elif one:
        (line,) = lines.values()
        if has_overdue:
            situation = (
                f"Đến ngày {day}, nhiệm vụ trên {line['state']} nhưng {receiver} chưa nhận được "
                "báo cáo kết quả thực hiện."
            )
        elif (items[0].days_left or 0) == 0:
            situation = f"Ngày {day} là hạn cuối thực hiện nhiệm vụ trên."
        else:
            situation = f"Đến ngày {day}, nhiệm vụ trên {line['state']}."
    elif mode == "overdue":
        situation = (
            f"Đến ngày {day}, các nhiệm vụ trên đã quá hạn nhưng {receiver} chưa nhận được báo "
            "cáo kết quả thực hiện."
        )
    elif mode == "due_soon":
        situation = f"Đến ngày {day}, các nhiệm vụ trên sắp đến hạn hoàn thành."
    else:
        situation = (
            f"Đến ngày {day}, {receiver} chưa nhận được báo cáo kết quả thực hiện các nhiệm vụ "
            "đã quá hạn nêu trên."
        )

    # What it asks.
    where = "nêu tại Phụ lục kèm theo" if annex else "nêu trên"
    if mode == "both":
        action = (
            f"khẩn trương hoàn thành các nhiệm vụ đã quá hạn, bảo đảm hoàn thành đúng thời hạn "
            f"các nhiệm vụ sắp đến hạn {where}"
        )
    elif mode == "overdue":
        action = f"khẩn trương thực hiện, hoàn thành dứt điểm {tasks_word} {where}"
    else:
        action = f"tập trung thực hiện, bảo đảm hoàn thành {tasks_word} {where} đúng thời hạn"
    via = (defaults.via or "").strip()
    report_to = _report_to(items, assigners[0] if len(assigners) == 1 else issuer.short)
    via_is_addressee = via and any(
        _same(via, n) for ag in agencies for n in (ag.name, addressee(ag))
    )
    if via and not (not combined and via_is_addressee):
        report_to += f" (qua {via})"
    reply_by = options.reply_by
    if not options.reply_by_fixed:
        reply_by = max([reply_by, *(a.due for a in items if a.status == "due_soon" and a.due)])
    verb = "yêu cầu" if own else "đề nghị"
    request = (
        f"Để bảo đảm tiến độ thực hiện nhiệm vụ được giao, {issuer.short} {verb} {assignee} "
        f"{action}; báo cáo kết quả thực hiện bằng văn bản về {report_to} trước ngày "
        f"{dmy(reply_by)}"
    )
    if has_overdue:
        request += (
            "; trường hợp chưa hoàn thành, đề nghị báo cáo rõ lý do, khó khăn, vướng mắc và đề "
            "xuất thời hạn hoàn thành"
        )

    cc = list(defaults.cc)
    own_office = via and (_same(via, issuer.short) or _same(via, issuer.name))
    if via and not via_is_addressee and not own_office and not any(_same(via, c) for c in cc):
        cc.append(f"{via} (để theo dõi, tổng hợp)")

    number, code = number_parts(options.number, defaults.code)
    number_line = f"Số: {number}/{code}"
    signer = options.signer
    context = {
        "issuer": {
            "id": issuer.id,
            "name": issuer.name,
            "short": issuer.short,
            "place": issuer.place,
            "name_lines": header_lines(issuer.name),
            "parent_lines": parent_lines(issuer.parent) if issuer.parent else [],
        },
        "code": code,
        "number": number.strip(NBSP),
        "number_line": number_line,
        "subject_line": subject_line,
        "date": day,
        "date_iso": date.isoformat(),
        "date_line": long_date(issuer.place, date),
        "reply_by": dmy(reply_by),
        "reply_by_iso": reply_by.isoformat(),
        "combined": combined,
        "annex": annex,
        "mode": mode,
        "one": one,
        "addressees": shown,
        "assignee": assignee,
        "assigner": assigner,
        "cited": _cited(cited),
        "several_cited": len(cited) > 1,
        "situation": situation,
        "request": request,
        "report_to": report_to,
        "via": via,
        "directives": cited,
        "rows": rows,
        "count": len(lines),
        "count_text": two(len(lines)),
        "agency_count": len(agencies),
        "has_overdue": has_overdue,
        "has_due_soon": has_due_soon,
        "annex_title": annex_title,
        "annex_note": f"(Kèm theo Công văn số {number}/{code} ngày {day} của {issuer.short})",
        "signer": {
            "authority": (signer.authority or "").upper(),
            "title": signer.title.upper(),
            "name": signer.name,
        },
        "cc": cc,
        "archive": defaults.archive.strip().rstrip("."),
    }
    context = _keep_whole(context)
    for row in context["rows"]:
        # In a narrow table cell "số" may end a line: bound to the number, "số 1958/UBND‑NC"
        # is wider than the column and the word processor breaks it anywhere.
        row["document"] = row["document"].replace(f"số{NBSP}", "số ")
    return context


def _keep_whole(value: Any) -> Any:
    """Every text of the context with its numbers kept whole (see `whole`)."""
    if isinstance(value, str):
        return whole(value)
    if isinstance(value, dict):
        return {k: _keep_whole(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_keep_whole(v) for v in value]
    return value
