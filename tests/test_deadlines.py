"""Reading deadline phrases: every accepted form, the errors, relative and recurring deadlines."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest

from directive_cli.deadlines import (
    ACCEPTED_FORMS,
    Deadline,
    DeadlineError,
    Period,
    RecurringRule,
    describe,
    iter_periods,
    parse_deadline,
    parse_period,
    period_containing,
    recurring_rule,
)
from directive_cli.workdays import WorkCalendar

D = date

# ---------------------------------------------------------------- dated forms

DATED = [
    # one named day: that day is the last day
    ("trước ngày 20/9/2025", D(2025, 9, 20)),
    ("chậm nhất ngày 20/9/2025", D(2025, 9, 20)),
    ("chậm nhất là ngày 20/9/2025", D(2025, 9, 20)),
    ("trước 17h00 ngày 20/9/2025", D(2025, 9, 20)),
    ("trước 17 giờ ngày 20/9/2025", D(2025, 9, 20)),
    ("trước 17h ngày 20/9/2025", D(2025, 9, 20)),
    ("trước 16 giờ 30 phút ngày 20/9/2025", D(2025, 9, 20)),
    ("trước 17h00, ngày 20/9/2025", D(2025, 9, 20)),
    ("ngày 20/9/2025", D(2025, 9, 20)),
    ("20/9/2025", D(2025, 9, 20)),
    ("20.9.2025", D(2025, 9, 20)),
    ("20-9-2025", D(2025, 9, 20)),
    ("ngày 20 tháng 9 năm 2025", D(2025, 9, 20)),
    ("trước ngày 20 tháng 9 năm 2025", D(2025, 9, 20)),
    ("08/05/2026", D(2026, 5, 8)),
    ("trước ngày 08/5/2026", D(2026, 5, 8)),
    ("2025-09-20", D(2025, 9, 20)),
    ("đến ngày 20/9/2025", D(2025, 9, 20)),
    ("đến hết ngày 20/9/2025", D(2025, 9, 20)),
    ("hạn chót 20/9/2025", D(2025, 9, 20)),
    ("29/2/2024", D(2024, 2, 29)),
    # months: the last day; đầu/giữa/cuối tháng per Bộ luật Dân sự 2015, Điều 146
    ("trong tháng 9/2025", D(2025, 9, 30)),
    ("tháng 9/2025", D(2025, 9, 30)),
    ("trong tháng 9 năm 2025", D(2025, 9, 30)),
    ("tháng 09/2025", D(2025, 9, 30)),
    ("tháng 2/2024", D(2024, 2, 29)),
    ("tháng 2/2025", D(2025, 2, 28)),
    ("tháng 12/2025", D(2025, 12, 31)),
    ("chậm nhất trong tháng 10/2025", D(2025, 10, 31)),
    ("đến hết tháng 10/2025", D(2025, 10, 31)),
    ("đầu tháng 10/2025", D(2025, 10, 1)),
    ("giữa tháng 10/2025", D(2025, 10, 15)),
    ("cuối tháng 10/2025", D(2025, 10, 31)),
    ("cuối tháng 2/2028", D(2028, 2, 29)),
    # quarters
    ("trong quý III/2025", D(2025, 9, 30)),
    ("quý 3/2025", D(2025, 9, 30)),
    ("quý III năm 2025", D(2025, 9, 30)),
    ("quý I/2026", D(2026, 3, 31)),
    ("quý II/2026", D(2026, 6, 30)),
    ("trong quý IV/2025", D(2025, 12, 31)),
    ("cuối quý IV/2025", D(2025, 12, 31)),
    ("quí 2/2026", D(2026, 6, 30)),
    # half-years
    ("6 tháng đầu năm 2026", D(2026, 6, 30)),
    ("6 tháng cuối năm 2026", D(2026, 12, 31)),
    ("trong 6 tháng đầu năm 2026", D(2026, 6, 30)),
    ("sáu tháng cuối năm 2025", D(2025, 12, 31)),
    # years; đầu/giữa/cuối năm per Điều 146 khoản 3
    ("trong năm 2025", D(2025, 12, 31)),
    ("năm 2025", D(2025, 12, 31)),
    ("hoàn thành trong năm 2025", D(2025, 12, 31)),
    ("cuối năm 2025", D(2025, 12, 31)),
    ("giữa năm 2026", D(2026, 6, 30)),
    ("đầu năm 2026", D(2026, 1, 1)),
    # leading verbs are ignored
    ("hoàn thành trước ngày 24/4/2026", D(2026, 4, 24)),
    ("Hoàn thành trước ngày 08/5/2026", D(2026, 5, 8)),
    ("thực hiện xong trong tháng 9/2025", D(2025, 9, 30)),
    ("yêu cầu thực hiện xong trong tháng 9/2025", D(2025, 9, 30)),
    ("báo cáo trước ngày 30/9/2025", D(2025, 9, 30)),
    ("yêu cầu hoàn thành trước ngày 30/9/2025", D(2025, 9, 30)),
    ("thời hạn: 20/9/2025", D(2025, 9, 20)),
    ("thời hạn hoàn thành: trong quý IV/2025", D(2025, 12, 31)),
    # free words after a leading verb, then the deadline (the seeds' wording)
    ("Yêu cầu thực hiện xong, báo cáo Chủ tịch UBND tỉnh trước ngày 20/9/2025", D(2025, 9, 20)),
    ("báo cáo Chủ tịch UBND tỉnh trước ngày 30/9/2025", D(2025, 9, 30)),
    ("gửi về Sở Tư pháp trước ngày 10/10/2025", D(2025, 10, 10)),
    ("gửi báo cáo tham luận về Sở Nội vụ trước ngày 24/4/2026", D(2026, 4, 24)),
    ("trình UBND tỉnh trước ngày 05/5/2026", D(2026, 5, 5)),
    ("báo cáo kết quả về Sở Nội vụ trong tháng 10/2025", D(2025, 10, 31)),
    ("chậm nhất trước ngày 20/9/2025", D(2025, 9, 20)),
    ("không muộn hơn ngày 15/11/2025", D(2025, 11, 15)),
    # a weekday beside the date (checked), a purpose clause after it (ignored)
    ("trước ngày 20/9/2025 (thứ Bảy)", D(2025, 9, 20)),
    ("trước 17h00, thứ Sáu, ngày 19/9/2025", D(2025, 9, 19)),
    ("Chủ nhật, ngày 21/9/2025", D(2025, 9, 21)),
    ("gửi về Sở Nội vụ trước ngày 24/4/2026 để tổng hợp", D(2026, 4, 24)),
]


@pytest.mark.parametrize(("phrase", "expected"), DATED)
def test_dated_forms(phrase, expected):
    d = parse_deadline(phrase)
    assert d == Deadline(phrase, expected, "date", False)


@pytest.mark.parametrize(("phrase", "expected"), DATED[::3])
def test_spelling_variants(phrase, expected):
    variants = [
        unicodedata.normalize("NFD", phrase),
        phrase.upper(),
        phrase.lower(),
        "  " + phrase.replace(" ", "   ") + "  ",
        phrase + ".",
        phrase + ",",
        phrase + "./.",
        "**" + phrase + "**.",
        phrase.replace(" ", "\u00a0"),
    ]
    for v in variants:
        assert parse_deadline(v).due == expected, v


def test_text_is_kept_as_written_in_nfc():
    nfd = unicodedata.normalize("NFD", "  Trước ngày 20/9/2025.  ")
    d = parse_deadline(nfd)
    assert d.text == "Trước ngày 20/9/2025."
    assert unicodedata.is_normalized("NFC", d.text)


def test_dates_and_absent_values():
    assert parse_deadline(D(2025, 9, 30)) == Deadline("2025-09-30", D(2025, 9, 30), "date")
    assert parse_deadline(datetime(2025, 9, 30, 17)).due == D(2025, 9, 30)
    assert parse_deadline(None) == Deadline(None, None, "no_deadline", False)
    assert parse_deadline("") == Deadline(None, None, "no_deadline", False)
    assert parse_deadline("   ") == Deadline(None, None, "no_deadline", False)


# ---------------------------------------------------------------- no date

WORDS = [
    ("thường xuyên", "ongoing", False),
    ("Thường xuyên", "ongoing", False),
    ("hằng ngày", "ongoing", False),
    ("hàng ngày", "ongoing", False),
    ("thực hiện thường xuyên", "ongoing", False),
    ("thường xuyên, liên tục", "ongoing", False),
    ("khẩn trương", "no_deadline", True),
    ("Khẩn trương thực hiện", "no_deadline", True),
    ("kịp thời", "no_deadline", False),
    ("ngay", "no_deadline", True),
    ("ngay lập tức", "no_deadline", True),
    ("triển khai ngay", "no_deadline", True),
    ("khẩn trương, kịp thời", "no_deadline", True),
]


@pytest.mark.parametrize(("phrase", "kind", "urgent"), WORDS)
def test_words_without_date(phrase, kind, urgent):
    d = parse_deadline(phrase)
    assert (d.due, d.kind, d.urgent) == (None, kind, urgent)
    assert parse_deadline(unicodedata.normalize("NFD", phrase.upper()) + ".").kind == kind


def test_urgent_with_a_date():
    d = parse_deadline("Khẩn trương hoàn thành, báo cáo trước ngày 30/9/2025.")
    assert (d.due, d.kind, d.urgent) == (D(2025, 9, 30), "date", True)
    assert parse_deadline("ngay trong tháng 9/2025").urgent


# ---------------------------------------------------------------- relative to the signing date

RELATIVE = [
    # calendar days: the signing day not counted (Điều 147), a day off moves on (Điều 148)
    ("trong 15 ngày kể từ ngày ký", D(2025, 9, 11), D(2025, 9, 26)),
    ("trong vòng 15 ngày kể từ ngày ban hành", D(2025, 9, 11), D(2025, 9, 26)),
    ("trong thời hạn 15 ngày kể từ ngày ký văn bản này", D(2025, 9, 11), D(2025, 9, 26)),
    ("chậm nhất 15 ngày kể từ ngày ký ban hành", D(2025, 9, 11), D(2025, 9, 26)),
    ("trong 15 (mười lăm) ngày kể từ ngày ký", D(2025, 9, 11), D(2025, 9, 26)),
    ("trong 15 ngày kể từ ngày ký", D(2025, 9, 5), D(2025, 9, 22)),  # ends Sat 20/9
    ("trong 15 ngày kể từ ngày ký", D(2025, 9, 6), D(2025, 9, 22)),  # ends Sun 21/9
    ("trong 15 ngày kể từ ngày ký", D(2025, 4, 15), D(2025, 5, 5)),  # ends on 30/4
    ("trong 15 ngày kể từ ngày ký", D(2025, 4, 11), D(2025, 4, 26)),  # make-up Saturday
    ("trong 15 ngày kể từ ngày ký", D(2026, 2, 1), D(2026, 2, 23)),  # ends in Tết
    ("trong 2 tuần kể từ ngày ký", D(2025, 9, 11), D(2025, 9, 25)),
    ("trong 01 tháng kể từ ngày ký", D(2025, 1, 31), D(2025, 2, 28)),
    ("trong 1 tháng kể từ ngày ký", D(2025, 8, 31), D(2025, 9, 30)),
    ("trong 3 tháng kể từ ngày ký", D(2025, 9, 11), D(2025, 12, 11)),
    ("trong 1 năm kể từ ngày ký", D(2024, 2, 29), D(2025, 2, 28)),
    # working days: weekends, holidays, swapped days off skipped; make-up Saturdays counted
    ("trong 10 ngày làm việc kể từ ngày ký", D(2025, 9, 11), D(2025, 9, 25)),
    ("trong 10 ngày làm việc kể từ ngày ký", D(2026, 2, 10), D(2026, 3, 3)),  # across Tết
    ("trong 5 ngày làm việc kể từ ngày ký", D(2025, 4, 24), D(2025, 5, 5)),  # across 30/4
    ("trong 2 ngày làm việc kể từ ngày ký", D(2025, 4, 24), D(2025, 4, 26)),  # make-up Sat
    ("trong 3 ngày làm việc kể từ ngày ký", D(2025, 8, 28), D(2025, 9, 4)),  # across 2/9
    ("báo cáo trong 05 ngày làm việc kể từ ngày ký", D(2025, 12, 29), D(2026, 1, 6)),
]


@pytest.mark.parametrize(("phrase", "issued", "expected"), RELATIVE)
def test_relative_forms(phrase, issued, expected):
    d = parse_deadline(phrase, issued)
    assert (d.due, d.kind) == (expected, "date")


def test_relative_with_province_calendar():
    cal = WorkCalendar(holidays=[D(2025, 9, 26)])
    assert parse_deadline("trong 15 ngày kể từ ngày ký", D(2025, 9, 11), cal).due == D(2025, 9, 29)
    cal = WorkCalendar(workdays=[D(2025, 9, 13)])
    phrase = "trong 1 ngày làm việc kể từ ngày ký"
    assert parse_deadline(phrase, D(2025, 9, 12), cal).due == D(2025, 9, 13)
    assert parse_deadline(phrase, D(2025, 9, 12)).due == D(2025, 9, 15)


def test_relative_needs_issued():
    with pytest.raises(DeadlineError, match="chưa có ngày ban hành") as e:
        parse_deadline("trong 15 ngày kể từ ngày ký")
    assert "trong 15 ngày kể từ ngày ký" in str(e.value)


# ---------------------------------------------------------------- errors

ERRORS = [
    ("31/9/2025", "tháng 9 chỉ có 30 ngày"),
    ("trước ngày 31/9/2025", "Ngày 31/9/2025 không tồn tại"),
    ("29/2/2025", "tháng 2 năm 2025 chỉ có 28 ngày"),
    ("tháng 13/2025", "tháng 13 không tồn tại"),
    ("20/13/2025", "tháng 13 không tồn tại"),
    ("quý V/2025", "quý V không tồn tại"),
    ("quý 5/2025", "quý 5 không tồn tại"),
    ("quý 0/2025", "quý 0 không tồn tại"),
    ("0/9/2025", "không tồn tại"),
    ("trước ngày 00/9/2025", "không tồn tại"),
    ("trước 25h ngày 20/9/2025", "giờ 25h00 không tồn tại"),
    ("năm 1066", "năm 1066 nằm ngoài khoảng"),
    ("trước tháng 10/2025", "Không đọc được thời hạn"),  # ambiguous: never guessed
    ("sau ngày 20/9/2025", "Không đọc được thời hạn"),
    ("báo cáo sau ngày 20/9/2025", "Không đọc được thời hạn"),
    ("báo cáo ngày 15/9/2025 và trước ngày 20/9/2025", "Không đọc được thời hạn"),
    ("20/9/25", "Không đọc được thời hạn"),
    ("trong 15 ngày", "chưa ghi mốc"),
    ("trong 0 ngày kể từ ngày ký", "lớn hơn 0"),
    ("trong 15 ngày kể từ ngày 12/2025", "không xác định được ngày"),
    ("trước ngày 20/13", "tháng 13 không tồn tại"),
    ("31/11/2025", "tháng 11 chỉ có 30 ngày"),
    ("trước ngày 31/11", "ngày 31/11 không tồn tại"),
    ("tháng 11 - 2/2026", "hãy ghi năm của tháng đầu"),
    ("giai đoạn 2030 - 2026", "mốc cuối ở trước mốc đầu"),
    ("trước ngày 15 của tháng cuối kỳ", "không nói kỳ nào"),
    ("sau khi Bộ Tài chính ban hành hướng dẫn trước ngày 20/9/2025", "Không đọc được"),
    ("trong 99999 ngày kể từ ngày ký", "quá dài"),
    ("trước ngày 15 hằng quý", "không rõ là ngày nào trong kỳ"),
    ("trước ngày 20/9/2025 (thứ Hai)", "ngày 20/9/2025 là thứ Bảy, không phải thứ Hai"),
    ("thứ 7, ngày 21/9/2025", "là Chủ nhật, không phải thứ Bảy"),
    ("trước ngày 24/4/2026 để tổng hợp số liệu năm 2025", "Không đọc được thời hạn"),
]


@pytest.mark.parametrize(("phrase", "message"), ERRORS)
def test_errors_name_the_phrase(phrase, message):
    with pytest.raises(DeadlineError) as e:
        parse_deadline(phrase, D(2025, 9, 11))
    text = str(e.value)
    assert message.lower() in text.lower()
    assert f"'{phrase}'" in text
    assert e.value.phrase == phrase
    assert isinstance(e.value, ValueError)
    assert unicodedata.is_normalized("NFC", text)


def test_impossible_day_message_reads_naturally():
    with pytest.raises(DeadlineError) as e:
        parse_deadline("31/9/2025")
    assert str(e.value) == (
        "Thời hạn '31/9/2025' không hợp lệ: ngày 31/9/2025 không tồn tại (tháng 9 chỉ có 30 ngày)."
    )


@pytest.mark.parametrize(
    ("phrase", "hint"),
    [
        ("trước tháng 10/2025", "'trong tháng 10/2025'"),
        ("sau ngày 20/9/2025", "không nói hạn chót"),
        ("20/9/25", "4 chữ số"),
        ("trong 15 ngày", "kể từ"),
        ("báo cáo ngày 15/9/2025 và trước ngày 20/9/2025", "chỉ ghi một mốc"),
        ("trước ngày 20/9/2025 hoặc ngày khác", "một ngày cụ thể"),
    ],
)
def test_unreadable_gives_a_hint_for_the_phrase(phrase, hint):
    with pytest.raises(DeadlineError) as e:
        parse_deadline(phrase, D(2025, 9, 11))
    text = str(e.value)
    assert hint in text
    assert len(text) < 400  # one hint, not the whole list of forms


def test_wrong_types_are_deadline_errors():
    for value in (2025, 3.5, True, ["trước ngày 20/9/2025"]):
        with pytest.raises(DeadlineError):
            parse_deadline(value)  # type: ignore[arg-type]


def test_accepted_forms_are_readable_examples():
    assert len(ACCEPTED_FORMS) >= 8
    assert all(unicodedata.is_normalized("NFC", f) for f in ACCEPTED_FORMS)


# ---------------------------------------------------------------- describe


def test_describe():
    first = describe("trong tháng 9/2025")
    assert {k: first[k] for k in ("phrase", "due", "kind", "urgent")} == {
        "phrase": "trong tháng 9/2025",
        "due": "2025-09-30",
        "kind": "date",
        "urgent": False,
    }
    assert first["how"] == "hạn 30/09/2025"
    urgent = describe("khẩn trương")
    assert (urgent["due"], urgent["kind"], urgent["urgent"]) == (None, "no_deadline", True)
    assert describe("thường xuyên")["kind"] == "ongoing"
    assert describe("trong 10 ngày làm việc kể từ ngày ký", D(2026, 2, 10))["due"] == "2026-03-03"
    cal = WorkCalendar(holidays=[D(2025, 9, 26)])
    assert describe("trong 15 ngày kể từ ngày ký", D(2025, 9, 11), cal)["due"] == "2025-09-29"
    assert describe("sớm nhất có thể")["kind"] == "no_deadline"
    with pytest.raises(DeadlineError):
        describe("trước tháng 10/2025")


# ---------------------------------------------------------------- periods

H1_2025, H2_2025 = "6 tháng đầu năm 2025", "6 tháng cuối năm 2025"


@pytest.mark.parametrize(
    ("text", "every", "key", "label", "start", "end"),
    [
        ("2025-10", "month", "2025-10", "tháng 10/2025", D(2025, 10, 1), D(2025, 10, 31)),
        ("2024-2", "month", "2024-02", "tháng 2/2024", D(2024, 2, 1), D(2024, 2, 29)),
        ("2025-Q4", "quarter", "2025-Q4", "quý IV/2025", D(2025, 10, 1), D(2025, 12, 31)),
        ("2025-q1", "quarter", "2025-Q1", "quý I/2025", D(2025, 1, 1), D(2025, 3, 31)),
        ("2025-10", "quarter", "2025-Q4", "quý IV/2025", D(2025, 10, 1), D(2025, 12, 31)),
        ("2025-H2", "half-year", "2025-H2", H2_2025, D(2025, 7, 1), D(2025, 12, 31)),
        ("2025-H1", "half-year", "2025-H1", H1_2025, D(2025, 1, 1), D(2025, 6, 30)),
        ("2025-10", "half-year", "2025-H2", H2_2025, D(2025, 7, 1), D(2025, 12, 31)),
        ("2025-Q2", "half-year", "2025-H1", H1_2025, D(2025, 1, 1), D(2025, 6, 30)),
        ("2025", "year", "2025", "năm 2025", D(2025, 1, 1), D(2025, 12, 31)),
        ("2025-10", "year", "2025", "năm 2025", D(2025, 1, 1), D(2025, 12, 31)),
        ("2025-H2", "year", "2025", "năm 2025", D(2025, 1, 1), D(2025, 12, 31)),
        ("2025-10-15", "month", "2025-10", "tháng 10/2025", D(2025, 10, 1), D(2025, 10, 31)),
    ],
)
def test_parse_period(text, every, key, label, start, end):
    assert parse_period(text, every) == Period(key, label, start, end)


def test_parse_period_other_types():
    assert parse_period(D(2025, 11, 5), "quarter").key == "2025-Q4"
    assert parse_period(2025, "year").key == "2025"  # type: ignore[arg-type]
    assert period_containing("half-year", D(2026, 3, 1)).key == "2026-H1"


@pytest.mark.parametrize(
    ("text", "every"),
    [
        ("2025-13", "month"),
        ("2025-00", "month"),
        ("2025-Q5", "quarter"),
        ("2025-Q0", "quarter"),
        ("2025-H3", "half-year"),
        ("2025", "month"),
        ("2025-Q4", "month"),
        ("2025", "quarter"),
        ("2025-H2", "quarter"),
        ("tháng 10", "month"),
        ("", "year"),
        ("2025-10", "week"),
        ("2025-02-30", "month"),
    ],
)
def test_parse_period_errors(text, every):
    with pytest.raises(DeadlineError) as e:
        parse_period(text, every)
    assert f"'{text}'" in str(e.value) or f"'{every}'" in str(e.value)


def test_iter_periods_from_until_today():
    ps = iter_periods("month", "2025-10", "2026-12", D(2026, 1, 15))
    assert [p.key for p in ps] == ["2025-10", "2025-11", "2025-12", "2026-01"]
    assert ps[-1].label == "tháng 1/2026"
    # until reached before today
    ps = iter_periods("month", "2025-10", "2025-12", D(2026, 6, 1))
    assert [p.key for p in ps] == ["2025-10", "2025-11", "2025-12"]
    # open-ended
    ps = iter_periods("quarter", "2025-10", None, D(2026, 11, 22))
    assert [p.key for p in ps] == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    # a period counts from its first day
    assert [p.key for p in iter_periods("month", "2025-10", None, D(2025, 10, 1))] == ["2025-10"]
    assert iter_periods("month", "2025-10", None, D(2025, 9, 30)) == []
    ps = iter_periods("half-year", "2025-H1", "2026-H2", D(2026, 7, 1))
    assert [p.key for p in ps] == ["2025-H1", "2025-H2", "2026-H1", "2026-H2"]
    ps = iter_periods("year", "2024", "2030", D(2026, 11, 22))
    assert [p.key for p in ps] == ["2024", "2025", "2026"]
    ps = iter_periods("quarter", "2025-11", "2026-02", D(2027, 1, 1))
    assert [p.key for p in ps] == ["2025-Q4", "2026-Q1"]


def test_iter_periods_errors():
    with pytest.raises(DeadlineError, match="trước kỳ bắt đầu"):
        iter_periods("month", "2025-10", "2025-09", D(2026, 1, 1))
    with pytest.raises(DeadlineError):
        iter_periods("fortnight", "2025-10", None, D(2026, 1, 1))


# ---------------------------------------------------------------- recurring rules

RECURRING = [
    ("trước ngày 20 hằng tháng", "month", "2025-10", D(2025, 10, 20)),
    ("trước ngày 20 hàng tháng", "month", "2026-02", D(2026, 2, 20)),
    ("Báo cáo định kỳ trước ngày 20 hằng tháng.", "month", "2025-11", D(2025, 11, 20)),
    ("chậm nhất ngày 25 hằng tháng", "month", "2025-12", D(2025, 12, 25)),
    ("trước ngày 31 hằng tháng", "month", "2025-09", D(2025, 9, 30)),  # clamped
    ("trước ngày 30 hằng tháng", "month", "2024-02", D(2024, 2, 29)),  # clamped, leap year
    ("trước ngày 30 hằng tháng", "month", "2025-02", D(2025, 2, 28)),
    ("trước ngày 05 của tháng sau", "month", "2025-12", D(2026, 1, 5)),
    ("trước ngày 15 của tháng cuối quý", "quarter", "2025-Q4", D(2025, 12, 15)),
    ("trước ngày 15 tháng cuối quý", "quarter", "2026-Q1", D(2026, 3, 15)),
    ("trước ngày 10 của tháng đầu quý sau", "quarter", "2025-Q4", D(2026, 1, 10)),
    ("trước ngày 15 của tháng cuối kỳ", "quarter", "2025-Q3", D(2025, 9, 15)),
    ("trước ngày 15 của tháng cuối kỳ", "half-year", "2025-H1", D(2025, 6, 15)),
    ("trước ngày 15 của tháng cuối kỳ", "half-year", "2025-H2", D(2025, 12, 15)),
    ("chậm nhất ngày 20 của tháng cuối kỳ báo cáo", "month", "2025-10", D(2025, 10, 20)),
    ("chậm nhất ngày 20 của tháng cuối kỳ báo cáo", "year", "2025", D(2025, 12, 20)),
    ("trước ngày 15/6 và 15/12", "half-year", "2025-H1", D(2025, 6, 15)),
    ("trước ngày 15/6 và 15/12", "half-year", "2025-H2", D(2025, 12, 15)),
    ("trước ngày 15/12 và ngày 15/6 hằng năm", "half-year", "2026-H1", D(2026, 6, 15)),
    ("trước ngày 15/12 hằng năm", "year", "2025", D(2025, 12, 15)),
    ("trước ngày 15 tháng 12 hằng năm", "year", "2026", D(2026, 12, 15)),
    ("trước ngày 29/2 hằng năm", "year", "2025", D(2025, 2, 28)),  # clamped
    ("trước ngày 29/2 hằng năm", "year", "2028", D(2028, 2, 29)),
    ("trước ngày 15 của tháng cuối năm", "year", "2025", D(2025, 12, 15)),
    ("trước ngày 15/01 năm sau", "year", "2025", D(2026, 1, 15)),
]


@pytest.mark.parametrize(("phrase", "every", "key", "expected"), RECURRING)
def test_recurring_rules(phrase, every, key, expected):
    rule = recurring_rule(phrase, every)
    assert isinstance(rule, RecurringRule)
    assert rule.every == every
    period = parse_period(key, every)
    assert rule.due_for(period) == expected
    assert rule.due_for(period, WorkCalendar()) == expected  # named days are not moved
    nfd = unicodedata.normalize("NFD", phrase.upper())
    assert recurring_rule(nfd, every).due_for(period) == expected


def test_recurring_rule_every_period():
    rule = recurring_rule("trước ngày 20 hằng tháng", "month")
    periods = iter_periods("month", "2025-10", "2026-12", D(2026, 11, 22))
    dues = [rule.due_for(p) for p in periods]
    assert dues[0] == D(2025, 10, 20) and dues[-1] == D(2026, 11, 20) and len(dues) == 14


@pytest.mark.parametrize(
    ("phrase", "every", "message"),
    [
        ("trước ngày 20 hằng tháng", "quarter", "chỉ dùng với every: month"),
        ("trước ngày 15 của tháng cuối quý", "month", "chỉ dùng với every: quarter"),
        ("trước ngày 15/12 hằng năm", "month", "chỉ dùng với every: year"),
        ("trước ngày 15/6 và 15/12", "year", "chỉ dùng với every: half-year"),
        ("trước ngày 15/3 và 15/6", "half-year", "6 tháng đầu năm"),
        ("trước ngày 31/4 hằng năm", "year", "ngày 31/4 không tồn tại"),
        ("trước ngày 32 hằng tháng", "month", "ngày 32 không tồn tại"),
        ("trước ngày 0 hằng tháng", "month", "ngày 0 không tồn tại"),
        ("trước ngày 15/13 hằng năm", "year", "tháng 13 không tồn tại"),
        ("trước ngày 30/9/2025", "month", "không phải thời hạn định kỳ"),
        ("thường xuyên", "month", "không phải thời hạn định kỳ"),
        ("trong 15 ngày kể từ ngày ký", "month", "không phải thời hạn định kỳ"),
        ("sớm nhất có thể", "month", "không phải thời hạn định kỳ"),
        ("trước ngày 20/13/2025", "month", "tháng 13 không tồn tại"),
        ("", "month", "chưa ghi thời hạn"),
        ("trước ngày 20 hằng tháng", "weekly", "không hợp lệ"),
    ],
)
def test_recurring_rule_errors(phrase, every, message):
    with pytest.raises(DeadlineError) as e:
        recurring_rule(phrase, every)
    assert message.lower() in str(e.value).lower()
    if phrase and every != "weekly":
        assert f"'{phrase}'" in str(e.value)


def test_recurring_rule_wrong_period_kind():
    rule = recurring_rule("trước ngày 20 hằng tháng", "month")
    with pytest.raises(DeadlineError):
        rule.due_for(parse_period("2025-Q4", "quarter"))


def test_recurring_urgent():
    assert recurring_rule("khẩn trương, báo cáo trước ngày 20 hằng tháng", "month").urgent


# ---------------------------------------------------------------- the seeds, as transcribed


SEEDS = [
    # 001: Công văn 1958/UBND-NC, Thái Nguyên, 11/9/2025
    ("yêu cầu thực hiện xong trong tháng 9/2025", D(2025, 9, 30)),
    ("Yêu cầu thực hiện xong, báo cáo Chủ tịch UBND tỉnh trước ngày 20/9/2025", D(2025, 9, 20)),
    ("hoàn thành trong năm 2025", D(2025, 12, 31)),
    ("báo cáo Chủ tịch UBND tỉnh trước ngày 30/9/2025", D(2025, 9, 30)),
    ("thường xuyên", None),
    ("khẩn trương", None),
    # 002: Kế hoạch sơ kết 01 năm (dự thảo, tháng 4/2026)
    ("Hoàn thành trước ngày 24/4/2026", D(2026, 4, 24)),
    ("Hoàn thành trước ngày 08/5/2026", D(2026, 5, 8)),
    ("trước ngày 28/4/2026", D(2026, 4, 28)),
    ("trình UBND tỉnh trước ngày 05/5/2026", D(2026, 5, 5)),
    # 004: Công văn (xã, phường, đặc khu), Nghị quyết 268/NQ-CP
    ("gửi về Sở Tư pháp trước ngày 10/10/2025", D(2025, 10, 10)),
]


@pytest.mark.parametrize(("phrase", "expected"), SEEDS)
def test_seed_phrases(phrase, expected):
    assert parse_deadline(phrase, D(2025, 9, 11)).due == expected


# The period named first, the day after it: the same recurring duty, never a one-off date.
PERIOD_FIRST = [
    ("Định kỳ hằng năm (trước ngày 05 tháng 12)", "year", D(2025, 12, 5)),
    ("hằng năm, trước ngày 15/12", "year", D(2025, 12, 15)),
    ("Hằng tháng, trước ngày 20", "month", D(2025, 10, 20)),
    ("hàng tháng (trước ngày 20)", "month", D(2025, 10, 20)),
    ("hằng quý, trước ngày 15 của tháng cuối quý", "quarter", D(2025, 12, 15)),
    ("mỗi tuần, thứ sáu", "week", D(2025, 10, 3)),
]


@pytest.mark.parametrize(("phrase", "every", "first"), PERIOD_FIRST)
def test_period_named_before_the_day(phrase, every, first):
    from directive_cli.deadlines import read_deadline

    r = read_deadline(phrase, D(2025, 10, 1))
    assert (r.kind, r.every, r.due) == ("recurring", every, first)


@pytest.mark.parametrize(
    "phrase",
    [
        "hằng năm, trước ngày 15/12/2025",
        "hằng năm, chậm nhất ngày 31/12 báo cáo",
        "hằng quý, trước ngày 15",
    ],
)
def test_period_before_a_one_off_date_is_refused(phrase):
    with pytest.raises(DeadlineError):
        parse_deadline(phrase, D(2025, 10, 1))


def test_the_last_months_of_a_year_end_with_it():
    for phrase in ("trong những tháng cuối năm 2025", "các tháng cuối năm 2025"):
        assert parse_deadline(phrase).due == D(2025, 12, 31)
    with pytest.raises(DeadlineError):  # the first months: no clear last day, never guessed
        parse_deadline("những tháng đầu năm 2025")


def test_several_days_of_one_month_are_a_range():
    r = parse_deadline("vào các ngày 26, 27, 28, 29/6/2024")
    assert (r.start, r.due) == (D(2024, 6, 26), D(2024, 6, 29))
    for bad in ("ngày 29, 26/6/2024", "các ngày 30, 31/6/2024"):  # out of order; no 31/6
        with pytest.raises(DeadlineError):
            parse_deadline(bad)


def test_free_words_then_a_whole_range():
    r = parse_deadline("Thời gian lấy ý kiến từ ngày 17/4/2025 đến ngày 07/5/2025")
    assert (r.start, r.due) == (D(2025, 4, 17), D(2025, 5, 7))
    r = parse_deadline("lấy ý kiến từ nay đến hết năm 2025", D(2025, 11, 1))
    assert (r.start, r.due) == (D(2025, 11, 1), D(2025, 12, 31))
    for phrase in (
        "lấy ý kiến từ ngày 17/4/2025",
        "nhận hồ sơ kể từ ngày 17/4/2025 đến ngày 07/5/2025",
    ):
        with pytest.raises(DeadlineError):  # a start alone; "kể từ" counts from an anchor
            parse_deadline(phrase)


def test_this_year_and_this_month_are_those_of_the_date_of_issue():
    from directive_cli.deadlines import read_deadline

    r = read_deadline("cơ bản hoàn thành việc tháo gỡ khó khăn trong năm nay", D(2025, 11, 24))
    assert (r.due, r.year_from_issued) == (D(2025, 12, 31), True)
    assert read_deadline("trong tháng này", D(2024, 2, 10)).due == D(2024, 2, 29)
    with pytest.raises(DeadlineError):  # no date of issue: which year?
        read_deadline("trong năm nay")


def test_a_count_of_years_before_a_range_of_years_must_agree():
    r = parse_deadline("5 năm 2026 - 2030")
    assert (r.start, r.due) == (D(2026, 1, 1), D(2030, 12, 31))
    with pytest.raises(DeadlineError, match="không khớp"):
        parse_deadline("3 năm 2026 - 2030")
    r = parse_deadline("5 năm giai đoạn 2026-2030")
    assert (r.start, r.due) == (D(2026, 1, 1), D(2030, 12, 31))
    with pytest.raises(DeadlineError, match="không khớp"):
        parse_deadline("3 năm giai đoạn 2026-2030")


def test_a_recurring_duty_is_never_due_the_day_it_is_issued():
    from directive_cli.deadlines import describe_repeat, read_deadline

    # Công văn 2618/BHXH-KHTC, 28/6/2010: "trước ngày 28 hàng tháng" starts with July.
    r = read_deadline("trước ngày 28 hàng tháng", D(2010, 6, 28))
    assert (r.due, r.repeat_from) == (D(2010, 7, 28), "2010-07")
    assert read_deadline("trước ngày 28 hàng tháng", D(2010, 6, 27)).due == D(2010, 6, 28)
    got = describe_repeat("trước ngày 28 hàng tháng", "month", D(2010, 6, 28), D(2010, 6, 28))
    assert got["due"] == "2010-07-28"


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        # The date of a cited document is its date of issue, never the deadline.
        ("thực hiện theo Văn bản số 15473/BXD-TTCNTT ngày 18/12/2025", None),
        ("theo Thông tư 56/2025/TT-BTC ngày 25 tháng 6 năm 2025", None),
        ("theo Kết luận số 174-KL/TW ngày 04/7/2025", None),
        (
            "theo Công văn số 1958/UBND-NC ngày 11/9/2025, báo cáo trước ngày 20/9/2025",
            D(2025, 9, 20),
        ),
        ("theo Công văn số 1958/UBND-NC, báo cáo trước ngày 20/9/2025", D(2025, 9, 20)),
    ],
)
def test_a_cited_document_is_not_a_deadline(phrase, due):
    from directive_cli.deadlines import read_deadline

    assert read_deadline(phrase, D(2025, 12, 20)).due == due


def test_an_event_keeps_the_cited_document_number():
    from directive_cli.deadlines import read_deadline

    r = read_deadline("trong 15 ngày kể từ ngày ký Quyết định số 123/QĐ-UBND ngày 5/1/2026")
    assert r.kind == "event" and "123/qđ-ubnd" in r.event


@pytest.mark.parametrize(
    ("phrase", "issued", "due"),
    [
        # A share of the work before the deadline is not a date, and does not hide it.
        ("hoàn thành 100% kế hoạch trong năm nay", D(2025, 8, 6), D(2025, 12, 31)),
        ("tối thiểu 75% vào cuối quý III", D(2025, 8, 6), D(2025, 9, 30)),
        ("đạt 1,5% trước ngày 31/12", D(2025, 3, 1), D(2025, 12, 31)),
        # "còn lại" after a named period: the rest of it, due when it ends.
        ("trong quý IV còn lại", D(2025, 10, 14), D(2025, 12, 31)),
        ("trong tháng 12/2025 còn lại", None, D(2025, 12, 31)),
    ],
)
def test_a_share_or_the_rest_of_a_period_reads_the_period(phrase, issued, due):
    from directive_cli.deadlines import read_deadline

    assert read_deadline(phrase, issued).due == due


@pytest.mark.parametrize(
    "phrase",
    [
        "giảm 50% so với năm 2024 trong năm 2025",  # a year before the deadline: never guessed
        "sau 50% trước ngày 31/12",  # a condition before the deadline
        "trong 10 ngày còn lại",  # the rest of what? no period named
    ],
)
def test_a_share_does_not_excuse_other_numbers(phrase):
    from directive_cli.deadlines import read_deadline

    with pytest.raises(DeadlineError):
        read_deadline(phrase, D(2025, 3, 1))


@pytest.mark.parametrize(
    "phrase",
    [
        # Several days of the week in a weekly duty: when in each week, not a date.
        "vào sáng Thứ Ba và sáng Thứ Sáu hàng tuần",
        "vào 17 giờ ngày Thứ Hai và Thứ Năm hàng tuần",
        "thứ hai, thứ tư và thứ sáu hằng tuần",
    ],
)
def test_several_days_of_each_week_are_a_weekly_duty_kept_as_written(phrase):
    from directive_cli.deadlines import read_deadline

    r = read_deadline(phrase, D(2026, 3, 12))
    assert (r.kind, r.due, r.every) == ("ongoing", None, "week")


@pytest.mark.parametrize(
    "phrase",
    [
        "thứ Hai và thứ Năm",  # no period: the days of which week?
        "ngày 5/3 và thứ Sáu hằng tuần",  # a date beside them is never set aside
    ],
)
def test_days_of_the_week_without_a_weekly_period_still_need_reading(phrase):
    from directive_cli.deadlines import read_deadline

    with pytest.raises(DeadlineError):
        read_deadline(phrase, D(2026, 3, 12))


def test_one_day_of_each_week_is_still_a_recurring_deadline():
    from directive_cli.deadlines import read_deadline

    r = read_deadline("trước 17 giờ thứ Ba hằng tuần", D(2026, 3, 12))
    assert (r.kind, r.due, r.every) == ("recurring", D(2026, 3, 17), "week")


def test_before_the_moment_of_an_event_is_a_condition():
    from directive_cli.deadlines import read_deadline

    r = read_deadline("phấn đấu hoàn thành trước thời điểm khai mạc Đại hội Đảng 14", None)
    assert (r.kind, r.due) == ("conditional", None)


def test_from_now_to_a_month_without_its_year_starts_on_the_date_of_issue():
    from directive_cli.deadlines import read_deadline

    r = read_deadline("từ nay đến hết tháng 3", D(2026, 2, 26))
    assert (r.due, r.start) == (D(2026, 3, 31), D(2026, 2, 26))
    r = read_deadline("từ nay đến ngày 15/3", D(2026, 2, 26))
    assert (r.due, r.start) == (D(2026, 3, 15), D(2026, 2, 26))


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("cả năm 2024", D(2024, 12, 31)),
        ("thực hiện cả năm 2024", D(2024, 12, 31)),
        ("trong cả năm 2025", D(2025, 12, 31)),
        ("cho năm 2025", D(2025, 12, 31)),
        ("thực hiện cho năm 2025", D(2025, 12, 31)),
        # A count in the free words is a quantity, not a date digit.
        ("thu hút tối thiểu 1 dự án đầu tư trong năm 2026", D(2026, 12, 31)),
        ("hoàn thành 02 công trình trong năm 2025", D(2025, 12, 31)),
        ("giảm 1,5 km đường xuống cấp trong quý IV/2025", D(2025, 12, 31)),
    ],
)
def test_a_year_for_the_whole_task_is_its_last_day(phrase, due):
    from directive_cli.deadlines import read_deadline

    r = read_deadline(phrase, D(2024, 6, 1))
    assert (r.kind, r.due, r.start) == ("date", due, None)


@pytest.mark.parametrize(
    "phrase",
    [
        # A report or submission "for" a year is due after that year ends: never its 31/12.
        "báo cáo cho năm 2025",
        "trình cho năm 2025",
        # The year as the object of the work, after free words: not read.
        "xây dựng kế hoạch cho năm 2025",
        "giải ngân kế hoạch vốn cả năm 2024",
        # A quantity beside another date, or a number that is not followed by what it counts.
        "giảm 5 vụ so với tháng 9/2025 trong năm 2025",
        "tăng 2 bậc trong năm 2026 và 3 bậc trong năm 2027",
        "hoàn thành 2 trong năm 2026",
        "vào mùng 5 trong tháng 9/2025",
        "thu hút 1 dự án trong 15 ngày",
    ],
)
def test_a_year_that_is_not_the_deadline_is_refused(phrase):
    from directive_cli.deadlines import read_deadline

    with pytest.raises(DeadlineError):
        read_deadline(phrase, D(2024, 6, 1))


@pytest.mark.parametrize(
    "phrase",
    [
        "trước ngày 31/12/2025 theo chỉ đạo của Trung ương",
        "hoàn thành trước ngày 31/12/2025, theo chỉ đạo của Bộ Chính trị",
        "trước ngày 31/12/2025 theo Công văn số 123/UBND-KT",
        "trước ngày 31/12/2025 theo Công văn số 123/UBND-KT ngày 01/8/2025",
        "trước ngày 31/12/2025 theo Công văn số 123/UBND-KT ngày 01 tháng 8 năm 2025 của UBND tỉnh",
        "khẩn trương hoàn thành trước ngày 31/12/2025 theo yêu cầu của Thủ tướng Chính phủ",
        "trước ngày 31/12/2025 theo Kế hoạch số 45/KH-UBND ngày 02/01/2026 để tổng hợp",
    ],
)
def test_a_clause_naming_who_asked_keeps_the_date_before_it(phrase):
    from directive_cli.deadlines import read_deadline

    r = read_deadline(phrase, D(2025, 8, 5))
    assert (r.kind, r.due, r.start) == ("date", D(2025, 12, 31), None)


def test_the_date_of_the_cited_document_is_never_the_deadline():
    from directive_cli.deadlines import read_deadline

    r = read_deadline("trước ngày 15/8/2025 theo Công văn số 123/UBND-KT ngày 01/8/2025", None)
    assert r.due == D(2025, 8, 15)


@pytest.mark.parametrize(
    "phrase",
    [
        "trước ngày 15/8/2025 theo Công văn số 123/UBND-KT, hạn chót 20/8/2025",  # two dates
        "trước ngày 15/8/2025 theo Kế hoạch số 12 ngày 01/8/2025",  # a number without letters
        "trước ngày 15/8/2025 theo yêu cầu, nếu có phát sinh",  # a condition
        "trước ngày 15/12/2025 theo quy định hằng năm",  # a period and a one-off date
        "sau ngày 15/8/2025 theo chỉ đạo của Trung ương",  # a start, not a deadline
        "trước ngày 31/9/2025 theo chỉ đạo của Trung ương",  # no such day
    ],
)
def test_a_clause_that_changes_the_meaning_is_refused(phrase):
    from directive_cli.deadlines import read_deadline

    with pytest.raises(DeadlineError):
        read_deadline(phrase, D(2025, 8, 5))


@pytest.mark.parametrize(
    "phrase",
    ["từ ngày 01/7/2025", "Từ ngày 1 tháng 7 năm 2025", "kể từ ngày 01/7/2025 trở đi"],
)
def test_from_a_day_without_an_end_is_ongoing_from_that_day(phrase):
    from directive_cli.deadlines import read_deadline

    r = read_deadline(phrase, D(2025, 6, 20))
    assert (r.kind, r.due, r.start) == ("ongoing", None, D(2025, 7, 1))


@pytest.mark.parametrize(
    "phrase",
    [
        "lấy ý kiến từ ngày 17/4/2025",  # an activity whose end the text left out
        "từ ngày 31/6/2025",
        "từ ngày 01/7",  # no year
        "từ ngày 01/7/2025 theo chỉ đạo của Trung ương",  # who asked does not make it a deadline
    ],
)
def test_from_a_day_is_refused_where_it_is_not_the_whole_phrase(phrase):
    from directive_cli.deadlines import read_deadline

    with pytest.raises(DeadlineError):
        read_deadline(phrase, D(2025, 6, 20))


@pytest.mark.parametrize(
    ("phrase", "kind", "due"),
    [
        ("nhiệm kỳ 2026 - 2031", "no_deadline", None),
        ("trong nhiệm kỳ 2021-2026", "no_deadline", None),
        # The 2021 - 2026 councils ended after the election of 15/3/2026: never 31/12/2026.
        ("đến hết nhiệm kỳ 2021 – 2026", "no_deadline", None),
        (
            "Đại hội Đảng bộ nhiệm kỳ 2025 - 2030, hoàn thành trước ngày 31/8/2025",
            "date",
            D(2025, 8, 31),
        ),
    ],
)
def test_a_term_of_office_names_a_body_not_a_date(phrase, kind, due):
    from directive_cli.deadlines import read_deadline

    r = read_deadline(phrase, D(2025, 3, 1))
    assert (r.kind, r.due) == (kind, due)
    if due is None:
        assert "nhiệm kỳ" in r.how


def test_a_term_of_office_among_the_free_words_does_not_excuse_a_date():
    from directive_cli.deadlines import read_deadline

    r = read_deadline("Khẩn trương tổ chức kỳ họp thứ nhất nhiệm kỳ 2026 - 2031", D(2026, 3, 17))
    assert (r.kind, r.due, r.urgent) == ("no_deadline", None, True)
    with pytest.raises(DeadlineError):  # a condition and a date: never guessed
        read_deadline("sau khi bầu nhiệm kỳ 2026 - 2031, trước ngày 31/3/2026", D(2026, 3, 17))
