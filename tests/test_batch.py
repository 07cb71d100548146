"""Many reports, one command: several agencies in one REF, a group, or a list from a file, one
update per agency in one atomic edit; closing every share without naming any asks first."""

from __future__ import annotations

from typer.testing import CliRunner

from directive_cli.cli import app

TASK = """\
number: 100/UBND-NC
issued: 2025-09-01
subject: báo cáo
tasks:
  - id: "1"
    title: Báo cáo kết quả
    lead: [snv, stc, xa-phuong]
    due: 2025-09-30
"""


def cp1258(text: str) -> bytes:
    """`text` as Excel saves a CSV on a Vietnamese Windows: Windows-1258, whose tone marks are
    combining characters after the (possibly hatted) vowel."""
    import unicodedata

    out = b""
    for c in text:
        try:
            out += c.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", c)
            out += unicodedata.normalize("NFC", d[:-1]).encode("cp1258") + d[-1].encode("cp1258")
    return out


def run(data, *args, today="2025-10-01", **kw):
    return CliRunner().invoke(app, ["--data", str(data), "--today", today, *args], **kw)


def added(data, before: str) -> str:
    after = (data / "directives" / "2025-100.yaml").read_text("utf-8")
    assert after.startswith(before)
    return after[len(before) :]


def test_several_agencies_by_id_and_name_in_one_ref(make_data):
    data = make_data({"2025-100.yaml": TASK})
    r = run(data, "done", "100:1@stc,Sở Nội vụ,UBND các xã, phường", "--ref", "BC 1")
    assert r.exit_code == 0, r.output
    # One line an agency, in the official order; the group gave its two members.
    assert added(data, TASK) == (
        "    updates:\n"
        "      - {date: 2025-10-01, kind: done, agency: snv, ref: BC 1}\n"
        "      - {date: 2025-10-01, kind: done, agency: stc, ref: BC 1}\n"
        "      - {date: 2025-10-01, kind: done, agency: xa-an-khanh, ref: BC 1}\n"
        "      - {date: 2025-10-01, kind: done, agency: phuong-duc-xuan, ref: BC 1}\n"
    )
    assert "4 cập nhật 'hoàn thành' ngày 01/10/2025, mỗi cơ quan một dòng" in r.stdout


def test_a_group_after_at_is_its_members(make_data):
    data = make_data({"2025-100.yaml": TASK})
    r = run(data, "progress", "2025-100:1@xa-phuong", "--note", "đã nhận")
    assert r.exit_code == 0, r.output
    assert added(data, TASK).count("kind: progress") == 2


def test_agencies_from_a_spreadsheets_csv(make_data, tmp_path):
    data = make_data({"2025-100.yaml": TASK})
    sheet = tmp_path / "da-bao-cao.csv"
    rows = [
        "Danh sách đã báo cáo",
        "STT;Đơn vị;Số báo cáo",
        "1;Xã An Khánh;12/BC",
        "2;Sở Tài chính;5/BC",
    ]
    sheet.write_bytes(cp1258("\n".join(rows) + "\n"))
    r = run(data, "done", "2025-100:1", "--agencies-from", str(sheet))
    assert r.exit_code == 0, r.output
    assert "agency: stc" in added(data, TASK) and "agency: xa-an-khanh" in added(data, TASK)


def test_one_bad_line_writes_nothing_and_names_every_bad_line(make_data, tmp_path):
    data = make_data({"2025-100.yaml": TASK})
    names = tmp_path / "ds.txt"
    names.write_text("snv\nSở Tài chánh\nstp\n# ghi chú\nXã An Khánh\n", encoding="utf-8")
    r = run(data, "done", "2025-100:1", "--agencies-from", str(names))
    assert r.exit_code == 1
    assert "1 dòng không đọc được" in r.stderr and f"{names}:2:" in r.stderr
    assert "'stc' (Sở Tài chính)" in r.stderr  # a hint, never an id that does not exist
    names.write_text("snv\nstp\n", encoding="utf-8")
    r = run(data, "done", "2025-100:1", "--agencies-from", str(names))
    assert r.exit_code == 1
    assert "'stp' không phải cơ quan chủ trì nhiệm vụ '2025-100:1'" in r.stderr
    assert (data / "directives" / "2025-100.yaml").read_text("utf-8") == TASK


def test_agencies_already_done_are_passed_by(make_data):
    data = make_data({"2025-100.yaml": TASK})
    assert run(data, "done", "2025-100:1@snv", "--date", "2025-09-20").exit_code == 0
    before = (data / "directives" / "2025-100.yaml").read_text("utf-8")
    r = run(data, "done", "2025-100:1@snv,stc")
    assert r.exit_code == 0, r.output
    assert added(data, before) == "      - {date: 2025-10-01, kind: done, agency: stc}\n"
    assert "Lưu ý: 1 phần việc đã hoàn thành từ trước" in r.stdout


def test_closing_every_share_without_naming_one_needs_all(make_data):
    data = make_data({"2025-100.yaml": TASK})
    r = run(data, "done", "2025-100:1")
    assert r.exit_code == 2
    assert "cả 4 phần việc" in r.stderr and "--all" in r.stderr
    assert (data / "directives" / "2025-100.yaml").read_text("utf-8") == TASK
    r = run(data, "done", "2025-100:1", "--all")
    assert r.exit_code == 0, r.output
    assert added(data, TASK) == "    updates:\n      - {date: 2025-10-01, kind: done}\n"


def test_on_a_terminal_it_asks(make_data, monkeypatch):
    from directive_cli.context import Settings

    data = make_data({"2025-100.yaml": TASK})
    monkeypatch.setattr(Settings, "interactive", lambda self: True)
    r = run(data, "cancel", "2025-100:1", input="n\n")
    assert r.exit_code == 1 and "Ghi 'dừng thực hiện' cho cả 4 cơ quan chủ trì" in r.stdout
    assert (data / "directives" / "2025-100.yaml").read_text("utf-8") == TASK
    r = run(data, "cancel", "2025-100:1", input="y\n")
    assert r.exit_code == 0, r.output
    assert added(data, TASK) == "    updates:\n      - {date: 2025-10-01, kind: cancelled}\n"


def test_a_line_too_long_for_csv_is_a_bad_line_not_a_crash(make_data, tmp_path):
    data = make_data({"2025-100.yaml": TASK})
    names = tmp_path / "ds.txt"
    names.write_text("snv\n" + "a" * 200_000 + "\n", encoding="utf-8")  # csv allows 131,072
    r = run(data, "done", "2025-100:1", "--agencies-from", str(names))
    assert r.exit_code == 1 and f"{names}:2:" in r.stderr and "lỗi nội bộ" not in r.stderr
