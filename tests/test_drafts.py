"""Directives not in force: drafts without a date of issue, a month of issue, and the warnings
`check` gives about what is valid but probably not meant."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from directive_cli.cli import app

SIGNED = """\
    number: 100/UBND-NC
    issued: 2025-09-01
    subject: đã ký
    tasks:
      - {id: "1", title: Việc A, lead: snv, due: 2025-09-20}
"""
DRAFT = """\
    kind: ke-hoach
    subject: dự thảo
    tasks:
      - {id: "1", title: Việc B, lead: stc, due: 2025-09-20}
"""
MONTH = """\
    number: 200/UBND-NC
    issued: 2025-09
    subject: chỉ biết tháng
    tasks:
      - {id: "1", title: Việc C, lead: stp, due: 2025-09-20}
"""


def run(data, *args, today="2025-10-01"):
    return CliRunner().invoke(app, ["--data", str(data), "--today", today, *args])


def test_a_draft_is_left_out_of_every_report_and_listed_apart(make_data):
    data = make_data({"2025-100.yaml": SIGNED, "du-thao.yaml": DRAFT})
    r = run(data, "overdue", "-f", "json")
    assert r.exit_code == 0, r.output
    assert [row["directive"] for row in json.loads(r.stdout)] == ["2025-100"]
    note = "Ghi chú: 1 văn bản chưa có ngày ban hành, không tính (du-thao)"
    assert note in r.stderr
    r = run(data, "list", "-f", "json", today="2030-01-01")
    assert {row["directive"] for row in json.loads(r.stdout)} == {"2025-100"}
    r = run(data, "summary", "-f", "json")
    assert [row["key"] for row in json.loads(r.stdout)] == ["snv", None]  # no stc row
    assert note in r.stderr
    r = run(data, "summary", "--by", "directive", "-f", "json")
    assert [row["key"] for row in json.loads(r.stdout)] == ["2025-100", None]
    r = run(data, "remind", "--out", str(data.parent / "thu"), "-f", "md")
    assert r.exit_code == 0, r.output
    assert [p.name for p in (data.parent / "thu").iterdir()] == ["don-doc-2025-10-01-snv.md"]
    r = run(data, "list", "--drafts")
    assert r.exit_code == 0
    assert "du-thao — Kế hoạch chưa có số, 1 nhiệm vụ" in r.stdout
    assert json.loads(run(data, "list", "--drafts", "-f", "json").stdout)[0]["id"] == "du-thao"
    r = run(data, "list", "--drafts", "-f", "csv")  # not silently printed as a table
    assert r.exit_code == 2 and "--drafts chỉ in ra màn hình" in r.output


def test_check_warns_about_a_draft_and_still_passes(make_data):
    data = make_data({"du-thao.yaml": DRAFT})
    r = run(data, "check", "-f", "json")
    assert r.exit_code == 0
    payload = json.loads(r.stdout)
    assert payload["errors"] == []
    assert [w["code"] for w in payload["warnings"]] == ["not-issued"]


def test_signing_the_draft_brings_it_in_from_its_date(make_data):
    data = make_data({"du-thao.yaml": DRAFT.replace("kind: ke-hoach", "issued: 2025-09-15")})
    assert json.loads(run(data, "overdue", "-f", "json", today="2025-09-14").stdout) == []
    rows = json.loads(run(data, "overdue", "-f", "json", today="2025-09-21").stdout)
    assert [(row["directive"], row["agency"]) for row in rows] == [("du-thao", "stc")]


def test_a_month_of_issue_counts_from_its_first_day(make_data):
    data = make_data({"2025-200.yaml": MONTH})
    assert json.loads(run(data, "list", "-f", "json", today="2025-08-31").stdout) == []
    (row,) = json.loads(run(data, "list", "-f", "json", today="2025-09-01").stdout)
    assert row["issued"] == "2025-09-01" and row["status"] == "on_track"
    r = run(data, "overdue", today="2025-10-01")
    assert "200/UBND-NC (tháng 9/2025)" in r.stdout
    r = run(data, "show", "2025-200")
    assert r.stdout.startswith("Công văn số 200/UBND-NC tháng 9/2025")
    r = run(data, "summary", "--by", "directive", "-f", "json")
    assert json.loads(r.stdout)[0]["name"] == "Công văn số 200/UBND-NC tháng 9/2025 (01 nhiệm vụ)"


def test_no_deadline_counts_from_an_unknown_day_of_signing(make_data):
    text = MONTH.replace("due: 2025-09-20", "due: trong 10 ngày kể từ ngày ký")
    data = make_data({"2025-200.yaml": text})
    r = run(data, "check", "-f", "json")
    assert r.exit_code == 1
    assert [e["code"] for e in json.loads(r.stdout)["errors"]] == ["bad-deadline"]


def test_dates_as_clerks_write_them_in_files(make_data):
    text = (
        "number: 100/UBND-NC\nissued: 01/09/2025\nsubject: ngày kiểu Việt Nam\ntasks:\n"
        "  - id: '1'\n    title: Việc A\n    lead: snv\n    due: 2025-09-20\n"
        "    updates:\n      - {date: 15/9/2025, kind: done}\n"
    )
    data = make_data({"2025-100.yaml": text})
    r = run(data, "list", "-f", "json")
    assert r.exit_code == 0, r.output
    (row,) = json.loads(r.stdout)
    assert (row["issued"], row["done_on"]) == ("2025-09-01", "2025-09-15")
    assert row["status"] == "done_on_time"


def test_warnings_for_what_is_valid_but_probably_not_meant(make_data):
    data = make_data(
        {
            "2025-100.yaml": SIGNED.replace("lead: snv,", "lead: snv, support: [stc, snv],"),
            "2025-101.yaml": "number: 101/UBND-NC\nissued: 2025-09-01\nsubject: không giao việc\n",
        }
    )
    r = run(data, "check")
    assert r.exit_code == 0, r.output
    assert "2025-100.yaml:5:" in r.stdout
    assert "vừa là cơ quan chủ trì vừa là cơ quan phối hợp" in r.stdout
    assert "2025-101.yaml:1:1: warning: Văn bản không có nhiệm vụ nào" in r.stdout
    assert "gợi ý:  " not in r.stdout


def test_a_bad_recurring_phrase_is_reported_at_due(make_data):
    text = (
        "number: 1/UBND\nissued: 2025-01-02\nsubject: định kỳ\ntasks:\n"
        "  - id: m\n    title: Báo cáo tháng\n    lead: snv\n"
        "    due: trước ngày 40 hằng tháng\n    repeat: {every: month, from: 2025-01}\n"
    )
    data = make_data({"2025-1.yaml": text})
    r = run(data, "check", "-f", "json")
    (error,) = json.loads(r.stdout)["errors"]
    assert (error["code"], error["line"]) == ("bad-deadline", 8)


def test_a_draft_may_count_its_deadline_from_a_signing_still_to_come(make_data):
    """A plan drafted before it is signed says "trong 10 ngày kể từ ngày ký": check accepts it
    (the draft's one warning), every command leaves it out, and once `issued` is written the
    deadline counts from that day."""
    text = DRAFT.replace("due: 2025-09-20", "due: trong 10 ngày kể từ ngày ký")
    data = make_data({"du-thao.yaml": text})
    r = run(data, "check", "-f", "json")
    assert r.exit_code == 0, r.output
    payload = json.loads(r.stdout)
    assert payload["errors"] == []
    assert [w["code"] for w in payload["warnings"]] == ["not-issued"]
    for args in (["overdue"], ["show", "du-thao"], ["summary"], ["list", "--drafts"]):
        assert run(data, *args).exit_code == 0, args
    assert "Thời hạn: trong 10 ngày kể từ ngày ký" in run(data, "show", "du-thao").stdout
    signed = make_data({"du-thao.yaml": text.replace("kind: ke-hoach", "issued: 2025-09-15")})
    rows = json.loads(run(signed, "overdue", "-f", "json", today="2025-09-26").stdout)
    assert [(row["agency"], row["due"]) for row in rows] == [("stc", "2025-09-25")]


def test_a_started_update_on_a_draft_deadline_counted_from_the_signing_is_reported(make_data):
    """'started' fits only a deadline counted from an event: a draft's "kể từ ngày ký" is
    counted from the signing, so check says so now, not only once `issued` is written."""
    text = DRAFT.replace(
        "due: 2025-09-20}",
        "due: trong 10 ngày kể từ ngày ký, updates: [{date: 2025-09-20, kind: started}]}",
    )
    data = make_data({"du-thao.yaml": text})
    r = run(data, "check", "-f", "json")
    codes = [e["code"] for e in json.loads(r.stdout)["errors"]]
    assert codes == ["started-not-event"], r.output
