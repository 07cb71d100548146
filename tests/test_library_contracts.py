"""What dtrack relies on from the libraries it uses, each stated once, in a test named after it.

The rest of the suite tests dtrack's behaviour. When a release of a dependency changes one of the
behaviours below, the failing test here names the library and what changed; the tests elsewhere
that fail with it are consequences. Lower bounds in pyproject.toml are the oldest releases the whole
suite passed with (README, "Phiên bản đã thử").
"""

from __future__ import annotations

import datetime as dt
import re
from datetime import date, timedelta
from typing import Literal

import pydantic
import pytest
import typer
import yaml

from directive_cli import i18n
from directive_cli.workdays import WorkCalendar

CAL = WorkCalendar()


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(n) for n in range((end - start).days + 1)]


# ---------------------------------------------------------------- holidays (python-holidays)
# dtrack counts working days with the Vietnamese calendar of the `holidays` package: the days
# off of Bộ luật Lao động 2019, Điều 112, and the days the Government swaps each year, with their
# make-up Saturdays (`weekend_workdays`). Releases before 0.107 lack the 2025 and 2026 swaps
# (2/5/2025 for 26/4, 31/8/2026 for 22/8) and Ngày Văn hóa Việt Nam (24/11/2026); the golden
# files' deadlines were computed with this calendar.


def test_holidays_vietnam_has_make_up_saturdays():
    import holidays

    vn = holidays.country_holidays("VN", years=2025)
    assert date(2025, 4, 26) in vn.weekend_workdays
    assert date(2025, 5, 2) in vn


def test_holidays_tet_2026_nine_days_off():
    # Tết Bính Ngọ: công chức nghỉ từ thứ Bảy 14/02/2026 đến hết Chủ nhật 22/02/2026 (9 ngày).
    assert not any(CAL.is_working_day(d) for d in days(date(2026, 2, 14), date(2026, 2, 22)))
    assert CAL.is_working_day(date(2026, 2, 13))  # thứ Sáu, 26 tháng Chạp
    assert CAL.is_working_day(date(2026, 2, 23))  # thứ Hai, mùng 7


def test_holidays_tet_2025_nine_days_off():
    # Tết Ất Tỵ: nghỉ từ thứ Bảy 25/01/2025 đến hết Chủ nhật 02/02/2025.
    assert not any(CAL.is_working_day(d) for d in days(date(2025, 1, 25), date(2025, 2, 2)))
    assert CAL.is_working_day(date(2025, 1, 24))
    assert CAL.is_working_day(date(2025, 2, 3))


def test_holidays_30_4_1_5_2025_with_swapped_day():
    # Nghỉ 30/4 (thứ Tư) đến hết 4/5/2025; thứ Sáu 2/5 hoán đổi, làm bù thứ Bảy 26/4/2025.
    assert not any(CAL.is_working_day(d) for d in days(date(2025, 4, 30), date(2025, 5, 4)))
    assert CAL.is_working_day(date(2025, 4, 26))  # make-up Saturday
    assert not CAL.is_working_day(date(2025, 4, 27))  # its Sunday stays off
    assert CAL.is_working_day(date(2025, 4, 29))
    assert CAL.is_working_day(date(2025, 5, 5))


def test_holidays_national_day_2025_and_hung_kings_2025():
    assert not any(CAL.is_working_day(d) for d in days(date(2025, 8, 30), date(2025, 9, 2)))
    assert CAL.is_working_day(date(2025, 9, 3))
    assert not CAL.is_working_day(date(2025, 4, 7))  # Giỗ Tổ Hùng Vương, thứ Hai


def test_holidays_new_year_and_weekends():
    assert not CAL.is_working_day(date(2026, 1, 1))
    assert CAL.is_working_day(date(2026, 1, 2))
    assert not CAL.is_working_day(date(2025, 9, 20))  # an ordinary Saturday
    assert not CAL.is_working_day(date(2025, 9, 21))  # Sunday
    assert CAL.is_working_day(date(2025, 9, 22))


def test_holidays_hung_kings_2026_on_sunday_is_observed_monday():
    assert not CAL.is_working_day(date(2026, 4, 26))
    assert not CAL.is_working_day(date(2026, 4, 27))
    assert CAL.is_working_day(date(2026, 4, 28))


def test_holidays_vietnam_culture_day_2026_can_be_overridden():
    # The package lists 24/11 (Ngày Văn hóa Việt Nam) from 2026; a province can say otherwise.
    assert not CAL.is_working_day(date(2026, 11, 24))
    assert WorkCalendar(workdays=[date(2026, 11, 24)]).is_working_day(date(2026, 11, 24))


# ---------------------------------------------------------------- pydantic
# The Vietnamese wording of validation errors (loader.translate_error) is chosen by pydantic's
# error `type`, its `loc` and `input`, and for a Literal by the options quoted in ctx['expected'].


class _Sample(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", strict=False)
    kind: Literal["cong-van", "ke-hoach"]
    id: str = pydantic.Field(pattern=r"^[a-z]+$", min_length=1)
    when: dt.date
    days: int = pydantic.Field(ge=0, le=10)
    tags: list[str] = pydantic.Field(min_length=1)
    title: str


@pytest.mark.parametrize(
    ("field", "value", "error_type"),
    [
        ("kind", "cong van", "literal_error"),
        ("id", "A B", "string_pattern_mismatch"),
        ("id", "", "string_too_short"),
        ("when", "31/11/2025", "date_from_datetime_parsing"),
        ("days", "bảy", "int_parsing"),
        ("days", 11, "less_than_equal"),
        ("tags", [], "too_short"),
        ("tags", "a", "list_type"),
        ("title", 5, "string_type"),
        ("extra", 1, "extra_forbidden"),
    ],
)
def test_pydantic_error_types_dtrack_translates(field, value, error_type):
    good = dict(kind="cong-van", id="a", when="2025-09-11", days=1, tags=["x"], title="t")
    with pytest.raises(pydantic.ValidationError) as exc:
        _Sample.model_validate({**good, field: value})
    [err] = exc.value.errors()
    assert err["type"].startswith(error_type.split("_from_")[0])
    assert err["loc"] == (field,)
    if error_type == "literal_error":
        assert re.findall(r"'([^']*)'", err["ctx"]["expected"]) == ["cong-van", "ke-hoach"]


def test_pydantic_missing_key():
    with pytest.raises(pydantic.ValidationError) as exc:
        _Sample.model_validate({})
    assert {e["type"] for e in exc.value.errors()} == {"missing"}


# ---------------------------------------------------------------- PyYAML
# dtrack reads YAML with PyYAML (its C loader when built with libyaml) and relies on: errors with
# a problem mark (line, column) to place its message; ReaderError for characters YAML refuses;
# events streamed with start marks (for positions). It does NOT rely on any depth limit of the
# parser: nesting is decided by dtrack first (reading/nesting.py, tests/test_nesting.py).


def test_pyyaml_errors_carry_their_place():
    with pytest.raises(yaml.MarkedYAMLError) as exc:
        yaml.load("a: [b\nc: d\n", Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert exc.value.problem_mark is not None and exc.value.problem_mark.line >= 1


def test_pyyaml_refuses_control_characters_with_a_reader_error():
    with pytest.raises(yaml.reader.ReaderError):
        yaml.load("a: b\x07\n", Loader=yaml.SafeLoader)


def test_pyyaml_events_have_start_marks():
    events = list(yaml.parse("a:\n  - [b]\n", Loader=yaml.SafeLoader))
    starts = [e.start_mark.column for e in events if isinstance(e, yaml.CollectionStartEvent)]
    assert starts == [0, 2, 4]


# ---------------------------------------------------------------- Click (as Typer 0.28 vendors it)
# i18n.translate_message turns Click's English usage errors into Vietnamese by pattern; if Click
# rewords one, the clerk would read English again. Typer is held below 0.29 for start-up time
# (README, "Hiệu năng": how to lift it).


@pytest.mark.parametrize(
    ("args", "vietnamese"),
    [
        (["--nope"], "Không có tùy chọn --nope"),
        (["--n", "bảy"], "không phải số nguyên"),
        (["--n", "-1"], "phải từ 0 đến 3650"),
        (["--n"], "cần một giá trị"),
        (["a", "b"], "Thừa tham số"),
    ],
)
def test_click_usage_errors_match_the_patterns_i18n_translates(args, vietnamese):
    app = typer.Typer()

    @app.command()
    def cmd(x: str = typer.Argument(""), n: int = typer.Option(0, min=0, max=3650)):
        pass

    with pytest.raises(Exception) as exc:
        typer.main.get_command(app).main(args, standalone_mode=False)
    assert hasattr(exc.value, "format_message"), exc.value  # Click's UsageError family
    assert vietnamese in i18n.translate_message(exc.value.format_message())
