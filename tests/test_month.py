"""A clerk's month replayed (issue 17's evidence): a directive typed by hand with typos, one
`check` showing all of them, reports recorded by name and in batch, a draft issued later, a
letter and the summary. Every command's output, exit status and the file changes it made go
to one transcript, compared with tests/golden/month.txt (UPDATE_GOLDEN=1 rewrites it).

The typed directive is an exercise written for this test (its number 9999 is made up); the
other two are the seed directives of the default data."""

from __future__ import annotations

import difflib
import shutil
import textwrap

from conftest import DEFAULT_DATA, golden
from typer.testing import CliRunner

from directive_cli.cli import app

TYPED = """\
number: 9999/UBND-NC
isued: 2025-10-06
subject: báo cáo kết quả rà soát (văn bản tập nhập liệu, không có thật)
tasks:
  - id: "1"
    title: Báo cáo kết quả rà soát cán bộ cấp xã
    lead: Sở Nội vu
    support: [Sở Tài chính, snv]
    due: trước ngày 31/10/2025
  - id: "2"
    title: Tổng hợp đề xuất của các xã, phường
    lead: UBND các xã, phường
    due: trước ngày 15/11/2025
    dead-line: x
"""
FIXED = (
    TYPED.replace("isued:", "issued:")
    .replace("lead: Sở Nội vu", "lead: Sở Nội vụ")
    .replace("[Sở Tài chính, snv]", "[Sở Tài chính]")
    .replace("    dead-line: x\n", "")
)
REPORTED = "STT;Đơn vị;Số báo cáo\n1;Xã An Khánh;15/BC-UBND\n2;Phường Đức Xuân;22/BC-UBND\n"


def test_a_clerks_month(tmp_path, monkeypatch):
    shutil.copytree(DEFAULT_DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    files = {p: p.read_text("utf-8") for p in (tmp_path / "data").rglob("*.yaml")}
    log: list[str] = []

    def step(note: str, *args: str, input: str | None = None) -> None:
        r = CliRunner().invoke(app, list(args), input=input)
        log.append(f"### {note}\n$ dtrack {' '.join(args)}\n")
        log.append(r.stdout + (f"[stderr]\n{r.stderr}" if r.stderr else ""))
        log.append(f"[exit {r.exit_code}]\n")
        for path in sorted((tmp_path / "data").rglob("*.yaml")):
            old, new = files.get(path, ""), path.read_text("utf-8")
            if old != new:
                rel = path.relative_to(tmp_path).as_posix()
                lines = old.splitlines(), new.splitlines()
                diff = difflib.unified_diff(*lines, rel, rel, n=0, lineterm="")
                log.append("[file changed]\n" + "\n".join(list(diff)[2:]) + "\n")
                files[path] = new
        log.append("\n")

    typed = tmp_path / "data" / "directives" / "2025-9999-UBND-NC.yaml"
    typed.write_text(TYPED, "utf-8")
    files[typed] = TYPED
    step("Một lần check cho thấy mọi lỗi gõ", "--today", "2025-10-06", "check")
    typed.write_text(FIXED, "utf-8")
    files[typed] = FIXED
    step("Sửa xong: hợp lệ; kế hoạch dự thảo được cảnh báo", "--today", "2025-10-06", "check")
    step("Quá hạn ngày 06/10/2025", "--today", "2025-10-06", "overdue")
    step("Văn bản chưa ban hành, để riêng", "list", "--drafts")
    step(
        "Ghi báo cáo bằng tên cơ quan, tham chiếu viết tắt",
        "--today", "2025-10-08", "done", "1958:3.2@Sở Nội vụ", "--ref", "Công văn số 320/SNV",
    )  # fmt: skip
    (tmp_path / "da-bao-cao.csv").write_text(REPORTED, "utf-8")
    step(
        "Nhiều xã báo cáo: một lệnh, một lần ghi",
        "--today", "2025-10-09", "progress", "1958:1.1", "--note", "đã báo cáo tiến độ",
        "--agencies-from", "da-bao-cao.csv",
    )  # fmt: skip
    step(
        "Hoàn thành cho mọi cơ quan mà không nêu cơ quan nào: phải --all",
        "--today", "2025-10-09", "done", "9999:2",
    )  # fmt: skip
    step("Đôn đốc ngày 10/10/2025", "--today", "2025-10-10", "remind", "-f", "md", "-a", "skhcn")
    letter = tmp_path / "don-doc" / "don-doc-2025-10-10-skhcn.md"
    log.append(f"[{letter.name}]\n{letter.read_text('utf-8')}\n\n")
    step("Tổng hợp cuối tháng", "--today", "2025-10-31", "summary", "--by", "directive")
    plan = tmp_path / "data" / "directives" / "2026-KH-so-ket-01-nam.yaml"
    signed = plan.read_text("utf-8").replace(
        "\nkind: ke-hoach\n", "\nnumber: 88/KH-UBND\nissued: 2026-04-20\nkind: ke-hoach\n"
    )  # the plan signed: its number and date here are the test's, not the seed's
    plan.write_text(signed, "utf-8")
    step("Kế hoạch được ký: tính từ ngày ban hành", "--today", "2026-04-19", "list", "-d", "so-ket")
    step(
        "Sau hạn 24/4/2026: phần của Sở Tư pháp, CSV tiêu đề tiếng Việt",
        "--today", "2026-04-25", "overdue", "-d", "so-ket", "-a", "Sở Tư pháp", "-f", "csv",
        "--header", "vi",
    )  # fmt: skip
    step("Tổng hợp theo văn bản", "--today", "2026-04-25", "summary", "--by", "directive")
    golden("month.txt", textwrap.dedent("".join(log)))
