"""`check` in one round: a file whose structure has errors (a wrong type, a wrong kind) still
has its references, deadlines and updates checked, so that nine typos take one run, not five."""

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


def test_a_broken_date_of_issue_does_not_invent_deadline_errors(make_data):
    text = TYPOS.replace("issued: 2025-09-15", "issued: 2025-13-45").replace(
        "due: trong 10 ngày", "due: trong 10 ngày kể từ ngày ký"
    )
    data = make_data({"2025-2100-UBND-NC.yaml": text})
    r = CliRunner().invoke(app, ["--data", str(data), "check", "--format", "json"])
    codes = [e["code"] for e in json.loads(r.stdout)["errors"]]
    assert "bad-date" in codes and "bad-deadline" not in codes
    assert "not-a-lead" in codes and codes.count("unknown-agency") == 3
