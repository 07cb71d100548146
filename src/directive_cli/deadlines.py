"""Reading the deadlines written in Vietnamese directives.

`parse_deadline` turns a `due` value (an ISO date or a phrase such as "trước ngày 20/9/2025",
"trong quý III/2025", "trong 10 ngày làm việc kể từ ngày ký") into a `Deadline`. Recurring
obligations ("trước ngày 20 hằng tháng") go through `recurring_rule` and the periods of
`iter_periods`. A phrase that matches none of the accepted forms is a `DeadlineError`: nothing is
ever guessed. docs/deadlines.md explains every form to clerks.

This module imports only the standard library: the holiday calendar (`holidays`) is loaded by
`WorkCalendar` the first time a phrase counted from the signing date needs it.
"""

from __future__ import annotations

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
    "RecurringRule",
    "describe",
    "iter_periods",
    "parse_deadline",
    "parse_period",
    "period_containing",
    "recurring_rule",
]

KIND_DATE = "date"
KIND_ONGOING = "ongoing"
KIND_NONE = "no_deadline"

EVERY = ("month", "quarter", "half-year", "year")
EVERY_LABELS = {
    "month": "hằng tháng",
    "quarter": "hằng quý",
    "half-year": "6 tháng một lần",
    "year": "hằng năm",
}
_MONTHS_PER = {"month": 1, "quarter": 3, "half-year": 6, "year": 12}
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
    "một năm: 'trong năm 2025', 'năm 2025', 'cuối năm 2025' (31/12); "
    "'đầu năm 2026' (1/1), 'giữa năm 2026' (30/6)",
    "tính từ ngày ký: 'trong 15 ngày kể từ ngày ký', 'trong vòng 15 ngày kể từ ngày ban hành', "
    "'trong 10 ngày làm việc kể từ ngày ký' (cũng tính theo tuần, tháng)",
    "định kỳ (chỉ dùng cùng 'repeat'): 'trước ngày 20 hằng tháng', "
    "'trước ngày 15 của tháng cuối quý', 'trước ngày 15 của tháng cuối kỳ', "
    "'trước ngày 15/6 và 15/12', 'trước ngày 15/12 hằng năm'",
    "nhiệm vụ thường xuyên: 'thường xuyên', 'hằng ngày'",
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
    due: date | None  # the date it means; None for ongoing / no_deadline
    kind: str  # "date" | "ongoing" | "no_deadline"
    urgent: bool = False  # khẩn trương / ngay


@dataclass(frozen=True, slots=True)
class Period:
    key: str  # "2025-10", "2025-Q4", "2025-H2", "2025"
    label: str  # "tháng 10/2025", "quý IV/2025", "6 tháng cuối năm 2025", "năm 2025"
    start: date
    end: date

    @property
    def every(self) -> str:
        return _key_every(self.key)


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


def _unreadable(text: str) -> DeadlineError:
    return DeadlineError(
        f"Không đọc được thời hạn '{_short(text)}'. Các cách ghi được chấp nhận: "
        + "; ".join(ACCEPTED_FORMS)
        + ".",
        text,
    )


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


def _normalise(text: str) -> str:
    s = unicodedata.normalize("NFC", text).lower()
    s = unicodedata.normalize("NFC", s)
    s = s.replace("–", "-").replace("—", "-").replace("\u2010", "-").replace("\u2011", "-")
    s = _WS.sub(" ", s).strip(" " + _EDGE)
    # A trailing full stop, comma or "./" (the end of a directive's text) is not part of it.
    while s and (s[-1] in _TRAIL or s.endswith("./")):
        s = s[:-2] if s.endswith("./") else s[:-1]
        s = s.rstrip(" " + _EDGE)
    return s


# --------------------------------------------------------------------------- grammar

_N = r"[0-9]"
_DMY = rf"(?P<d>{_N}{{1,2}})\s*(?P<sep>[/.\-])\s*(?P<m>{_N}{{1,2}})\s*(?P=sep)\s*(?P<y>{_N}{{4}})"
_WORDS = rf"(?P<wd>{_N}{{1,2}})\s+tháng\s+(?P<wm>{_N}{{1,2}})\s*,?\s*năm\s+(?P<wy>{_N}{{4}})"
_ISO = rf"(?P<iy>{_N}{{4}})-(?P<im>{_N}{{1,2}})-(?P<id>{_N}{{1,2}})"
_TIME = rf"(?:lúc\s+)?(?P<hh>{_N}{{1,2}})\s*(?:h|giờ|:)\s*(?:(?P<mm>{_N}{{1,2}})\s*(?:phút|p)?)?"
# Words before a named day: all of them make that day the last day.
_DAY_PREP = (
    r"(?:trước|chậm nhất(?: là| vào| trong| trước)?|muộn nhất(?: là| vào)?|hạn chót(?: là)?|"
    r"hạn cuối(?: là)?|không muộn hơn|đến(?: hết)?|hết|vào|trong|trước hoặc (?:trong|vào))"
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
_RE_YEAR = _c(rf"(?:{_PERIOD_PREP}\s+)?(?:(?P<pos>đầu|giữa|cuối)\s+)?năm\s+(?P<y>{_N}{{4}})")
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
    r"(?:yêu cầu|đề nghị|hoàn thành|hoàn tất|thực hiện xong|thực hiện|triển khai thực hiện|"
    r"triển khai|xong|báo cáo|gửi|nộp|trình|định kỳ|thời hạn(?: hoàn thành| thực hiện| báo cáo)?|"
    r"thời gian(?: hoàn thành| thực hiện)?|hạn chót(?: là)?|hạn cuối(?: là)?|hạn|là))"
    r"(?:\s*[:,;\-]\s*|\s+|$)"
)
_WORD = _c(
    r"\s*(?:(?:,|;|/|và|hoặc)\s*)?"
    r"(?:(?P<ong>thường xuyên|hằng ngày|hàng ngày|liên tục)|"
    r"(?P<urg>khẩn trương|ngay lập tức|lập tức|ngay)|(?P<nod>kịp thời))(?=\s|,|;|/|$)"
)
# Where the deadline itself may start after free text ("báo cáo Chủ tịch UBND tỉnh trước ...").
_CORE_START = _c(
    r"(?<!\w)(?:trước|chậm nhất|muộn nhất|hạn chót|hạn cuối|trong|đến hết|không quá|tối đa|vào)"
    r"(?!\w)"
)
# Free text before the deadline must not change its meaning (a condition, a negation, a start).
_BAD_PREFIX = _c(r"[0-9]|(?<!\w)(?:sau|khi|nếu|từ|không|ngoài|trừ|kể)(?!\w)")
_URGENT_IN = _c(r"(?<!\w)(?:khẩn trương|ngay)(?!\w)")


# --------------------------------------------------------------------------- parsed forms


@dataclass(frozen=True, slots=True)
class _Parsed:
    kind: str
    due: date | None = None
    urgent: bool = False
    relative: tuple[int, str] | None = None  # (n, unit) counted from the signing date
    recurring: tuple | None = None  # (form, day, month, day2, month2, of)


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
    pos = m["pos"]
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
    if not anchor:
        raise _Invalid(
            "chưa ghi mốc tính thời hạn: hãy ghi rõ, ví dụ "
            f"'trong {n} {unit_text} kể từ ngày ký' (dtrack tính từ ngày ban hành của văn bản)"
        )
    if not _RE_ANCHOR.fullmatch(anchor):
        raise _Invalid(
            f"mốc '{anchor}' không xác định được ngày: dtrack chỉ tính được thời hạn "
            "kể từ ngày ký (ngày ban hành) của văn bản"
        )
    if n < 1:
        raise _Invalid("số ngày phải lớn hơn 0")
    if n > _MAX_RELATIVE[unit]:
        raise _Invalid(f"{n} {unit_text} là quá dài (tối đa {_MAX_RELATIVE[unit]})")
    return _Parsed(KIND_DATE, relative=(n, unit))


def _recurring_match(form: str, m: re.Match[str]) -> _Parsed:
    _check_time(m["hh"], m["mm"])
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


@lru_cache(maxsize=8192)
def _analyse(text: str) -> _Parsed:
    """The pure, cached part of reading a phrase (no issued date, no calendar)."""
    s = _normalise(text)
    if not s:
        return _Parsed(KIND_NONE)
    if len(s) > _MAX_PHRASE:
        raise _unreadable(text)
    try:
        return _analyse_normalised(text, s)
    except _Invalid as exc:
        raise DeadlineError(f"Thời hạn '{_short(text)}' không hợp lệ: {exc}.", text) from None


def _analyse_normalised(text: str, s: str) -> _Parsed:
    if _RE_REC_NODAY.fullmatch(s):
        raise _Invalid(
            "thời hạn định kỳ chưa ghi ngày hạn của mỗi kỳ: hãy ghi ví dụ "
            "'trước ngày 20 hằng tháng' và khai 'repeat'"
        )
    purpose = _TAIL_PURPOSE.search(s)
    if purpose and purpose.start() > 0:
        s = s[: purpose.start()]
    urgent = stripped = no_deadline_word = False
    while True:
        m = _LEAD.match(s)
        if not m or m.end() == 0:
            break
        urgent |= m["urg"] is not None
        no_deadline_word |= m["urg"] is not None or m["nod"] is not None
        stripped = True
        s = s[m.end() :]
    if not s:
        if no_deadline_word:
            return _Parsed(KIND_NONE, urgent=urgent)
        raise _unreadable(text)

    parsed = _match_core(s)
    if parsed is None:
        words = _match_words(s)
        if words is not None:
            kind, urg = words
            return _Parsed(kind, urgent=urgent or urg)
    if parsed is None and stripped:
        # "báo cáo Chủ tịch UBND tỉnh trước ngày 20/9/2025": free words, then the deadline.
        for start in _CORE_START.finditer(s):
            prefix = s[: start.start()]
            if _BAD_PREFIX.search(prefix):
                break
            parsed = _match_core(s[start.start() :])
            if parsed is not None:
                urgent |= _URGENT_IN.search(prefix) is not None
                break
    if parsed is None:
        if _RE_REC_AMBIGUOUS.fullmatch(s):
            raise _Invalid(
                "không rõ là ngày nào trong kỳ: hãy ghi ví dụ 'trước ngày 15 của tháng cuối quý', "
                "'trước ngày 15 của tháng cuối kỳ' hoặc 'trước ngày 15/12 hằng năm'"
            )
        if _RE_REC_NODAY.fullmatch(s):
            raise _Invalid(
                "thời hạn định kỳ chưa ghi ngày hạn của mỗi kỳ: hãy ghi ví dụ "
                "'trước ngày 20 hằng tháng' và khai 'repeat'"
            )
        if _RE_NO_YEAR.fullmatch(s):
            raise _Invalid(
                "chưa ghi năm: hãy ghi đủ, ví dụ 'trước ngày 20/9/2025', 'trong tháng 9/2025', "
                "'trong quý III/2025'"
            )
        raise _unreadable(text)
    if urgent and not parsed.urgent:
        parsed = _Parsed(parsed.kind, parsed.due, True, parsed.relative, parsed.recurring)
    return parsed


def _clean_text(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


# --------------------------------------------------------------------------- public: deadlines


def parse_deadline(
    value: str | date | None,
    issued: date | None = None,
    calendar: WorkCalendar | None = None,
) -> Deadline:
    """Read a `due` value: an ISO date (as a `date` or text), a phrase, or None (absent)."""
    if value is None:
        return Deadline(None, None, KIND_NONE)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return Deadline(value.isoformat(), value, KIND_DATE)
    if not isinstance(value, str):
        raise DeadlineError(
            f"Thời hạn '{value}' không hợp lệ: phải là một ngày (2025-09-30) "
            "hoặc một cụm từ chỉ thời hạn.",
            str(value),
        )
    text = _clean_text(value)
    if not text:
        return Deadline(None, None, KIND_NONE)
    parsed = _analyse(text)
    if parsed.recurring is not None:
        raise DeadlineError(
            f"Thời hạn '{_short(text)}' là thời hạn định kỳ: cần khai thêm 'repeat' cho nhiệm "
            "vụ (ví dụ repeat: {every: month, from: 2025-10}) để tính hạn của từng kỳ.",
            text,
        )
    if parsed.relative is not None:
        due = _relative_due(text, parsed.relative, issued, calendar)
        return Deadline(text, due, KIND_DATE, parsed.urgent)
    return Deadline(text, parsed.due, parsed.kind, parsed.urgent)


def _relative_due(
    text: str, rel: tuple[int, str], issued: date | None, calendar: WorkCalendar | None
) -> date:
    if issued is None:
        raise DeadlineError(
            f"Thời hạn '{_short(text)}' được tính từ ngày ký nhưng chưa có ngày ban hành của văn "
            "bản: hãy ghi 'issued' của văn bản, hoặc ghi thẳng ngày hết hạn.",
            text,
        )
    if isinstance(issued, datetime):
        issued = issued.date()
    cal = calendar if calendar is not None else default_calendar()
    try:
        return _relative_end(cal, issued, *rel)
    except (OverflowError, ValueError) as exc:
        raise DeadlineError(f"Thời hạn '{_short(text)}' không tính được: {exc}.", text) from None


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
    d = parse_deadline(phrase, issued, calendar)
    return {
        "phrase": d.text,
        "due": d.due.isoformat() if d.due else None,
        "kind": d.kind,
        "urgent": d.urgent,
    }


# --------------------------------------------------------------------------- public: periods

_RE_PERIOD_KEY = _c(
    r"(?P<y>[0-9]{4})(?:-(?:(?P<m>[0-9]{1,2})(?:-(?P<d>[0-9]{1,2}))?|Q(?P<q>[0-9])|H(?P<h>[0-9])))?"
)


def _key_every(key: str) -> str:
    if len(key) == 4:
        return "year"
    if "Q" in key:
        return "quarter"
    if "H" in key:
        return "half-year"
    return "month"


def _check_every(every: str) -> str:
    if every not in _MONTHS_PER:
        raise DeadlineError(
            f"Kỳ lặp lại '{every}' không hợp lệ: chỉ dùng month (hằng tháng), quarter (hằng quý), "
            "half-year (6 tháng) hoặc year (hằng năm).",
            str(every),
        )
    return every


def _period(every: str, year: int, first_month: int) -> Period:
    """The period of `every` that contains month `first_month` of `year`."""
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
    """The period of `every` that contains day `d`."""
    return _period(_check_every(every), d.year, d.month)


def parse_period(text: str, every: str) -> Period:
    """A period key ("2025-10", "2025-Q4", "2025-H2", "2025") as a period of `every`.

    A finer key names the period of `every` that contains it ("2025-10" as a quarter is
    2025-Q4); a coarser one ("2025" for a month) is an error."""
    _check_every(every)
    if isinstance(text, datetime):
        text = text.date()
    if isinstance(text, date):
        return _period(every, text.year, text.month)
    raw = str(text).strip()
    m = _RE_PERIOD_KEY.fullmatch(raw.upper())
    problem = None
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
            elif m["d"] is not None and not 1 <= int(m["d"]) <= _days_in_month(year, month):
                problem = f"ngày {int(m['d'])}/{month}/{year} không tồn tại"
        elif m["q"] is not None:
            given, month = "quarter", (int(m["q"]) - 1) * 3 + 1
            if not 1 <= int(m["q"]) <= 4:
                problem = f"quý {m['q']} không tồn tại (quý chỉ từ 1 đến 4)"
        elif m["h"] is not None:
            given, month = "half-year", (int(m["h"]) - 1) * 6 + 1
            if not 1 <= int(m["h"]) <= 2:
                problem = f"nửa năm H{m['h']} không tồn tại (chỉ có H1, H2)"
        else:
            given, month = "year", 1
        if problem is None and _MONTHS_PER[given] > _MONTHS_PER[every]:
            problem = f"'{raw}' là cả một kỳ dài hơn một kỳ {EVERY_LABELS[every]}"
    if problem is not None:
        examples = {
            "month": "2025-10",
            "quarter": "2025-Q4",
            "half-year": "2025-H2",
            "year": "2025",
        }[every]
        raise DeadlineError(
            f"Kỳ '{raw}' không hợp lệ: {problem}; với every: {every} hãy ghi dạng {examples}.",
            raw,
        )
    return _period(every, year, month)


def _next_period(p: Period, every: str) -> Period:
    nxt = p.end + timedelta(days=1)
    return _period(every, nxt.year, nxt.month)


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
}


def _suits(rec: tuple) -> tuple[str, ...]:
    form, of = rec[0], rec[5]
    if form == "last_month":
        return EVERY if of == "any" else (of,)
    return _SUITS[form]


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
                f"Kỳ '{period.key}' không phải kỳ {EVERY_LABELS[self.every]} của thời hạn "
                f"'{_short(self.text)}'.",
                self.text,
            )
        form, day, month, day2, month2, _of = self._rec
        end = period.end
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
            f"'repeat' ({EVERY_LABELS[every]}): hãy ghi ví dụ 'trước ngày 20 hằng tháng', "
            "'trước ngày 15 của tháng cuối quý', 'trước ngày 15/12 hằng năm'.",
            text,
        )
    suits = _suits(parsed.recurring)
    if every not in suits:
        allowed = ", ".join(f"{e} ({EVERY_LABELS[e]})" for e in suits)
        raise DeadlineError(
            f"Thời hạn định kỳ '{_short(text)}' không hợp với every: {every} "
            f"({EVERY_LABELS[every]}); cách ghi này chỉ dùng với every: {allowed}.",
            text,
        )
    return RecurringRule(text, every, parsed.urgent, parsed.recurring)
