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
