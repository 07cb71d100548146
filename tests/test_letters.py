"""Đôn đốc letters: wording, the three formats, the Word layout, reproducibility, safety, CLI."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import golden
from docx import Document
from docx.shared import Pt

from directive_cli import letters
from directive_cli.cli import app
from directive_cli.loading.load import load
from directive_cli.render import letter_docx
from directive_cli.status import compute

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "data"
DAY = "2025-10-01"


def remind(runner, out: Path, *args, data: Path = DEFAULT_DATA, today: str = DAY):
    argv = ["--data", str(data), "--today", today, "remind", "--out", str(out), *args]
    return runner.invoke(app, argv, catch_exceptions=False)


def _paragraph_text(p) -> str:
    parts = []
    for el in p.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "t":
            parts.append(el.text or "")
        elif tag == "noBreakHyphen":
            parts.append("-")
        elif tag == "tab" and el.getparent().tag.endswith("}r"):
            parts.append("\t")
    return "".join(parts)


def docx_text(doc) -> str:
    """Every paragraph of the body and of every table cell, in document order."""
    return "\n".join(_paragraph_text(p) for p in doc.element.body.iter() if p.tag.endswith("}p"))


def html_text(text: str) -> str:
    """What a reader sees, with the non-breaking hyphens and spaces of numbers made plain."""
    text = re.sub(r"<(style|title)>.*?</\1>", "", text, flags=re.DOTALL)
    return letters.plain(html.unescape(re.sub(r"<[^>]+>", "", text)))


# A small data set: one numbered công văn with a task overdue for two agencies, one due soon for
# a commune, and an extended deadline; a draft plan (no number, no date) and a công văn of the Sở
# Tư pháp, which letters of the UBND tỉnh must not cite.
DIRECTIVES = {
    "2025-100-UBND-NC.yaml": """\
        number: 100/UBND-NC
        kind: cong-van
        issued: 2025-08-01
        subject: tăng cường kỷ luật, kỷ cương hành chính
        tasks:
          - id: "1"
            title: Rà soát thủ tục hành chính
            lead: [snv, stc]
            due: trong tháng 8/2025
            source: Mục 1
          - id: "2"
            title: Báo cáo kết quả chuyển đổi số
            lead: xa-an-khanh
            due: trước ngày 05/10/2025
          - id: "3"
            title: Kiểm tra công vụ
            lead: stp
            due: 2025-08-20
            updates:
              - {date: 2025-08-15, kind: extended, due: 2025-09-10,
                 ref: Công văn số 120/UBND-NC ngày 15/8/2025}
    """,
    "2025-KH-du-thao.yaml": """\
        kind: ke-hoach
        issued: 2025-08-25
        subject: tổ chức sơ kết công tác năm 2025
        tasks:
          - id: "I.1"
            title: Xây dựng báo cáo sơ kết
            lead: snv
            due: trước ngày 15/9/2025
    """,
    "2025-50-STP.yaml": """\
        number: 50/STP-VP
        issued: 2025-08-05
        issuer: stp
        subject: hướng dẫn rà soát văn bản quy phạm pháp luật
        tasks:
          - id: "1"
            title: Gửi danh mục văn bản cần sửa đổi
            lead: snv
            due: 2025-09-15
    """,
}


@pytest.fixture
def data(make_data):
    return make_data(DIRECTIVES)


# -- wording --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "short", "line"),
    [
        (dt.date(2026, 2, 5), "05/02/2026", "Thái Nguyên, ngày 05 tháng 02 năm 2026"),
        (dt.date(2025, 9, 11), "11/09/2025", "Thái Nguyên, ngày 11 tháng 9 năm 2025"),
        (dt.date(2025, 10, 1), "01/10/2025", "Thái Nguyên, ngày 01 tháng 10 năm 2025"),
        (dt.date(2026, 1, 22), "22/01/2026", "Thái Nguyên, ngày 22 tháng 01 năm 2026"),
        (dt.date(2026, 11, 22), "22/11/2026", "Thái Nguyên, ngày 22 tháng 11 năm 2026"),
    ],
)
def test_dates_in_figures_are_zero_padded_and_the_date_line_follows_nd30(day, short, line):
    assert letters.dmy(day) == short
    assert letters.long_date("Thái Nguyên", day) == line


def test_signer_forms():
    s = letters.parse_signer("KT. CHỦ TỊCH|PHÓ CHỦ TỊCH|Nguyễn Văn B")
    assert (s.authority, s.title, s.name) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn B")
    s = letters.parse_signer("CHỦ TỊCH | Trần Thị C")
    assert (s.authority, s.title, s.name) == (None, "CHỦ TỊCH", "Trần Thị C")
    for bad in ("Nguyễn Văn B", "a|b|c|d", "KT. CHỦ TỊCH||Nguyễn Văn B"):
        with pytest.raises(letters.LetterError):
            letters.parse_signer(bad)


def test_file_names_are_safe():
    assert letters.safe_id("../../etc/passwd") == "etc-passwd"
    assert letters.safe_id("///") == "co-quan"
    stem = letters.file_stem(dt.date(2025, 10, 1), "a/../b")
    assert "/" not in stem and stem == "don-doc-2025-10-01-a-b"


def _context(data: Path, day: dt.date, agency: str, within: bool = False) -> dict:
    repo = load(data)
    items = [a for a in letters.select(compute(repo, day, 7), within) if a.agency.id == agency]
    items, _ = letters.split_citable(repo, items)
    options = letters.LetterOptions(day, day, letters.resolve_signer(repo, None))
    (letter,) = letters.plan(repo, items, options)
    return letter.context


def test_deadline_as_written_and_as_date(data):
    ctx = _context(data, dt.date(2025, 10, 1), "stc")
    (task,) = ctx["directives"][0]["tasks"]
    assert task["deadline"] == "trong tháng 8/2025 (đến hết ngày 31/08/2025)"
    assert task["state"] == "đã quá hạn 31 ngày"
    # An ISO date reads as a Vietnamese date; an extension says by which document.
    ctx = _context(data, dt.date(2025, 10, 1), "stp")
    (task,) = ctx["directives"][0]["tasks"]
    assert letters.plain(task["deadline"]) == (
        "ngày 10/09/2025 (đã gia hạn theo Công văn số 120/UBND-NC ngày 15/08/2025)"
    )
    # A phrase that already names its date is not repeated.
    ctx = _context(data, dt.date(2025, 10, 1), "xa-an-khanh", within=True)
    (task,) = ctx["directives"][0]["tasks"]
    assert task["deadline"] == "trước ngày 05/10/2025"
    assert task["state"] == "còn 04 ngày nữa là đến hạn"
    assert ctx["rows"][0]["state"] == "Còn 04 ngày đến hạn"


def test_numbers_are_kept_whole_on_a_line():
    text = letters.whole("Công văn số 1958/UBND-NC; Nghị quyết số 268/NQ-CP; 238-CV/TU; 2025-10-01")
    assert text == (
        "Công văn số\u00a01958/UBND\u2011NC; Nghị quyết số\u00a0268/NQ\u2011CP; "
        "238\u2011CV/TU; 2025-10-01"
    )
    assert (
        letters.plain(text)
        == "Công văn số 1958/UBND-NC; Nghị quyết số 268/NQ-CP; 238-CV/TU; 2025-10-01"
    )


def test_letters_cite_only_issued_documents_of_the_issuer(data):
    repo = load(data)
    items = letters.select(compute(repo, dt.date(2025, 10, 1), 7), False)
    kept, left = letters.split_citable(repo, items)
    assert {a.directive.id for a in kept} == {"2025-100-UBND-NC"}
    reasons = {x.directive: x.reason for x in left}
    assert set(reasons) == {"2025-KH-du-thao", "2025-50-STP"}
    # Issued, its number not in the data. (A draft, without a date, is not in force at all:
    # no letter sees it, test_drafts.py.)
    assert reasons["2025-KH-du-thao"] == "chưa có số, ký hiệu"
    assert reasons["2025-50-STP"].startswith("do Sở Tư pháp ban hành, không phải UBND tỉnh")
    # What is cited is cited whole: kind, number, date, issuer and the directive's own subject.
    ctx = _context(data, dt.date(2025, 10, 1), "snv")
    assert [d["id"] for d in ctx["directives"]] == ["2025-100-UBND-NC"]
    assert letters.plain(ctx["directives"][0]["citation"]) == (
        "Công văn số 100/UBND-NC ngày 01/08/2025 của UBND tỉnh về việc tăng cường kỷ luật, kỷ "
        "cương hành chính"
    )


def test_uncitable_directives_are_left_out_with_a_warning_or_refused(runner, tmp_path, data):
    r = remind(runner, tmp_path / "a", "-f", "md", "-a", "snv", data=data)
    assert r.exit_code == 0, r.output
    assert (
        "cảnh báo: văn bản '2025-KH-du-thao' chưa có số, ký hiệu: 1 phần việc không đưa vào "
        "công văn." in r.stderr
    )
    assert "cảnh báo: văn bản '2025-50-STP' do Sở Tư pháp ban hành" in r.stderr
    text = (tmp_path / "a" / "don-doc-2025-10-01-snv.md").read_text("utf-8")
    assert "sơ kết" not in text and "50/STP-VP" not in text and "Tại Công văn của" not in text
    r = remind(runner, tmp_path / "b", "-f", "md", "-a", "snv", "--strict", data=data)
    assert r.exit_code == 1
    assert "lỗi: văn bản '2025-KH-du-thao'" in r.stderr and "--strict" in r.stderr
    assert not (tmp_path / "b").exists()
    # Only uncitable tasks: nothing is written, and the warning says why.
    r = remind(runner, tmp_path / "c", "-f", "md", "-d", "2025-50-STP", data=data)
    assert r.exit_code == 0 and "2025-50-STP" in r.stderr and not (tmp_path / "c").exists()


def test_a_placeholder_signer_is_warned_about_or_refused(runner, tmp_path, make_data):
    from conftest import AGENCIES_YAML

    agencies = AGENCIES_YAML.replace(
        "name: Nguyễn Văn A}", "name: Nguyễn Văn A, placeholder: true}"
    )
    data = make_data({"2025-100-UBND-NC.yaml": DIRECTIVES["2025-100-UBND-NC.yaml"]}, agencies)
    r = remind(runner, tmp_path / "a", "-f", "md", "-a", "stc", data=data)
    assert r.exit_code == 0
    assert "cảnh báo: người ký 'Nguyễn Văn A' là tên mẫu (placeholder: true" in r.stderr
    r = remind(runner, tmp_path / "b", "-f", "md", "-a", "stc", "--strict", data=data)
    assert r.exit_code == 1 and not (tmp_path / "b").exists()
    # A signer given on the command line is a real one.
    r = remind(
        runner,
        tmp_path / "c",
        "-f",
        "md",
        "-a",
        "stc",
        "--strict",
        "--signer",
        "KT. CHỦ TỊCH|PHÓ CHỦ TỊCH|Lê Văn C",
        data=data,
    )
    assert r.exit_code == 0 and "tên mẫu" not in r.stderr
    # The default data's signer is marked as the sample it is.
    r = remind(runner, tmp_path / "d", "-f", "md", "-a", "snv")
    assert "người ký 'Nguyễn Văn A' là tên mẫu" in r.stderr
    # A day with nothing to urge writes no letter: nobody signs, --strict has nothing to refuse
    # (a daily scheduled run must not fail), and no word about the signing day either.
    r = remind(runner, tmp_path / "e", "--strict", data=data, today="2025-08-02")  # a Saturday
    assert r.exit_code == 0, r.output
    assert "không viết công văn nào" in r.stdout and r.stderr == ""


@pytest.mark.parametrize(
    ("given", "line", "annex"),
    [
        ("2801", "Số: 2801/UBND-NC", "Công văn số 2801/UBND-NC ngày 01/10/2025"),
        ("2801/UBND-NC", "Số: 2801/UBND-NC", "Công văn số 2801/UBND-NC ngày 01/10/2025"),
        ("Số: 2801/UBND-NC", "Số: 2801/UBND-NC", "Công văn số 2801/UBND-NC ngày 01/10/2025"),
        ("15/UBND-KT", "Số: 15/UBND-KT", "Công văn số 15/UBND-KT ngày 01/10/2025"),
    ],
)
def test_number_alone_or_whole(runner, tmp_path, data, given, line, annex):
    r = remind(runner, tmp_path, "-f", "md", "--combined", "--number", given, data=data)
    assert r.exit_code == 0, r.output
    text = (tmp_path / "don-doc-2025-10-01-tong-hop.md").read_text("utf-8")
    assert line + "<br>" in text and annex in text
    assert "/UBND-NC/UBND-NC" not in text


def test_the_code_alone_leaves_the_number_blank(runner, tmp_path, data):
    # "--number /UBND-KT": the văn thư still writes the number; never "Số: /UBND-KT".
    r = remind(runner, tmp_path / "a", "-f", "md", "--combined", data=data)
    blank = (tmp_path / "a" / "don-doc-2025-10-01-tong-hop.md").read_text("utf-8")
    r = remind(runner, tmp_path / "b", "-f", "md", "--combined", "--number", "/UBND-KT", data=data)
    assert r.exit_code == 0, r.output
    text = (tmp_path / "b" / "don-doc-2025-10-01-tong-hop.md").read_text("utf-8")
    for line, want in zip(text.splitlines(), blank.splitlines(), strict=True):
        if "Số:" in line or "Kèm theo Công văn" in line:
            assert line == want.replace("/UBND-NC<br>", "/UBND-KT<br>").replace(
                "/UBND-NC ngày 01/10", "/UBND-KT ngày 01/10"
            )
    assert "số /" not in text and "Số: /" not in text


def test_reply_by_counts_working_days_over_holidays(runner, tmp_path, data):
    # 29/8/2025 is a Friday; 1/9 and 2/9 are the National Day holidays: +1 working day = 3/9.
    r = remind(
        runner, tmp_path / "o", "-f", "md", "-a", "stc", "-w", "7", data=data, today="2025-08-29"
    )
    assert r.exit_code == 0, r.output
    text = (tmp_path / "o" / "don-doc-2025-08-29-stc.md").read_text(encoding="utf-8")
    # reply_days is 5 in the test agencies.yaml: 3, 4, 5, 8, 9 September.
    assert "trước ngày 09/09/2025" in text
    repo = load(data)
    assert letters.default_reply_by(dt.date(2025, 8, 29), 1, repo.calendar) == dt.date(2025, 9, 3)


# -- Markdown -------------------------------------------------------------------------------------


def test_markdown_letter_golden(runner, tmp_path):
    r = remind(runner, tmp_path, "--agency", "snv", "-f", "md")
    assert r.exit_code == 0, r.output
    golden("letter-snv-2025-10-01.md", (tmp_path / "don-doc-2025-10-01-snv.md").read_text("utf-8"))


def test_markdown_combined_letter_golden(runner, tmp_path):
    r = remind(runner, tmp_path, "--combined", "-f", "md")
    assert r.exit_code == 0, r.output
    text = (tmp_path / "don-doc-2025-10-01-tong-hop.md").read_text("utf-8")
    golden("letter-combined-2025-10-01.md", text)
    # Letter lines that start with a dash are escaped: they are not a Markdown list.
    assert "Kính gửi:\\\n\\- Sở Nội vụ;\\\n\\- Sở Khoa học và Công nghệ;\\\n" in text
    assert "**PHỤ LỤC**" in text and "| Trung tâm Phát triển Quỹ đất tỉnh |" in text
    # "Nơi nhận" is not a table header (a header row would make it all bold).
    assert "| | |\n|:---|:---:|\n| ***Nơi nhận:***" in text


def test_letter_content(runner, tmp_path):
    r = remind(runner, tmp_path, "--agency", "skhcn", "-f", "md")
    assert r.exit_code == 0, r.output
    text = (tmp_path / "don-doc-2025-10-01-skhcn.md").read_text("utf-8")
    for expected in (
        "**ỦY BAN NHÂN DÂN**<br>**TỈNH THÁI NGUYÊN**",
        "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**<br>**Độc lập - Tự do - Hạnh phúc**",
        "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/UBND-NC",
        "V/v đôn đốc thực hiện nhiệm vụ được giao tại Công văn số 1958/UBND-NC",
        "*Thái Nguyên, ngày 01 tháng 10 năm 2025*",
        "Kính gửi: Sở Khoa học và Công nghệ.",
        "Tại Công văn số 1958/UBND-NC ngày 11/09/2025 của UBND tỉnh về việc triển khai Kết luận",
        "UBND tỉnh đã giao Sở Khoa học và Công nghệ chủ trì thực hiện nhiệm vụ: Triển khai ngay",
        # One style of dates in figures, in the deadline as written too (20/9/2025 in the data).
        "(Mục 3); thời hạn: ngay, trước ngày 20/09/2025.",  # urgent, as the directive says
        "Đến ngày 01/10/2025, nhiệm vụ trên đã quá hạn 11 ngày nhưng UBND tỉnh chưa nhận được "
        "báo cáo kết quả thực hiện.",
        # The task asks its report of the Chủ tịch (report_to), through the Sở Nội vụ (via).
        "báo cáo kết quả thực hiện bằng văn bản về Chủ tịch UBND tỉnh (qua Sở Nội vụ) trước "
        "ngày 08/10/2025; trường hợp chưa hoàn thành, đề nghị báo cáo rõ lý do",
        "hoàn thành./.",
        "***Nơi nhận:***<br>- Như trên;<br>- Chủ tịch, các PCT UBND tỉnh;",
        "- Sở Nội vụ (để theo dõi, tổng hợp);<br>- Lưu: VT, NC.",
        "**KT. CHỦ TỊCH**<br>**PHÓ CHỦ TỊCH**",
        "**Nguyễn Văn A**",
    ):
        assert expected in text, expected
    # One task: stated once, no table.
    assert text.count("Triển khai ngay các giải pháp") == 1 and "| STT |" not in text
    # The Sở Nội vụ's own letter does not ask it to report "qua Sở Nội vụ", nor copy it.
    remind(runner, tmp_path, "--agency", "snv", "-f", "md")
    own = (tmp_path / "don-doc-2025-10-01-snv.md").read_text("utf-8")
    assert "về UBND tỉnh trước ngày 08/10/2025" in own and "Sở Nội vụ (" not in own


def test_english_never_reaches_the_letter(runner, tmp_path):
    remind(runner, tmp_path, "--combined", "-f", "md", "-f", "html")
    for path in tmp_path.iterdir():
        words = set(re.findall(r"[A-Za-z]+", html_text(path.read_text("utf-8")).lower()))
        for english in ("the", "and", "due", "overdue", "task", "deadline", "none", "true"):
            assert english not in words, (path.name, english)


# -- HTML -----------------------------------------------------------------------------------------


def test_html_letter_prints_on_a4(runner, tmp_path, data):
    r = remind(runner, tmp_path, "-f", "html", "--agency", "snv", "--combined", data=data)
    assert r.exit_code == 0, r.output
    page = (tmp_path / "don-doc-2025-10-01-tong-hop.html").read_text("utf-8")
    assert "@page { size: A4; margin: 20mm 15mm 20mm 30mm;" in page
    assert '"Times New Roman"' in page and "font-size: 14pt" in page
    assert "text-indent: 1cm" in page and "text-align: justify" in page
    assert '<table class="tasks">' in page and "<th>Văn bản giao</th>" in page
    # Pages numbered from the second, centred at the top (CSS paged media); rows never split,
    # the header row repeats, the closing block stays whole.
    assert "@top-center { content: counter(page);" in page
    assert "@page :first { @top-center { content: none; } }" in page
    assert "table.tasks tr { page-break-inside: avoid; break-inside: avoid; }" in page
    assert "table.tasks thead { display: table-header-group; }" in page
    assert ".closing { page-break-inside: avoid; break-inside: avoid; }" in page
    closing = page.index('<div class="closing">')
    assert closing < page.index("Qua theo dõi, đến ngày") < page.index("Nơi nhận:")
    # Numbers never break at their hyphen, nor away from "số".
    assert "Công văn số\u00a0100/UBND\u2011NC ngày 01/08/2025" in page
    text = html_text(page)
    assert "Kính gửi: Sở Nội vụ." in text


def test_html_escapes_data(runner, tmp_path, make_data):
    data = make_data(
        {
            "2025-1.yaml": """\
                number: 1/UBND-NC
                issued: 2025-08-01
                subject: "thử <script>alert(1)</script> & kiểm tra"
                tasks:
                  - {id: "1", title: "A < B & C", lead: snv, due: 2025-08-20}
            """
        }
    )
    remind(runner, tmp_path, "-f", "html", "-f", "docx", data=data)
    page = (tmp_path / "don-doc-2025-10-01-snv.html").read_text("utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "A &lt; B &amp; C" in page
    doc = Document(str(tmp_path / "don-doc-2025-10-01-snv.docx"))
    assert "A < B & C" in docx_text(doc)


# -- Word -----------------------------------------------------------------------------------------


def test_word_letter_text_and_layout(runner, tmp_path):
    r = remind(runner, tmp_path, "--agency", "snv", "-f", "docx")
    assert r.exit_code == 0, r.output
    doc = Document(str(tmp_path / "don-doc-2025-10-01-snv.docx"))
    text = docx_text(doc)
    assert "Kính gửi: Sở Nội vụ." in text
    assert (
        "Tại Công văn số\u00a01958/UBND-NC ngày 11/09/2025 của UBND tỉnh về việc triển khai Kết "
        "luận của Bộ Chính trị" in text
    )
    assert "(Mục 3); thời hạn: trong tháng 9/2025 (đến hết ngày 30/09/2025)." in text
    assert "Đến ngày 01/10/2025, nhiệm vụ trên đã quá hạn 01 ngày" in text
    assert "Thái Nguyên, ngày 01 tháng 10 năm 2025" in text
    assert "{{" not in text and "{%" not in text
    # One task: said once in the body, no table.
    assert text.count("Hướng dẫn các xã, phường") == 1
    head, foot = doc.tables
    org, nation = head.rows[0].cells
    assert [p.text for p in org.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN"]
    assert all(r.bold for p in org.paragraphs for r in p.runs if r.text)
    title, motto = nation.paragraphs
    assert title.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and title.runs[0].bold
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert motto.runs[0].bold and motto.runs[0].underline
    date = head.rows[1].cells[1].paragraphs[0]
    assert date.runs[0].italic and date.runs[0].font.size == Pt(14)
    cc, sign = foot.rows[0].cells
    assert cc.paragraphs[0].text == "Nơi nhận:"
    first = cc.paragraphs[0].runs[0]
    assert first.bold and first.italic and first.font.size == Pt(12)
    assert [p.text for p in cc.paragraphs[1:]] == [
        "- Như trên;",
        "- Chủ tịch, các PCT UBND tỉnh;",
        "- Lãnh đạo VP UBND tỉnh;",
        "- Lưu: VT, NC.",
    ]
    assert all(p.runs[0].font.size == Pt(11) for p in cc.paragraphs[1:])
    signed = [p for p in sign.paragraphs if p.text]
    assert [p.text for p in signed] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A"]
    assert all(p.runs[0].bold for p in signed)


def test_word_letter_page_fonts_and_body_layout(runner, tmp_path):
    remind(runner, tmp_path, "--agency", "snv", "-f", "docx")
    doc = Document(str(tmp_path / "don-doc-2025-10-01-snv.docx"))
    section = doc.sections[0]
    # Word stores twentieths of a point: compare to the tenth of a millimetre.
    measured = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    assert [round(v.mm, 1) for v in measured] == [210, 297, 20, 20, 30, 15]
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    fonts = normal.element.rPr.rFonts
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(f"{{{fonts.nsmap['w']}}}{attr}") == "Times New Roman"
    runs = [r for p in doc.paragraphs for r in p.runs] + [
        r
        for t in doc.tables
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
    ]
    assert runs and all(r.font.name == "Times New Roman" for r in runs if r.text.strip())
    body = [p for p in doc.paragraphs if p.text.startswith(("Tại ", "Đến ngày ", "Để bảo đảm"))]
    assert len(body) == 3
    for p in body:
        assert p.alignment == 3  # WD_ALIGN_PARAGRAPH.JUSTIFY
        assert round(p.paragraph_format.first_line_indent.mm, 1) == 10
        assert all(r.font.size == Pt(14) for r in p.runs)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_word_closing_block_never_splits_from_the_body(runner, tmp_path):
    remind(runner, tmp_path, "--agency", "snv", "-f", "docx")
    doc = Document(str(tmp_path / "don-doc-2025-10-01-snv.docx"))
    paragraphs = doc.paragraphs
    last = max(i for i, p in enumerate(paragraphs) if p.text.startswith("Để bảo đảm"))
    # The finding, the request and the spacer before "Nơi nhận" keep with what follows...
    for p in paragraphs[last - 1 : last + 2]:
        assert p.paragraph_format.keep_with_next, p.text
    # ...and the "Nơi nhận" / signature row can't split, every line in it kept with the next.
    foot = doc.tables[-1]
    assert foot.rows[0]._tr.trPr.find(f"{W}cantSplit") is not None
    for cell in foot.rows[0].cells:
        assert all(p.paragraph_format.keep_with_next for p in cell.paragraphs)


def test_word_pages_are_numbered_from_the_second(runner, tmp_path):
    remind(runner, tmp_path, "--agency", "snv", "-f", "docx")
    section = Document(str(tmp_path / "don-doc-2025-10-01-snv.docx")).sections[0]
    assert section.different_first_page_header_footer  # w:titlePg
    first = section.first_page_header
    assert not first.is_linked_to_previous and first._element.findall(f".//{W}instrText") == []
    (instr,) = section.header._element.findall(f".//{W}instrText")
    assert instr.text.strip() == "PAGE"
    (p,) = section.header.paragraphs
    assert p.alignment == 1  # centred


def _late_everywhere(make_data, own: int = 6):
    """A công văn whose group task is late for every sở and commune, and `own` tasks more for the
    Sở Nội vụ."""
    tasks = "\n".join(
        f"""\
          - id: "{i}"
            title: Nhiệm vụ riêng số {i} theo Nghị quyết số 268/NQ-CP
            lead: snv
            due: 2025-09-{10 + i}"""
        for i in range(2, 2 + own)
    )
    return make_data(
        {
            "2025-200-UBND-NC.yaml": f"""\
        number: 200/UBND-NC
        issued: 2025-09-01
        subject: triển khai thực hiện Nghị quyết số 268/NQ-CP
        tasks:
          - id: "1"
            title: Rà soát văn bản quy phạm pháp luật
            lead: [so-ban-nganh, xa-phuong]
            due: trước ngày 20/9/2025
            source: Mục 2
{tasks}
    """
        }
    )


def test_word_annex_rows_unsplit_header_repeated_numbers_whole(runner, tmp_path, make_data):
    data = _late_everywhere(make_data)
    r = remind(runner, tmp_path, "--combined", "-f", "docx", data=data)
    assert r.exit_code == 0, r.output
    doc = Document(str(tmp_path / "don-doc-2025-10-01-tong-hop.docx"))
    text = docx_text(doc)
    assert "PHỤ LỤC\nDANH MỤC NHIỆM VỤ QUÁ HẠN" in text
    annex = doc.tables[-1]
    header, *rows = annex.rows
    assert [c.text for c in header.cells][:3] == ["STT", "Nhiệm vụ", "Cơ quan chủ trì"]
    assert header._tr.trPr.find(f"{W}tblHeader") is not None
    assert all(row._tr.trPr.find(f"{W}cantSplit") is not None for row in rows)
    # The group task is one row naming the group, not one row per member.
    assert len(rows) == 7
    assert rows[0].cells[2].text == "Các sở, ban, ngành; UBND các xã, phường"
    # "200/UBND-NC" and "268/NQ-CP" carry Word's non-breaking hyphen, "số" a non-breaking space.
    cell = rows[0].cells[3]._tc
    assert cell.findall(f".//{W}noBreakHyphen") and "Công văn số\u00a0200/UBND" in docx_text(doc)
    assert "200/UBND-NC" not in "".join(t.text or "" for t in cell.iter(f"{W}t"))
    assert rows[1].cells[1]._tc.findall(f".//{W}noBreakHyphen")
    table_runs = [r for row in annex.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert table_runs and all(r.font.size == Pt(13) for r in table_runs)


def test_committed_word_template_matches_its_builder():
    built = zipfile.ZipFile(io.BytesIO(letter_docx.build_template()))
    committed = zipfile.ZipFile(ROOT / "templates" / "letter.docx")
    for part in ("word/document.xml", "word/styles.xml"):
        assert built.read(part) == committed.read(part), (
            f"{part}: run python -m directive_cli.render.letter_docx templates/letter.docx"
        )


# -- reproducible ---------------------------------------------------------------------------------


def test_two_runs_give_identical_bytes(runner, tmp_path):
    for run in ("a", "b"):
        for extra in ([], ["--combined"]):
            r = remind(runner, tmp_path / run, *extra, "-f", "md", "-f", "html", "-f", "docx")
            assert r.exit_code == 0, r.output
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(names) == 12 and names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    archive = zipfile.ZipFile(tmp_path / "a" / "don-doc-2025-10-01-snv.docx")
    assert archive.namelist()[0] == "[Content_Types].xml"
    assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = Document(str(tmp_path / "a" / "don-doc-2025-10-01-snv.docx")).core_properties
    assert (
        props.created
        == props.modified
        == dt.datetime(2025, 10, 1, tzinfo=dt.UTC).replace(tzinfo=props.created.tzinfo)
    )


# -- templates: errors and sandbox ----------------------------------------------------------------


def test_template_error_names_template_and_line(runner, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "letter.md.j2").write_text("Kính gửi\n\n{% for x in rows %}\n{{ x.stt }\n", "utf-8")
    argv = ["--data", str(DEFAULT_DATA), "--templates", str(mine), "--today", DAY]
    r = runner.invoke(app, [*argv, "remind", "-o", str(tmp_path / "o"), "-f", "md"])
    assert r.exit_code == 1
    assert "letter.md.j2:4" in r.stderr and "lỗi cú pháp mẫu" in r.stderr
    assert not (tmp_path / "o").exists()
    (mine / "letter.md.j2").write_text("Kính gửi\n{{ date }}\n{{ addresee }}\n", "utf-8")
    r = runner.invoke(app, [*argv, "remind", "-o", str(tmp_path / "o"), "-f", "md"])
    assert r.exit_code == 1 and "letter.md.j2:3" in r.stderr and "addresee" in r.stderr


def test_template_reaching_for_python_internals_is_refused(runner, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "letter.html.j2").write_text("{{ ''.__class__.__mro__ }}\n", "utf-8")
    argv = ["--data", str(DEFAULT_DATA), "--templates", str(mine), "--today", DAY]
    r = runner.invoke(app, [*argv, "remind", "-o", str(tmp_path / "o"), "-f", "html"])
    assert r.exit_code == 1 and "không được phép" in r.stderr
    assert "object" not in r.stdout and not (tmp_path / "o").exists()


def _word_template(path: Path, text: str) -> None:
    doc = Document()
    doc.add_paragraph("Kính gửi")
    doc.add_paragraph(text)
    doc.save(str(path))


def test_word_template_problems_name_template_and_paragraph(runner, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    argv = ["--data", str(DEFAULT_DATA), "--templates", str(mine), "--today", DAY]
    _word_template(mine / "letter.docx", "{{ adressees }}")
    r = runner.invoke(app, [*argv, "remind", "-o", str(tmp_path / "o")])
    assert r.exit_code == 1
    assert "letter.docx" in r.stderr and "đoạn 3" in r.stderr and "adressees" in r.stderr
    _word_template(mine / "letter.docx", "{{ ''.__class__.__mro__ }}")
    r = runner.invoke(app, [*argv, "remind", "-o", str(tmp_path / "o")])
    assert r.exit_code == 1 and "không được phép" in r.stderr
    (mine / "letter.docx").write_text("không phải Word", "utf-8")
    r = runner.invoke(app, [*argv, "remind", "-o", str(tmp_path / "o")])
    assert r.exit_code == 1 and "không phải tệp Word" in r.stderr
    assert not (tmp_path / "o").exists()


def test_user_template_is_used(runner, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "letter.md.j2").write_text("Gửi {{ addressees | join(', ') }}: {{ count }}\n", "utf-8")
    argv = ["--data", str(DEFAULT_DATA), "--templates", str(mine), "--today", DAY]
    r = runner.invoke(app, [*argv, "remind", "-o", str(tmp_path / "o"), "-f", "md", "-a", "snv"])
    assert r.exit_code == 0
    assert (tmp_path / "o" / "don-doc-2025-10-01-snv.md").read_text("utf-8") == "Gửi Sở Nội vụ: 1\n"


# -- CLI ------------------------------------------------------------------------------------------


def test_one_letter_per_agency_named_by_agency_and_date(runner, tmp_path):
    r = remind(runner, tmp_path, "-f", "md", "-f", "docx")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"don-doc-2025-10-01-{a}.{ext}"
        for a in ("skhcn", "snv", "ttptqd")
        for ext in ("docx", "md")
    ]
    assert "Đã viết 3 công văn đôn đốc (md, docx) về 3 phần việc của 3 cơ quan" in r.stdout


def test_agency_filter_and_groups(runner, tmp_path, data):
    r = remind(runner, tmp_path / "a", "-f", "md", "--agency", "stc", data=data)
    assert r.exit_code == 0
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["don-doc-2025-10-01-stc.md"]
    r = remind(runner, tmp_path / "b", "-f", "md", "--agency", "so-ban-nganh", data=data)
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        "don-doc-2025-10-01-snv.md",
        "don-doc-2025-10-01-stc.md",
        "don-doc-2025-10-01-stp.md",
    ]
    r = remind(runner, tmp_path / "c", "--agency", "so-ban-ngahn", data=data)
    assert r.exit_code == 2 and "so-ban-nganh" in r.stderr


def test_within_adds_due_soon_assignments(runner, tmp_path, data):
    r = remind(runner, tmp_path / "a", "-f", "md", data=data)
    assert not (tmp_path / "a" / "don-doc-2025-10-01-xa-an-khanh.md").exists()
    r = remind(runner, tmp_path / "b", "-f", "md", "--within", "7", data=data)
    assert r.exit_code == 0
    text = (tmp_path / "b" / "don-doc-2025-10-01-xa-an-khanh.md").read_text("utf-8")
    assert "Kính gửi: Ủy ban nhân dân xã An Khánh." in text
    assert "V/v đôn đốc thực hiện nhiệm vụ được giao tại Công văn số 100/UBND-NC" in text
    # Worded by what the letter holds: a task not yet due is not "chưa nhận được báo cáo".
    assert "Đến ngày 01/10/2025, nhiệm vụ trên còn 04 ngày nữa là đến hạn." in text
    assert "chưa nhận được" not in text and "lý do" not in text
    assert "tập trung thực hiện, bảo đảm hoàn thành nhiệm vụ nêu trên đúng thời hạn" in text
    assert "về UBND tỉnh (qua Sở Nội vụ) trước ngày 08/10/2025./." in text


def test_default_reply_by_never_precedes_a_due_soon_deadline(runner, tmp_path, make_data):
    data = _late_everywhere(make_data, 0)
    text = data / "directives" / "2025-200-UBND-NC.yaml"
    text.write_text(text.read_text("utf-8").replace("20/9/2025", "10/10/2025"), "utf-8")
    # 01/10 + 5 working days is only 08/10: the report waits for the deadline, 10/10.
    remind(runner, tmp_path / "a", "-f", "md", "-w", "9", "-a", "stp", data=data)
    text = (tmp_path / "a" / "don-doc-2025-10-01-stp.md").read_text("utf-8")
    assert "về UBND tỉnh (qua Sở Nội vụ) trước ngày 10/10/2025" in text
    assert "V/v đôn đốc thực hiện nhiệm vụ được giao tại Công văn số 200/UBND-NC" in text
    args = ("-f", "md", "-w", "9", "-a", "stp", "--reply-by", "2025-10-06")
    remind(runner, tmp_path / "b", *args, data=data)
    text = (tmp_path / "b" / "don-doc-2025-10-01-stp.md").read_text("utf-8")
    assert "về UBND tỉnh (qua Sở Nội vụ) trước ngày 06/10/2025" in text


def test_combined_letter(runner, tmp_path, data):
    out = tmp_path / "o"
    r = remind(runner, out, "--combined", "-f", "md", "--number", "215", data=data)
    assert r.exit_code == 0, r.output
    assert [p.name for p in out.iterdir()] == ["don-doc-2025-10-01-tong-hop.md"]
    text = (out / "don-doc-2025-10-01-tong-hop.md").read_text("utf-8")
    assert "Số: 215/UBND-NC" in text and "Công văn số 215/UBND-NC ngày 01/10/2025" in text
    assert "V/v đôn đốc thực hiện các nhiệm vụ quá hạn |" in text
    # The body cites and counts; the tasks are in the annex, one row each.
    assert "còn 02 nhiệm vụ đã quá hạn nhưng UBND tỉnh chưa nhận được báo cáo" in text
    assert (
        "| 1 | Rà soát thủ tục hành chính | Sở Nội vụ; Sở Tài chính | Công văn số 100/UBND-NC"
        in text
    )
    assert "| 2 | Kiểm tra công vụ | Sở Tư pháp |" in text
    assert "- Sở Nội vụ (để" not in text  # the Sở Nội vụ is an addressee: "Như trên"


def test_combined_letter_names_groups_and_lists_a_group_task_once(runner, tmp_path):
    data = ROOT / "examples" / "van-phong"
    r = remind(
        runner, tmp_path, "--combined", "-w", "10", "-f", "md", data=data, today="2025-10-15"
    )
    assert r.exit_code == 0, r.output
    text = (tmp_path / "don-doc-2025-10-15-tong-hop.md").read_text("utf-8")
    assert "Kính gửi:\\\n\\- Các sở, ban, ngành;\\\n\\- UBND các xã, phường;\\\n" in text
    assert " 54 " not in text and "cơ quan, đơn vị, địa phương (chi tiết" not in text
    row = next(line for line in text.splitlines() if line.startswith("| 4 |"))
    assert "| Các sở, ban, ngành; UBND các xã, phường (trừ Phường Đức Xuân, Xã Cao Minh) |" in row
    assert sum(line.startswith("| ") for line in text.split("PHỤ LỤC")[1].splitlines()) == 12
    assert "còn 10 nhiệm vụ đã quá hạn" in text and "01 nhiệm vụ sắp đến hạn" in text


def test_nothing_to_remind(runner, tmp_path, data):
    r = remind(runner, tmp_path / "o", data=data, today="2025-08-05")
    assert r.exit_code == 0
    assert "Không có nhiệm vụ quá hạn nào cần đôn đốc (tính đến ngày 05/08/2025)" in r.stdout
    assert not (tmp_path / "o").exists()


def test_refuses_to_overwrite_without_force(runner, tmp_path):
    assert remind(runner, tmp_path, "-f", "md", "-a", "snv").exit_code == 0
    target = tmp_path / "don-doc-2025-10-01-snv.md"
    target.write_text("bản đã sửa tay", "utf-8")
    r = remind(runner, tmp_path, "-f", "md", "-a", "snv")
    assert r.exit_code == 1 and "--force" in r.stderr
    assert target.read_text("utf-8") == "bản đã sửa tay"
    assert remind(runner, tmp_path, "-f", "md", "-a", "snv", "--force").exit_code == 0
    assert target.read_text("utf-8").startswith("| | |\n|:---:|:---:|\n| **ỦY BAN NHÂN DÂN**")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_default_out_folder(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["--data", str(DEFAULT_DATA), "--today", DAY, "remind", "-a", "snv"])
    assert r.exit_code == 0
    assert (tmp_path / "don-doc" / "don-doc-2025-10-01-snv.docx").is_file()


def test_options_and_usage_errors(runner, tmp_path, data):
    out = tmp_path / "o"
    r = remind(runner, out, "-f", "md", "--signer", "CHỦ TỊCH|Trần Văn D", "-a", "stc", data=data)
    assert r.exit_code == 0
    text = (out / "don-doc-2025-10-01-stc.md").read_text("utf-8")
    assert "**CHỦ TỊCH**<br><br>" in text and "**Trần Văn D**" in text and "KT." not in text
    r = remind(
        runner,
        out,
        "-f",
        "md",
        "--reply-by",
        "2025-10-20",
        "--date",
        "2025-10-02",
        "-a",
        "stc",
        data=data,
    )
    text = (out / "don-doc-2025-10-02-stc.md").read_text("utf-8")
    assert "ngày 02 tháng 10 năm 2025" in text and "trước ngày 20/10/2025" in text
    assert "đã quá hạn 32 ngày" in text  # statuses at the letter date
    for bad in (
        ["--signer", "Nguyễn Văn B"],
        ["--reply-by", "2025-09-30"],
        ["--date", "32/10/2025"],
        ["--number", "12"],  # several letters
        ["--format", "pdf"],
    ):
        r = remind(runner, tmp_path / "bad", *bad, data=data)
        assert r.exit_code == 2, (bad, r.output)
    assert not (tmp_path / "bad").exists()
    (tmp_path / "file").write_text("x", "utf-8")
    assert remind(runner, tmp_path / "file", data=data).exit_code == 2


def test_missing_signer_is_an_error(runner, tmp_path, make_data):
    from conftest import AGENCIES_YAML

    agencies = AGENCIES_YAML.replace(
        "    signer: {authority: KT. CHỦ TỊCH, title: PHÓ CHỦ TỊCH, name: Nguyễn Văn A}\n", ""
    )
    data = make_data(DIRECTIVES, agencies)
    r = remind(runner, tmp_path / "o", data=data)
    assert r.exit_code == 1 and "issuer.letter.signer" in r.stderr


def test_invalid_data_is_refused(runner, tmp_path, make_data):
    data = make_data({"2025-x.yaml": "number: 1/X\nsubject: x\ntasks:\n  - {id: a}\n"})
    r = remind(runner, tmp_path / "o", data=data)
    assert r.exit_code == 1 and "2025-x.yaml" in r.stderr
    assert not (tmp_path / "o").exists()


def test_many_addressees_point_to_the_annex(runner, tmp_path, make_data):
    agencies = "\n".join(f"  - {{id: so-{i}, name: Sở số {i}, kind: so}}" for i in range(1, 13))
    from conftest import AGENCIES_YAML

    head = AGENCIES_YAML.split("agencies:\n")[0]
    data = make_data(
        {
            "2025-1.yaml": """\
                number: 1/UBND-NC
                issued: 2025-08-01
                subject: việc chung
                tasks:
                  - {id: "1", title: Báo cáo, lead: [so-1, so-2, so-3, so-4, so-5, so-6, so-7,
                     so-8, so-9, so-10, so-11, so-12], due: 2025-08-20}
            """
        },
        head + "agencies:\n" + agencies + "\n",
    )
    r = remind(runner, tmp_path, "--combined", "-f", "md", data=data)
    assert r.exit_code == 0, r.output
    text = (tmp_path / "don-doc-2025-10-01-tong-hop.md").read_text("utf-8")
    assert "Kính gửi: Các cơ quan, đơn vị có tên tại Phụ lục kèm theo." in text
    assert "| 1 | Báo cáo | Sở số 1; Sở số 2;" in text and "Sở số 12 |" in text


@pytest.mark.parametrize(("own", "combined"), [(2, False), (6, False), (6, True)])
def test_same_words_in_every_format(runner, tmp_path, make_data, own, combined):
    data = _late_everywhere(make_data, own)
    extra = ["--combined"] if combined else ["-a", "snv"]
    r = remind(runner, tmp_path, *extra, "-f", "md", "-f", "html", "-f", "docx", data=data)
    assert r.exit_code == 0, r.output
    stem = tmp_path / ("don-doc-2025-10-01-" + ("tong-hop" if combined else "snv"))
    md = stem.with_suffix(".md").read_text("utf-8")
    page = html_text(stem.with_suffix(".html").read_text("utf-8"))
    word = letters.plain(docx_text(Document(str(stem.with_suffix(".docx")))))
    starts = ("Tại ", "Qua theo dõi", "Đến ngày", "Để bảo đảm")
    paragraphs = [
        line.removeprefix("\\")
        for line in md.splitlines()
        if line.startswith(starts) or (line.startswith("\\- ") and "; thời hạn: " in line)
    ]
    assert len(paragraphs) == {2: 6, 6: 3}[own], paragraphs
    for line in paragraphs:
        assert line in page, line
        assert line in word, line


def test_recurring_report_and_parent_body(runner, tmp_path, make_data):
    from conftest import AGENCIES_YAML

    agencies = AGENCIES_YAML.replace(
        "  name: Ủy ban nhân dân tỉnh Thái Nguyên\n  short: UBND tỉnh\n",
        "  name: Sở Nội vụ tỉnh Thái Nguyên\n  short: Sở Nội vụ\n"
        "  parent: Ủy ban nhân dân tỉnh Thái Nguyên\n",
    )
    data = make_data(
        {
            "2025-5.yaml": """\
                number: 5/SNV-VP
                issued: 2025-07-01
                subject: báo cáo định kỳ công tác cải cách hành chính
                tasks:
                  - id: "1"
                    title: Báo cáo kết quả cải cách hành chính
                    lead: stc
                    due: trước ngày 20 hằng tháng
                    repeat: {every: month, from: 2025-08, until: 2025-12}
                    updates:
                      - {date: 2025-08-18, kind: done, period: 2025-08}
            """
        },
        agencies,
    )
    r = remind(runner, tmp_path / "o", "-f", "md", "-f", "docx", data=data, today="2025-10-25")
    assert r.exit_code == 0, r.output
    text = (tmp_path / "o" / "don-doc-2025-10-25-stc.md").read_text("utf-8")
    # August was reported; September and October are each overdue on their own.
    assert (
        "Báo cáo kết quả cải cách hành chính (kỳ tháng 9/2025); thời hạn: trước ngày 20 hằng "
        in text
    )
    assert "(đến hết ngày 20/09/2025); đã quá hạn 35 ngày;" in text
    assert (
        "(kỳ tháng 10/2025); thời hạn: trước ngày 20 hằng tháng (đến hết ngày 20/10/2025)" in text
    )
    assert "kỳ tháng 8/2025" not in text
    # The parent body shortened as NĐ 30 allows, the names broken between phrases.
    assert text.startswith(
        "| | |\n|:---:|:---:|\n| UBND TỈNH THÁI NGUYÊN<br>**SỞ NỘI VỤ**<br>**TỈNH THÁI NGUYÊN** |"
    )
    assert "Số: \u00a0" in text and "/UBND-NC" in text
    doc = Document(str(tmp_path / "o" / "don-doc-2025-10-25-stc.docx"))
    org = [p for p in doc.tables[0].rows[0].cells[0].paragraphs if p.text]
    assert [(p.text, bool(p.runs[0].bold)) for p in org] == [
        ("UBND TỈNH THÁI NGUYÊN", False),
        ("SỞ NỘI VỤ", True),
        ("TỈNH THÁI NGUYÊN", True),
    ]


# -- audit: table in the body's order, letters dated on a day off --------------------------------


def test_annex_follows_the_directives_own_order(make_data):
    # Whatever order the shares come in, the annex follows the directive's own order of tasks.
    data = _late_everywhere(make_data, 6)
    repo = load(data)
    items = letters.select(compute(repo, dt.date(2025, 10, 1), 7), False)[::-1]
    options = letters.LetterOptions(
        dt.date(2025, 10, 1), dt.date(2025, 10, 8), letters.resolve_signer(repo, None), None, True
    )
    (letter,) = letters.plan(repo, items, options)
    assert [d["id"] for d in letter.context["directives"]] == ["2025-200-UBND-NC"]
    assert [t["id"] for t in letter.context["directives"][0]["tasks"]] == list("1234567")
    assert [r["stt"] for r in letter.context["rows"]] == list(range(1, 8))
    assert letter.context["rows"][0]["task"] == "Rà soát văn bản quy phạm pháp luật"


@pytest.mark.parametrize(
    ("day", "warning"),
    [
        ("2025-10-04", "Ngày ký công văn 04/10/2025 là thứ Bảy (ngày nghỉ)."),
        ("2025-10-05", "Ngày ký công văn 05/10/2025 là Chủ nhật (ngày nghỉ)."),
        ("2025-09-02", "Ngày ký công văn 02/09/2025 là ngày nghỉ lễ (thứ Ba)."),
        ("2025-10-06", None),
    ],
)
def test_letter_dated_on_a_day_off_is_written_with_a_warning(runner, tmp_path, data, day, warning):
    r = remind(runner, tmp_path / "o", "-f", "md", "-a", "stc", data=data, today=day)
    assert r.exit_code == 0, r.output
    assert (tmp_path / "o" / f"don-doc-{day}-stc.md").is_file()
    if warning is None:
        assert "Ngày ký công văn" not in r.stderr
    else:
        assert f"dtrack: cảnh báo: {warning}" in r.stderr
    assert "Ngày ký công văn" not in r.stdout


def test_make_up_working_saturday_is_no_day_off(runner, tmp_path, make_data):
    from conftest import AGENCIES_YAML

    data = make_data(DIRECTIVES, AGENCIES_YAML + "workdays: [2025-10-04]\n")
    r = remind(runner, tmp_path / "o", "-f", "md", "-a", "stc", data=data, today="2025-10-04")
    assert r.exit_code == 0, r.output
    assert "Ngày ký công văn" not in r.stderr
    repo = load(data)
    assert letters.signing_day_warning(dt.date(2025, 10, 4), repo.calendar) is None
    assert letters.signing_day_warning(dt.date(2025, 10, 11), repo.calendar) is not None


def test_letter_cites_the_extension_in_force(runner, make_data, tmp_path):
    text = """\
number: 1/UBND-NC
issued: 2025-09-01
subject: thử
tasks:
  - id: "1"
    title: Rà soát
    lead: snv
    due: 2025-09-20
    updates:
      - {date: 2025-09-25, kind: extended, due: 2025-10-20, ref: Công văn số 250/UBND-NC}
      - {date: 2025-09-15, kind: extended, due: 2025-10-10, ref: Công văn số 150/UBND-NC}
"""
    data = make_data({"2025-1-UBND-NC.yaml": text})
    out = tmp_path / "cv"
    r = runner.invoke(
        app, ["--data", str(data), "--today", "2025-10-25", "remind", "-f", "md", "--out", str(out)]
    )
    assert r.exit_code == 0, r.output
    (letter,) = out.iterdir()
    body = letter.read_text(encoding="utf-8")
    assert "gia hạn theo Công văn số 250/UBND-NC" in body  # the later decision, by date
    assert "150/UBND-NC" not in body


# -- golden letters, one per case of the wording ------------------------------------------------

EXAMPLE = ROOT / "examples" / "van-phong"
CASES = {
    # one task, overdue, reported through the Sở Nội vụ, which is copied in Nơi nhận
    "skhcn-2025-10-01": (DEFAULT_DATA, "2025-10-01", ["-a", "skhcn"]),
    # a parent body, tasks of two issuers, overdue and due soon, listed in the body
    "vp-stc-2025-10-15": (EXAMPLE, "2025-10-15", ["-a", "stc", "-w", "10"]),
    # nine tasks for one agency: an annex instead of a long body
    "vp-snv-2025-10-15": (EXAMPLE, "2025-10-15", ["-a", "snv", "-w", "10"]),
    # one task not yet due: no "chưa nhận được báo cáo", no "lý do"
    "vp-sct-2025-10-09": (EXAMPLE, "2025-10-09", ["-a", "sct", "-w", "5"]),
    # 54 agencies: groups in Kính gửi, a group task once with the members it excepts
    "vp-tong-hop-2025-10-15": (EXAMPLE, "2025-10-15", ["--combined", "-w", "10"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_letters(runner, tmp_path, case):
    data, today, args = CASES[case]
    r = remind(runner, tmp_path, "-f", "md", "-f", "html", *args, data=data, today=today)
    assert r.exit_code == 0, r.output
    (md,) = tmp_path.glob("*.md")
    (page,) = tmp_path.glob("*.html")
    golden(f"letter-{case}.md", md.read_text("utf-8"))
    golden(f"letter-{case}.html", page.read_text("utf-8"))


def test_a_day_off_given_by_date_is_warned_about_too(runner, tmp_path, data):
    r = remind(runner, tmp_path / "o", "-f", "md", "-a", "stc", "--date", "2025-10-05", data=data)
    assert r.exit_code == 0, r.output
    assert "Ngày ký công văn 05/10/2025 là Chủ nhật (ngày nghỉ)." in r.stderr
    assert (tmp_path / "o" / "don-doc-2025-10-05-stc.md").is_file()


@pytest.mark.parametrize(
    ("name", "lines", "as_parent"),
    [
        ("Ủy ban nhân dân tỉnh Thái Nguyên", ["ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN"],
         ["UBND TỈNH THÁI NGUYÊN"]),
        ("Văn phòng Ủy ban nhân dân tỉnh", ["VĂN PHÒNG", "ỦY BAN NHÂN DÂN TỈNH"],
         ["VĂN PHÒNG", "ỦY BAN NHÂN DÂN TỈNH"]),
        ("Sở Nội vụ tỉnh Thái Nguyên", ["SỞ NỘI VỤ", "TỈNH THÁI NGUYÊN"],
         ["SỞ NỘI VỤ", "TỈNH THÁI NGUYÊN"]),
        ("Hội đồng nhân dân tỉnh Thái Nguyên", ["HỘI ĐỒNG NHÂN DÂN", "TỈNH THÁI NGUYÊN"],
         ["HĐND TỈNH THÁI NGUYÊN"]),
        # Shortened only when that makes one line.
        ("Ủy ban nhân dân thành phố Hồ Chí Minh", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"],
         ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]),
        ("Sở Tư pháp", ["SỞ TƯ PHÁP"], ["SỞ TƯ PHÁP"]),
    ],
)  # fmt: skip
def test_header_lines_break_between_phrases(name, lines, as_parent):
    assert letters.header_lines(name) == lines
    assert letters.parent_lines(name) == as_parent
    assert all(len(line) <= letters.HEADER_WIDTH for line in lines)
