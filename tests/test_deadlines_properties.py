"""Property tests: every spelling of a valid date reads back as itself, periods give their last
day, counting agrees with the calendar, and no text makes the reader fail other than cleanly."""

from __future__ import annotations

import contextlib
import itertools
import re
import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_cli.deadlines import (
    DeadlineError,
    iter_periods,
    parse_deadline,
    parse_period,
    read_deadline,
    recurring_rule,
)
from directive_cli.workdays import WorkCalendar

SETTINGS = settings(max_examples=200, deadline=None)
DATES = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))
ROMAN = ("I", "II", "III", "IV")
CAL = WorkCalendar()


def _last_day(y: int, m: int) -> date:
    return (date(y + m // 12, m % 12 + 1, 1)) - timedelta(days=1)


def _two(n: int, pad: bool) -> str:
    return f"{n:02d}" if pad else str(n)


SPELLINGS = [
    lambda d, p: f"{_two(d.day, p)}/{_two(d.month, p)}/{d.year}",
    lambda d, p: f"{_two(d.day, p)}.{_two(d.month, p)}.{d.year}",
    lambda d, p: f"{_two(d.day, p)}-{_two(d.month, p)}-{d.year}",
    lambda d, p: f"{_two(d.day, p)} tháng {_two(d.month, p)} năm {d.year}",
    lambda d, p: d.isoformat(),
]
PREFIXES = [
    "",
    "ngày ",
    "trước ngày ",
    "chậm nhất ngày ",
    "trước 17h00 ngày ",
    "trước 17 giờ ngày ",
    "hoàn thành trước ngày ",
    "Yêu cầu thực hiện xong, báo cáo Chủ tịch UBND tỉnh trước ngày ",
]


def _decorate(text: str, how: int) -> str:
    """Case, Unicode form, spacing and a trailing full stop: none may change the reading."""
    if how & 1:
        text = text.upper()
    if how & 2:
        text = unicodedata.normalize("NFD", text)
    if how & 4:
        text = "  " + text.replace(" ", "  ") + " "
    if how & 8:
        text += "."
    return text


@SETTINGS
@given(
    DATES,
    st.sampled_from(SPELLINGS),
    st.booleans(),
    st.sampled_from(PREFIXES),
    st.integers(0, 15),
)
def test_every_spelling_of_a_date_reads_back(d, spell, pad, prefix, how):
    phrase = _decorate(prefix + spell(d, pad), how)
    got = parse_deadline(phrase)
    assert (got.due, got.kind, got.urgent) == (d, "date", False)


@SETTINGS
@given(
    st.integers(1950, 2100),
    st.integers(1, 12),
    st.sampled_from(["trong tháng {m}/{y}", "tháng {m}/{y}", "trong tháng {m} năm {y}"]),
    st.booleans(),
    st.integers(0, 15),
)
def test_month_forms_give_last_day(y, m, form, pad, how):
    phrase = _decorate(form.format(m=_two(m, pad), y=y), how)
    assert parse_deadline(phrase).due == _last_day(y, m)
    assert parse_deadline(_decorate(f"cuối tháng {m}/{y}", how)).due == _last_day(y, m)
    assert parse_deadline(_decorate(f"giữa tháng {m}/{y}", how)).due == date(y, m, 15)
    assert parse_deadline(_decorate(f"đầu tháng {m}/{y}", how)).due == date(y, m, 1)


@SETTINGS
@given(
    st.integers(1950, 2100),
    st.integers(1, 4),
    st.sampled_from(["trong quý {q}/{y}", "quý {q}/{y}", "quý {q} năm {y}"]),
    st.booleans(),
    st.integers(0, 15),
)
def test_quarter_forms_give_last_day(y, q, form, roman, how):
    phrase = _decorate(form.format(q=ROMAN[q - 1] if roman else q, y=y), how)
    assert parse_deadline(phrase).due == _last_day(y, 3 * q)


@SETTINGS
@given(st.integers(1950, 2100), st.booleans(), st.integers(0, 15))
def test_half_and_year_forms_give_last_day(y, first, how):
    half = "đầu" if first else "cuối"
    expected = date(y, 6, 30) if first else date(y, 12, 31)
    assert parse_deadline(_decorate(f"6 tháng {half} năm {y}", how)).due == expected
    for form in ("trong năm {y}", "năm {y}", "hoàn thành trong năm {y}", "cuối năm {y}"):
        assert parse_deadline(_decorate(form.format(y=y), how)).due == date(y, 12, 31)


@SETTINGS
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 6, 30)), st.integers(1, 60))
def test_calendar_days_end_on_the_first_working_day(issued, n):
    due = parse_deadline(f"trong {n} ngày kể từ ngày ký", issued).due
    last = issued + timedelta(days=n)
    assert due >= last and CAL.is_working_day(due)
    assert all(not CAL.is_working_day(last + timedelta(k)) for k in range((due - last).days))


@SETTINGS
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 6, 30)), st.integers(1, 60))
def test_working_days_count_exactly(issued, n):
    due = parse_deadline(f"trong {n} ngày làm việc kể từ ngày ký", issued).due
    assert CAL.is_working_day(due)
    assert CAL.working_days_between(issued, due) == n


@SETTINGS
@given(st.integers(1, 31), st.integers(1950, 2100), st.integers(1, 12))
def test_monthly_rule_is_in_its_month(day, y, m):
    rule = recurring_rule(f"trước ngày {day} hằng tháng", "month")
    due = rule.due_for(parse_period(f"{y}-{m:02d}", "month"))
    assert (due.year, due.month) == (y, m)
    assert due.day == min(day, _last_day(y, m).day)


KINDS = ("date", "ongoing", "no_deadline", "conditional", "event", "recurring")

VOCABULARY = [
    "trước",
    "ngày",
    "chậm nhất",
    "trong",
    "tháng",
    "quý",
    "năm",
    "6 tháng đầu",
    "hằng tháng",
    "của tháng cuối quý",
    "kể từ ngày ký",
    "làm việc",
    "thường xuyên",
    "khẩn trương",
    "ngay",
    "báo cáo",
    "sau",
    "và",
    ",",
    ".",
    "/",
    "-",
    "17h00",
    "III",
    "V",
    "0",
    "31",
    "9",
    "13",
    "2025",
    "20/9/2025",
    "31/9/2025",
    "99999",
]


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(max_size=80),
        st.lists(st.sampled_from(VOCABULARY), max_size=10).map(" ".join),
    ),
    st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))),
)
def test_any_text_reads_or_fails_cleanly(text, issued):
    try:
        got = parse_deadline(text, issued)
    except DeadlineError as exc:
        assert str(exc)
    else:
        assert got.kind in KINDS
        if got.kind == "date":
            assert got.due is not None
        if got.kind in ("ongoing", "no_deadline", "conditional", "event"):
            assert got.due is None
    for every in ("month", "quarter", "half-year", "year"):
        with contextlib.suppress(DeadlineError):
            recurring_rule(text, every)


# ---------------------------------------------------------------- the long tail (issue 15)

ISSUED = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))


@SETTINGS
@given(
    ISSUED,
    st.integers(0, 400),
    st.booleans(),
    st.sampled_from(["trước ngày ", "chậm nhất ngày ", "", "hạn chót "]),
    st.integers(0, 15),
)
def test_a_day_without_its_year_is_the_first_on_or_after_issue(issued, ahead, pad, prefix, how):
    d = issued + timedelta(days=ahead)
    if (d.month, d.day) == (2, 29) or ahead > 364:
        return  # not the first such day after the date of issue, or not in every year
    phrase = _decorate(f"{prefix}{_two(d.day, pad)}/{_two(d.month, pad)}", how)
    got = read_deadline(phrase, issued)
    assert (got.due, got.kind, got.year_from_issued) == (d, "date", True)
    with pytest.raises(DeadlineError, match="chưa ghi năm"):
        read_deadline(phrase)


@SETTINGS
@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(0, 15),
)
def test_day_ranges_are_due_at_their_end(a, b, how):
    start, end = min(a, b), max(a, b)
    for form in ("Từ ngày {s} đến ngày {e}", "từ {s} - {e}", "{s} - {e}"):
        phrase = _decorate(
            form.format(
                s=f"{start.day}/{start.month}/{start.year}", e=f"{end.day}/{end.month}/{end.year}"
            ),
            how,
        )
        got = read_deadline(phrase)
        assert got.due == end
        assert got.start == (start if start != end else None)


@SETTINGS
@given(
    st.integers(1950, 2100),
    st.integers(1, 12),
    st.sets(st.integers(1, 28), min_size=2, max_size=6),
    st.sampled_from([", ", " và ", ","]),
    st.integers(0, 15),
)
def test_several_days_of_a_month_run_from_the_first_to_the_last(y, m, days, joint, how):
    days = sorted(days)
    written = joint.join(str(d) for d in days)
    got = read_deadline(_decorate(f"vào các ngày {written}/{m}/{y}", how))
    assert (got.start, got.due) == (date(y, m, days[0]), date(y, m, days[-1]))


@SETTINGS
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    st.integers(1, 12),
    st.integers(1, 28),
    st.sampled_from(
        ["hằng năm, trước ngày {d}/{m}", "Định kỳ hằng năm (trước ngày {d} tháng {m})"]
    ),
)
def test_the_period_named_first_is_the_same_yearly_duty(issued, m, d, form):
    got = read_deadline(form.format(d=d, m=m), issued)
    first = date(issued.year, m, d)
    first = first if first > issued else date(issued.year + 1, m, d)
    assert (got.kind, got.every, got.due) == ("recurring", "year", first)


@SETTINGS
@given(st.integers(1950, 2099), st.integers(0, 40), st.integers(0, 15))
def test_year_ranges_are_due_at_their_end(y1, span, how):
    y2 = min(y1 + span, 2100)
    for form in (
        "{a} - {b}",
        "Năm {a}-{b}",
        "giai đoạn {a} - {b}",
        "(xuyên suốt {a} - {b})",
        "từ năm {a} đến năm {b}",
    ):
        got = read_deadline(_decorate(form.format(a=y1, b=y2), how))
        assert got.due == date(y2, 12, 31)


@SETTINGS
@given(st.integers(1950, 2100), st.integers(1, 12), st.integers(1, 12), st.integers(0, 15))
def test_month_ranges_are_due_at_their_end(y, m1, m2, how):
    m1, m2 = min(m1, m2), max(m1, m2)
    for form in (
        "Tháng {a} - {b}/{y}",
        "từ tháng {a} đến tháng {b}/{y}",
        "tháng {a}, tháng {b} năm {y}",
    ):
        got = read_deadline(_decorate(form.format(a=m1, b=m2, y=y), how))
        assert got.due == _last_day(y, m2)
        assert got.start in (date(y, m1, 1), None)


NO_DIGITS = st.text(alphabet=st.characters(blacklist_categories=("Nd", "No", "Cs")), max_size=60)
ROMAN_PERIOD = re.compile(r"(?:quý|qúy|quí|tháng|ngày|tuần)\s+[ivx]", re.IGNORECASE)
# "trong năm nay", "tháng này": a date in words, the year (month) of the date of issue.
THIS_PERIOD = re.compile(r"(?:năm|tháng)\s+n(?:ay|ày)(?!\w)", re.IGNORECASE)
# A weekday names a day too ("thứ Bảy"): alone it is refused, never a date.
WEEKDAY = re.compile(r"(?<!\w)(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)(?!\w)", re.IGNORECASE)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        NO_DIGITS,
        st.lists(
            st.sampled_from(
                [w for w in VOCABULARY if not any(c.isdigit() for c in w) and w not in ("III", "V")]
            ),
            max_size=10,
        ).map(" ".join),
    ),
    st.one_of(st.none(), ISSUED),
)
def test_text_without_date_like_numbers_never_gives_a_date(text, issued):
    if ROMAN_PERIOD.search(unicodedata.normalize("NFC", text)):
        return  # "quý IV" is a date-like number, in Roman figures
    if THIS_PERIOD.search(unicodedata.normalize("NFC", text)):
        return  # "năm nay" names a year in words
    if WEEKDAY.search(unicodedata.normalize("NFC", text)):
        with contextlib.suppress(DeadlineError):  # a weekday alone: refused, or read as a duty
            assert read_deadline(text, issued).due is None or "tuần" in text.lower()
        return
    try:
        got = read_deadline(text, issued)
    except DeadlineError as exc:  # only a recurring phrase can need more, and none has no day
        raise AssertionError(f"{text!r}: {exc}") from None
    assert got.due is None
    assert got.kind in ("ongoing", "no_deadline", "conditional")


@SETTINGS
@given(
    ISSUED,
    st.sampled_from(["week", "month", "quarter", "half-year", "year", "2-years", "3-months"]),
)
def test_periods_follow_each_other(issued, every):
    periods = iter_periods(
        every, parse_period(issued, every).key, None, issued + timedelta(days=1200)
    )
    for a, b in itertools.pairwise(periods):
        assert b.start == a.end + timedelta(days=1)
        assert parse_period(b.key, every) == b


# ---------------------------------------------------------------- years, clauses, starts

COUNTED = ["dự án đầu tư", "công trình", "doanh nghiệp", "sản phẩm OCOP", "lượt khách"]


@SETTINGS
@given(
    st.integers(1950, 2100),
    st.integers(1, 999),
    st.sampled_from(COUNTED),
    st.sampled_from(["cả năm {y}", "cho năm {y}", "thu hút tối thiểu {n} {what} trong năm {y}"]),
    st.integers(0, 15),
)
def test_a_year_for_the_whole_task_gives_its_last_day(y, n, what, form, how):
    got = read_deadline(_decorate(form.format(y=y, n=n, what=what), how))
    assert (got.kind, got.due, got.start) == ("date", date(y, 12, 31), None)


@SETTINGS
@given(
    st.integers(1950, 2100),
    st.integers(1, 999),
    st.sampled_from(COUNTED),
    st.integers(1, 12),
    st.integers(1950, 2100),
)
def test_a_count_beside_another_date_is_never_read(y, n, what, m, y2):
    with pytest.raises(DeadlineError):
        read_deadline(f"tăng {n} {what} so với tháng {m}/{y2} trong năm {y}")
    with pytest.raises(DeadlineError):
        read_deadline(f"báo cáo cho năm {y}")


@SETTINGS
@given(
    DATES,
    DATES,
    st.sampled_from(SPELLINGS),
    st.booleans(),
    st.integers(1, 99999),
    st.sampled_from(
        [
            " theo chỉ đạo của Trung ương",
            ", theo yêu cầu của Thủ tướng Chính phủ",
            " theo Công văn số {n}/UBND-KT",
            " theo Công văn số {n}/UBND-KT ngày {other}",
            " theo Kế hoạch số {n}/KH-UBND ngày {other} của UBND tỉnh",
        ]
    ),
    st.integers(0, 15),
)
def test_a_clause_naming_who_asked_never_moves_the_date(d, other, spell, pad, n, clause, how):
    tail = clause.format(n=n, other=f"{other.day}/{other.month}/{other.year}")
    got = read_deadline(_decorate(f"trước ngày {spell(d, pad)}{tail}", how))
    assert (got.kind, got.due, got.start) == ("date", d, None)


@SETTINGS
@given(DATES, DATES, st.sampled_from(SPELLINGS), st.booleans())
def test_a_clause_with_a_date_of_its_own_is_refused(d, other, spell, pad):
    with pytest.raises(DeadlineError):
        read_deadline(
            f"trước ngày {spell(d, pad)} theo chỉ đạo của Trung ương, hạn chót "
            f"{other.day}/{other.month}/{other.year}"
        )


@SETTINGS
@given(DATES, st.sampled_from(SPELLINGS[:4]), st.booleans(), st.integers(0, 15))
def test_from_a_day_alone_is_ongoing_from_that_day(d, spell, pad, how):
    got = read_deadline(_decorate(f"từ ngày {spell(d, pad)}", how))
    assert (got.kind, got.due, got.start) == ("ongoing", None, d)
    with pytest.raises(DeadlineError):  # after free words: an activity whose end is left out
        read_deadline(f"lấy ý kiến từ ngày {spell(d, pad)}")


@SETTINGS
@given(st.integers(1950, 2095), st.integers(1, 5), st.integers(0, 15))
def test_a_term_of_office_is_never_a_date(y, span, how):
    got = read_deadline(_decorate(f"nhiệm kỳ {y} - {y + span}", how))
    assert (got.kind, got.due, got.start) == ("no_deadline", None, None)
