"""The working-day calendar: Vietnamese holidays, swapped days off, make-up Saturdays, extras."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest

from directive_cli.workdays import MAX_WORKING_DAYS, WorkCalendar, default_calendar

CAL = WorkCalendar()


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(n) for n in range((end - start).days + 1)]


# ---------------------------------------------------------------- the official schedules


def test_tet_2026_nine_days_off():
    # Tết Bính Ngọ: công chức nghỉ từ thứ Bảy 14/02/2026 đến hết Chủ nhật 22/02/2026 (9 ngày).
    assert not any(CAL.is_working_day(d) for d in days(date(2026, 2, 14), date(2026, 2, 22)))
    assert CAL.is_working_day(date(2026, 2, 13))  # thứ Sáu, 26 tháng Chạp
    assert CAL.is_working_day(date(2026, 2, 23))  # thứ Hai, mùng 7


def test_tet_2025_nine_days_off():
    # Tết Ất Tỵ: nghỉ từ thứ Bảy 25/01/2025 đến hết Chủ nhật 02/02/2025.
    assert not any(CAL.is_working_day(d) for d in days(date(2025, 1, 25), date(2025, 2, 2)))
    assert CAL.is_working_day(date(2025, 1, 24))
    assert CAL.is_working_day(date(2025, 2, 3))


def test_30_4_1_5_2025_with_swapped_day():
    # Nghỉ 30/4 (thứ Tư) đến hết 4/5/2025; thứ Sáu 2/5 hoán đổi, làm bù thứ Bảy 26/4/2025.
    assert not any(CAL.is_working_day(d) for d in days(date(2025, 4, 30), date(2025, 5, 4)))
    assert CAL.is_working_day(date(2025, 4, 26))  # make-up Saturday
    assert not CAL.is_working_day(date(2025, 4, 27))  # its Sunday stays off
    assert CAL.is_working_day(date(2025, 4, 29))
    assert CAL.is_working_day(date(2025, 5, 5))


def test_national_day_2025_and_hung_kings_2025():
    assert not any(CAL.is_working_day(d) for d in days(date(2025, 8, 30), date(2025, 9, 2)))
    assert CAL.is_working_day(date(2025, 9, 3))
    assert not CAL.is_working_day(date(2025, 4, 7))  # Giỗ Tổ Hùng Vương, thứ Hai


def test_new_year_and_weekends():
    assert not CAL.is_working_day(date(2026, 1, 1))
    assert CAL.is_working_day(date(2026, 1, 2))
    assert not CAL.is_working_day(date(2025, 9, 20))  # an ordinary Saturday
    assert not CAL.is_working_day(date(2025, 9, 21))  # Sunday
    assert CAL.is_working_day(date(2025, 9, 22))


def test_hung_kings_2026_on_sunday_is_observed_monday():
    assert not CAL.is_working_day(date(2026, 4, 26))
    assert not CAL.is_working_day(date(2026, 4, 27))
    assert CAL.is_working_day(date(2026, 4, 28))


def test_vietnam_culture_day_2026_can_be_overridden():
    # The package lists 24/11 (Ngày Văn hóa Việt Nam) from 2026; a province can say otherwise.
    assert not CAL.is_working_day(date(2026, 11, 24))
    assert WorkCalendar(workdays=[date(2026, 11, 24)]).is_working_day(date(2026, 11, 24))


# ---------------------------------------------------------------- counting


def test_add_working_days_across_tet_2026():
    assert CAL.add_working_days(date(2026, 2, 10), 3) == date(2026, 2, 13)
    assert CAL.add_working_days(date(2026, 2, 10), 4) == date(2026, 2, 23)
    assert CAL.add_working_days(date(2026, 2, 10), 10) == date(2026, 3, 3)
    assert CAL.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)


def test_add_working_days_across_30_4_2025():
    assert CAL.add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)  # make-up Saturday
    assert CAL.add_working_days(date(2025, 4, 24), 5) == date(2025, 5, 5)
    assert CAL.add_working_days(date(2025, 4, 29), 1) == date(2025, 5, 5)


def test_add_working_days_zero_and_errors():
    assert CAL.add_working_days(date(2025, 9, 20), 0) == date(2025, 9, 20)
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2025, 9, 20), -1)
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2025, 9, 20), MAX_WORKING_DAYS + 1)


def test_next_working_day():
    assert CAL.next_working_day(date(2025, 9, 22)) == date(2025, 9, 22)
    assert CAL.next_working_day(date(2025, 9, 20)) == date(2025, 9, 22)
    assert CAL.next_working_day(date(2025, 4, 26)) == date(2025, 4, 26)
    assert CAL.next_working_day(date(2025, 4, 30)) == date(2025, 5, 5)
    assert CAL.next_working_day(date(2026, 2, 16)) == date(2026, 2, 23)


def test_working_days_between():
    assert CAL.working_days_between(date(2026, 2, 10), date(2026, 3, 3)) == 10
    assert CAL.working_days_between(date(2025, 4, 24), date(2025, 5, 5)) == 5
    assert CAL.working_days_between(date(2025, 5, 5), date(2025, 5, 1)) == 0


# ---------------------------------------------------------------- extra days from agencies.yaml


def test_extra_holidays_and_workdays():
    cal = WorkCalendar(holidays=[date(2025, 9, 10)], workdays=["2025-09-13"])
    assert not cal.is_working_day(date(2025, 9, 10))
    assert cal.is_working_day(date(2025, 9, 13))  # a Saturday made a working day
    assert cal.add_working_days(date(2025, 9, 9), 1) == date(2025, 9, 11)
    assert cal.add_working_days(date(2025, 9, 12), 1) == date(2025, 9, 13)
    assert CAL.add_working_days(date(2025, 9, 12), 1) == date(2025, 9, 15)


def test_extra_days_conflict_or_bad_text():
    with pytest.raises(ValueError, match="vừa được khai là ngày nghỉ vừa là ngày làm việc"):
        WorkCalendar(holidays=[date(2025, 9, 10)], workdays=[date(2025, 9, 10)])
    with pytest.raises(ValueError, match="không phải là ngày hợp lệ"):
        WorkCalendar(holidays=["31/9/2025"])


def test_default_calendar_is_shared():
    assert default_calendar() is default_calendar()


def test_holidays_imported_lazily():
    code = (
        "import sys\n"
        "from directive_cli.deadlines import parse_deadline\n"
        "from directive_cli.workdays import WorkCalendar\n"
        "WorkCalendar()\n"
        "assert parse_deadline('trước ngày 20/9/2025').due.day == 20\n"
        "assert parse_deadline('trong quý III/2025').due.month == 9\n"
        "assert 'holidays' not in sys.modules, 'holidays imported too early'\n"
        "import datetime\n"
        "parse_deadline('trong 10 ngày làm việc kể từ ngày ký', datetime.date(2025, 9, 11))\n"
        "assert 'holidays' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
