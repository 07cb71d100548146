"""Names where codes are asked: an agency's or group's exact name (or short name) is accepted
wherever its id is, in files and on the command line; refs may be shortened."""

from __future__ import annotations

import json

from conftest import AGENCIES_YAML
from typer.testing import CliRunner

from directive_cli.cli import app

BY_NAME = """\
    number: 100/UBND-NC
    issued: 2025-09-01
    subject: giao việc theo tên
    recipients: ["Các sở, ban, ngành"]  # quoted: a comma separates items in [ ]
    tasks:
      - id: "1"
        title: Việc A
        lead: [Sở Tài chính, Xã An Khánh]
        support: [Sở Nội vụ]
        due: 2025-09-20
        updates:
          - {date: 2025-09-18, kind: done, agency: Xã An Khánh}
      - id: "2"
        title: Việc B
        lead: UBND các xã, phường
        due: 2025-09-30
"""
SHORT = AGENCIES_YAML.replace(
    "{id: snv, name: Sở Nội vụ, kind: so}", "{id: snv, name: Sở Nội vụ, kind: so, short: SNV}"
)


def run(data, *args, today="2025-10-01"):
    return CliRunner().invoke(app, ["--data", str(data), "--today", today, *args])


def test_names_in_files_are_read_as_the_ids(make_data):
    data = make_data({"2025-100-UBND-NC.yaml": BY_NAME})
    r = run(data, "check")
    assert r.exit_code == 0, r.output
    rows = json.loads(run(data, "list", "-f", "json").stdout)
    shares = {(row["task"], row["agency"], row["status"]) for row in rows}
    assert shares == {
        ("1", "stc", "overdue"),
        ("1", "xa-an-khanh", "done_on_time"),
        ("2", "xa-an-khanh", "overdue"),
        ("2", "phuong-duc-xuan", "overdue"),
    }


def test_a_near_miss_suggests_only_ids_that_exist(make_data):
    text = BY_NAME.replace("support: [Sở Nội vụ]", "support: [Sở Nộ vụ]")
    data = make_data({"2025-100-UBND-NC.yaml": text})
    r = run(data, "check")
    assert r.exit_code == 1
    assert "Không có cơ quan hay nhóm nào mã hay tên 'Sở Nộ vụ' (phối hợp)." in r.stdout
    assert "gợi ý: Có phải ý là 'snv' (Sở Nội vụ)?" in r.stdout
    assert "so-noi-vu" not in r.stdout  # never an id that does not exist


def test_short_names_and_names_on_the_command_line(make_data):
    data = make_data({"2025-100-UBND-NC.yaml": BY_NAME.replace("[Sở Nội vụ]", "[SNV]")}, SHORT)
    assert run(data, "check").exit_code == 0
    r = run(data, "overdue", "--agency", "Sở Tài chính", "-f", "json")
    assert {row["agency"] for row in json.loads(r.stdout)} == {"stc"}
    r = run(data, "overdue", "--agency", "UBND các xã, phường", "-f", "json")
    assert {row["agency"] for row in json.loads(r.stdout)} == {"xa-an-khanh", "phuong-duc-xuan"}
    r = run(data, "done", "2025-100-UBND-NC:2@Phường Đức Xuân", "--date", "2025-10-01")
    assert r.exit_code == 0, r.output
    text = (data / "directives" / "2025-100-UBND-NC.yaml").read_text("utf-8")
    assert text.endswith("      - {date: 2025-10-01, kind: done, agency: phuong-duc-xuan}\n")


def test_refs_may_be_shortened_where_unambiguous(make_data):
    other = BY_NAME.replace("100/UBND-NC", "100/KH-UBND")
    data = make_data({"2025-100-UBND-NC.yaml": BY_NAME, "2025-100-KH-UBND.yaml": other})
    r = run(data, "show", "100/UBND-NC:1")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("Công văn số 100/UBND-NC ngày 01/09/2025")
    assert run(data, "show", "UBND-NC").exit_code == 0  # whole parts of the id
    r = run(data, "show", "100:1")
    assert r.exit_code == 1
    assert "'100' có thể là 2 văn bản: 2025-100-KH-UBND, 2025-100-UBND-NC" in r.stderr
    r = run(data, "list", "--directive", "KH-UBND", "-f", "json")
    assert {row["directive"] for row in json.loads(r.stdout)} == {"2025-100-KH-UBND"}


def test_a_name_cut_at_its_comma_says_to_quote_it(make_data):
    text = BY_NAME.replace('["Các sở, ban, ngành"]', "[Các sở, ban, ngành]")
    r = run(make_data({"2025-100-UBND-NC.yaml": text}), "check")
    assert r.exit_code == 1
    hint = 'gợi ý: Tên có dấu phẩy phải đặt trong nháy kép: ["Các sở, ban, ngành"].'
    assert r.stdout.count(hint) == 3


def test_a_long_list_of_ids_is_checked_in_linear_time(tmp_path, monkeypatch):
    # Names cut at their commas are looked for around unknown items only, a few at a time: a lead
    # list of 4,000 ids once took minutes (every run of items joined and looked up).
    from directive_cli.loading.load import load
    from directive_cli.repository import Repository
    from tests.conftest import AGENCIES_YAML

    data = tmp_path / "data"
    (data / "directives").mkdir(parents=True)
    (data / "agencies.yaml").write_text(AGENCIES_YAML, encoding="utf-8")
    leads = ", ".join(["stc"] * 3000 + [f"Ban số {n}" for n in range(300)])
    (data / "directives" / "2025-1-UBND.yaml").write_text(
        "number: 1/UBND\nissued: 2025-09-15\nsubject: thử\ntasks:\n"
        f"  - id: '1'\n    title: Việc\n    lead: [{leads}]\n    due: trước ngày 30/9/2025\n",
        encoding="utf-8",
    )
    calls = []
    lookup = Repository.lookup
    monkeypatch.setattr(
        Repository, "lookup", lambda self, text: calls.append(text) or lookup(self, text)
    )
    repo = load(data)
    assert any(d.code == "unknown-agency" for d in repo.diagnostics)
    # at most five runs tried from each unknown item: not every run of the list (~45,000)
    assert len(calls) <= 5 * 300 + 300, len(calls)


OTHERWISE = """\
    number: 101/UBND-NC
    issued: 2025-09-01
    subject: tên viết khác agencies.yaml
    recipients: [So Tu phap]
    tasks:
      - id: "1"
        title: Việc A
        lead: [Sở Noi Vu, UBND xã An Khánh]
        support: [So Tai Chinh, "Sở Tư pháp tỉnh Thái Nguyên"]
        due: 2025-09-20
      - id: "2"
        title: Việc B
        lead: UBND cấp xã
        support: Sở Nộ vụ
        due: 2025-09-30
"""


def test_a_name_written_otherwise_is_told_its_id(make_data):
    # Marks, a usual short form ('UBND xã X', 'UBND cấp xã') or the province's name after it:
    # still an error (never taken silently), and the hint names the one id it stands for.
    r = run(make_data({"2025-101-UBND-NC.yaml": OTHERWISE}), "check", "--format", "json")
    assert r.exit_code == 1
    found = [(e["line"], e["message"]) for e in json.loads(r.stdout)["errors"]]
    told = "Tên không ghi đúng như trong agencies.yaml: dùng mã"
    assert found == [
        (4, f"Không có cơ quan hay nhóm nào mã hay tên 'So Tu phap' (nơi nhận). {told} "
         "'stp' (Sở Tư pháp)."),
        (8, f"Không có cơ quan hay nhóm nào mã hay tên 'Sở Noi Vu' (chủ trì). {told} "
         "'snv' (Sở Nội vụ)."),
        (8, f"Không có cơ quan hay nhóm nào mã hay tên 'UBND xã An Khánh' (chủ trì). {told} "
         "'xa-an-khanh' (Xã An Khánh)."),
        (9, f"Không có cơ quan hay nhóm nào mã hay tên 'So Tai Chinh' (phối hợp). {told} "
         "'stc' (Sở Tài chính)."),
        (9, "Không có cơ quan hay nhóm nào mã hay tên 'Sở Tư pháp tỉnh Thái Nguyên' (phối hợp). "
         f"{told} 'stp' (Sở Tư pháp)."),
        (13, f"Không có cơ quan hay nhóm nào mã hay tên 'UBND cấp xã' (chủ trì). {told} "
         "'xa-phuong' (UBND các xã, phường)."),
        # a letter wrong, not only a mark: a guess, asked as a question
        (14, "Không có cơ quan hay nhóm nào mã hay tên 'Sở Nộ vụ' (phối hợp). Có phải ý là "
         "'snv' (Sở Nội vụ)?"),
    ]  # fmt: skip


def test_a_name_that_marks_leave_ambiguous_lists_every_id(make_data):
    agencies = AGENCIES_YAML.replace(
        "groups:", "  - {id: xa-an-khanh-2, name: Xã Ấn Khánh, kind: xa}\ngroups:"
    )
    text = OTHERWISE.replace("recipients: [So Tu phap]", "recipients: [Xa An Khanh]")
    r = run(make_data({"2025-101-UBND-NC.yaml": text}, agencies), "check")
    assert (
        "gợi ý: Tên không ghi đúng như trong agencies.yaml; dùng mã của một trong: "
        "'xa-an-khanh' (Xã An Khánh), 'xa-an-khanh-2' (Xã Ấn Khánh)." in r.stdout
    )


def test_the_command_line_tells_the_id_of_a_name_written_otherwise(make_data):
    data = make_data({"2025-100-UBND-NC.yaml": BY_NAME})
    r = run(data, "overdue", "--agency", "So Noi vu")
    assert r.exit_code == 2
    assert "dùng mã 'snv' (Sở Nội vụ)" in r.stderr
