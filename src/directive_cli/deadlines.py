"""Reading the deadlines written in Vietnamese directives.

`read_deadline` turns a phrase as a directive writes it ("trước ngày 20/9/2025", "trong quý
III/2025", "Tháng 11 - 12/2025", "trước ngày 15/12" in a document issued 20/10/2025, "trong 10
ngày kể từ ngày nhận được văn bản", "sau khi Bộ Tài chính ban hành hướng dẫn"…) and the
document's date of issue into a `Reading`: the date it means, or the kind of deadline that is
kept as written, with the start of a range, the period of a recurring duty, urgency, and how it
was read (in Vietnamese). `parse_deadline` gives the short `Deadline` the status rules keep.
Recurring obligations ("trước ngày 20 hằng tháng") go through `recurring_rule` and the periods
of `iter_periods`. A phrase that carries numbers that look like a date but cannot be read is a
`DeadlineError`: a date is never guessed.
docs/deadlines.md explains every form to clerks.

This module imports only the standard library: the holiday calendar (`holidays`) is loaded by
`WorkCalendar` the first time a phrase counted from the signing date needs it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from .errors import DtrackError
from .workdays import MAX_WORKING_DAYS, WEEKDAY_NAMES, WorkCalendar, default_calendar

__all__ = [
    "ACCEPTED_FORMS",
    "EVERY",
    "Deadline",
    "DeadlineError",
    "Period",
    "Reading",
    "RecurringRule",
    "check_every",
    "count_from",
    "describe",
    "describe_repeat",
    "iter_periods",
    "parse_deadline",
    "parse_period",
    "period_containing",
    "read_deadline",
    "recurring_rule",
]

KIND_DATE = "date"
KIND_ONGOING = "ongoing"
KIND_NONE = "no_deadline"
KIND_CONDITIONAL = "conditional"  # due when a condition is met: kept as written, listed apart
KIND_EVENT = "event"  # counted from an event whose date an update gives: waiting until then
KIND_RECURRING = "recurring"  # a fixed day in each period, from the date of issue

EVERY = ("month", "quarter", "half-year", "year")
EVERY_LABELS = {
    "week": "hằng tuần",
    "month": "hằng tháng",
    "quarter": "hằng quý",
    "half-year": "6 tháng một lần",
    "year": "hằng năm",
}
_MONTHS_PER = {"month": 1, "quarter": 3, "half-year": 6, "year": 12}
# every: N-months / N-years ("2-years": định kỳ hai năm một lần), periods counted from `from`.
_RE_EVERY_N = re.compile(r"(?P<n>[0-9]{1,2})-(?P<unit>months|years)")
_MAX_EVERY_N = {"months": 60, "years": 10}
_ROMAN = ("I", "II", "III", "IV")
_ROMAN_VALUE = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# Bounds that keep typos from becoming deadlines (and arithmetic from overflowing).
MIN_YEAR, MAX_YEAR = 1900, 2100
_MAX_RELATIVE = {"day": 3660, "week": 520, "month": 120, "year": 10, "workday": MAX_WORKING_DAYS}
_MAX_PHRASE = 400

ACCEPTED_FORMS: list[str] = [
    "một ngày cụ thể: 'trước ngày 20/9/2025', 'chậm nhất ngày 20/9/2025', "
    "'trước 17h00 ngày 20/9/2025', '20/9/2025', '20.9.2025', '20-9-2025', "
    "'ngày 20 tháng 9 năm 2025', '2025-09-20'",
    "một tháng: 'trong tháng 9/2025', 'tháng 9 năm 2025' (ngày cuối tháng); "
    "'đầu tháng 10/2025', 'giữa tháng 10/2025', 'cuối tháng 10/2025'",
    "một quý: 'trong quý III/2025', 'quý 3/2025', 'quý III năm 2025' (ngày cuối quý)",
    "nửa năm: '6 tháng đầu năm 2026', '6 tháng cuối năm 2026'",
    "một năm: 'trong năm 2025', 'năm 2025', 'cả năm 2025', 'cuối năm 2025' (31/12); "
    "'đầu năm 2026' (1/1), 'giữa năm 2026' (30/6)",
    "tính từ ngày ký: 'trong 15 ngày kể từ ngày ký', 'trong vòng 15 ngày kể từ ngày ban hành', "
    "'trong 10 ngày làm việc kể từ ngày ký' (cũng tính theo tuần, tháng)",
    "định kỳ (chỉ dùng cùng 'repeat'): 'trước ngày 20 hằng tháng', "
    "'trước ngày 15 của tháng cuối quý', 'trước ngày 15 của tháng cuối kỳ', "
    "'trước ngày 15/6 và 15/12', 'trước ngày 15/12 hằng năm'",
    "nhiệm vụ thường xuyên: 'thường xuyên', 'hằng ngày', 'từ ngày 01/7/2025' (từ ngày đó)",
    "không có thời hạn: để trống, 'khẩn trương', 'kịp thời', 'ngay'",
]


class DeadlineError(DtrackError, ValueError):
    """A deadline that cannot be read. `str(e)` is a Vietnamese message naming the phrase."""

    def __init__(self, message: str, phrase: str | None = None) -> None:
        super().__init__(message)
        self.phrase = phrase


@dataclass(frozen=True, slots=True)
class Deadline:
    text: str | None  # the phrase as written (NFC, stripped); None when absent
    due: date | None  # the date it means; None when it names none (or waits for an event)
    kind: str  # "date" | "ongoing" | "no_deadline" | "conditional" | "event" | "recurring"
    urgent: bool = False  # khẩn trương / ngay / sớm
    start: date | None = None  # a range's first day
    year_from_issued: bool = False  # the year was taken from the date of issue


@dataclass(frozen=True, slots=True)
class Period:
    key: str  # "2025-10", "2025-Q4", "2025-H2", "2025", "2025-W40"
    label: str  # "tháng 10/2025", "quý IV/2025", "6 tháng cuối năm 2025", "năm 2025"
    start: date
    end: date
    unit: str | None = None  # the `every` of a week or N-months / N-years period

    @property
    def every(self) -> str:
        return self.unit or _key_every(self.key)


# --------------------------------------------------------------------------- small helpers


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _clamped(year: int, month: int, day: int) -> date:
    # A day beyond the month's length means the month's last day (Bộ luật Dân sự, Điều 148).
    return date(year, month, min(day, _days_in_month(year, month)))


def _add_months(d: date, months: int) -> date:
    total = d.year * 12 + d.month - 1 + months
    return _clamped(total // 12, total % 12 + 1, d.day)


def _last_day(year: int, month: int) -> date:
    return date(year, month, _days_in_month(year, month))


def _short(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "…"


class _Invalid(Exception):
    """A readable phrase that names something impossible; turned into a DeadlineError."""


def _check_year(y: int) -> None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise _Invalid(f"năm {y} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}")


def _check_month(m: int) -> None:
    if not 1 <= m <= 12:
        raise _Invalid(f"tháng {m} không tồn tại (tháng chỉ từ 1 đến 12)")


def _make_date(y: int, m: int, d: int) -> date:
    _check_year(y)
    _check_month(m)
    dim = _days_in_month(y, m)
    if d < 1:
        raise _Invalid(f"ngày {d}/{m}/{y} không tồn tại (ngày trong tháng bắt đầu từ 1)")
    if d > dim:
        month = f"tháng 2 năm {y}" if m == 2 else f"tháng {m}"
        raise _Invalid(f"ngày {d}/{m}/{y} không tồn tại ({month} chỉ có {dim} ngày)")
    return date(y, m, d)


def _check_time(hh: str | None, mm: str | None) -> None:
    if hh is None:
        return
    h, m = int(hh), int(mm or 0)
    if h > 24 or m > 59 or (h == 24 and m):
        raise _Invalid(f"giờ {h}h{m:02d} không tồn tại")


def _quarter_number(token: str) -> int:
    q = _ROMAN_VALUE.get(token) if not token.isdigit() else int(token)
    if q is None or not 1 <= q <= 4:
        raise _Invalid(f"quý {token.upper()} không tồn tại (quý chỉ từ I đến IV)")
    return q


# --------------------------------------------------------------------------- normalisation

_WS = re.compile(r"\s+")  # tiny, used by every call
_EDGE = "\"'“”‘’*_`«»"
_TRAIL = ".,;:!…" + _EDGE


_EMPHASIS = re.compile(r"[*_`]+")  # Markdown emphasis left over from a conversion
# A cited document ("Văn bản số 15473/BXD-TTCNTT ngày 18/12/2025"): its date of issue is not a
# deadline, so it is dropped, and its number (it holds letters, a date none) is no date either.
_CITATION = re.compile(
    r"(?P<doc>(?<!\w)(?:văn bản|công văn|quyết định|chỉ thị|kế hoạch|thông báo|kết luận"
    r"|nghị quyết|nghị định|thông tư(?: liên tịch)?|công điện|tờ trình|báo cáo|chương trình"
    r"|hướng dẫn)\s+(?:số\s+)?(?=[0-9][0-9./\-]*[a-zđ])[0-9][0-9a-zđ./\-]*[0-9a-zđ])"
    r"(?:\s*,?\s*ngày\s+[0-9]{1,2}(?:\s*[/.\-]\s*[0-9]{1,2}(?:\s*[/.\-]\s*[0-9]{4})?"
    r"|\s+tháng\s+[0-9]{1,2}(?:\s*,?\s*năm\s+[0-9]{4})?))?"
)


# A term of office ("nhiệm kỳ 2026 - 2031") names a body, not a deadline: it ends when the next
# one is elected (the 2021 - 2026 councils ended in March 2026), never on a 31 December.
_TERM = re.compile(r"(?<!\w)(nhiệm kỳ)\s+[0-9]{4}\s*-\s*[0-9]{4}(?![0-9])")


def _normalise(text: str) -> str:
    s = unicodedata.normalize("NFC", text).lower()
    s = unicodedata.normalize("NFC", s)
    s = s.replace("–", "-").replace("—", "-").replace("\u2010", "-").replace("\u2011", "-")
    s = _EMPHASIS.sub("", s)
    s = _WS.sub(" ", s).strip(" " + _EDGE)
    s = _CITATION.sub(r"\g<doc>", s)
    s = _TERM.sub(r"\1", s)
    while True:
        before = s
        # A trailing full stop, comma or "./" (the end of a directive's text) is not part of it.
        while s and (s[-1] in _TRAIL or s.endswith("./")):
            s = s[:-2] if s.endswith("./") else s[:-1]
            s = s.rstrip(" " + _EDGE)
        # Nor are parentheses around the whole phrase: "(2026 trở đi)".
        if s.startswith("(") and s.endswith(")") and "(" not in s[1:-1] and ")" not in s[1:-1]:
            s = s[1:-1].strip(" " + _EDGE)
        if s == before:
            return s


# --------------------------------------------------------------------------- grammar

_N = r"[0-9]"
_DMY = rf"(?P<d>{_N}{{1,2}})\s*(?P<sep>[/.\-])\s*(?P<m>{_N}{{1,2}})\s*(?P=sep)\s*(?P<y>{_N}{{4}})"
_WORDS = rf"(?P<wd>{_N}{{1,2}})\s+tháng\s+(?P<wm>{_N}{{1,2}})\s*,?\s*năm\s+(?P<wy>{_N}{{4}})"
_ISO = rf"(?P<iy>{_N}{{4}})-(?P<im>{_N}{{1,2}})-(?P<id>{_N}{{1,2}})"
_TIME = rf"(?:lúc\s+)?(?P<hh>{_N}{{1,2}})\s*(?:h|giờ|:)\s*(?:(?P<mm>{_N}{{1,2}})\s*(?:phút|p)?)?"
# Words before a named day: all of them make that day the last day.
_DAY_PREP = (
    r"(?:trước|chậm nhất(?: là| vào| trong| trước| đến)?|muộn nhất(?: là| vào)?|hạn chót(?: là)?|"
    r"hạn cuối(?: là)?|không muộn hơn|đến(?: hết)?|hết|vào(?: dịp)?|trong|trước hoặc (?:trong|vào))"
)
# Words before a month, quarter, half-year or year ("trước tháng 10" is ambiguous: refused).
_PERIOD_PREP = (
    r"(?:trong(?: vòng)?|chậm nhất(?: là| vào| trong)?|muộn nhất(?: là| trong)?|"
    r"hạn chót(?: là)?|đến hết|hết|vào|trước hoặc trong)"
)
_REL_PREP = (
    r"(?:trong(?: vòng| thời hạn| thời gian| phạm vi)?|chậm nhất(?: là| sau| trong(?: vòng)?)?|"
    r"không quá|tối đa|thời hạn)"
)
_YEAR_TAIL = rf"\s*(?:[/.\-]\s*|\s+năm\s+)(?P<y>{_N}{{4}})"


class _LazyRe:
    """A regex compiled on first use: compiling the grammar costs ~15 ms, which `dtrack --help`
    and commands that read no deadline should not pay at import."""

    __slots__ = ("_pattern", "_re")

    def __init__(self, pattern: str) -> None:
        self._pattern = pattern
        self._re: re.Pattern[str] | None = None

    def __getattr__(self, name: str):
        compiled = self._re
        if compiled is None:
            compiled = self._re = re.compile(self._pattern)
        return getattr(compiled, name)


def _c(pattern: str) -> re.Pattern[str]:
    return _LazyRe(pattern)  # type: ignore[return-value]


_WEEKDAY = r"thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật"
_RE_DAY = _c(
    rf"(?:{_DAY_PREP}\s+)?(?:{_TIME}\s*,?\s*)?(?:(?P<wk1>{_WEEKDAY})\s*,?\s*)?"
    rf"(?:(?:ngày|hết ngày)\s+)?(?:{_DMY}|{_WORDS}|{_ISO})"
    rf"(?:\s*,?\s*\(\s*(?P<wk2>{_WEEKDAY})\s*\))?"
)
# Python weekday() -> the ways it is written ("thứ Hai" is Monday, "chủ nhật" Sunday).
_WEEKDAY_NAMES = (
    ("thứ hai", "thứ 2"),
    ("thứ ba", "thứ 3"),
    ("thứ tư", "thứ 4"),
    ("thứ năm", "thứ 5"),
    ("thứ sáu", "thứ 6"),
    ("thứ bảy", "thứ 7"),
    ("chủ nhật",),
)
_RE_MONTH = _c(
    rf"(?:{_PERIOD_PREP}\s+)?(?:(?P<pos>đầu|giữa|cuối)\s+)?tháng\s+(?P<m>{_N}{{1,2}}){_YEAR_TAIL}"
)
_RE_QUARTER = _c(
    rf"(?:{_PERIOD_PREP}\s+)?(?:cuối\s+)?qu[ýí]\s+(?P<q>[ivxlcdm]+|{_N}{{1,2}}){_YEAR_TAIL}"
)
_RE_HALF = _c(
    rf"(?:{_PERIOD_PREP}\s+)?(?:cuối\s+)?(?:0?6|sáu)\s+tháng\s+(?P<h>đầu|cuối)\s+năm\s*[/.\-]?\s*"
    rf"(?P<y>{_N}{{4}})"
)
# "những tháng cuối năm 2025" ends with the year; "những tháng đầu năm" has no clear end: refused.
# "cả năm 2024" (the whole year) ends with it too.
_RE_YEAR = _c(
    rf"(?:{_PERIOD_PREP}\s+)?(?:(?:những|các)\s+tháng\s+(?=cuối))?(?:(?P<pos>đầu|giữa|cuối)\s+|cả\s+)?"
    rf"năm\s+(?P<y>{_N}{{4}})"
)
_RE_REL = _c(
    rf"(?:{_REL_PREP}\s+)?(?P<n>{_N}{{1,5}})(?:\s*\([^()]*\))?\s+"
    r"(?P<unit>ngày\s+làm\s+việc|ngày|tuần(?:\s+lễ)?|tháng|năm)(?:\s+(?P<anchor>.*))?"
)
_DOC = (
    r"(?:văn bản|công văn|kế hoạch|quyết định|thông báo|chỉ thị|kết luận|nghị quyết|"
    r"thông báo kết luận)"
)
_RE_ANCHOR = _c(
    r"(?:kể\s+)?từ\s+(?:ngày|khi)\s+(?:k[ýí](?:\s+ban\s+hành)?|ban\s+hành)"
    rf"(?:\s+{_DOC})?(?:\s+này)?"
)
_UNITS = {"ngày": "day", "tuần": "week", "tuần lễ": "week", "tháng": "month", "năm": "year"}

# Recurring forms (valid only with `repeat`).
_EACH = r"(?:hằng|hàng|mỗi)"
_NEXT = r"(?:sau|kế\s+tiếp|tiếp\s+theo)"
_KY = r"k[ỳì](?:\s+báo\s+cáo)?"
_RDAY = rf"(?:{_DAY_PREP}\s+)?(?:{_TIME}\s*,?\s*)?ngày\s+(?P<d>{_N}{{1,2}})"
_RDM = _RDAY + rf"(?:\s*[/.\-]\s*|\s+tháng\s+)(?P<m>{_N}{{1,2}})"
_RE_REC = [
    ("month_day", _c(rf"{_RDAY}\s+(?:của\s+)?{_EACH}\s+tháng")),
    (
        "weekday",
        _c(
            rf"(?:{_DAY_PREP}\s+)?(?:{_TIME}\s*,?\s*)?(?:ngày\s+)?thứ\s+(?P<wk>hai|ba|tư|năm|sáu|bảy|[2-7])"
            rf"\s+(?:của\s+)?{_EACH}\s+tuần"
        ),
    ),
    ("next_month", _c(rf"{_RDAY}\s+(?:của\s+)?tháng\s+{_NEXT}(?:\s+{_EACH}\s+tháng)?")),
    (
        "last_month",
        _c(
            rf"{_RDAY}\s+(?:của\s+)?tháng\s+cuối\s+(?:của\s+)?(?P<of>quý|{_KY}|năm)"
            rf"(?:\s+{_EACH}\s+(?:quý|năm|k[ỳì]))?"
        ),
    ),
    (
        "next_quarter",
        _c(rf"{_RDAY}\s+(?:của\s+)?tháng\s+đầu\s+(?:của\s+)?quý\s+{_NEXT}(?:\s+{_EACH}\s+quý)?"),
    ),
    ("yearly", _c(rf"{_RDM}\s+(?:của\s+)?{_EACH}\s+năm")),
    ("next_year", _c(rf"{_RDM}\s+(?:của\s+)?năm\s+{_NEXT}(?:\s+{_EACH}\s+năm)?")),
    (
        "half_pair",
        _c(
            rf"{_RDM}\s*(?:,|và|;)\s*(?:và\s+)?(?:ngày\s+)?(?P<d2>{_N}{{1,2}})\s*[/.\-]\s*"
            rf"(?P<m2>{_N}{{1,2}})(?:\s+{_EACH}\s+năm)?"
        ),
    ),
]
# Recurring forms that do not say which day: refused with a hint.
_RE_REC_AMBIGUOUS = _c(rf"{_RDAY}\s+(?:của\s+)?{_EACH}\s+(?:quý|năm|k[ỳì]|6 tháng)")
_RE_REC_NODAY = _c(
    rf"(?:định kỳ\s*)?(?:{_EACH}\s+(?:tháng|quý|năm)|(?:0?6|sáu) tháng một lần|định kỳ)"
    rf"|định kỳ\s+(?:{_EACH}\s+)?(?:tháng|quý|năm|(?:0?6|sáu)\s+tháng)(?:\s+một lần)?"
)
# A purpose clause after the deadline ("... để tổng hợp") does not change the date.
_TAIL_PURPOSE = _c(r"\s*,?\s+(?:để|nhằm)\s+[^0-9]*$")
# Who asked for it, after the deadline ("... theo chỉ đạo của Trung ương", "... theo Công văn số
# 123/UBND-KT ngày 01/8/2025"): the date before it stands, when the clause holds no other date.
_TAIL_ACCORDING = _c(
    r"\s*,?\s+theo\s+(?:ý kiến\s+)?(?:chỉ đạo|kết luận|yêu cầu|đề nghị|hướng dẫn|quy định"
    r"|kế hoạch|tinh thần|văn bản|công văn|quyết định|chỉ thị|thông báo|nghị quyết|nghị định"
    r"|thông tư|công điện)(?!\w)"
)
# "cho năm 2025": the year the work is for; a report or submission for it is due after it ends.
_RE_FOR_YEAR = _c(rf"cho\s+năm\s+(?P<y>{_N}{{4}})")
_DELIVERABLE = _c(r"(?<!\w)(?:báo cáo|trình|gửi|nộp)(?!\w)")
# "từ ngày 01/7/2025" alone: a continuous duty from that day, as "từ năm 2026" is.
_RE_FROM_DAY = _c(
    rf"(?:(?:thực hiện|triển khai|áp dụng)\s+)?(?:(?:kể|bắt đầu)\s+)?từ\s+(?:ngày\s+)?"
    rf"(?:{_DMY}|{_WORDS})(?:\s+trở\s+đi)?"
)
# A count in the free words before a deadline ("thu hút tối thiểu 1 dự án đầu tư trong năm
# 2026"): a number followed by a word is a quantity, unless a day word names it ("mùng 5").
_COUNT = _c(r"(?<![\w/.,\-])(?<!mùng )(?<!mồng )[0-9]+(?:,[0-9]+)?(?=\s+[^\W\d_])")
# "trong quý IV còn lại": the rest of a named quarter, month or year ends when that period ends.
_TAIL_REMAINING = _c(
    rf"(?<=\s)(?:qu[ýí]\s+(?:[ivx]+|{_N})|tháng\s+{_N}{{1,2}}|năm\s+(?:nay|{_N}{{4}}))"
    rf"(?:\s*[/.\-]\s*{_N}{{4}})?(?P<tail>\s+còn\s+lại)$"
)
# A share of the work ("hoàn thành 100% kế hoạch trong năm nay") is never part of a date.
_PERCENT = _c(r"(?<![0-9.,])[0-9]+(?:[.,][0-9]+)?\s*%")
# A date or period without its year.
_RE_NO_YEAR = _c(
    rf"(?:(?:{_DAY_PREP}|{_PERIOD_PREP})\s+)?(?:{_TIME}\s*,?\s*)?"
    rf"(?:(?:ngày\s+)?{_N}{{1,2}}\s*[/.\-]\s*{_N}{{1,2}}|ngày\s+{_N}{{1,2}}(?:\s+tháng\s+{_N}{{1,2}})?"
    rf"|(?:(?:đầu|giữa|cuối)\s+)?tháng\s+{_N}{{1,2}}|(?:cuối\s+)?qu[ýí]\s+(?:[ivx]+|{_N})"
    rf"|(?:0?6|sáu)\s+tháng\s+(?:đầu|cuối)\s+năm)"
)

# Leading words that carry no date ("hoàn thành", "báo cáo", ...); urgency words are noted.
_LEAD = _c(
    r"(?:(?P<urg>khẩn trương|ngay lập tức|lập tức|ngay)|(?P<nod>kịp thời)|"
    r"(?:yêu cầu|đề nghị|phải|hoàn thành|hoàn tất|thực hiện xong|thực hiện|triển khai thực hiện|"
    r"triển khai|xong|báo cáo|gửi|nộp|trình|định kỳ|thời hạn(?: hoàn thành| thực hiện| báo cáo)?|"
    r"thời gian(?: hoàn thành| thực hiện xong| thực hiện)?|tiến độ(?: thực hiện| hoàn thành)?|"
    r"hạn chót(?: là)?|hạn cuối(?: là)?|hạn|là))"
    r"(?:\s*[:,;\-]\s*|\s+|$)"
)
_WORD = _c(
    r"\s*(?:(?:,|;|/|và|hoặc)\s*)?"
    r"(?:(?P<ong>thường xuyên|hằng ngày|hàng ngày|liên tục)|"
    r"(?P<urg>khẩn trương|ngay lập tức|lập tức|ngay)|(?P<nod>kịp thời))(?=\s|,|;|/|$)"
)
# Where the deadline itself may start after free text ("báo cáo Chủ tịch UBND tỉnh trước ...").
_CORE_START = _c(
    r"(?<!\w)(?:trước|chậm nhất|muộn nhất|hạn chót|hạn cuối|trong|đến hết|không quá|tối đa|vào"
    r"|(?P<from>từ))(?!\w)"
)
# Free text before the deadline must not change its meaning (a condition, a negation, a start).
_BAD_PREFIX = _c(r"[0-9]|(?<!\w)(?:sau|khi|nếu|từ|không|ngoài|trừ|kể)(?!\w)")
_URGENT_IN = _c(r"(?<!\w)(?:khẩn trương|ngay)(?!\w)")

# Ranges: due at the end, the start kept ("Tháng 11 - 12/2025", "giai đoạn 2026 - 2030").
_RANGE_LEAD = (
    r"(?:(?:trong|thực hiện|triển khai|xuyên suốt|suốt|cả|giai đoạn|thời kỳ|các năm|từ|năm)\s+)*"
)
_TO = r"\s*(?:-|đến(?:\s+hết)?|tới(?:\s+hết)?)\s*"
# "(kế hoạch) 5 năm (giai đoạn) 2026 - 2030": the count of years must agree with the range.
_RE_RANGE_YEARS = _c(
    rf"{_RANGE_LEAD}(?:(?P<span>{_N}{{1,2}})\s+năm\s+(?:giai đoạn\s+|thời kỳ\s+)?)?"
    rf"(?P<y1>{_N}{{4}}){_TO}(?:năm\s+)?(?P<y2>{_N}{{4}})"
)
_RE_RANGE_MONTHS = _c(
    rf"{_RANGE_LEAD}tháng\s+(?P<m1>{_N}{{1,2}})(?:\s*[/.\-]\s*(?P<y1>{_N}{{4}})|\s+năm\s+(?P<y1w>{_N}{{4}}))?"
    rf"(?:{_TO}|\s*(?:,|và)\s*)(?:tháng\s+)?(?P<m2>{_N}{{1,2}}){_YEAR_TAIL}"
)
_RE_RANGE_QUARTERS = _c(
    rf"{_RANGE_LEAD}qu[ýí]\s+(?P<q1>[ivx]+|{_N})(?:\s*[/.\-]\s*(?P<y1>{_N}{{4}})|\s+năm\s+(?P<y1w>{_N}{{4}}))?"
    rf"(?:{_TO}|\s*(?:,|và)\s*)(?:qu[ýí]\s+)?(?P<q2>[ivx]+|{_N}){_YEAR_TAIL}"
)
_RE_RANGE_DAYS = _c(
    rf"{_RANGE_LEAD}(?:ngày\s+)?(?P<d1>{_N}{{1,2}})\s*[/.]\s*(?P<m1>{_N}{{1,2}})"
    rf"(?:\s*[/.]\s*(?P<y1>{_N}{{4}}))?{_TO}(?:ngày\s+)?{_DMY}"
)
# "vào các ngày 26, 27, 28, 29/6/2024": several days of one month, held from the first to the last.
_RE_DAY_LIST = _c(
    rf"(?:(?:vào|trong)\s+)?(?:các\s+)?ngày\s+(?P<days>{_N}{{1,2}}(?:\s*(?:,|và)\s*{_N}{{1,2}})+)"
    rf"\s*(?P<sep>[/.\-])\s*(?P<m>{_N}{{1,2}})\s*(?P=sep)\s*(?P<y>{_N}{{4}})"
)
# "từ nay đến cuối năm 2025": from the date of issue to the date that follows.
_RE_FROM_NOW = _c(r"(?:từ nay|từ bây giờ|ngay từ bây giờ)\s+(?:đến|tới|cho đến)\s+(?P<rest>.+)")
# "(2026 trở đi)", "từ năm 2026", "từ tháng 10/2025 trở đi": a continuous duty from then on.
_RE_ONWARD = _c(
    rf"(?:(?:thực hiện|triển khai)\s+)?(?:(?:từ|kể từ)\s+)?(?:(?:năm\s+)?(?P<y>{_N}{{4}})"
    rf"|tháng\s+(?P<m>{_N}{{1,2}})\s*[/.\-]\s*(?P<my>{_N}{{4}}))"
    r"(?:\s+trở\s+đi|\s+và\s+(?:những|các)\s+năm\s+tiếp\s+theo)"
    rf"|(?:từ|kể từ)\s+năm\s+(?P<y2>{_N}{{4}})"
)
# A school year ends on a day the Ministry sets each year: kept as written, never guessed.
_RE_SCHOOL_YEAR = _c(rf"(?:trong\s+)?năm\s+học\s+(?P<y1>{_N}{{4}})\s*-\s*(?P<y2>{_N}{{4}})")
# A year given as "đến năm 2030" is read as its last day.
_RE_UNTIL_YEAR = _c(rf"(?:đến|tới)\s+(?:hết\s+)?năm\s+(?P<y>{_N}{{4}})")
# A day and month without the year; a month or quarter without the year.
_RE_DM_NO_YEAR = _c(
    rf"(?:{_DAY_PREP}\s+)?(?:{_TIME}\s*,?\s*)?(?:(?:ngày|hết ngày)\s+)?"
    rf"(?:(?P<d>{_N}{{1,2}})\s*[/.\-]\s*(?P<m>{_N}{{1,2}})|(?P<wd>{_N}{{1,2}})\s+tháng\s+(?P<wm>{_N}{{1,2}}))"
)
_RE_M_NO_YEAR = _c(
    rf"(?:{_PERIOD_PREP}\s+)?(?:(?P<pos>đầu|giữa|cuối)\s+)?tháng\s+(?P<m>{_N}{{1,2}})"
)
_RE_Q_NO_YEAR = _c(rf"(?:{_PERIOD_PREP}\s+)?(?:cuối\s+)?qu[ýí]\s+(?P<q>[ivx]+|{_N})")
# "trong năm nay", "trong tháng này": the year (month) of the date of issue.
_RE_THIS = _c(rf"(?:{_PERIOD_PREP}\s+)?(?:cuối\s+)?(?P<unit>năm|tháng)\s+(?:nay|này)")
# Numbers that look like a date: a phrase with one of these must be read, or it is an error.
_DATE_LIKE = _c(
    r"(?<![0-9])[0-9]{1,2}\s*[/.\-]\s*[0-9]{1,2}(?![0-9])"
    r"|(?<![0-9])(?:1[89]|2[01])[0-9]{2}(?![0-9]|/[a-zđ])"
    r"|(?<!\w)(?:ngày|tháng|quý|tuần)\s+(?:[0-9]|[ivx]+(?!\w))"
    r"|(?<![0-9])[0-9]+\s*(?:ngày|tuần|tháng|năm|giờ)|(?<![0-9])[0-9]{1,2}\s*h(?:[0-9]{2})?(?![a-zđ])"
    r"|(?<!\w)thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])(?!\w)|(?<!\w)chủ nhật(?!\w)"
)
# The days of the week, and a day of the week or an hour, in a weekly duty (see _date_like).
_WEEKDAY_RE = _c(rf"(?<!\w)(?:{_WEEKDAY})(?!\w)")
_WEEKDAY_OR_HOUR = _c(rf"(?<!\w)(?:ngày\s+)?(?:{_WEEKDAY})(?!\w)|(?<![0-9]){_TIME}")
# Words that make a phrase without a date a condition (listed apart, reviewed when it is met).
_CONDITION = _c(
    r"(?<!\w)(?:khi|nếu|trường hợp|theo yêu cầu|sau|tùy theo|tuỳ theo|phụ thuộc|ngay sau|"
    r"trước thời điểm)(?!\w)"
)
_URGENT_WORDS = _c(
    r"(?<!\w)(?:khẩn trương|khẩn cấp|ngay|sớm|gấp|hỏa tốc|hoả tốc|càng sớm càng tốt)(?!\w)"
)
_ONGOING_WORDS = _c(r"(?<!\w)(?:thường xuyên|hằng ngày|hàng ngày|liên tục|định kỳ)(?!\w)")
# The period of a recurring duty named without its day ("định kỳ hằng quý").
_PERIOD_WORDS = [
    ("week", _c(rf"(?<!\w)(?:{_EACH}\s+tuần|định kỳ\s+tuần)(?!\w)")),
    ("month", _c(rf"(?<!\w)(?:{_EACH}\s+tháng|định kỳ\s+tháng)(?!\w)")),
    ("quarter", _c(rf"(?<!\w)(?:{_EACH}\s+quý|định kỳ\s+quý|theo quý)(?!\w)")),
    (
        "half-year",
        _c(r"(?<!\w)(?:0?6|sáu)\s+tháng\s*(?:một lần|1 lần|/\s*lần)|định kỳ\s+(?:0?6|sáu)\s+tháng"),
    ),
    (
        "2-years",
        _c(r"(?<!\w)(?:0?2|hai)\s+năm\s*(?:một lần|1 lần|/\s*lần)|định kỳ\s+(?:0?2|hai)\s+năm"),
    ),
    (
        "3-years",
        _c(r"(?<!\w)(?:0?3|ba)\s+năm\s*(?:một lần|1 lần|/\s*lần)|định kỳ\s+(?:0?3|ba)\s+năm"),
    ),
    (
        "5-years",
        _c(r"(?<!\w)(?:0?5|năm)\s+năm\s*(?:một lần|1 lần|/\s*lần)|định kỳ\s+(?:0?5)\s+năm"),
    ),
    ("year", _c(rf"(?<!\w)(?:{_EACH}\s+năm|định kỳ\s+năm|cả năm một lần)(?!\w)")),
]
# The beginning of an anchor that is an event, not the signing ("kể từ ngày nhận được văn bản").
_EVENT_ANCHOR = _c(r"(?:kể\s+|tính\s+)?từ\s+(?:ngày|khi|thời điểm)\s+\S.*|sau\s+khi\s+\S.*")
_ANCHOR_DATE = _c(rf"(?:kể\s+|tính\s+)?từ\s+(?:ngày\s+)?(?:{_DMY}|{_WORDS})")
_WEEKDAY_INDEX = {
    "hai": 0, "2": 0, "ba": 1, "3": 1, "tư": 2, "4": 2, "năm": 3, "5": 3,
    "sáu": 4, "6": 4, "bảy": 5, "7": 5,
}  # fmt: skip


# --------------------------------------------------------------------------- parsed forms


@dataclass(frozen=True, slots=True)
class _Parsed:
    """What a phrase says, before the date of issue is known (cached per phrase)."""

    kind: str
    due: date | None = None
    urgent: bool = False
    relative: tuple[int, str] | None = None  # (n, unit) counted from the signing date
    recurring: tuple | None = None  # (form, day, month, day2, month2, of)
    start: date | None = None  # a range's first day, or the day a continuous duty begins
    from_issue: bool = False  # "từ nay đến ...": the range starts on the date of issue
    no_year: tuple | None = None  # ("day", d, m) | ("month", m, pos) | ("quarter", q)
    every: str | None = None  # the period of a recurring duty named without its day
    event: tuple | None = None  # (n, unit, the event) for a count from an event
    counted_from: date | None = None  # a count from a named day ("kể từ ngày 01/10/2025")
    how: str | None = None  # how it was read, when the kind alone does not tell

    def but(self, **changes) -> _Parsed:
        values = {f: getattr(self, f) for f in self.__dataclass_fields__}
        values.update(changes)
        return _Parsed(**values)


def _day_match(m: re.Match[str]) -> date:
    _check_time(m["hh"], m["mm"])
    if m["d"] is not None:
        d = _make_date(int(m["y"]), int(m["m"]), int(m["d"]))
    elif m["wd"] is not None:
        d = _make_date(int(m["wy"]), int(m["wm"]), int(m["wd"]))
    else:
        d = _make_date(int(m["iy"]), int(m["im"]), int(m["id"]))
    # A weekday written beside the date must agree with it: a mismatch is a typo somewhere.
    for written in (m["wk1"], m["wk2"]):
        if written is not None:
            written = _WS.sub(" ", written)
            if written not in _WEEKDAY_NAMES[d.weekday()]:
                said = next(i for i, names in enumerate(_WEEKDAY_NAMES) if written in names)
                raise _Invalid(
                    f"ngày {d.day}/{d.month}/{d.year} là {WEEKDAY_NAMES[d.weekday()]}, "
                    f"không phải {WEEKDAY_NAMES[said]}"
                )
    return d


def _month_match(m: re.Match[str]) -> date:
    y, mo = int(m["y"]), int(m["m"])
    _check_year(y)
    _check_month(mo)
    return _month_pos(y, mo, m["pos"])


def _month_pos(y: int, mo: int, pos: str | None) -> date:
    if pos == "đầu":  # Bộ luật Dân sự 2015, Điều 146 khoản 2
        return date(y, mo, 1)
    if pos == "giữa":
        return date(y, mo, 15)
    return _last_day(y, mo)


def _quarter_match(m: re.Match[str]) -> date:
    y = int(m["y"])
    _check_year(y)
    return _last_day(y, _quarter_number(m["q"]) * 3)


def _half_match(m: re.Match[str]) -> date:
    y = int(m["y"])
    _check_year(y)
    return date(y, 6, 30) if m["h"] == "đầu" else date(y, 12, 31)


def _year_match(m: re.Match[str]) -> date:
    y = int(m["y"])
    _check_year(y)
    pos = m["pos"]
    if pos == "đầu":  # Bộ luật Dân sự 2015, Điều 146 khoản 3
        return date(y, 1, 1)
    if pos == "giữa":
        return date(y, 6, 30)
    return date(y, 12, 31)


_DATE_FORMS = (
    (_RE_DAY, _day_match),
    (_RE_MONTH, _month_match),
    (_RE_QUARTER, _quarter_match),
    (_RE_HALF, _half_match),
    (_RE_YEAR, _year_match),
)


def _relative_match(m: re.Match[str]) -> _Parsed:
    unit_text = _WS.sub(" ", m["unit"])
    unit = "workday" if unit_text.startswith("ngày làm") else _UNITS[unit_text]
    n = int(m["n"])
    anchor = m["anchor"]
    if anchor:
        anchor = anchor.strip()
        if anchor.startswith("(") and anchor.endswith(")"):
            anchor = anchor[1:-1].strip()
    if not anchor:
        raise _Invalid(
            "chưa ghi mốc tính thời hạn: hãy ghi rõ, ví dụ "
            f"'trong {n} {unit_text} kể từ ngày ký' (dtrack tính từ ngày ban hành của văn bản)"
        )
    if n < 1:
        raise _Invalid("số ngày phải lớn hơn 0")
    if n > _MAX_RELATIVE[unit]:
        raise _Invalid(f"{n} {unit_text} là quá dài (tối đa {_MAX_RELATIVE[unit]})")
    if _RE_ANCHOR.fullmatch(anchor):
        return _Parsed(KIND_DATE, relative=(n, unit))
    named = _ANCHOR_DATE.fullmatch(anchor)
    if named:
        if named["d"] is not None:
            day = _make_date(int(named["y"]), int(named["m"]), int(named["d"]))
        else:
            day = _make_date(int(named["wy"]), int(named["wm"]), int(named["wd"]))
        return _Parsed(KIND_DATE, relative=(n, unit), counted_from=day)
    if _EVENT_ANCHOR.fullmatch(anchor) and not _DATE_LIKE.search(anchor):
        # Counted from an event whose date is not known yet: waits for it (an update gives it).
        return _Parsed(KIND_EVENT, event=(n, unit, anchor))
    raise _Invalid(
        f"mốc '{anchor}' không xác định được ngày: hãy ghi 'kể từ ngày ký', một ngày cụ thể "
        "('kể từ ngày 01/10/2025') hoặc một sự kiện không kèm số ('kể từ ngày nhận được văn bản')"
    )


def _recurring_match(form: str, m: re.Match[str]) -> _Parsed:
    _check_time(m["hh"], m["mm"])
    if form == "weekday":  # the day is the weekday's place in the week (Monday = 0)
        return _Parsed(KIND_DATE, recurring=(form, _WEEKDAY_INDEX[m["wk"]], None, None, None, None))
    d = int(m["d"])
    groups = m.groupdict()
    mo = int(groups["m"]) if groups.get("m") else None
    d2 = int(groups["d2"]) if groups.get("d2") else None
    mo2 = int(groups["m2"]) if groups.get("m2") else None
    of = groups.get("of")
    if of is not None:
        of = "quarter" if of == "quý" else "year" if of == "năm" else "any"
    for day, month in ((d, mo), (d2, mo2)):
        if day is None:
            continue
        if month is None:
            if not 1 <= day <= 31:
                raise _Invalid(f"ngày {day} không tồn tại (ngày trong tháng chỉ từ 1 đến 31)")
            continue
        _check_month(month)
        dim = _days_in_month(2000, month)  # 29/2 exists (in leap years)
        if not 1 <= day <= dim:
            raise _Invalid(f"ngày {day}/{month} không tồn tại (tháng {month} chỉ có {dim} ngày)")
    if form == "half_pair" and (mo is None or mo2 is None or (mo <= 6) == (mo2 <= 6)):
        raise _Invalid(
            "hai mốc phải là một ngày trong 6 tháng đầu năm và một ngày trong 6 tháng cuối năm "
            "(ví dụ 'trước ngày 15/6 và 15/12')"
        )
    return _Parsed(KIND_DATE, recurring=(form, d, mo, d2, mo2, of))


def _match_core(s: str) -> _Parsed | None:
    """The phrase `s` as a whole: a date form, a relative form or a recurring form."""
    for regex, reader in _DATE_FORMS:
        m = regex.fullmatch(s)
        if m:
            return _Parsed(KIND_DATE, due=reader(m))
    m = _RE_REL.fullmatch(s)
    if m:
        return _relative_match(m)
    for form, regex in _RE_REC:
        m = regex.fullmatch(s)
        if m:
            return _recurring_match(form, m)
    return None


def _year_of(m: re.Match[str], *names: str) -> int | None:
    for name in names:
        if m[name] is not None:
            return int(m[name])
    return None


def _range(start: date, end: date, what: str) -> _Parsed:
    if end < start:
        raise _Invalid(f"{what}: mốc cuối ở trước mốc đầu")
    return _Parsed(KIND_DATE, due=end, start=start)


def _match_range(s: str) -> _Parsed | None:
    """Ranges of years, months, quarters and days: due on the last day, the first day kept."""
    m = _RE_RANGE_YEARS.fullmatch(s)
    if m:
        y1, y2 = int(m["y1"]), int(m["y2"])
        _check_year(y1)
        _check_year(y2)
        if m["span"] is not None and int(m["span"]) != y2 - y1 + 1:
            raise _Invalid(f"{m['span']} năm không khớp với giai đoạn {y1} - {y2}")
        return _range(date(y1, 1, 1), date(y2, 12, 31), f"giai đoạn {y1} - {y2}")
    m = _RE_RANGE_MONTHS.fullmatch(s)
    if m:
        m1, m2, y2 = int(m["m1"]), int(m["m2"]), int(m["y"])
        _check_year(y2)
        _check_month(m1)
        _check_month(m2)
        y1 = _year_of(m, "y1", "y1w")
        if y1 is None:
            if m1 > m2:  # "tháng 11 - 2/2026": which year does it start in? never guessed
                raise _Invalid(f"tháng {m1} ở sau tháng {m2}: hãy ghi năm của tháng đầu")
            y1 = y2
        _check_year(y1)
        return _range(date(y1, m1, 1), _last_day(y2, m2), f"tháng {m1} - {m2}")
    m = _RE_RANGE_QUARTERS.fullmatch(s)
    if m:
        q1, q2, y2 = _quarter_number(m["q1"]), _quarter_number(m["q2"]), int(m["y"])
        _check_year(y2)
        y1 = _year_of(m, "y1", "y1w")
        if y1 is None:
            if q1 > q2:
                raise _Invalid("quý đầu ở sau quý cuối: hãy ghi năm của quý đầu")
            y1 = y2
        _check_year(y1)
        return _range(date(y1, q1 * 3 - 2, 1), _last_day(y2, q2 * 3), "khoảng quý")
    m = _RE_DAY_LIST.fullmatch(s)
    if m:
        y, mo = int(m["y"]), int(m["m"])
        days = [_make_date(y, mo, int(d)) for d in re.findall(r"[0-9]+", m["days"])]
        if days != sorted(set(days)):
            raise _Invalid("các ngày phải theo thứ tự tăng dần")
        return _range(days[0], days[-1], "các ngày")
    m = _RE_RANGE_DAYS.fullmatch(s)
    if m:
        end = _make_date(int(m["y"]), int(m["m"]), int(m["d"]))
        y1 = int(m["y1"]) if m["y1"] else end.year
        start = _make_date(y1, int(m["m1"]), int(m["d1"]))
        return _range(start, end, "khoảng ngày")
    return None


def _match_no_year(s: str) -> _Parsed | None:
    """A day and month, a month or a quarter written without its year."""
    m = _RE_DM_NO_YEAR.fullmatch(s)
    if m:
        _check_time(m["hh"], m["mm"])
        d, mo = (int(m["d"]), int(m["m"])) if m["d"] is not None else (int(m["wd"]), int(m["wm"]))
        _check_month(mo)
        dim = _days_in_month(2000, mo)
        if not 1 <= d <= dim:
            raise _Invalid(f"ngày {d}/{mo} không tồn tại (tháng {mo} chỉ có {dim} ngày)")
        return _Parsed(KIND_DATE, no_year=("day", d, mo))
    m = _RE_M_NO_YEAR.fullmatch(s)
    if m:
        mo = int(m["m"])
        _check_month(mo)
        return _Parsed(KIND_DATE, no_year=("month", mo, m["pos"]))
    m = _RE_Q_NO_YEAR.fullmatch(s)
    if m:
        return _Parsed(KIND_DATE, no_year=("quarter", _quarter_number(m["q"])))
    m = _RE_THIS.fullmatch(s)
    if m:
        return _Parsed(KIND_DATE, no_year=("this", m["unit"]))
    return None


def _match_words(s: str) -> tuple[str, bool] | None:
    """'thường xuyên', 'khẩn trương', 'kịp thời, ngay'... -> (kind, urgent)."""
    pos, ongoing, urgent = 0, False, False
    while pos < len(s):
        m = _WORD.match(s, pos)
        if not m:
            return None
        ongoing |= m["ong"] is not None
        urgent |= m["urg"] is not None
        pos = m.end()
    return (KIND_ONGOING if ongoing else KIND_NONE), urgent


def _period_of(s: str) -> str | None:
    for every, regex in _PERIOD_WORDS:
        if regex.search(s):
            return every
    return None


def _date_like(s: str) -> bool:
    """Whether `s` has numbers that look like a date, the names of periods aside ("6 tháng
    một lần" says how often, not when). In a weekly duty that names several days of the week
    ("vào sáng thứ Ba và sáng thứ Sáu hằng tuần"), those days and their hours say when in each
    week, not a date: such a duty is kept as written, every week (one named day is read)."""
    several_weekdays = _period_of(s) == "week" and len(_WEEKDAY_RE.findall(s)) > 1
    for _, regex in _PERIOD_WORDS:
        s = regex.sub(" ", s)
    if several_weekdays:
        s = _WEEKDAY_OR_HOUR.sub(" ", s)
    return _DATE_LIKE.search(s) is not None


# What is left of a term of office alone once its years are dropped (see _TERM).
_TERM_ONLY = _c(r"(?:(?:trong|suốt|cả|trong cả|trong suốt|đến hết|hết)\s+)?nhiệm kỳ")


def _kept(s: str, urgent: bool) -> _Parsed:
    """A phrase without date-like numbers: kept as written. A continuous duty when it says so
    (with its period when it names one), a condition when it names one, else no deadline."""
    urgent = urgent or _URGENT_WORDS.search(s) is not None
    if "đột xuất" in s and _period_of(s) is None:
        return _Parsed(KIND_NONE, urgent=urgent, how="không nêu ngày (định kỳ hoặc đột xuất)")
    if _TERM_ONLY.fullmatch(s):
        return _Parsed(
            KIND_NONE,
            urgent=urgent,
            how=(
                "nhiệm kỳ không kết thúc vào một ngày định sẵn (kết thúc khi bầu nhiệm kỳ sau), "
                "nên giữ nguyên cụm từ (ghi thẳng ngày nếu cần theo dõi hạn)"
            ),
        )
    every = _period_of(s)
    if every is not None or _ONGOING_WORDS.search(s):
        return _Parsed(KIND_ONGOING, urgent=urgent, every=every)
    if _CONDITION.search(s):
        return _Parsed(KIND_CONDITIONAL, urgent=urgent)
    return _Parsed(KIND_NONE, urgent=urgent)


@lru_cache(maxsize=8192)
def _analyse(text: str) -> _Parsed:
    """The pure, cached part of reading a phrase (no issued date, no calendar)."""
    s = _normalise(text)
    if not s:
        return _Parsed(KIND_NONE)
    if len(s) > _MAX_PHRASE:
        raise _unreadable(text, s)
    try:
        return _analyse_normalised(text, s)
    except _Invalid as exc:
        raise DeadlineError(f"Thời hạn '{_short(text)}' không hợp lệ: {exc}.", text) from None


def _strip_lead(s: str) -> tuple[str, bool, bool, bool]:
    """(the rest, urgent, a word that names no deadline was seen, anything was stripped)."""
    urgent = stripped = no_deadline_word = False
    while True:
        m = _LEAD.match(s)
        if not m or m.end() == 0:
            return s, urgent, no_deadline_word, stripped
        urgent |= m["urg"] is not None
        no_deadline_word |= m["urg"] is not None or m["nod"] is not None
        stripped = True
        s = s[m.end() :]


def _match_dated(s: str) -> _Parsed | None:
    """Every form that names its dates, tried on the whole of `s`."""
    if _RE_RANGE_YEARS.fullmatch(s):  # "5 năm 2026 - 2030": a range, not 5 years from a mark
        return _match_range(s)
    parsed = _match_core(s) or _match_range(s)
    if parsed is not None:
        return parsed
    m = _RE_UNTIL_YEAR.fullmatch(s)
    if m:
        y = int(m["y"])
        _check_year(y)
        return _Parsed(KIND_DATE, due=date(y, 12, 31))
    m = _RE_FROM_NOW.fullmatch(s)
    if m:
        rest = _match_core(m["rest"]) or _match_no_year(m["rest"])
        if rest is None:
            rest_s, _, _, _ = _strip_lead(m["rest"])
            rest = _match_core(rest_s) or _match_no_year(rest_s)
        if (
            rest is not None
            and rest.kind == KIND_DATE
            and rest.recurring is None
            and rest.relative is None
            and rest.event is None
        ):
            return rest.but(from_issue=True)
    m = _RE_ONWARD.fullmatch(s)
    if m:
        if m["m"] is not None:
            y, mo = int(m["my"]), int(m["m"])
            _check_year(y)
            _check_month(mo)
            start = date(y, mo, 1)
        else:
            y = int(m["y"] or m["y2"])
            _check_year(y)
            start = date(y, 1, 1)
        return _Parsed(KIND_ONGOING, start=start, how="nhiệm vụ thường xuyên")
    m = _RE_SCHOOL_YEAR.fullmatch(s)
    if m and int(m["y2"]) == int(m["y1"]) + 1:
        return _Parsed(
            KIND_NONE,
            how=(
                f"năm học {m['y1']} - {m['y2']}: ngày kết thúc năm học do Bộ Giáo dục và Đào tạo "
                "quy định cho từng năm học, nên giữ nguyên cụm từ (ghi thẳng ngày nếu cần theo "
                "dõi hạn)"
            ),
        )
    return _match_no_year(s)


def _analyse_normalised(text: str, s: str) -> _Parsed:
    purpose = _TAIL_PURPOSE.search(s)
    if purpose and purpose.start() > 0:
        s = s[: purpose.start()]
    remaining = _TAIL_REMAINING.search(s)
    if remaining:
        s = s[: remaining.start("tail")]
    according = _without_according(text, s)
    if according is not None:
        return according
    whole = s
    s, urgent, _, stripped = _strip_lead(s)
    if not s:
        return _kept(whole, urgent) if not _date_like(whole) else _fail(text, whole)
    m = _RE_FOR_YEAR.fullmatch(s)
    if m:
        if _DELIVERABLE.search(whole[: len(whole) - len(s)]):
            raise _Invalid(
                f"'cho năm {m['y']}' là năm mà báo cáo, văn bản nói tới, không phải thời hạn gửi: "
                "hãy ghi hạn như văn bản yêu cầu, ví dụ 'trước ngày 15/12/2025'"
            )
        y = int(m["y"])
        _check_year(y)
        return _Parsed(KIND_DATE, due=date(y, 12, 31), urgent=urgent)
    m = _RE_FROM_DAY.fullmatch(s)
    if m:
        if m["d"] is not None:
            day = _make_date(int(m["y"]), int(m["m"]), int(m["d"]))
        else:
            day = _make_date(int(m["wy"]), int(m["wm"]), int(m["wd"]))
        return _Parsed(KIND_ONGOING, start=day, urgent=urgent, how="nhiệm vụ thường xuyên")
    if _period_of(whole) is not None and not _date_like(whole):
        return _kept(whole, urgent)  # "6 tháng một lần", "định kỳ hằng quý"

    m = _RE_PERIOD_FIRST.fullmatch(s)
    if m and _date_like(m["rest"]):
        parsed = _match_core(f"{m['rest']} {m['each']} {m['unit']}")
        if parsed is None or parsed.recurring is None:
            return _fail(text, s)  # a period and a one-off date: which is meant? never guessed
        return parsed.but(urgent=True) if urgent else parsed

    parsed = _match_dated(s)
    if parsed is None:
        words = _match_words(s)
        if words is not None:
            kind, urg = words
            return _Parsed(kind, urgent=urgent or urg)
        # "thường xuyên, định kỳ hằng quý báo cáo về Sở Tài chính": a continuous duty first.
        m = _ONGOING_LEAD.match(s)
        if m and m.end() < len(s):
            rest = s[m.end() :]
            if not _date_like(rest):
                return _Parsed(KIND_ONGOING, urgent=urgent, every=_period_of(rest))
            inner = _analyse_normalised(text, rest)
            return inner.but(urgent=inner.urgent or urgent)
    if parsed is None and (stripped or _CORE_START.match(s) is None):
        # "báo cáo Chủ tịch UBND tỉnh trước ngày 20/9/2025": free words, then the deadline.
        for start in _CORE_START.finditer(s):
            prefix = s[: start.start()]
            bare = _PERCENT.sub("", _CITATION.sub("", prefix))
            counted = _COUNT.sub("", bare)
            if counted != bare and _date_like(bare):
                break  # a quantity beside a date ("giảm 5 vụ so với tháng 9/2025"): never guessed
            if _BAD_PREFIX.search(counted) or _period_of(prefix) is not None:
                break  # a condition, a start, or a period ("hằng năm, trước ngày 15/12")
            parsed = _match_dated(s[start.start() :])
            if start["from"] and parsed is not None and not (parsed.start or parsed.from_issue):
                parsed = None  # after "từ", only a whole range ("từ ngày … đến ngày …") reads
            if parsed is not None:
                urgent |= _URGENT_IN.search(prefix) is not None
                break
    if parsed is None:
        if not _date_like(whole):
            return _kept(whole, urgent)
        if _RE_REC_AMBIGUOUS.fullmatch(s):
            raise _Invalid(
                "không rõ là ngày nào trong kỳ: hãy ghi ví dụ 'trước ngày 15 của tháng cuối quý', "
                "'trước ngày 15 của tháng cuối kỳ' hoặc 'trước ngày 15/12 hằng năm'"
            )
        return _fail(text, s)
    if urgent and not parsed.urgent:
        parsed = parsed.but(urgent=True)
    return parsed


def _without_according(text: str, s: str) -> _Parsed | None:
    """The date of `s` without a trailing "theo chỉ đạo của …" clause, when what comes before the
    clause names a whole date and the clause names none (a cited document's date and number
    are its own); else None."""
    for m in _TAIL_ACCORDING.finditer(s):
        clause = s[m.start() :]
        bare = _CITATION.sub("", clause)
        if any(c.isdigit() for c in bare) or _BAD_PREFIX.search(bare) or _period_of(clause):
            continue
        try:
            p = _analyse_normalised(text, s[: m.start()])
        except DeadlineError:
            continue
        if (
            p.kind == KIND_DATE
            and p.due is not None
            and p.relative is None
            and p.recurring is None
            and p.no_year is None
        ):
            return p
    return None


_ONGOING_LEAD = _c(r"(?:thường xuyên|hằng ngày|hàng ngày|liên tục)(?:\s*[,;:]\s*|\s+-\s+|\s+và\s+)")
# The period first, then the day: "hằng năm, trước ngày 15/12", "định kỳ hằng năm (trước ngày 05
# tháng 12)". Read as the same recurring form written the usual way round, or not at all.
_RE_PERIOD_FIRST = _c(
    rf"(?:định kỳ\s+)?(?P<each>{_EACH})\s+(?P<unit>tuần|tháng|quý|năm)"
    r"(?:\s*[,:;\-]\s*|\s*\(\s*(?=.*\)$)|\s+)(?P<rest>[^()]+?)\)?"
)


def _fail(text: str, s: str):
    raise _unreadable(text, s)


def _clean_text(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


# --------------------------------------------------------------------------- hints

_HINTS = [
    (
        _c(r"(?<!\w)sau\s+ngày|(?<!\w)từ\s+ngày\s+[0-9][^đ]*$"),
        "'sau ngày …' hay 'từ ngày …' không nói hạn chót; hãy ghi ví dụ 'trước ngày 20/9/2025' "
        "hoặc 'từ ngày 01/10/2025 đến ngày 31/10/2025' (việc thường xuyên từ một ngày: chỉ ghi "
        "'từ ngày 01/10/2025')",
    ),
    (
        _c(r"(?<!\w)trước\s+(?:tháng|quý|năm)\s"),
        "'trước tháng/quý/năm …' không rõ là trước ngày đầu hay hết kỳ đó; hãy ghi ví dụ "
        "'trước ngày 30/9/2025' hoặc 'trong tháng 10/2025'",
    ),
    (
        _c(r"(?<![0-9])[0-9]{1,2}\s*[/.\-]\s*[0-9]{1,2}\s*[/.\-]\s*[0-9]{2}(?![0-9])"),
        "năm phải ghi đủ 4 chữ số, ví dụ 'trước ngày 20/9/2025'",
    ),
    (
        _c(
            rf"{_N}{{1,2}}\s*[/.]\s*{_N}{{1,2}}\s*[/.]\s*{_N}{{4}}.*{_N}{{1,2}}\s*[/.]\s*{_N}{{1,2}}"
        ),
        "chỉ ghi một mốc thời hạn, ví dụ 'trước ngày 20/9/2025'; một khoảng thời gian thì ghi "
        "'từ ngày 15/9/2025 đến ngày 20/9/2025'",
    ),
    (
        _c(r"(?<!\w)(?:kể từ|tính từ|ngày làm việc)(?!\w)|[0-9]+\s+(?:ngày|tuần|tháng)\s"),
        "thời hạn tính từ một mốc, ví dụ 'trong 15 ngày kể từ ngày ký', 'trong 10 ngày làm "
        "việc kể từ ngày nhận được văn bản'",
    ),
    (
        _c(r"(?<!\w)(?:hằng|hàng|mỗi|định kỳ)(?!\w)"),
        "thời hạn định kỳ, ví dụ 'trước ngày 20 hằng tháng', 'trước ngày 15 của tháng cuối "
        "quý', 'trước ngày 15/12 hằng năm'",
    ),
    (
        _c(rf"{_N}{{1,2}}\s*[/.\-]\s*{_N}{{1,2}}"),
        "một ngày cụ thể, ví dụ 'trước ngày 20/9/2025', 'chậm nhất ngày 20/9/2025'",
    ),
    (
        _c(r"(?<!\w)quý(?!\w)"),
        "một quý, ví dụ 'trong quý III/2025' hoặc 'quý II - III/2026'",
    ),
    (
        _c(r"(?<!\w)tháng(?!\w)"),
        "một tháng, ví dụ 'trong tháng 9/2025' hoặc 'tháng 11 - 12/2025'",
    ),
    (
        _c(r"(?<!\w)năm(?!\w)|(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])"),
        "một năm hay giai đoạn, ví dụ 'trong năm 2025', 'giai đoạn 2026 - 2030'",
    ),
]


def _hint(s: str) -> str:
    """The closest accepted form for an unreadable phrase, chosen by what it contains."""
    for regex, hint in _HINTS:
        if regex.search(s):
            return hint
    return "một ngày cụ thể, ví dụ 'trước ngày 20/9/2025'"


def _unreadable(text: str, s: str | None = None) -> DeadlineError:
    hint = _hint(s if s is not None else _normalise(text))
    return DeadlineError(
        f"Không đọc được thời hạn '{_short(text)}'. Gợi ý: {hint}. Xem các cách ghi: "
        "dtrack deadline --help hoặc docs/deadlines.md.",
        text,
    )


# --------------------------------------------------------------------------- public: deadlines


@dataclass(frozen=True, slots=True)
class Reading:
    """How a deadline phrase reads against its document's date of issue (`read_deadline`).

    kind:
      "date"         a day (`due`); a range keeps its first day in `start`
      "ongoing"      a continuous duty ("thường xuyên", "định kỳ hằng quý": `every`);
                     `start` when it begins later ("(2026 trở đi)")
      "recurring"    a fixed day in each period of `every` ("trước ngày 25/12 hàng năm"), from
                     the period `repeat_from` on (the first whose due day is on or after the
                     date of issue); `rule` gives each period's due day
      "event"        counted from an event ("trong 10 ngày kể từ ngày nhận được văn bản"):
                     `count` = (n, unit), `event` = the event as written; waits for its date
      "conditional"  due when a condition is met ("sau khi Bộ Tài chính ban hành hướng dẫn")
      "no_deadline"  no date at all ("sớm", "đảm bảo đúng tiến độ", or nothing)
    text is the phrase as written (NFC, stripped); `urgent` marks "khẩn trương", "ngay", "sớm";
    `year_from_issued` says that the year was taken from the date of issue ("trước ngày 15/12");
    `how` says in Vietnamese how the phrase was read."""

    text: str | None
    kind: str
    due: date | None = None
    start: date | None = None
    every: str | None = None
    repeat_from: str | None = None
    rule: RecurringRule | None = None
    urgent: bool = False
    year_from_issued: bool = False
    count: tuple[int, str] | None = None
    event: str | None = None
    how: str = ""


_UNIT_WORDS = {
    "day": "ngày",
    "workday": "ngày làm việc",
    "week": "tuần",
    "month": "tháng",
    "year": "năm",
}


def _d(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def read_deadline(
    value: str | date | None,
    issued: date | None = None,
    calendar: WorkCalendar | None = None,
) -> Reading:
    """Read a deadline as a directive writes it: `value` is the phrase (or a `date`, or None),
    `issued` the document's date of issue (needed by phrases counted from the signing, days
    and months written without their year, "từ nay đến …" and recurring phrases), `calendar`
    the working days (the national one by default). Returns a `Reading` (see there); raises
    `DeadlineError` (a Vietnamese message naming the phrase, with a hint) when the phrase carries
    numbers that look like a date but cannot be read. A date is never guessed."""
    if value is None:
        return Reading(None, KIND_NONE, how="chưa có thời hạn")
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(issued, datetime):
        issued = issued.date()
    if isinstance(value, date):
        return Reading(value.isoformat(), KIND_DATE, value, how=f"ngày {_d(value)}")
    if not isinstance(value, str):
        raise DeadlineError(
            f"Thời hạn '{value}' không hợp lệ: phải là một ngày (2025-09-30) "
            "hoặc một cụm từ chỉ thời hạn.",
            str(value),
        )
    text = _clean_text(value)
    if not text:
        return Reading(None, KIND_NONE, how="chưa có thời hạn")
    p = _analyse(text)
    urgent = p.urgent
    flag = "; khẩn trương" if urgent else ""
    if p.recurring is not None:
        return _read_recurring(text, p, issued)
    if p.event is not None:
        n, unit, event = p.event
        return Reading(
            text, KIND_EVENT, urgent=urgent, count=(n, unit), event=event,
            how=f"{n} {_UNIT_WORDS[unit]} {event}: chờ ngày của mốc này (ghi bằng một lần cập "
            f"nhật 'started'), đến khi đó chưa tính hạn{flag}",
        )  # fmt: skip
    if p.relative is not None:
        n, unit = p.relative
        if p.counted_from is not None:
            due = _relative_from(text, p.counted_from, (n, unit), calendar)
            how = f"{n} {_UNIT_WORDS[unit]} kể từ ngày {_d(p.counted_from)}: hạn {_d(due)}"
        else:
            due = _relative_due(text, p.relative, issued, calendar)
            how = f"{n} {_UNIT_WORDS[unit]} kể từ ngày ký {_d(issued)}: hạn {_d(due)}"
        return Reading(text, KIND_DATE, due, urgent=urgent, how=how + flag)
    if p.no_year is not None:
        due, start, how = _resolve_no_year(text, p.no_year, issued)
        if p.from_issue and start is None and issued is not None and issued < due:
            start = issued  # "từ nay đến hết tháng 3": from the date of issue, as with a year
            how = f"từ ngày ban hành {_d(start)}; {how}"
        return Reading(
            text, KIND_DATE, due, start=start, urgent=urgent, year_from_issued=True,
            how=how + flag,
        )  # fmt: skip
    start = p.start
    if p.from_issue:
        start = issued
    if p.kind == KIND_DATE:
        if start is not None and start != p.due:
            how = f"từ {_d(start)} đến {_d(p.due)}: hạn {_d(p.due)}"
            if p.from_issue:
                how = f"từ ngày ban hành {_d(start)} đến {_d(p.due)}: hạn {_d(p.due)}"
        else:
            start = None
            how = f"hạn {_d(p.due)}"
        return Reading(text, KIND_DATE, p.due, start=start, urgent=urgent, how=how + flag)
    if p.kind == KIND_ONGOING:
        how = "nhiệm vụ thường xuyên"
        if p.every is not None:
            how += f", định kỳ {every_label(p.every)} (không có ngày hạn cố định)"
        if start is not None:
            how += f", từ {_d(start)}"
        return Reading(
            text, KIND_ONGOING, start=start, every=p.every, urgent=urgent, how=how + flag
        )
    if p.kind == KIND_CONDITIONAL:
        return Reading(
            text, KIND_CONDITIONAL, urgent=urgent,
            how="thời hạn theo điều kiện, giữ nguyên cụm từ; xem lại khi điều kiện xảy ra" + flag,
        )  # fmt: skip
    how = p.how or "không nêu ngày, giữ nguyên cụm từ"
    return Reading(text, KIND_NONE, urgent=urgent, how=how + flag)


def _resolve_no_year(text: str, no_year: tuple, issued: date | None) -> tuple:
    """(due, start, how) of a day, month or quarter without its year: the first one on or after
    the date of issue."""
    if issued is None:
        raise DeadlineError(
            f"Thời hạn '{_short(text)}' chưa ghi năm và văn bản chưa có ngày ban hành: hãy ghi "
            "đủ năm (ví dụ 'trước ngày 20/9/2025'), hoặc ghi 'issued' của văn bản để lấy năm "
            "theo ngày ban hành.",
            text,
        )
    y = issued.year
    if no_year[0] == "this":  # "trong năm nay": the year (month) the document was issued in
        due = date(y, 12, 31) if no_year[1] == "năm" else _last_day(y, issued.month)
        what = f"năm {y}" if no_year[1] == "năm" else f"tháng {issued.month}/{y}"
        return due, None, f"hạn {_d(due)} ({what}, theo ngày ban hành {_d(issued)})"
    if no_year[0] == "day":
        _, d, mo = no_year
        if d > _days_in_month(y, mo) or date(y, mo, d) < issued:
            y += 1
        if d > _days_in_month(y, mo):  # 29/2 in a year without it
            raise DeadlineError(
                f"Thời hạn '{_short(text)}' không hợp lệ: ngày {d}/{mo}/{y} không tồn tại.", text
            )
        due = date(y, mo, d)
        return due, None, f"hạn {_d(due)} (năm {y} lấy theo ngày ban hành {_d(issued)})"
    if no_year[0] == "month":
        _, mo, pos = no_year
        if _month_pos(y, mo, pos) < issued:
            y += 1
        due = _month_pos(y, mo, pos)
        return due, None, f"hạn {_d(due)} (năm {y} lấy theo ngày ban hành {_d(issued)})"
    q = no_year[1]
    if _last_day(y, q * 3) < issued:
        y += 1
    due = _last_day(y, q * 3)
    return due, None, f"hạn {_d(due)} (năm {y} lấy theo ngày ban hành {_d(issued)})"


def _read_recurring(text: str, p: _Parsed, issued: date | None) -> Reading:
    suits = _suits(p.recurring)
    if len(suits) != 1:
        raise DeadlineError(
            f"Thời hạn '{_short(text)}' là thời hạn định kỳ nhưng không nói kỳ nào (tháng, quý "
            "hay năm): hãy khai thêm 'repeat' cho nhiệm vụ (ví dụ repeat: {every: quarter, from: "
            "2025-Q4}).",
            text,
        )
    every = suits[0]
    if issued is None:
        raise DeadlineError(
            f"Thời hạn '{_short(text)}' là thời hạn định kỳ: cần ngày ban hành ('issued') của "
            "văn bản để biết kỳ đầu tiên, hoặc khai 'repeat' cho nhiệm vụ (ví dụ repeat: "
            "{every: month, from: 2025-10}).",
            text,
        )
    rule = RecurringRule(text, every, p.urgent, p.recurring)
    first = period_containing(every, issued)
    if rule.due_for(first) <= issued:  # never due the day it is issued: no time to do it
        first = _next_period(first, every)
    due = rule.due_for(first)
    return Reading(
        text, KIND_RECURRING, due, every=every, repeat_from=first.key, rule=rule,
        urgent=p.urgent,
        how=f"định kỳ {every_label(every)} từ ngày ban hành: kỳ đầu {first.label}, hạn {_d(due)}"
        + ("; khẩn trương" if p.urgent else ""),
    )  # fmt: skip


def parse_deadline(
    value: str | date | None,
    issued: date | None = None,
    calendar: WorkCalendar | None = None,
) -> Deadline:
    """Read a `due` value: an ISO date (as a `date` or text), a phrase, or None (absent).
    The short form of `read_deadline` (see there)."""
    r = read_deadline(value, issued, calendar)
    return Deadline(r.text, r.due, r.kind, r.urgent, r.start, r.year_from_issued)


def count_from(phrase: str, event_day: date, calendar: WorkCalendar | None = None) -> date | None:
    """The due date of a phrase counted from an event ("trong 10 ngày kể từ ngày nhận được văn
    bản"), once the event's date is known; None when the phrase is not counted from an event."""
    p = _analyse(_clean_text(phrase)) if isinstance(phrase, str) else None
    if p is None or p.event is None:
        return None
    n, unit, _ = p.event
    return _relative_from(phrase, event_day, (n, unit), calendar)


def _relative_from(
    text: str, day: date, rel: tuple[int, str], calendar: WorkCalendar | None
) -> date:
    cal = calendar if calendar is not None else default_calendar()
    try:
        return _relative_end(cal, day, *rel)
    except (OverflowError, ValueError) as exc:
        raise DeadlineError(f"Thời hạn '{_short(text)}' không tính được: {exc}.", text) from None


def _relative_due(
    text: str, rel: tuple[int, str], issued: date | None, calendar: WorkCalendar | None
) -> date:
    if issued is None:
        raise DeadlineError(
            f"Thời hạn '{_short(text)}' được tính từ ngày ký nhưng chưa có ngày ban hành của văn "
            "bản: hãy ghi 'issued' của văn bản, hoặc ghi thẳng ngày hết hạn.",
            text,
        )
    return _relative_from(text, issued, rel, calendar)


@lru_cache(maxsize=4096)
def _relative_end(cal: WorkCalendar, issued: date, n: int, unit: str) -> date:
    # Cached per calendar object (identity): a calendar's days never change once built.
    if unit == "workday":
        # The n-th working day after signing: weekends, holidays and swapped days off skipped.
        return cal.add_working_days(issued, n)
    # The signing day is not counted (Bộ luật Dân sự 2015, Điều 147); the period ends on the
    # corresponding day, or the month's last day when there is none (Điều 148 khoản 1-4).
    if unit == "day":
        end = issued + timedelta(days=n)
    elif unit == "week":
        end = issued + timedelta(weeks=n)
    elif unit == "month":
        end = _add_months(issued, n)
    else:
        end = _add_months(issued, 12 * n)
    # Ending on a weekend or a holiday: the next working day (Điều 148 khoản 5).
    return cal.next_working_day(end)


def describe(phrase: str, issued: date | None = None, calendar: WorkCalendar | None = None) -> dict:
    """How a phrase is read, for `dtrack deadline PHRASE --format json`."""
    r = read_deadline(phrase, issued, calendar)
    return {
        "phrase": r.text,
        "due": r.due.isoformat() if r.due else None,
        "kind": r.kind,
        "urgent": r.urgent,
        "start": r.start.isoformat() if r.start else None,
        "every": r.every,
        "repeat_from": r.repeat_from,
        "year_from_issued": r.year_from_issued,
        "event": r.event,
        "how": r.how,
    }


def describe_repeat(phrase: str, every: str, issued: date | None, today: date) -> dict:
    """How a recurring phrase reads with `repeat: {every: EVERY}`, the first period being the
    first whose due day is after `issued` (without it, the period containing `today`), for
    `dtrack deadline PHRASE --repeat EVERY`."""
    rule = recurring_rule(phrase, every)
    first = period_containing(every, issued or today)
    if issued is not None and rule.due_for(first) <= issued:
        first = _next_period(first, every)
    due = rule.due_for(first)
    return {
        "phrase": rule.text,
        "due": due.isoformat(),
        "kind": KIND_RECURRING,
        "urgent": rule.urgent,
        "start": None,
        "every": every,
        "repeat_from": first.key,
        "year_from_issued": False,
        "event": None,
        "how": f"định kỳ {every_label(every)}: kỳ đầu {first.label}, hạn {_d(due)}"
        + ("; khẩn trương" if rule.urgent else ""),
    }


# --------------------------------------------------------------------------- public: periods

_RE_PERIOD_KEY = _c(
    r"(?P<y>[0-9]{4})(?:-(?:(?P<m>[0-9]{1,2})(?:-(?P<d>[0-9]{1,2}))?|Q(?P<q>[0-9])|H(?P<h>[0-9])"
    r"|W(?P<w>[0-9]{1,2})))?"
)


def _key_every(key: str) -> str:
    if len(key) == 4:
        return "year"
    if "Q" in key:
        return "quarter"
    if "H" in key:
        return "half-year"
    if "W" in key:
        return "week"
    return "month"


def check_every(every: object) -> str:
    """`every` of a `repeat` when it is one this module counts, else a DeadlineError: week,
    month, quarter, half-year, year, or N-months / N-years ("2-years": hai năm một lần)."""
    if isinstance(every, str):
        if every == "week" or every in _MONTHS_PER:
            return every
        m = _RE_EVERY_N.fullmatch(every)
        if m and 2 <= int(m["n"]) <= _MAX_EVERY_N[m["unit"]]:
            return every
    raise DeadlineError(
        f"Kỳ lặp lại '{every}' không hợp lệ: chỉ dùng week (hằng tuần), month (hằng tháng), "
        "quarter (hằng quý), half-year (6 tháng), year (hằng năm), hoặc N-months, N-years "
        "(ví dụ 2-years: hai năm một lần).",
        str(every),
    )


_check_every = check_every


def every_label(every: str) -> str:
    """'hằng quý', '2 năm một lần'…"""
    label = EVERY_LABELS.get(every)
    if label is not None:
        return label
    m = _RE_EVERY_N.fullmatch(every)
    return f"{int(m['n'])} {'tháng' if m['unit'] == 'months' else 'năm'} một lần" if m else every


def _months_per(every: str) -> int:
    if every in _MONTHS_PER:
        return _MONTHS_PER[every]
    m = _RE_EVERY_N.fullmatch(every)
    return int(m["n"]) * (1 if m["unit"] == "months" else 12)


def _week(d: date) -> Period:
    start = d - timedelta(days=d.weekday())
    end = start + timedelta(days=6)
    iso = start.isocalendar()
    return Period(
        f"{iso[0]}-W{iso[1]:02d}",
        f"tuần {iso[1]}/{iso[0]} ({start:%d/%m} – {end:%d/%m/%Y})",
        start,
        end,
        "week",
    )


def _period(every: str, year: int, first_month: int) -> Period:
    """The period of `every` that contains month `first_month` of `year`; for N-months and
    N-years, the one that starts with that month (their periods are counted from `from`)."""
    if every not in _MONTHS_PER:  # N-months / N-years
        size = _months_per(every)
        start = date(year, first_month, 1)
        last = _add_months(start, size - 1)
        end = _last_day(last.year, last.month)
        if every.endswith("years"):
            key = str(year) if first_month == 1 else f"{year}-{first_month:02d}"
            label = f"{start:%m/%Y} – {end:%m/%Y}"
            if first_month == 1:
                label = f"năm {year} – {end.year}"
        else:
            key = f"{year}-{first_month:02d}"
            label = f"tháng {start.month}/{start.year} – {end.month}/{end.year}"
        return Period(key, label, start, end, every)
    size = _MONTHS_PER[every]
    index = (first_month - 1) // size  # 0-based index of the period within the year
    start = date(year, index * size + 1, 1)
    end = _last_day(year, index * size + size)
    if every == "month":
        key, label = f"{year}-{first_month:02d}", f"tháng {first_month}/{year}"
    elif every == "quarter":
        key, label = f"{year}-Q{index + 1}", f"quý {_ROMAN[index]}/{year}"
    elif every == "half-year":
        half = "đầu" if index == 0 else "cuối"
        key, label = f"{year}-H{index + 1}", f"6 tháng {half} năm {year}"
    else:
        key, label = str(year), f"năm {year}"
    return Period(key, label, start, end)


def period_containing(every: str, d: date) -> Period:
    """The period of `every` that contains day `d` (for N-months / N-years: the one that starts
    with `d`'s month)."""
    if _check_every(every) == "week":
        return _week(d)
    return _period(every, d.year, d.month)


def parse_period(text: str, every: str) -> Period:
    """A period key ("2025-10", "2025-Q4", "2025-H2", "2025", "2025-W40") as a period of
    `every`.

    A finer key names the period of `every` that contains it ("2025-10" as a quarter is
    2025-Q4); a coarser one ("2025" for a month) is an error. For N-months / N-years the key
    names the period's first month or year."""
    _check_every(every)
    if isinstance(text, datetime):
        text = text.date()
    if isinstance(text, date):
        return period_containing(every, text)
    raw = str(text).strip()
    m = _RE_PERIOD_KEY.fullmatch(raw.upper())
    problem = None
    day = None
    if m is None:
        problem = "không đúng dạng"
    else:
        year = int(m["y"])
        if not MIN_YEAR <= year <= MAX_YEAR:
            problem = f"năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}"
        elif m["m"] is not None:
            month = int(m["m"])
            given = "month"
            if not 1 <= month <= 12:
                problem = f"tháng {month} không tồn tại"
            elif m["d"] is not None:
                if not 1 <= int(m["d"]) <= _days_in_month(year, month):
                    problem = f"ngày {int(m['d'])}/{month}/{year} không tồn tại"
                else:
                    given, day = "day", date(year, month, int(m["d"]))
        elif m["q"] is not None:
            given, month = "quarter", (int(m["q"]) - 1) * 3 + 1
            if not 1 <= int(m["q"]) <= 4:
                problem = f"quý {m['q']} không tồn tại (quý chỉ từ 1 đến 4)"
        elif m["h"] is not None:
            given, month = "half-year", (int(m["h"]) - 1) * 6 + 1
            if not 1 <= int(m["h"]) <= 2:
                problem = f"nửa năm H{m['h']} không tồn tại (chỉ có H1, H2)"
        elif m["w"] is not None:
            given, month = "week", 1
            try:
                day = date.fromisocalendar(year, int(m["w"]), 1)
            except ValueError:
                problem = f"tuần {m['w']} của năm {year} không tồn tại"
        else:
            given, month = "year", 1
        if problem is None:
            if every == "week":
                if given not in ("week", "day"):
                    problem = f"'{raw}' là cả một kỳ dài hơn một tuần"
            elif given == "week":
                problem = f"'{raw}' là một tuần, ngắn hơn một kỳ {every_label(every)}"
            elif given != "day" and _months_per(given) > _months_per(every):
                problem = f"'{raw}' là cả một kỳ dài hơn một kỳ {every_label(every)}"
    if problem is not None:
        examples = {
            "week": "2025-W40 (hoặc một ngày trong tuần, 2025-10-01)",
            "month": "2025-10",
            "quarter": "2025-Q4",
            "half-year": "2025-H2",
            "year": "2025",
        }.get(every, "2025 hoặc 2025-10 (kỳ đầu tiên)")
        raise DeadlineError(
            f"Kỳ '{raw}' không hợp lệ: {problem}; với every: {every} hãy ghi dạng {examples}.",
            raw,
        )
    if every == "week":
        return _week(day)
    return _period(every, year, month)


def period_label(key: str, repeat) -> str:
    """How a period key of a task with `repeat` is shown ('2025-10' → 'tháng 10/2025'); the key
    itself when the task does not repeat or the key is not one of its periods."""
    if repeat is None:
        return key
    return every_period_label(key, repeat.every)


@functools.lru_cache(maxsize=4096)
def every_period_label(key: str, every: str) -> str:
    """period_label for a task repeated `every` month, quarter…: a few hundred periods are
    named ~100,000 times on five years' site pages."""
    try:
        return parse_period(key, every).label
    except DeadlineError:
        return key


def _next_period(p: Period, every: str) -> Period:
    nxt = p.end + timedelta(days=1)
    return period_containing(every, nxt)


def iter_periods(every: str, start: str, until: str | None, today: date) -> list[Period]:
    """The periods from `start` to `until` (inclusive, or open-ended) that have begun by `today`."""
    first = parse_period(start, every)
    last = parse_period(until, every) if until is not None else None
    if last is not None and last.start < first.start:
        raise DeadlineError(
            f"Kỳ kết thúc '{until}' ở trước kỳ bắt đầu '{start}' của 'repeat'.", str(until)
        )
    if isinstance(today, datetime):
        today = today.date()
    stop = today if last is None else min(today, last.start)
    periods: list[Period] = []
    p = first
    while p.start <= stop:
        periods.append(p)
        if p.end.year >= MAX_YEAR:
            break
        p = _next_period(p, every)
    return periods


# --------------------------------------------------------------------------- public: recurring

_SUITS = {
    "month_day": ("month",),
    "next_month": ("month",),
    "next_quarter": ("quarter",),
    "yearly": ("year",),
    "next_year": ("year",),
    "half_pair": ("half-year",),
    "weekday": ("week",),
}


def _suits(rec: tuple) -> tuple[str, ...]:
    form, of = rec[0], rec[5]
    if form == "last_month":
        return EVERY if of == "any" else (of,)
    return _SUITS[form]


def _suits_every(rec: tuple, every: str) -> bool:
    """Whether the form can give a due date in each period of `every`: "tháng cuối kỳ" suits
    N-months and N-years periods too."""
    if every in _suits(rec):
        return True
    return rec[0] == "last_month" and rec[5] == "any" and every not in ("week", *EVERY)


@dataclass(frozen=True, slots=True)
class RecurringRule:
    """The due date of each period of a recurring obligation ("trước ngày 20 hằng tháng")."""

    text: str
    every: str
    urgent: bool = False
    _rec: tuple = field(default=(), repr=False, compare=True)

    def due_for(self, period: Period, calendar: WorkCalendar | None = None) -> date:
        """The due date in `period`. Every form names a calendar day, which is the last day
        (like "trước ngày 20/9/2025"), so `calendar` does not move it; it is accepted so that
        forms counted in working days can be added without changing callers."""
        del calendar
        if period.every != self.every:
            raise DeadlineError(
                f"Kỳ '{period.key}' không phải kỳ {every_label(self.every)} của thời hạn "
                f"'{_short(self.text)}'.",
                self.text,
            )
        form, day, month, day2, month2, _of = self._rec
        end = period.end
        if form == "weekday":
            return period.start + timedelta(days=day)
        if form in ("month_day", "last_month"):
            return _clamped(end.year, end.month, day)
        if form in ("next_month", "next_quarter"):
            nxt = end + timedelta(days=1)
            return _clamped(nxt.year, nxt.month, day)
        if form == "yearly":
            return _clamped(end.year, month, day)
        if form == "next_year":
            return _clamped(end.year + 1, month, day)
        # half_pair: the date that falls in this half of the year
        first_half = end.month <= 6
        if (month <= 6) == first_half:
            return _clamped(end.year, month, day)
        return _clamped(end.year, month2, day2)


def recurring_rule(phrase: str, every: str) -> RecurringRule:
    """Check a recurring phrase at load time, for a task with `repeat: {every: ...}`."""
    _check_every(every)
    text = _clean_text(phrase) if isinstance(phrase, str) else ""
    if not text:
        raise DeadlineError(
            "Nhiệm vụ định kỳ (có 'repeat') chưa ghi thời hạn của mỗi kỳ: hãy ghi ví dụ "
            "'due: trước ngày 20 hằng tháng'.",
            text,
        )
    parsed = _analyse(text)
    if parsed.recurring is None:
        raise DeadlineError(
            f"Thời hạn '{_short(text)}' không phải thời hạn định kỳ, nên không dùng được với "
            f"'repeat' ({every_label(every)}): hãy ghi ví dụ 'trước ngày 20 hằng tháng', "
            "'trước ngày 15 của tháng cuối quý', 'trước ngày 15/12 hằng năm'.",
            text,
        )
    if not _suits_every(parsed.recurring, every):
        allowed = ", ".join(f"{e} ({every_label(e)})" for e in _suits(parsed.recurring))
        raise DeadlineError(
            f"Thời hạn định kỳ '{_short(text)}' không hợp với every: {every} "
            f"({every_label(every)}); cách ghi này chỉ dùng với every: {allowed}.",
            text,
        )
    return RecurringRule(text, every, parsed.urgent, parsed.recurring)
