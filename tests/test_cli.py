"""The CLI through CliRunner, golden outputs on the default data, and once as a real process."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import DEFAULT_DATA, ROOT, golden

from directive_cli.cli import app


def run(runner, *args, data: Path | None = DEFAULT_DATA):
    argv = (["--data", str(data)] if data is not None else []) + list(args)
    return runner.invoke(app, argv, catch_exceptions=False)


def test_overdue_json_golden(runner):
    r = run(runner, "--today", "2025-10-01", "overdue", "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert rows, "the seed data has overdue work on 2025-10-01"
    assert all(row["status"] == "overdue" for row in rows)
    days = [row["days_overdue"] for row in rows]
    assert days == sorted(days, reverse=True)
    refs = {row["ref"] for row in rows}
    assert "2025-1958-UBND-NC:3.3@skhcn" in refs  # trước ngày 20/9/2025, 11 days late
    golden("overdue-2025-10-01.json", r.stdout)


def test_overdue_markdown_and_csv_golden(runner):
    r = run(runner, "--today", "2025-10-01", "overdue", "--format", "md")
    assert r.exit_code == 0
    assert "| STT | Cơ quan chủ trì | Nhiệm vụ |" in r.stdout
    golden("overdue-2025-10-01.md", r.stdout)
    r = run(runner, "--today", "2025-10-01", "overdue", "--format", "csv")
    assert r.stdout.splitlines()[0].startswith("ref,directive,number,issued,task,title")
    golden("overdue-2025-10-01.csv", r.stdout)


def test_overdue_table(runner):
    r = run(runner, "--today", "2025-10-01", "overdue")
    assert r.exit_code == 0
    for heading in ("Cơ quan chủ trì", "Nhiệm vụ", "Văn bản", "Thời hạn", "Tình trạng"):
        assert heading in r.stdout
    assert "Tổng cộng:" in r.stdout
    assert "\x1b[" not in r.stdout  # no colour when not a terminal
    golden("overdue-2025-10-01.txt", r.stdout)


def test_due_soonest_first(runner, signed_data):
    r = run(
        runner, "--today", "2026-04-20", "due", "--within", "10", "--format", "json",
        data=signed_data,
    )  # fmt: skip
    rows = json.loads(r.stdout)
    assert rows
    assert {row["status"] for row in rows} == {"due_soon"}
    dues = [row["due"] for row in rows]
    assert dues == sorted(dues)
    assert all(0 <= row["days_left"] <= 10 for row in rows)


def test_list_filters(runner, signed_data):
    r = run(runner, "--today", "2025-10-01", "list", "--agency", "snv", "--format", "json")
    rows = json.loads(r.stdout)
    assert rows and {row["agency"] for row in rows} == {"snv"}
    r = run(
        runner,
        "--today",
        "2026-04-25",
        "list",
        "--agency",
        "xa-phuong",
        "--status",
        "overdue",
        "--directive",
        "2026-KH-so-ket-01-nam",
        "--format",
        "json",
        data=signed_data,
    )
    rows = json.loads(r.stdout)
    # III.2.1 and V.2.2, due 24/4/2026, for every commune; V.2.4 for the 10 of the annex
    assert len(rows) == 92 * 2 + 10
    assert all(row["agency"].startswith(("xa-", "phuong-")) for row in rows)
    assert {row["directive"] for row in rows} == {"2026-KH-so-ket-01-nam"}


def test_unknown_filter_is_wrong_usage_with_hint(runner):
    r = run(runner, "overdue", "--agency", "svn")
    assert r.exit_code == 2
    assert "'snv'" in r.stderr
    r = run(runner, "list", "--status", "overdu")
    assert r.exit_code == 2
    assert "'overdue'" in r.stderr


@pytest.mark.parametrize("command", ["overdue", "due", "list", "summary", "remind"])
@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("-a", "svn", "Không có cơ quan hay nhóm nào mã hay tên 'svn'."),
        ("--agency", "Sở Nội vu", "Không có cơ quan hay nhóm nào mã hay tên 'Sở Nội vu'."),
        ("-d", "2025-1958-UBND-NV", "Không có văn bản nào mã '2025-1958-UBND-NV'."),
        ("--directive", "khong-co", "Không có văn bản nào mã 'khong-co'."),
    ],
)
def test_unknown_agency_or_directive_ids_are_wrong_usage(
    runner, tmp_path, command, option, value, said
):
    # An option's value that names nothing is wrong usage (exit 2), as a bad --today is; it
    # exited 1, the code of data with errors.
    extra = ["--out", str(tmp_path / "o")] if command == "remind" else []
    r = run(runner, "--today", "2025-10-01", command, option, value, *extra)
    assert r.exit_code == 2
    assert r.stderr.startswith(f"dtrack: lỗi: {said}") and "Traceback" not in r.output
    assert not (tmp_path / "o").exists()


def test_a_group_without_members_is_the_datas_fault(runner, make_data):
    # Not the option's: the group exists, agencies.yaml gives it no member (exit 1).
    from conftest import AGENCIES_YAML

    agencies = AGENCIES_YAML + '  - {id: ban-rong, name: "Các đặc khu", kinds: [dac-khu]}\n'
    data = make_data({}, agencies)
    r = run(runner, "overdue", "-a", "ban-rong", data=data)
    assert r.exit_code == 1
    assert "Nhóm 'ban-rong' không có cơ quan nào (xem agencies.yaml)." in r.stderr


def test_usage_errors_exit_2_in_vietnamese(runner):
    r = run(runner, "overdue", "--bogus")
    assert r.exit_code == 2
    assert "Không có tùy chọn" in r.stderr
    r = run(runner, "--today", "2025-02-30", "overdue")
    assert r.exit_code == 2
    assert "không phải ngày hợp lệ" in r.stderr


def test_help_is_vietnamese(runner):
    r = run(runner, "--help", data=None)
    assert r.exit_code == 0
    assert "Cách dùng:" in r.stdout
    assert "quá hạn" in r.stdout
    r = run(runner, "overdue", "--help", data=None)
    assert "Hiện hướng dẫn này rồi thoát." in r.stdout


def test_show_task_and_directive(runner):
    r = run(runner, "--today", "2025-10-01", "show", "2025-1958-UBND-NC:3.2")
    assert r.exit_code == 0
    assert "Nhiệm vụ 3.2" in r.stdout
    assert "Sở Nội vụ" in r.stdout
    r = run(runner, "show", "2025-1958-UBND-NC:99")
    assert r.exit_code == 1
    assert "không có nhiệm vụ '99'" in r.stderr


def test_agencies(runner):
    r = run(runner, "agencies", "--format", "json")
    data = json.loads(r.stdout)
    assert len(data["agencies"]) == 112
    groups = {g["id"]: g for g in data["groups"]}
    assert len(groups["xa-phuong"]["members"]) == 92


def test_check_default_data_is_clean(runner):
    r = run(runner, "check")
    assert r.exit_code == 0, r.output
    assert "Dữ liệu hợp lệ" in r.stdout


BROKEN = (
    "issued: 2025-09-11\nsubject: thử\ntasks:\n  - {id: a, title: b, lead: svn, dead-line: x}\n"
)


def test_check_reports_file_line_col(runner, make_data):
    data = make_data({"bad.yaml": BROKEN})
    r = run(runner, "check", data=data)
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert any(":4:" in line and ": error: " in line and "bad.yaml" in line for line in lines)
    assert "Traceback" not in r.output
    r = run(runner, "check", "--format", "json", data=data)
    payload = json.loads(r.stdout)
    assert {e["code"] for e in payload["errors"]} == {"unknown-agency", "unknown-key"}
    assert all(e["line"] == 4 for e in payload["errors"])
    r = run(runner, "check", "--format", "github", data=data)
    assert r.stdout.startswith("::error file=")


def test_reports_refuse_invalid_data_unless_skipped(runner, make_data):
    from test_loader import GOOD

    data = make_data({"bad.yaml": BROKEN, "2025-1958-UBND-NC.yaml": GOOD})
    r = run(runner, "--today", "2025-10-01", "overdue", data=data)
    assert r.exit_code == 1
    assert "--skip-invalid" in r.stderr
    r = run(
        runner, "--today", "2025-10-01", "--skip-invalid", "overdue", "--format", "json", data=data
    )
    assert r.exit_code == 0
    assert "bad.yaml" in r.stderr
    assert json.loads(r.stdout)


def test_missing_data_folder_is_clear(runner, tmp_path):
    r = run(runner, "overdue", data=tmp_path / "nope")
    assert r.exit_code == 1
    assert "Không tìm thấy thư mục dữ liệu" in r.stderr


def test_deadline_command(runner):
    r = run(runner, "deadline", "trong tháng 9/2025", "--format", "json", data=None)
    assert r.exit_code == 0
    got = json.loads(r.stdout)
    assert {k: got[k] for k in ("phrase", "due", "kind", "urgent")} == {
        "phrase": "trong tháng 9/2025",
        "due": "2025-09-30",
        "kind": "date",
        "urgent": False,
    }
    r = run(runner, "deadline", "trước tháng 10/2025", data=None)
    assert r.exit_code == 1
    assert "trước tháng 10/2025" in r.stderr
    assert "Gợi ý" in r.stderr and "'trong tháng 10/2025'" in r.stderr
    # Kept as written, with how it was read.
    r = run(runner, "deadline", "sớm nhất có thể", data=None)
    assert r.exit_code == 0
    assert "Cách đọc: không nêu ngày, giữ nguyên cụm từ; khẩn trương" in r.stdout
    # A day without its year, in a document issued 20/10/2025.
    r = run(runner, "deadline", "trước ngày 15/12", "--issued", "2025-10-20", data=None)
    assert r.exit_code == 0
    assert "Hạn: 15/12/2025" in r.stdout and "lấy theo ngày ban hành" in r.stdout
    # A recurring phrase by itself, and with --repeat.
    r = run(runner, "deadline", "trước ngày 25/12 hàng năm", "--issued", "2025-10-20", data=None)
    assert r.exit_code == 0
    assert "định kỳ hằng năm" in r.stdout
    r = run(
        runner, "deadline", "trước ngày 15 của tháng cuối kỳ", "--repeat", "2-years",
        "--issued", "2025-10-20", "--format", "json", data=None,
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    got = json.loads(r.stdout)
    assert (got["kind"], got["every"], got["due"]) == ("recurring", "2-years", "2027-09-15")
    # Without --issued the first period is the one containing --today, not the machine's clock.
    for today, due in (("2025-08-03", "2025-08-20"), ("2031-02-10", "2031-02-20")):
        r = run(
            runner, "--today", today, "deadline", "trước ngày 20 hằng tháng", "--repeat",
            "month", "--format", "json", data=None,
        )  # fmt: skip
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout)["due"] == due


def test_installed_console_script_runs(tmp_path):
    exe = shutil.which("dtrack") or str(Path(sys.executable).parent / "dtrack")
    if not Path(exe).exists():
        pytest.skip("the dtrack console script is not installed")
    env = {**os.environ, "NO_COLOR": "1", "DTRACK_NO_CACHE": "1"}
    env.pop("DTRACK_DATA", None)

    def script(*args: str, cwd: Path = ROOT, **kwargs) -> subprocess.CompletedProcess:
        kwargs.setdefault("capture_output", True)
        return subprocess.run([exe, *args], cwd=cwd, text=True, env=env, timeout=60, **kwargs)

    # From the repository root: ./data is used.
    p = script("--today", "2025-10-01", "overdue", "--format", "json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)
    # A long listing reaches the pipe whole: dtrack leaves without tearing down the interpreter
    # (cli._leave), after flushing its output.
    p = script("--today", "2025-10-01", "list", "--format", "json")
    assert p.returncode == 0, p.stderr
    # the shares of 1958/UBND-NC; the draft plan is not in force
    assert len(json.loads(p.stdout)) == 901
    if os.name == "posix":  # started with stdout closed (cmd >&-), as cron jobs may be
        p = script(
            "--today",
            "2025-10-01",
            "check",
            capture_output=False,
            stderr=subprocess.PIPE,
            preexec_fn=lambda: os.close(1),
        )
        assert p.returncode == 0 and "Traceback" not in p.stderr, p.stderr
    # Bad usage from anywhere: exit 2, Vietnamese, no traceback.
    p = script("overdue", "--bogus", cwd=tmp_path)
    assert p.returncode == 2
    assert "Traceback" not in p.stderr
    assert "Không có tùy chọn" in p.stderr


def test_table_names_groups_once(runner, make_data):
    text = """\
issued: 2025-09-01
subject: thử
tasks:
  - {id: a, title: Cả nhóm quá hạn, lead: [so-ban-nganh, xa-phuong], due: 2025-09-20}
  - id: b
    title: Một xã đã xong
    lead: [so-ban-nganh]
    due: 2025-09-20
    updates: [{date: 2025-09-19, kind: done, agency: stp}]
"""
    data = make_data({"2025-x.yaml": text})
    r = run(runner, "--today", "2025-10-01", "overdue", data=data)
    assert r.exit_code == 0
    flat = " ".join(r.stdout.split())
    assert "Các sở, ban, ngành (3); UBND các xã, phường (2)" in flat
    assert "Các sở, ban, ngành (2, trừ Sở Tư pháp)" in flat
    assert "Tổng cộng: 7 phần việc (2 nhiệm vụ, 1 văn bản) của 5 cơ quan." in flat


def test_global_options_may_follow_the_command():
    from directive_cli.cli import hoist_global_options as hoist

    assert hoist(["overdue", "--today", "2025-10-01"]) == ["--today", "2025-10-01", "overdue"]
    assert hoist(["--data", "d", "list", "-f", "json", "--skip-invalid"]) == [
        "--data",
        "d",
        "--skip-invalid",
        "list",
        "-f",
        "json",
    ]
    assert hoist(["--today", "2025-10-01", "overdue"]) == ["--today", "2025-10-01", "overdue"]
    assert hoist(["overdue", "--today=2025-10-01"]) == ["--today=2025-10-01", "overdue"]


def test_listing_format_follows_the_out_ending(runner, tmp_path):
    out = tmp_path / "qua-han.csv"
    r = run(runner, "--today", "2025-10-01", "overdue", "--out", str(out))
    assert r.exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel reads the diacritics right
    # A file for a clerk: Vietnamese headings; on the screen (or --header en) the field names.
    assert raw.decode("utf-8-sig").startswith('Tham chiếu,Mã văn bản,"Số, ký hiệu",')
    assert ",false," in raw.decode("utf-8-sig")
    en = tmp_path / "en.csv"
    assert run(runner, "overdue", "--out", str(en), "--header", "en").exit_code == 0
    assert en.read_text("utf-8-sig").startswith("ref,directive,")
    r = run(runner, "--today", "2025-10-01", "overdue", "-f", "csv", "--header", "vi")
    assert r.stdout.startswith("Tham chiếu,")
    from directive_cli.render.csv_out import VI_HEADERS
    from directive_cli.status import RECORD_FIELDS

    assert tuple(VI_HEADERS) == RECORD_FIELDS
    r = run(runner, "--today", "2025-10-01", "overdue", "--out", str(tmp_path / "x.docx"))
    assert r.exit_code == 2
    assert ".xlsx" in r.stderr
    r = run(runner, "--today", "2025-10-01", "overdue", "--out", str(out))
    assert r.exit_code == 1 and "--force" in r.stderr  # never overwritten silently


@pytest.mark.parametrize("command", ["overdue", "due", "list", "summary"])
@pytest.mark.parametrize(
    ("fmt", "name", "said"),
    [
        ("csv", "qua-han.xlsx", "--format csv (CSV) không khớp với tệp --out 'qua-han.xlsx': "
         "đuôi .xlsx là bảng Excel. Bỏ --format để ghi theo đuôi tệp, hoặc đặt tên tệp có đuôi "
         ".csv."),
        ("xlsx", "qua-han.csv", "đuôi .csv là CSV"),
        ("json", "qua-han.md", "đuôi .md là Markdown"),
        ("xlsx", "qua-han.txt", "đuôi .txt là tệp chữ"),
    ],
)  # fmt: skip
def test_a_format_that_its_out_ending_contradicts_is_refused(
    runner, tmp_path, command, fmt, name, said
):
    # "--format csv --out qua-han.xlsx" wrote CSV into a file Excel then refused to open.
    out = tmp_path / name
    r = run(runner, "--today", "2025-10-01", command, "--format", fmt, "--out", str(out))
    assert r.exit_code == 2
    assert r.stderr.startswith(f"dtrack: lỗi: --format {fmt} ") and said in r.stderr
    assert not out.exists()


@pytest.mark.parametrize("command", ["overdue", "summary"])
@pytest.mark.parametrize(("fmt", "name"), [("csv", "x.txt"), ("md", "x.txt"), ("csv", "x.dat")])
def test_a_text_format_into_a_txt_or_an_ending_of_no_format_is_written(
    runner, tmp_path, command, fmt, name
):
    out = tmp_path / name
    r = run(runner, "--today", "2025-10-01", command, "--format", fmt, "--out", str(out))
    assert r.exit_code == 0, r.output
    text = out.read_text("utf-8-sig")
    assert text.startswith(("STT,", "Tham chiếu,") if fmt == "csv" else "## ")


def test_listing_as_xlsx_with_vietnamese_headings(runner, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "qua-han.xlsx"
    r = run(runner, "--today", "2025-10-01", "overdue", "--out", str(out))
    assert r.exit_code == 0, r.output
    ws = load_workbook(out).active
    assert ws.title == "Danh sách"
    assert ws["A1"].value == "NHIỆM VỤ QUÁ HẠN" and ws["A2"].value == "(tính đến ngày 01/10/2025)"
    assert [c.value for c in ws[4]] == [
        "STT", "Cơ quan chủ trì", "Nhiệm vụ", "Văn bản", "Thời hạn", "Tình trạng", "Quá hạn (ngày)"
    ]  # fmt: skip
    first = [c.value for c in ws[5]]
    assert first[:2] == [1, "Sở Khoa học và Công nghệ"]
    assert first[3] == "1958/UBND-NC (11/09/2025)"
    assert first[4].date().isoformat() == "2025-09-20" and ws["E5"].number_format == "dd/mm/yyyy"
    assert first[5:] == ["Quá hạn", 11]
    assert ws["B5"].alignment.indent == 1 and ws["B5"].alignment.wrap_text
    assert ws.max_row == 4 + 3 + 2 and ws.cell(ws.max_row, 1).value.startswith("Tổng cộng: 3")
    # A workbook needs a file; the format can also be named.
    r = run(runner, "--today", "2025-10-01", "list", "--format", "xlsx")
    assert r.exit_code == 2 and "--out" in r.stderr
    r = run(runner, "--today", "2025-10-01", "due", "-f", "xlsx", "-o", str(tmp_path / "d.xlsx"))
    assert (
        r.exit_code == 0 and load_workbook(tmp_path / "d.xlsx").active["G4"].value == "Còn (ngày)"
    )


def test_due_table_shows_days_left(runner, signed_data):
    r = run(runner, "--today", "2026-04-20", "due", "--within", "5", data=signed_data)
    assert r.exit_code == 0
    assert "Còn (ngày)" in r.stdout and "Quá hạn (ngày)" not in r.stdout


def test_dates_as_clerks_write_them_and_bad_usage(runner, tmp_path):
    a = run(runner, "--today", "01/10/2025", "overdue", "-f", "json")
    b = run(runner, "--today", "2025-10-01", "overdue", "-f", "json")
    assert a.exit_code == 0 and a.stdout == b.stdout
    r = run(runner, "--today", "", "overdue")
    assert r.exit_code == 2
    r = run(runner, "--templates", str(tmp_path / "khong-co"), "overdue")
    assert r.exit_code == 2 and "không có thư mục mẫu" in r.stderr
    r = run(runner, "deadline", "  ", data=None)
    assert r.exit_code == 1 and "để trống" in r.stderr
    r = run(runner, "due", "--within", "-1")
    assert r.exit_code == 2 and "-1: phải từ 0 đến 3650." in r.stderr
    r = run(runner, "due", "--within", "bảy")
    assert r.exit_code == 2 and "'bảy' không phải số nguyên." in r.stderr


def test_help_has_no_english_placeholders(runner):
    commands = [c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands]
    assert len(commands) >= 17
    for args in [["--help"], *([c, "--help"] for c in commands)]:
        r = run(runner, *args, data=None)
        assert r.exit_code == 0, args
        for word in (
            "[OPTIONS]",
            "COMMAND",
            "<str>",
            "<path>",
            "list[",
            "[[",
            "{ref",
            "{phrase",
            "Show this message",
            "[default",
            "[required]",
            "<=x",  # an option's range, as Click writes it: "0<=x<=16"
            "x>=",
            "x<=",
        ):
            assert word not in r.stdout, (args, word)


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    import sys

    from directive_cli.context import Settings

    settings = Settings.create(DEFAULT_DATA, None, "2025-10-01", False, True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert settings.colour() is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert settings.colour() is False
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert settings.colour() is False


def test_misuse_gets_clear_answers(runner, tmp_path):
    from directive_cli.cli import hoist_global_options

    with pytest.raises(SystemExit) as exc:
        hoist_global_options(["overdue", "--today"])
    assert exc.value.code == 2
    r = run(runner, "overdue", "--out", str(tmp_path))
    assert r.exit_code == 2 and "là một thư mục" in r.stderr
    r = run(runner, "show", "2025-1958-UBND-NC", "-f", "md")
    assert r.exit_code == 0
    assert "- V/v triển khai Kết luận của Bộ Chính trị" in r.stdout  # one line, not wrapped


def test_long_listings_are_written_piece_by_piece_as_json_and_csv_would_be(runner, tmp_path):
    # JSON and CSV are written record by record; the bytes are json.dumps's and csv's own.
    import csv

    r = run(runner, "--today", "2025-10-01", "list", "--format", "json")
    records = json.loads(r.stdout)
    assert len(records) == 901  # the shares of 1958/UBND-NC; the draft plan is not in force
    assert r.stdout == json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    out = tmp_path / "tat-ca.csv"
    r = run(runner, "--today", "2025-10-01", "list", "--out", str(out), "--header", "en")
    assert r.exit_code == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 901  # the shares of 1958/UBND-NC; the draft plan is not in force
    assert [row["ref"] for row in rows] == [rec["ref"] for rec in records]
    assert rows[0]["urgent"] in ("true", "false") and rows[0]["done_on"] == (
        records[0]["done_on"] or ""
    )
    r = run(runner, "--today", "2025-09-12", "overdue", "--format", "json")
    assert r.exit_code == 0 and r.stdout == "[]\n"  # nothing overdue the day after the first


def test_click_ranges_in_words():
    from directive_cli.i18n import translate_message

    assert translate_message("5000 is not in the range 0<=x<=3650.") == "5000: phải từ 0 đến 3650."
    assert translate_message("-2 is not in the range x>=0.") == "-2: phải từ 0 trở lên."
    assert translate_message("9 is not in the range x<=7.") == "9: phải không quá 7."


def test_an_uncaught_dtrack_error_is_a_message_not_a_traceback(monkeypatch, capsys):
    from directive_cli import cli
    from directive_cli.context import UsageProblem
    from directive_cli.errors import DtrackError

    left = []
    monkeypatch.setattr(cli, "_leave", left.append)
    for error, code in ((DtrackError("không làm được"), 1), (UsageProblem("sai cách dùng"), 2)):

        def raising(*_args, _error=error, **_kwargs):
            raise _error

        monkeypatch.setattr(cli, "app", raising)
        cli.main()
        assert left.pop() == code
        err = capsys.readouterr().err
        assert err == f"dtrack: lỗi: {error}\n"


def test_ctrl_c_in_a_command_says_it_stopped(monkeypatch, capsys, tmp_path):
    """Typer turns a KeyboardInterrupt inside a command into Exit(130), silently: dtrack says
    "Đã dừng." once, as for a Ctrl-C anywhere else, and exits 130."""
    from directive_cli import cli
    from directive_cli.site import parallel

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    left = []
    monkeypatch.setattr(cli, "_leave", left.append)
    monkeypatch.setattr(parallel, "write", interrupted)
    argv = ["dtrack", "--today", "2025-10-01", "site", "--out", str(tmp_path / "site")]
    monkeypatch.setattr(sys, "argv", argv)
    cli.main()
    assert left == [130]
    assert capsys.readouterr().err.count("Đã dừng.") == 1


def test_a_reader_that_goes_away_is_no_error(tmp_path):
    # `dtrack agencies | head -1` exits 0, as `git log | head` does (rich would exit 1).
    exe = shutil.which("dtrack") or str(Path(sys.executable).parent / "dtrack")
    if not Path(exe).exists():
        pytest.skip("the dtrack console script is not installed")
    env = {**os.environ, "DTRACK_NO_CACHE": "1"}
    for args in (["agencies"], ["--today", "2025-10-01", "list"]):
        p = subprocess.Popen([exe, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE)
        assert p.stdout is not None
        p.stdout.readline()
        p.stdout.close()
        assert p.wait(timeout=60) == 0, args


def test_dates_are_named_in_help(runner):
    # Every option that takes a date says NGÀY, as --today does (not <chữ>).
    for command, option in (
        ("done", "--date"),
        ("remind", "--reply-by"),
        ("summary", "--from"),
        ("new", "--issued"),
        ("deadline", "--issued"),
    ):
        r = runner.invoke(app, [command, "--help"], env={"COLUMNS": "120"})
        assert f"{option} NGÀY" in r.stdout, (command, option)


@pytest.mark.parametrize(
    "args", [["--today", "9999-12-31", "remind"], ["remind", "--date", "2108-01-01"]]
)
def test_a_year_far_off_is_a_usage_error(runner, tmp_path, args):
    # 9999-12-31 overflowed when a reply date was counted, 2108 when an xlsx was zipped.
    r = runner.invoke(app, ["--data", str(DEFAULT_DATA), *args, "-o", str(tmp_path)])
    assert r.exit_code == 2 and "nằm ngoài khoảng 1945–2100" in r.output


def test_xlsx_zip_dates_hold_any_year():
    import datetime as dt

    from directive_cli.render.summary_xlsx import _fixed_zip_dates

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        z.writestr("a.txt", "x")
    fixed = _fixed_zip_dates(data.getvalue(), dt.datetime(2150, 1, 1))
    assert zipfile.ZipFile(io.BytesIO(fixed)).infolist()[0].date_time[0] == 2107
