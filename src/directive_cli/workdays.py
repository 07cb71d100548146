"""The Vietnamese working-day calendar used to count deadlines.

Days off are weekends plus the public holidays of the `holidays` package (Bộ luật Lao động 2019,
Điều 112, with the days off the Government swaps every year); official make-up Saturdays (ngày làm
bù) are working days. `agencies.yaml` can add days off (`holidays:`) and working days
(`workdays:`) on top, for schedules the package does not know yet.

`holidays` is imported on first use only: importing this module must stay cheap.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

__all__ = ["WorkCalendar", "default_calendar"]

_ONE_DAY = timedelta(days=1)
# Counting further than this is a typo, not a deadline; it also bounds the loops below.
MAX_WORKING_DAYS = 2000


def _as_date(value: date | str, what: str) -> date:
    # agencies.yaml may give dates as YAML dates or as ISO text.
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{what} '{value}' không phải là ngày hợp lệ (ghi theo dạng 2025-09-30)")


def _official_days(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off on weekdays or weekends, make-up working weekend days) of `year`."""
    try:
        import holidays  # lazy: start-up time
    except ImportError as exc:  # pragma: no cover - it is a declared dependency
        raise RuntimeError(
            "Thiếu gói 'holidays' (lịch ngày nghỉ lễ của Việt Nam): cài bằng 'pip install holidays'"
        ) from exc
    try:
        vn = holidays.country_holidays("VN", years=year)
    except Exception:  # pragma: no cover - years the package cannot compute
        return frozenset(), frozenset()
    off = frozenset(d for d in vn if d.year == year)
    # weekend_workdays lists the Saturdays worked in exchange for a swapped day off.
    work = frozenset(d for d in getattr(vn, "weekend_workdays", ()) if d.year == year)
    return off, work


# Monday first, as date.weekday() counts.
WEEKDAY_NAMES = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


class WorkCalendar:
    """Working days in Vietnam: Monday to Friday, minus public holidays and swapped days off,
    plus official make-up Saturdays, plus the extra days given here."""

    __slots__ = ("_extra_off", "_extra_work", "_years")

    def __init__(self, holidays: Iterable[date] = (), workdays: Iterable[date] = ()) -> None:
        self._extra_off = frozenset(_as_date(d, "Ngày nghỉ") for d in holidays)
        self._extra_work = frozenset(_as_date(d, "Ngày làm việc") for d in workdays)
        both = sorted(self._extra_off & self._extra_work)
        if both:
            days = ", ".join(d.isoformat() for d in both)
            raise ValueError(f"Ngày {days} vừa được khai là ngày nghỉ vừa là ngày làm việc")
        self._years: dict[int, tuple[frozenset[date], frozenset[date]]] = {}

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(holidays={sorted(self._extra_off)!r}, "
            f"workdays={sorted(self._extra_work)!r})"
        )

    def _year(self, year: int) -> tuple[frozenset[date], frozenset[date]]:
        days = self._years.get(year)
        if days is None:
            days = self._years[year] = _official_days(year)
        return days

    def is_day_off(self, d: date) -> bool:
        return not self.is_working_day(d)

    def is_working_day(self, d: date) -> bool:
        if d in self._extra_work:
            return True
        if d in self._extra_off:
            return False
        off, work = self._year(d.year)
        if d.weekday() >= 5:
            return d in work
        return d not in off

    def next_working_day(self, d: date) -> date:
        """`d` itself if it is a working day, else the first working day after it."""
        for _ in range(MAX_WORKING_DAYS):
            if self.is_working_day(d):
                return d
            d += _ONE_DAY
        raise ValueError("Không tìm thấy ngày làm việc nào trong khoảng thời gian quá dài")

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after `d` (`d` itself is not counted); n = 0 gives `d`."""
        if n < 0:
            raise ValueError(f"Số ngày làm việc phải là số không âm (được {n})")
        if n > MAX_WORKING_DAYS:
            raise ValueError(f"Số ngày làm việc quá lớn: {n} (tối đa {MAX_WORKING_DAYS})")
        while n:
            d += _ONE_DAY
            if self.is_working_day(d):
                n -= 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie in (start, end]: 0 when end <= start."""
        count = 0
        d = start
        while d < end:
            d += _ONE_DAY
            count += self.is_working_day(d)
        return count


_DEFAULT: WorkCalendar | None = None


def default_calendar() -> WorkCalendar:
    """The shared built-in calendar (its per-year lookups are cached across calls)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = WorkCalendar()
    return _DEFAULT
