"""The status engine on hand-made cases: every status of the SPEC, replayed at chosen days."""

from __future__ import annotations

import datetime as dt

from directive_cli.loading.load import load
from directive_cli.status import compute

D = dt.date

CASES = """\
number: 10/UBND-NC
issued: 2025-09-01
subject: thử
tasks:
  - {id: a, title: Quá hạn, lead: snv, due: trước ngày 20/9/2025}
  - {id: b, title: Sắp đến hạn, lead: snv, due: 2025-10-05}
  - {id: c, title: Trong hạn, lead: snv, due: trong tháng 12/2025}
  - {id: d, title: Thường xuyên, lead: snv, due: thường xuyên}
  - {id: e, title: Không hạn, lead: snv}
  - {id: f, title: Khẩn trương, lead: snv, due: khẩn trương}
  - id: g
    title: Đúng hạn
    lead: snv
    due: trước ngày 20/9/2025
    updates: [{date: 2025-09-20, kind: done}]
  - id: h
    title: Quá hạn rồi mới xong
    lead: snv
    due: trước ngày 20/9/2025
    updates: [{date: 2025-09-21, kind: done}]
  - id: i
    title: Xong, không hạn
    lead: snv
    updates: [{date: 2025-09-10, kind: done}]
  - id: j
    title: Dừng
    lead: snv
    due: trước ngày 20/9/2025
    updates: [{date: 2025-09-15, kind: cancelled}]
  - id: k
    title: Gia hạn
    lead: snv
    due: trước ngày 20/9/2025
    updates:
      - {date: 2025-09-18, kind: extended, due: 2025-10-15, ref: Công văn 2100}
      - {date: 2025-10-10, kind: done}
  - id: l
    title: Mở lại
    lead: snv
    due: trước ngày 20/9/2025
    updates:
      - {date: 2025-09-10, kind: done}
      - {date: 2025-09-12, kind: reopened}
  - id: m
    title: Nhóm, một xã xong
    lead: xa-phuong
    due: trước ngày 20/9/2025
    updates:
      - {date: 2025-09-19, kind: done, agency: phuong-duc-xuan}
      - {date: 2025-09-19, kind: progress, note: đang làm}
"""


def statuses(make_data, today, within=7):
    repo = load(make_data({"2025-10-UBND-NC.yaml": CASES}))
    assert repo.errors == [], [d.message for d in repo.errors]
    return {a.ref.split(":")[1]: a for a in compute(repo, today, within)}


def test_every_status_at_one_day(make_data):
    s = statuses(make_data, D(2025, 10, 1))
    assert s["a@snv"].status == "overdue"
    assert s["a@snv"].days_overdue == 11
    assert s["b@snv"].status == "due_soon"
    assert s["b@snv"].days_left == 4
    assert s["c@snv"].status == "on_track"
    assert s["c@snv"].days_left == 91
    assert s["d@snv"].status == "ongoing"
    assert s["e@snv"].status == "no_deadline"
    assert s["f@snv"].status == "no_deadline"
    assert s["f@snv"].urgent is True
    assert s["e@snv"].urgent is False
    assert s["g@snv"].status == "done_on_time"
    assert s["g@snv"].done_on == D(2025, 9, 20)
    assert s["h@snv"].status == "done_late"
    assert s["i@snv"].status == "done"
    assert s["j@snv"].status == "cancelled"
    assert s["l@snv"].status == "overdue"
    # A done update for one agency leaves the others' shares as they were.
    assert s["m@phuong-duc-xuan"].status == "done_on_time"
    assert s["m@xa-an-khanh"].status == "overdue"


def test_extension_counts_only_from_its_date(make_data):
    before = statuses(make_data, D(2025, 9, 17))["k@snv"]
    assert before.due == D(2025, 9, 20)
    assert before.status == "due_soon"
    after = statuses(make_data, D(2025, 9, 25))["k@snv"]
    assert after.due == D(2025, 10, 15)
    assert after.due_text == "2025-10-15"
    assert after.status == "on_track"
    done = statuses(make_data, D(2025, 10, 20))["k@snv"]
    assert done.status == "done_on_time"


def test_updates_after_today_do_not_count(make_data):
    s = statuses(make_data, D(2025, 9, 19))
    assert s["g@snv"].status == "due_soon"
    assert s["g@snv"].done_on is None
    assert s["j@snv"].status == "cancelled"


def test_due_day_itself_is_not_overdue(make_data):
    s = statuses(make_data, D(2025, 9, 20))
    assert s["a@snv"].status == "due_soon"
    assert s["a@snv"].days_left == 0
    assert statuses(make_data, D(2025, 9, 21))["a@snv"].days_overdue == 1


def test_warning_window(make_data):
    assert statuses(make_data, D(2025, 10, 1), within=3)["b@snv"].status == "on_track"
    assert statuses(make_data, D(2025, 10, 1), within=4)["b@snv"].status == "due_soon"


def test_directives_issued_after_today_are_left_out(make_data):
    assert statuses(make_data, D(2025, 8, 31)) == {}
    assert statuses(make_data, D(2025, 9, 1))


def test_refs_and_json_record(make_data):
    s = statuses(make_data, D(2025, 10, 1))
    rec = s["a@snv"].record()
    from directive_cli.status import RECORD_FIELDS

    assert tuple(rec) == RECORD_FIELDS
    assert RECORD_FIELDS[:17] == (
        "ref",
        "directive",
        "number",
        "issued",
        "task",
        "title",
        "agency",
        "agency_name",
        "period",
        "due",
        "due_text",
        "status",
        "status_label",
        "done_on",
        "days_overdue",
        "days_left",
        "urgent",
    )  # the SPEC's order: fields may be added after these, never moved
    assert rec["ref"] == "2025-10-UBND-NC:a@snv"
    assert rec["status_label"] == "Quá hạn"
    assert rec["due"] == "2025-09-20"
    assert rec["due_text"] == "trước ngày 20/9/2025"


RECURRING = """\
issued: 2025-09-01
subject: báo cáo định kỳ
tasks:
  - id: r
    title: Báo cáo tháng
    lead: [snv, stc]
    due: trước ngày 20 hằng tháng
    repeat: {every: month, from: 2025-10, until: 2026-12}
    updates:
      - {date: 2025-11-18, kind: done, agency: snv, period: 2025-11}
"""


def test_recurring_periods_each_their_own_status(make_data):
    repo = load(make_data({"2025-dk.yaml": RECURRING}))
    assert repo.errors == [], [d.message for d in repo.errors]
    items = compute(repo, D(2025, 11, 25))
    by_ref = {a.ref.split(":")[1]: a for a in items}
    # Periods not started by T are not listed: October and November only.
    assert sorted(by_ref) == ["r@snv#2025-10", "r@snv#2025-11", "r@stc#2025-10", "r@stc#2025-11"]
    assert by_ref["r@snv#2025-10"].status == "overdue"  # a missed October stays overdue
    assert by_ref["r@snv#2025-11"].status == "done_on_time"
    assert by_ref["r@stc#2025-11"].status == "overdue"
    assert by_ref["r@snv#2025-10"].due == D(2025, 10, 20)
    assert by_ref["r@snv#2025-10"].record()["period"] == "2025-10"


def test_period_written_another_way_is_the_same_period(make_data):
    text = """\
issued: 2025-09-01
subject: báo cáo quý
tasks:
  - id: q
    title: Báo cáo quý
    lead: snv
    due: trước ngày 15 của tháng cuối quý
    repeat: {every: quarter, from: 2025-Q4}
    updates:
      - {date: 2025-12-10, kind: done, period: 2025-q4}
"""
    repo = load(make_data({"2025-q.yaml": text}))
    assert repo.errors == []
    by_period = {a.period.key: a.status for a in compute(repo, D(2026, 1, 5))}
    assert by_period == {"2025-Q4": "done_on_time", "2026-Q1": "on_track"}  # q4 is Q4


def test_relative_extension_counts_from_the_extension_date(make_data):
    text = """\
issued: 2025-09-01
subject: thử
tasks:
  - id: a
    title: t
    lead: snv
    due: 2025-09-20
    updates:
      - {date: 2025-09-25, kind: extended, due: trong 15 ngày kể từ ngày ký}
"""
    repo = load(make_data({"2025-e.yaml": text}))
    assert repo.errors == []
    (a,) = compute(repo, D(2025, 10, 1))
    assert a.due == D(2025, 10, 10)  # 25/9 + 15 days, as validation and `dtrack extend` read it


# ---------------------------------------------------------------- issue 15: the long tail

LONG_TAIL = """\
number: 20/UBND-NC
issued: 2025-10-20
subject: thời hạn như văn bản thật ghi
tasks:
  - {id: range, title: Khoảng tháng, lead: snv, due: Tháng 11 - 12/2025}
  - {id: years, title: Giai đoạn, lead: snv, due: giai đoạn 2026 - 2030}
  - {id: noyear, title: Thiếu năm, lead: snv, due: trước ngày 15/12}
  - {id: cond, title: Điều kiện, lead: snv, due: sau khi Bộ Tài chính ban hành hướng dẫn}
  - {id: soon, title: Sớm, lead: snv, due: Sớm}
  - {id: onward, title: Từ 2026, lead: snv, due: (2026 trở đi)}
  - id: quarterly
    title: Hằng quý
    lead: snv
    due: "Thường xuyên, định kỳ hằng quý báo cáo về Sở Tài chính"
  - {id: yearly, title: Hằng năm, lead: snv, due: trước ngày 25/12 hàng năm}
  - {id: event, title: Từ khi nhận, lead: snv, due: trong 10 ngày kể từ ngày nhận được văn bản}
  - id: event2
    title: Đã nhận
    lead: snv
    due: trong 10 ngày kể từ ngày nhận được văn bản
    updates: [{date: 2025-10-22, kind: started, note: ngày nhận văn bản}]
"""


def test_deadlines_as_directives_write_them(make_data):
    repo = load(make_data({"2025-20-UBND-NC.yaml": LONG_TAIL}))
    assert repo.errors == [], [d.message for d in repo.errors]
    at = {a.ref.split(":")[1]: a for a in compute(repo, D(2025, 10, 25))}
    assert at["range@snv"].status == "not_started" and at["range@snv"].due == D(2025, 12, 31)
    assert at["years@snv"].status == "not_started"
    assert at["onward@snv"].status == "not_started"
    assert (at["noyear@snv"].status, at["noyear@snv"].due) == ("on_track", D(2025, 12, 15))
    assert at["cond@snv"].status == "conditional"
    assert at["soon@snv"].status == "no_deadline" and at["soon@snv"].urgent
    assert at["quarterly@snv"].status == "ongoing"
    assert at["event@snv"].status == "waiting" and at["event@snv"].due is None
    # Received on 22/10/2025: 10 days later, 1/11/2025 is a Saturday: Monday 3/11/2025.
    assert (at["event2@snv"].status, at["event2@snv"].due) == ("on_track", D(2025, 11, 3))
    assert (at["yearly@snv#2025"].status, at["yearly@snv#2025"].due) == (
        "on_track",
        D(2025, 12, 25),
    )
    later = {a.ref.split(":")[1]: a for a in compute(repo, D(2026, 1, 5))}
    assert later["range@snv"].status == "overdue"
    assert later["onward@snv"].status == "ongoing"
    assert later["yearly@snv#2025"].status == "overdue"
    assert "yearly@snv#2026" in later  # the next period has begun
    listed = compute(repo, D(2025, 10, 25), statuses={"conditional"})
    assert [a.task_id for a in listed] == ["cond"]


def test_show_says_the_year_came_from_the_date_of_issue(make_data):
    from directive_cli.render.show import _state

    repo = load(make_data({"2025-20-UBND-NC.yaml": LONG_TAIL}))
    at = {a.ref.split(":")[1]: a for a in compute(repo, D(2025, 10, 25))}
    assert _state(at["noyear@snv"]).endswith("(hạn 15/12/2025, năm theo ngày ban hành)")
    assert _state(at["range@snv"]) == "Chưa đến kỳ (hạn 31/12/2025)"
    assert "sau khi Bộ Tài chính" in _state(at["cond@snv"])
