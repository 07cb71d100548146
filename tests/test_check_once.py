"""`check` in one round: a file whose structure has errors (a wrong type, a wrong kind, a broken
lead, a broken date of issue) still has its references, deadlines and updates checked, so that
nine typos take one run, not five."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from directive_cli.cli import app

TYPOS = """\
number: 2100/UBND-NC
issued: 2025-09-15
kind: cong-vann
subject: đôn đốc
tasks:
  - id: "1"
    title: Báo cáo
    lead: svn
    support: [Sở Nội vu]
    due: trước ngày 31/11/2025
  - id: "2"
    title: Việc hai
    lead: [stc]
    due: [2025-10-01]
    updates:
      - {date: 2025-10-01, kind: done, agency: stp}
  - id: "3"
    lead: xa-phuongg
    dead-line: x
    due: trong 10 ngày
"""


def test_every_problem_of_a_broken_file_in_one_run(make_data):
    data = make_data({"2025-2100-UBND-NC.yaml": TYPOS})
    r = CliRunner().invoke(app, ["--data", str(data), "check", "--format", "json"])
    assert r.exit_code == 1
    found = sorted((e["line"], e["code"]) for e in json.loads(r.stdout)["errors"])
    assert found == [
        (3, "bad-value"),  # kind: cong-vann (structure)
        (8, "unknown-agency"),  # lead: svn
        (9, "unknown-agency"),  # support: a name misspelt
        (10, "bad-deadline"),  # 31/11
        (14, "expected-text"),  # due: a list (structure)
        (16, "not-a-lead"),  # an update for stp
        (17, "missing-key"),  # task 3 has no title (structure)
        (18, "unknown-agency"),  # xa-phuongg: checked although its task has no title
        (19, "unknown-key"),  # dead-line
        (20, "bad-deadline"),  # "trong 10 ngày" from when?
    ]


def test_a_broken_date_of_issue_leaves_only_the_deadlines_counted_from_it(make_data):
    text = TYPOS.replace("issued: 2025-09-15", "issued: 2025-13-45").replace(
        "due: trong 10 ngày", "due: trong 10 ngày kể từ ngày ký"
    )
    data = make_data({"2025-2100-UBND-NC.yaml": text})
    r = CliRunner().invoke(app, ["--data", str(data), "check", "--format", "json"])
    found = [(e["line"], e["code"]) for e in json.loads(r.stdout)["errors"]]
    assert (2, "bad-date") in found
    assert [f for f in found if f[1] == "bad-deadline"] == [(10, "bad-deadline")]  # 31/11 only
    codes = [code for _, code in found]
    assert "not-a-lead" in codes and codes.count("unknown-agency") == 3


# One file, one typo a line: every typo gives its own error, alone or all together, whatever
# else in the file is broken (the lead of the task, the date of issue).
CLEAN = """\
number: 2200/UBND-NC
issued: 2025-09-15
kind: cong-van
subject: đôn đốc
recipients: [snv]
tasks:
  - id: "1"
    title: Báo cáo
    lead: snv
    support: [stc]
    due: trước ngày 30/11/2025
  - id: "2"
    title: Việc hai
    lead: [stc]
    due: 2025-10-01
    updates:
      - {date: 2025-10-01, kind: done, agency: stc}
  - id: "3"
    title: Việc ba
    lead: xa-phuong
    due: trong 10 ngày kể từ ngày ký
  - id: "4"
    title: Việc bốn
    lead: [{agency: stp, detail: rà soát}]
    support: [Sở Tư pháp]
    due: trước ngày 20/12/2025
  - id: "5"
    title: Việc năm
    lead: [stc]
    due: trước ngày 15/12/2025
"""
TYPOS_BY_LINE = {
    2: ("issued: 31/02/2025", "bad-date"),  # the date of issue broken
    3: ("kind: cong-vann", "bad-value"),
    5: ("recipients: [So Noi vu]", "unknown-agency"),
    9: ("    lead: svn", "unknown-agency"),
    10: ("    support: [Sở Nội vu]", "unknown-agency"),
    11: ("    due: trước ngày 31/11/2025", "bad-deadline"),  # judged without the date of issue
    15: ("    due: [2025-10-01]", "expected-text"),
    17: ("      - {date: 2025-10-01, kind: done, agency: stp}", "not-a-lead"),
    24: ("    lead: [{detail: rà soát}]", "missing-key"),  # the lead broken: no agency
    25: ("    support: [Sở Tư phap]", "unknown-agency"),  # checked though the lead is broken
    26: ("    due: trước ngày 32/12/2025", "bad-deadline"),  # so is the deadline
    29: ("    lead: [[stc]]", "expected-mapping"),  # the lead broken: a wrong type
    30: ("    due: trong 5 ngày", "bad-deadline"),  # from when? (its lead is broken)
}


def typed(lines: set[int]) -> str:
    rows = CLEAN.splitlines()
    for n in lines:
        rows[n - 1] = TYPOS_BY_LINE[n][0]
    return "\n".join(rows) + "\n"


def errors(make_data, text: str) -> list[tuple[int, str]]:
    data = make_data({"2025-2200-UBND-NC.yaml": text})
    r = CliRunner().invoke(app, ["--data", str(data), "check", "--format", "json"])
    return sorted((e["line"], e["code"]) for e in json.loads(r.stdout)["errors"])


def test_n_typos_give_n_errors_in_one_run(make_data):
    assert errors(make_data, CLEAN) == []
    expected = sorted((n, code) for n, (_, code) in TYPOS_BY_LINE.items())
    assert errors(make_data, typed(set(TYPOS_BY_LINE))) == expected
    for n, (_, code) in TYPOS_BY_LINE.items():  # each alone: the same error, nothing more
        assert errors(make_data, typed({n})) == [(n, code)], n


def test_deadlines_counted_from_a_broken_date_of_issue_are_named_once(make_data):
    for issued in ("issued: 31/02/2025", "issued: hôm qua"):
        text = typed({11}).replace("issued: 2025-09-15", issued)
        text = text.replace("due: trước ngày 15/12/2025", "due: trước ngày 15/12")  # no year
        data = make_data({"2025-2200-UBND-NC.yaml": text})
        r = CliRunner().invoke(app, ["--data", str(data), "check"])
        assert r.exit_code == 1
        note = (
            "Thời hạn của nhiệm vụ '3', '5' tính từ ngày ban hành nên chưa kiểm tra được; "
            "sẽ kiểm tra khi ngày ban hành ghi đúng."
        )
        assert r.stdout.count(note) == 1, r.stdout  # in the date of issue's hint
        assert "gợi ý: " in r.stdout.split(note)[0].splitlines()[-1]
        assert r.stdout.count("error: ") == 2  # the date of issue, and 31/11 judged all the same
        assert "31/11/2025" in r.stdout


def test_a_task_without_an_id_is_named_by_its_place(make_data):
    text = typed({17}).replace('  - id: "2"', "  - id: 2 2")
    data = make_data({"2025-2200-UBND-NC.yaml": text})
    r = CliRunner().invoke(app, ["--data", str(data), "check"])
    assert "'stp' không phải cơ quan chủ trì nhiệm vụ thứ 2." in r.stdout
    assert "\x00" not in r.stdout
