"""`dtrack import`: the seeds as text, Word and PDF, the draft it writes, unreadable input."""

from __future__ import annotations

import functools
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
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from directive_cli.cli import app

HERE = Path(__file__).resolve().parent / "importing"
TEXTS = HERE / "texts"
FILES = HERE / "files"
CORPUS = HERE / "corpus"
REAL = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
SEEDS = ("seed-001", "seed-002", "seed-004")
# Seed 004 is another province's directive: it is read against that province's agencies.
OTHER_PROVINCE = ROOT / "examples" / "tinh-chua-ro-ten"


def _data_for(path: Path) -> Path:
    return OTHER_PROVINCE if "seed-004" in path.name else DEFAULT_DATA


def _import(runner, *args, data: Path = DEFAULT_DATA, input: bytes | None = None):
    return runner.invoke(app, ["--data", str(data), "import", *map(str, args)], input=input)


def _json(runner, path: Path) -> dict:
    return json.loads(_json_text(path))


@functools.cache
def _json_text(path: Path) -> str:
    """The JSON draft of `path`, read once per test run (several tests compare the same)."""
    result = _import(CliRunner(), path, "--format", "json", data=_data_for(path))
    assert result.exit_code == 0, result.output
    return result.stdout


def _shape(draft: dict) -> list[tuple]:
    """What must not depend on the kind of input: tasks, their leads (with details) and dates."""
    return [
        (
            t["id"],
            tuple((x["id"], x["detail"]) for x in t["lead"]),
            tuple(s["id"] for s in t["support"]),
            t["due"],
        )
        for t in draft["tasks"]
    ]


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """The real agencies.yaml, no directives: where an imported draft is checked."""
    data = tmp_path / "data"
    (data / "directives").mkdir(parents=True)
    shutil.copy(DEFAULT_DATA / "agencies.yaml", data / "agencies.yaml")
    return data


# -- the draft of each seed ---------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_json_draft_of_each_seed(runner, seed):
    draft = _json(runner, TEXTS / f"{seed}.txt")
    golden(f"import-{seed}.json", json.dumps(draft, ensure_ascii=False, indent=2) + "\n")


def test_seed_001_header_and_tasks(runner):
    d = _json(runner, TEXTS / "seed-001.txt")
    assert (d["number"], d["kind"], d["issued"]) == ("1958/UBND-NC", "cong-van", "2025-09-11")
    assert (d["signer"], d["signer_title"]) == ("Phạm Hoàng Sơn", "Chủ tịch")
    assert [r["id"] for r in d["recipients"]] == ["so-ban-nganh", "don-vi-su-nghiep", "xa-phuong"]
    tasks = {t["id"]: t for t in d["tasks"]}
    # The header block and the footnotes in the middle of the body are not tasks.
    assert len(tasks) == 25
    assert tasks["3.2"]["lead"][0]["id"] == "snv"  # "…, giao Sở Nội vụ nghiên cứu …"
    assert (tasks["3.2"]["due_text"], tasks["3.2"]["due"]) == ("trong tháng 9/2025", "2025-09-30")
    assert [x["id"] for x in tasks["4.3"]["lead"]] == ["snv"]  # "Sở Nội vụ (là đầu mối), …"
    assert [s["id"] for s in tasks["4.3"]["support"]] == ["so-ban-nganh", "xa-phuong"]
    assert tasks["5.2"]["due"] == "2025-12-31"
    assert "¹" not in tasks["4.2"]["title"] and "CỘNG HÒA" not in json.dumps(d, ensure_ascii=False)


def test_seed_002_annex_becomes_leads_with_details(runner):
    d = _json(runner, TEXTS / "seed-002.txt")
    assert d["number"] is None and d["issued"] is None and d["kind"] == "ke-hoach"
    tasks = {t["id"]: t for t in d["tasks"]}
    annex = tasks["V.1.3"]["lead"]
    assert len(annex) == 16 and annex[0] == {
        "id": "vp-ubnd",
        "name": "Văn phòng UBND tỉnh",
        "detail": "Giải pháp nâng cao chất lượng giải quyết thủ tục hành chính trong bối cảnh "
        "chính quyền địa phương 02 cấp",
    }
    assert [x["id"] for x in tasks["V.2.4"]["lead"]][:2] == [
        "phuong-phan-dinh-phung",
        "phuong-van-xuan",
    ]
    # Purposes, requirements, the content outline and funding assign nothing.
    assert not [t for t in d["tasks"] if t["id"].startswith(("I.", "II.", "IV."))]
    # "Cấp tỉnh" is the issuing body: kept as written, for the clerk to settle.
    assert tasks["III.2.2"]["lead"] == [{"id": None, "name": "Cấp tỉnh", "detail": None}]
    assert tasks["III.2.2"]["review"]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_word_and_pdf_files_give_the_same_tasks_as_the_text(runner, seed, ext):
    # The .docx and .pdf were made from the seed texts with LibreOffice (tests/importing/).
    assert _shape(_json(runner, FILES / f"{seed}.{ext}")) == _shape(
        _json(runner, TEXTS / f"{seed}.txt")
    )


def test_each_real_directive_has_its_text_transcription_and_source():
    assert REAL, "tests/importing/corpus/ holds the real directives of the benchmark"
    for name in REAL:
        folder = CORPUS / name
        for part in ("text.txt", "text.docx", "text.pdf", "expected.yaml", "SOURCE.md"):
            assert (folder / part).is_file(), f"{name}/{part}"
        assert "http" in (folder / "SOURCE.md").read_text("utf-8")


@pytest.mark.parametrize("name", REAL)
@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_real_directives_as_word_and_pdf_give_the_same_tasks(runner, name, ext):
    # Made from the texts with LibreOffice, as the seeds' files (tests/importing/make_files.py).
    text = _json(runner, CORPUS / name / "text.txt")
    assert _shape(_json(runner, CORPUS / name / f"text.{ext}")) == _shape(text)
    assert _json(runner, CORPUS / name / f"text.{ext}")["subject"] == text["subject"]


@pytest.mark.parametrize("name", REAL)
def test_real_directives_give_as_many_tasks_as_the_clerk_reads(runner, name):
    import yaml

    expected = yaml.safe_load((CORPUS / name / "expected.yaml").read_text("utf-8"))
    got = _json(runner, CORPUS / name / "text.txt")["tasks"]
    assert len(got) == len(expected["tasks"])


def test_a_letter_without_numbered_items(runner, tmp_path):
    # "… có ý kiến như sau:" then one paragraph per assignment; the closing line only passes
    # the word on. Ministries are not in agencies.yaml: kept by name, one per "Bộ".
    text = (
        "VĂN PHÒNG CHÍNH PHỦ\n\nSố: 100/VPCP-KTTH\nV/v góp ý dự thảo đề án\n\n"
        "Hà Nội, ngày 05 tháng 3 năm 2026\n\n"
        "Kính gửi: Các Bộ: Tài chính, Công Thương.\n\n"
        "Xét đề nghị của Bộ Tài chính tại Tờ trình số 12/TTr-BTC, Phó Thủ tướng có ý kiến "
        "như sau:\n\n"
        "Giao các Bộ: Công Thương, Khoa học và Công nghệ, Tài chính góp ý dự thảo đề án, gửi "
        "Bộ Tài chính trước ngày 20 tháng 3 năm 2026.\n\n"
        "Văn phòng Chính phủ thông báo để các Bộ, cơ quan biết, thực hiện./.\n"
    )
    path = tmp_path / "cong-van.txt"
    path.write_text(text, "utf-8")
    tasks = _json(runner, path)["tasks"]
    assert [(t["id"], [x["name"] for x in t["lead"]], t["due"]) for t in tasks] == [
        ("1", ["Bộ Công Thương", "Bộ Khoa học và Công nghệ", "Bộ Tài chính"], "2026-03-20")
    ]
    assert all(x["id"] is None for x in tasks[0]["lead"])
    assert tasks[0]["review"]


def test_a_notice_whose_request_follows_a_reason(runner, tmp_path):
    # "Nhân dịp …, UBND … đề nghị các cơ quan, đơn vị của Trung ương; các sở, ban, ngành …":
    # the central bodies are not a set agencies.yaml names; "đến hết ngày" ends the period.
    text = (
        "THÔNG BÁO\nVề việc treo cờ Tổ quốc\n\n"
        "Nhân dịp kỷ niệm Quốc khánh. Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị của "
        "Trung ương; các sở, ban, ngành và các hộ gia đình treo cờ Tổ quốc từ ngày 01/9/2026 "
        "đến hết ngày 03/9/2026.\n\n"
        "Ủy ban nhân dân các xã, phường có trách nhiệm kiểm tra việc treo cờ ở địa bàn dân cư./.\n"
    )
    path = tmp_path / "thong-bao.txt"
    path.write_text(text, "utf-8")
    tasks = _json(runner, path)["tasks"]
    assert [(t["id"], [x["id"] for x in t["lead"]], t["due"]) for t in tasks] == [
        ("1", ["so-ban-nganh"], "2026-09-03"),
        ("2", ["xa-phuong"], None),
    ]
    assert tasks[0]["title"].endswith("treo cờ Tổ quốc từ ngày 01/9/2026 đến hết ngày 03/9/2026")


def test_a_subject_broken_over_lines(runner, tmp_path):
    text = (
        "QUYẾT ĐỊNH\nPhê duyệt Kế hoạch bảo đảm thoát nước, chống úng ngập\n"
        "khu vực nội thành mùa mưa năm 2026\n\nQUYẾT ĐỊNH:\n\n"
        "Điều 1. Phê duyệt Kế hoạch kèm theo Quyết định này.\n"
    )
    path = tmp_path / "qd.txt"
    path.write_text(text, "utf-8")
    d = _json(runner, path)
    assert d["subject"].endswith("chống úng ngập khu vực nội thành mùa mưa năm 2026")
    assert d["tasks"] == []


def test_standard_input_and_markdown_leftovers(runner):
    text = (TEXTS / "seed-001.txt").read_bytes()
    result = _import(runner, "-", "--format", "json", input=text)
    assert result.exit_code == 0, result.output
    assert _shape(json.loads(result.stdout)) == _shape(_json(runner, TEXTS / "seed-001.txt"))


@pytest.mark.parametrize("tabbed", ["\t{n}. {text}", "{n}.\t{text}", "\t\t{n}.\t{text}"])
def test_tabs_of_text_copied_from_word_are_no_table(runner, tmp_path, tabbed):
    # An indent, or the tab Word puts after a list number, in text pasted into a .txt file.
    header = (
        "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 7/UBND-KT\nV/v thử\n"
        "Thái Nguyên, ngày 05 tháng 01 năm 2026\nKính gửi: Sở Tài chính; Sở Nội vụ.\n\n"
    )
    items = [
        "Sở Tài chính rà soát các khoản chi, báo cáo UBND tỉnh trước ngày 20/01/2026.",
        "Sở Nội vụ hướng dẫn các xã, hoàn thành trước ngày 30/01/2026.",
    ]
    plain, tabs = tmp_path / "plain.txt", tmp_path / "tabs.txt"
    plain.write_text(header + "".join(f"{n}. {t}\n" for n, t in enumerate(items, 1)), "utf-8")
    lines = [tabbed.format(n=n, text=t) for n, t in enumerate(items, 1)]
    tabs.write_text(header + "\n".join(lines) + "\n", "utf-8")
    got, want = _json(runner, tabs), _json(runner, plain)
    assert len(want["tasks"]) == 2 and _shape(got) == _shape(want)


def test_control_characters_of_a_copy_do_not_reach_the_draft(runner, data_copy, tmp_path):
    # U+000B is Word's Shift+Enter in copied text; U+0007, U+001B come from PDF fonts; U+2028 is a
    # line break to YAML. The draft marks nothing here, so it must pass check as written.
    path = tmp_path / "cv.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 8/UBND-KT\nV/v thử\n"
        "Thái Nguyên, ngày 05 tháng 01 năm 2026\nKính gửi: Sở Tài chính.\n\n"
        "1. Sở Tài chính rà soát các khoản chi thường xuyên của các cơ quan\x07 đơn vị trực "
        "thuộc,\x0btổng hợp\x1b kết quả\u2028báo cáo UBND tỉnh trước ngày 20/01/2026 để xem "
        "xét chỉ đạo tiếp theo.\n",
        encoding="utf-8",
    )
    result = _import(runner, path, data=data_copy)
    assert result.exit_code == 0, result.output
    check = runner.invoke(app, ["--data", str(data_copy), "check"])
    assert check.exit_code == 0, check.output


def test_numbering_that_starts_again_gives_no_duplicate_id(runner, data_copy, tmp_path):
    # "A." and "B." are no section markers to the reader: both parts number from 1.
    path = tmp_path / "kh.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 9/KH-UBND\n"
        "Thái Nguyên, ngày 05 tháng 01 năm 2026\nKẾ HOẠCH\nThực hiện nhiệm vụ năm 2026\n"
        "A. NHIỆM VỤ CHUNG\n"
        "1. Sở Tài chính rà soát các khoản chi, báo cáo UBND tỉnh trước ngày 20/01/2026.\n"
        "B. NHIỆM VỤ CỤ THỂ\n"
        "1. Sở Tư pháp thẩm định các văn bản quy phạm pháp luật trước ngày 28/02/2026.\n",
        encoding="utf-8",
    )
    tasks = _json(runner, path)["tasks"]
    ids = [t["id"] for t in tasks]
    assert len(ids) == 2 == len(set(ids))  # and the heading "B. …" is no task
    assert any("trùng" in m for m in tasks[-1]["review"])
    assert _import(runner, path, data=data_copy).exit_code == 0
    check = runner.invoke(app, ["--data", str(data_copy), "check"])
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize("written", ["1958/UBND - NC", "1958/UBND -NC", "1958/UBND- NC"])
def test_a_number_spaced_around_its_hyphen_is_read_whole(runner, tmp_path, written):
    # It was cut to "1958/UBND" without a mark, and letters would have cited that.
    path = tmp_path / "cv.txt"
    path.write_text(
        f"ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: {written}\nV/v thử\n"
        "Thái Nguyên, ngày 05 tháng 01 năm 2026\nKính gửi: Sở Tài chính.\n\n"
        "1. Sở Tài chính rà soát các khoản chi, báo cáo UBND tỉnh trước ngày 20/01/2026.\n",
        encoding="utf-8",
    )
    assert _json(runner, path)["number"] == "1958/UBND-NC"


REAL_3722 = CORPUS / "2026-3722-VPCP-CN" / "text.txt"


@pytest.mark.parametrize("written", ["Số 3722/VPCP-CN", "Số:3722/VPCP-CN", "Số : 3722/VPCP-CN"])
def test_a_number_line_without_its_colon_or_the_space_after_it(runner, tmp_path, written):
    # Real directives sometimes leave out the colon or the space; the number was lost (and the
    # draft's id with it). The real Công văn 3722/VPCP-CN so written gives the same draft.
    text = REAL_3722.read_text("utf-8")
    assert "Số: 3722/VPCP-CN\n" in text
    path = tmp_path / "cong-van.txt"
    path.write_text(text.replace("Số: 3722/VPCP-CN\n", written + "\n"), "utf-8")
    assert _json(runner, path) == _json(runner, REAL_3722)


def test_a_number_line_without_its_colon_in_a_pdf_layout(runner, tmp_path):
    # Seed 001 as its PDF's text layer gives it, hard-wrapped lines, the colon left out.
    from directive_cli.importing import extract

    src = extract.read("seed-001.pdf", (FILES / "seed-001.pdf").read_bytes())
    lines = ["Số 1958/UBND-NC" if ln.strip() == "Số: 1958/UBND-NC" else ln for ln in src.lines]
    assert lines != src.lines
    path = tmp_path / "seed-001-pdf.txt"
    path.write_text("\n".join(lines), "utf-8")
    d = _json(runner, path)
    assert (d["number"], d["issued"], len(d["tasks"])) == ("1958/UBND-NC", "2025-09-11", 25)


@pytest.mark.parametrize(
    "line",
    [
        "Số 12/KH-UBND ngày 05/01/2026 của UBND tỉnh đã giao các sở rà soát.",
        "Số CB/CC được cử đi đào tạo.",
        "Số liệu/tài liệu",
    ],
)
def test_a_line_that_only_starts_with_so_is_no_number(runner, tmp_path, line):
    # Without the colon only a line that is the number alone is the number line.
    text = REAL_3722.read_text("utf-8").replace("Số: 3722/VPCP-CN\n", line + "\n")
    path = tmp_path / "cong-van.txt"
    path.write_text(text, "utf-8")
    d = _json(runner, path)
    assert d["number"] is None
    assert any(m.startswith("Không thấy số") for m in d["review"])


def test_a_header_laid_out_as_a_portal_table(runner, tmp_path):
    # Legal portals show the header as a two-column table; pasted as text, its cells come
    # joined by "|" (the layout of such pages; the words are seed 001's own).
    text = (TEXTS / "seed-001.txt").read_text("utf-8")
    body = text[text.index("Thực hiện Nghị quyết") :]
    head = (
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "TỈNH THÁI NGUYÊN | Độc lập - Tự do - Hạnh phúc |\n"
        "Số: 1958/UBND-NC | Thái Nguyên, ngày 11 tháng 9 năm 2025 |\n"
        "V/v triển khai Kết luận của Bộ Chính trị, Ban Bí thư[1]\n"
        "Kính gửi: Các sở, ban, ngành.\n"
    )
    path = tmp_path / "cong-thong-tin.txt"
    path.write_text(head + body, "utf-8")
    d = _json(runner, path)
    assert (d["number"], d["issued"]) == ("1958/UBND-NC", "2025-09-11")
    assert d["issuer_name"] == "Ủy ban nhân dân tỉnh Thái Nguyên"
    assert d["subject"] == "triển khai Kết luận của Bộ Chính trị, Ban Bí thư"
    assert [r["id"] for r in d["recipients"]] == ["so-ban-nganh"]
    assert len(d["tasks"]) == 25


def test_a_decision_that_issues_a_plan(runner, tmp_path):
    # "Quyết định ban hành Kế hoạch": the decision's own articles assign nothing; the plan
    # after its signature does. Not a real document: seed 002's plan under a decision's header,
    # laid out as such decisions are.
    plan = (TEXTS / "seed-002.txt").read_text("utf-8")
    plan = plan[plan.index("Căn cứ Chỉ thị") :].replace("***Nơi nhận:***", "Nơi nhận:")
    decision = (
        "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\n\nSố: 120/QĐ-UBND\n\n"
        "Thái Nguyên, ngày 15 tháng 4 năm 2026\n\nQUYẾT ĐỊNH\n\n"
        "Ban hành Kế hoạch tổ chức sơ kết 01 năm thực hiện sắp xếp đơn vị hành chính các cấp\n\n"
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN\n\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n\n"
        "QUYẾT ĐỊNH:\n\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch tổ chức sơ kết 01 năm.\n\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n\n"
        "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ, Thủ trưởng các sở, ban, ngành, "
        "Chủ tịch UBND các xã, phường chịu trách nhiệm thi hành Quyết định này./.\n\n"
        "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT, NC.\n\nCHỦ TỊCH\n\nVương Quốc Tuấn\n\n"
        "KẾ HOẠCH\n\nTổ chức sơ kết 01 năm thực hiện sắp xếp đơn vị hành chính các cấp\n\n"
        "(Kèm theo Quyết định số 120/QĐ-UBND ngày 15/4/2026 của Chủ tịch UBND tỉnh)\n\n"
    )
    path = tmp_path / "quyet-dinh.txt"
    path.write_text(decision + plan, "utf-8")
    d = _json(runner, path)
    assert (d["number"], d["kind"], d["issued"]) == ("120/QĐ-UBND", "quyet-dinh", "2026-04-15")
    assert d["subject"].startswith("ban hành Kế hoạch tổ chức sơ kết")
    assert _shape(d) == _shape(_json(runner, TEXTS / "seed-002.txt"))


def test_a_heading_that_names_the_lead_leads_its_sub_items(runner, tmp_path):
    # Chỉ thị-style numbering: "2. Sở Nội vụ:" then "2.1.", "2.2." and "a)", "b)" under it.
    text = (
        "CHỈ THỊ\n\nVề tăng cường kỷ luật, kỷ cương hành chính\n\n"
        "Chủ tịch UBND tỉnh yêu cầu:\n\n"
        "1. Sở Tài chính:\n\n"
        "a) Tham mưu bố trí kinh phí số hóa hồ sơ, tài liệu cho các xã, phường.\n\n"
        "b) Hướng dẫn các xã, phường quyết toán kinh phí, hoàn thành trước ngày 15/12/2025.\n\n"
        "2. Sở Nội vụ:\n\n"
        "2.1. Tăng cường kiểm tra công vụ trên địa bàn tỉnh.\n\n"
        "2.2. Tổng hợp kết quả, báo cáo Chủ tịch UBND tỉnh trước ngày 20/12/2025.\n"
    )
    path = tmp_path / "chi-thi.txt"
    path.write_text(text, "utf-8")
    got = [(t["id"], [x["id"] for x in t["lead"]], t["due"]) for t in _json(runner, path)["tasks"]]
    assert got == [
        ("1.1", ["stc"], None),
        ("1.2", ["stc"], "2025-12-15"),
        ("2.1", ["snv"], None),
        ("2.2", ["snv"], "2025-12-20"),
    ]


def test_page_numbers_and_running_headers_are_not_text(runner, tmp_path):
    # Seed 004 as pdftotext gives a printed directive: a form feed before each page's first
    # line, a running header and a page number ("- 2 -") at the top of the page.
    lines = (TEXTS / "seed-004.txt").read_text("utf-8").splitlines()
    out: list[str] = []
    for i, line in enumerate(lines):
        if i and i % 60 == 0:
            page = i // 60 + 1
            out += ["\f", "CÔNG VĂN TRIỂN KHAI NGHỊ QUYẾT 268", f"- {page} -"]
        out.append(line)
    path = tmp_path / "seed-004-trang.txt"  # read against its province's agencies
    path.write_text("\n".join(out).replace("\n\f\n", "\n\f"), "utf-8")
    d = _json(runner, path)
    assert _shape(d) == _shape(_json(runner, TEXTS / "seed-004.txt"))
    text = json.dumps(d, ensure_ascii=False)
    assert 'NGHỊ QUYẾT 268"' not in text and "- 2 -" not in text


def test_word_header_and_signature_laid_out_in_tables(runner, tmp_path):
    # Word directives set the header (issuer | motto; Số, V/v | place and date) and the
    # signature (Nơi nhận | signer) in borderless two-column tables. Seed 001 so laid out.
    import docx

    text = (TEXTS / "seed-001.txt").read_text("utf-8").replace("**", "")
    body = text[text.index("Kính gửi:") : text.index("Nơi nhận:")]
    body = body.replace("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", "")
    body = body.replace("Thái Nguyên, ngày 11 tháng 9 năm 2025", "")
    document = docx.Document()
    head = document.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = "Số: 1958/UBND-NC\nV/v triển khai Kết luận của Bộ Chính trị"
    head.cell(1, 1).text = "Thái Nguyên, ngày 11 tháng 9 năm 2025"
    for line in body.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    sign = document.add_table(rows=1, cols=2)
    sign.cell(0, 0).text = "Nơi nhận:\n- Như trên;\n- Lưu: VT, NC."
    sign.cell(0, 1).text = "CHỦ TỊCH\n\nPhạm Hoàng Sơn"
    path = tmp_path / "cong-van.docx"
    document.save(path)
    d = _json(runner, path)
    assert (d["number"], d["issued"], d["signer"]) == (
        "1958/UBND-NC",
        "2025-09-11",
        "Phạm Hoàng Sơn",
    )
    assert d["issuer_name"] == "Ủy ban nhân dân tỉnh Thái Nguyên"
    assert d["subject"] == "triển khai Kết luận của Bộ Chính trị"
    assert _shape(d) == _shape(_json(runner, TEXTS / "seed-001.txt"))


def _without_recipients_block(text: str) -> str:
    """The text with its "Nơi nhận:" block (the heading and its "- …" lines) left out."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("Nơi nhận"))
    stop = at + 1
    while stop < len(lines) and (not lines[stop].strip() or lines[stop].lstrip()[:1] == "-"):
        stop += 1
    return "\n".join(lines[:at] + lines[stop:]) + "\n"


@pytest.mark.parametrize(
    ("source", "signer"),
    [
        (CORPUS / "2026-3722-VPCP-CN" / "text.txt", ("Phạm Mạnh Cường", "Phó Chủ nhiệm")),
        (CORPUS / "2026-453-TB-UBND-HaNoi" / "text.txt", ("Võ Tuấn Anh", "Phó Chánh văn phòng")),
        (TEXTS / "seed-001.txt", ("Phạm Hoàng Sơn", "Chủ tịch")),
    ],
)
def test_the_signer_without_a_recipients_block(runner, tmp_path, source, signer):
    # Real directives as published, the "Nơi nhận" block left out (a copy that drops it, a
    # letter sent without one): the signature block after the last paragraph is still the
    # signer's ("KT. BỘ TRƯỞNG, CHỦ NHIỆM / PHÓ CHỦ NHIỆM / Phạm Mạnh Cường"), not body text.
    full = _json(runner, source)
    assert (full["signer"], full["signer_title"]) == signer
    text = _without_recipients_block(source.read_text("utf-8"))
    assert "Nơi nhận" not in text
    path = tmp_path / source.name
    path.write_text(text, "utf-8")
    assert _json(runner, path) == full


def test_header_lines_after_the_signature_are_not_taken_for_it(runner, tmp_path):
    # A PDF may put text boxes of the header last: the number and the date after the signer's
    # name are still the header's, not lines of the signature block.
    text = _without_recipients_block(REAL_3722.read_text("utf-8"))
    moved = ("Số: 3722/VPCP-CN", "Hà Nội, ngày 28 tháng 4 năm 2026")
    for line in moved:
        text = text.replace(line + "\n", "")
    path = tmp_path / "cong-van.txt"
    path.write_text(text + "\n".join(moved) + "\n", "utf-8")
    d = _json(runner, path)
    assert (d["number"], d["issued"]) == ("3722/VPCP-CN", "2026-04-28")


def test_the_signer_in_a_word_table_without_a_recipients_block(runner, tmp_path):
    # Công văn 3722/VPCP-CN as Word lays it out: the signature in a borderless two-column
    # table, its left cell ("Nơi nhận") empty. The table was read as a table of data.
    import docx

    source = CORPUS / "2026-3722-VPCP-CN" / "text.txt"
    text = source.read_text("utf-8")
    document = docx.Document()
    for line in text[: text.index("Nơi nhận:")].splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    sign = document.add_table(rows=1, cols=2)
    sign.cell(0, 1).text = text[text.index("KT. BỘ TRƯỞNG") :].strip()
    path = tmp_path / "cong-van.docx"
    document.save(path)
    d = _json(runner, path)
    assert (d["signer"], d["signer_title"]) == ("Phạm Mạnh Cường", "Phó Chủ nhiệm")
    assert _shape(d) == _shape(_json(runner, source))


def test_word_automatic_numbering(runner, tmp_path):
    # Numbers and bullets Word draws itself (w:numPr), not typed: seed 001's section 3 so set.
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("Số: 1958/UBND-NC")
    document.add_paragraph("Thái Nguyên, ngày 11 tháng 9 năm 2025")
    document.add_paragraph("V/v triển khai Kết luận của Bộ Chính trị")
    document.add_paragraph("Kính gửi: Các sở, ban, ngành.")
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%1."/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
            '<w:lvlText w:val="\u2013"/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )

    def numbered(text: str, level: int) -> None:
        p = document.add_paragraph(text)
        p._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
            )
        )

    seed = {t["id"]: t for t in _json(runner, TEXTS / "seed-001.txt")["tasks"]}
    numbered("Về giải quyết thủ tục hành chính", 0)
    for k in ("3.2", "3.3"):
        numbered(
            seed[k]["lead"][0]["name"] + " " + seed[k]["title"] + ", " + seed[k]["due_text"] + ".",
            1,
        )
    numbered("Về tổ chức biên chế, cán bộ", 0)
    numbered("Sở Nội vụ (là đầu mối), các sở, ngành, UBND các xã, phường chủ động phối hợp.", 1)
    path = tmp_path / "tu-dong.docx"
    document.save(path)
    got = [(t["id"], [x["id"] for x in t["lead"]], t["due"]) for t in _json(runner, path)["tasks"]]
    assert got == [
        ("3.1", ["snv"], "2025-09-30"),
        ("3.2", ["skhcn"], "2025-09-20"),
        ("4", ["snv"], None),
    ]


def test_options_override_the_header(runner):
    result = _import(
        runner, TEXTS / "seed-002.txt", "--format", "json", "--number", "120/KH-UBND",
        "--issued", "2026-04-15",
    )  # fmt: skip
    d = json.loads(result.stdout)
    assert (d["number"], d["issued"]) == ("120/KH-UBND", "2026-04-15")
    assert not any("số, ký hiệu" in m or "Ngày ban hành" in m for m in d["review"])


def test_a_text_without_its_date_says_so(runner):
    # Seed 004 as received has lost its place-and-date line: issued is left out, and marked.
    d = _json(runner, TEXTS / "seed-004.txt")
    assert d["issued"] is None
    assert any(m.startswith("Không thấy ngày ban hành") for m in d["review"])
    args = (TEXTS / "seed-004.txt", "--format", "json", "--issued", "2025-09-20")
    result = _import(runner, *args, data=OTHER_PROVINCE)
    assert not any("ngày ban hành" in m for m in json.loads(result.stdout)["review"])


# A table of tasks as kế hoạch annexes lay them out. Not a real document: seed 001's tasks set
# out in such a table (with one body that agencies.yaml lacks), to test the table reader.
TASK_TABLE = [
    ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành",
     "Sản phẩm"],
    ["I", "Về giải quyết thủ tục hành chính", "", "", "", ""],
    ["1", "Hướng dẫn các xã, phường thành lập Trung tâm Phục vụ hành chính công cấp xã",
     "Sở Nội vụ", "UBND các xã, phường", "Tháng 9/2025", "Văn bản hướng dẫn"],
    ["2", "Triển khai các giải pháp khắc phục tồn tại, hạn chế về thủ tục hành chính",
     "Sở KH&CN", "Các sở, ban, ngành", "Trước ngày 20/9/2025", "Báo cáo"],
    ["II", "Về quản lý, sử dụng tài sản công", "", "", "", ""],
    ["1", "Tham mưu phương án sử dụng trụ sở, tài sản công được chuyển giao",
     "Trung tâm Phát triển Quỹ đất tỉnh", "", "Trước ngày 30/9/2025", "Phương án"],
    ["2", "Tổng hợp nhu cầu nhà ở công vụ", "Sở Xây dựng", "Các cơ quan, đơn vị có liên quan",
     "Thường xuyên", ""],
    ["3", "Rà soát trụ sở dôi dư sau sắp xếp", "Ban Quản lý dự án tỉnh", "", "Quý IV/2025", ""],
]  # fmt: skip
TABLE_WANT = [
    ("I.1", ["snv"], ["xa-phuong"], "2025-09-30"),
    ("I.2", ["skhcn"], ["so-ban-nganh"], "2025-09-20"),
    ("II.1", ["ttptqd"], [], "2025-09-30"),
    ("II.2", ["sxd"], [], None),
    ("II.3", [None], [], "2025-12-31"),
]


def _table_shape(d: dict) -> list[tuple]:
    return [
        (t["id"], [x["id"] for x in t["lead"]], [s["id"] for s in t["support"]], t["due"])
        for t in d["tasks"]
    ]


def test_a_table_of_tasks_in_markdown(runner, tmp_path):
    rows = ["| " + " | ".join(r) + " |" for r in TASK_TABLE]
    rows.insert(1, "|" + "---|" * len(TASK_TABLE[0]))
    path = tmp_path / "bang.md"
    path.write_text("KẾ HOẠCH\n\nTriển khai nhiệm vụ\n\n" + "\n".join(rows) + "\n", "utf-8")
    d = _json(runner, path)
    assert _table_shape(d) == TABLE_WANT
    last = d["tasks"][-1]
    assert last["lead"][0]["name"] == "Ban Quản lý dự án tỉnh" and last["review"]


def test_table_rows_whose_number_is_taken_by_the_body_are_kept(runner, data_copy, tmp_path):
    # Body items 1., 2. and a table of tasks numbered 1, 2, 3 without group rows: rows 1 and 2
    # vanished without a word. Now every row is a task "bang-STT", marked, and said on screen.
    table = [TASK_TABLE[0]] + [
        [str(n), *r[1:]] for n, r in enumerate((TASK_TABLE[2], TASK_TABLE[3], TASK_TABLE[5]), 1)
    ]
    rows = ["| " + " | ".join(r) + " |" for r in table]
    rows.insert(1, "|" + "---|" * len(table[0]))
    path = tmp_path / "ke-hoach.md"
    path.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 15/KH-UBND\n"
        "Thái Nguyên, ngày 05 tháng 9 năm 2025\n\nKẾ HOẠCH\n\nThực hiện nhiệm vụ quý IV\n\n"
        "1. Sở Tài chính rà soát các khoản chi, báo cáo UBND tỉnh trước ngày 20/10/2025.\n\n"
        "2. Sở Tư pháp thẩm định các văn bản quy phạm pháp luật trước ngày 28/11/2025.\n\n"
        + "\n".join(rows)
        + "\n",
        "utf-8",
    )
    d = _json(runner, path)
    assert [(t["id"], [x["id"] for x in t["lead"]]) for t in d["tasks"]] == [
        ("1", ["stc"]),
        ("2", ["stp"]),
        ("bang-1", ["snv"]),
        ("bang-2", ["skhcn"]),
        ("bang-3", ["ttptqd"]),
    ]
    assert all("mã tạm" in t["review"][-1] for t in d["tasks"][2:])
    result = _import(runner, path, data=data_copy)
    assert result.exit_code == 0, result.output
    assert (
        "STT của bảng nhiệm vụ trùng với mã nhiệm vụ ở thân văn bản (1, 2): giữ đủ 3 dòng của "
        "bảng, ghi mã 'bang-' + STT (bang-1, bang-2, bang-3)."
    ) in result.stdout
    written = (data_copy / "directives" / "2025-15-KH-UBND.yaml").read_text("utf-8")
    assert "# KIỂM TRA: Mã 'bang-2' (STT 2 của bảng nhiệm vụ) là mã tạm" in written
    check = runner.invoke(app, ["--data", str(data_copy), "check"])
    assert check.exit_code == 0 and "5 nhiệm vụ" in check.stdout, check.output


def test_a_table_of_tasks_in_word_with_merged_cells(runner, tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    table = document.add_table(rows=len(TASK_TABLE), cols=len(TASK_TABLE[0]))
    for r, row in enumerate(TASK_TABLE):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for r in (1, 4):  # group rows: the title across the row
        merged = table.cell(r, 1).merge(table.cell(r, 5))
        merged.text = TASK_TABLE[r][1]
    # Two rows with the same lead in one merged cell: each keeps it.
    table.cell(6, 2).merge(table.cell(7, 2)).text = "Sở Xây dựng"
    path = tmp_path / "bang.docx"
    document.save(path)
    want = [*TABLE_WANT[:4], ("II.3", ["sxd"], [], "2025-12-31")]
    assert _table_shape(_json(runner, path)) == want


# -- the YAML file ------------------------------------------------------------------------------


def test_the_draft_passes_check_where_nothing_is_marked(runner, data_copy):
    result = _import(runner, TEXTS / "seed-001.txt", data=data_copy)
    assert result.exit_code == 0, result.output
    path = data_copy / "directives" / "2025-1958-UBND-NC.yaml"
    assert f"Đã ghi {path}" in result.stdout and "Tìm thấy 25 nhiệm vụ" in result.stdout
    check = runner.invoke(app, ["--data", str(data_copy), "check"])
    assert check.exit_code == 0, check.output
    listed = runner.invoke(
        app, ["--data", str(data_copy), "--today", "2025-10-01", "overdue", "-f", "json"]
    )
    assert {r["ref"] for r in json.loads(listed.stdout)} >= {"2025-1958-UBND-NC:3.3@skhcn"}


# What the clerk writes on the marked lines that `dtrack check` stops on.
SETTLED = {
    "seed-002": [("lead: Cấp tỉnh", "lead: snv")],
    "seed-004": [("subject: ''", "subject: triển khai thực hiện Nghị quyết số 268/NQ-CP")],
}


@pytest.mark.parametrize("seed", ["seed-002", "seed-004"])
def test_check_stops_only_on_marked_lines(runner, data_copy, seed):
    shutil.copy(_data_for(Path(seed)) / "agencies.yaml", data_copy / "agencies.yaml")
    result = _import(runner, TEXTS / f"{seed}.txt", "--id", "draft", data=data_copy)
    assert result.exit_code == 0, result.output
    path = data_copy / "directives" / "draft.yaml"
    lines = path.read_text("utf-8").splitlines()
    check = runner.invoke(app, ["--data", str(data_copy), "check", "--format", "json"])
    errors = json.loads(check.stdout)["errors"]
    assert errors  # seed 002: the issuer as a lead; seed 004: the subject lost in extraction
    for e in errors:
        assert "# KIỂM TRA:" in lines[e["line"] - 1], e
    text = path.read_text("utf-8")
    for old, new in SETTLED[seed]:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, "utf-8")
    settled = runner.invoke(app, ["--data", str(data_copy), "check"])
    assert settled.exit_code == 0, settled.output


def test_yaml_draft_of_the_plan(runner, data_copy, tmp_path):
    # The project's own style: folded long text, ids in flow lists, the annex as lead/detail
    # items, a "# KIỂM TRA:" note on each line to review.
    out = tmp_path / "ke-hoach.yaml"
    result = _import(runner, TEXTS / "seed-002.txt", "--out", out, data=data_copy)
    assert result.exit_code == 0, result.output
    golden("import-seed-002.yaml", out.read_text("utf-8"))


def test_an_existing_file_is_never_overwritten(runner, data_copy):
    target = data_copy / "directives" / "x.yaml"
    target.write_text("# mine\n", encoding="utf-8")
    result = _import(runner, TEXTS / "seed-001.txt", "--out", target, data=data_copy)
    assert result.exit_code == 1
    assert "đã có: không ghi đè" in result.stderr
    assert target.read_text("utf-8") == "# mine\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["x.yaml"]  # no temporary left


def test_embedded_data_is_not_written(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./data: the embedded sample data
    result = runner.invoke(app, ["import", str(TEXTS / "seed-001.txt")])
    assert result.exit_code == 1


# -- unreadable input: a clear message, exit 1 ---------------------------------------------------


def _zip_without_word() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "không phải Word")
    return buf.getvalue()


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(FILES / "seed-004.pdf").pages[:1]:
        writer.add_page(page)
    writer.encrypt(user_password="mat-khau", owner_password="chu")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("rong.txt", lambda: b"", "rỗng"),
        ("nen.docx", _zip_without_word, "không phải tệp Word"),
        ("nen.zip", _zip_without_word, "không phải tệp Word"),
        ("khoa.pdf", _encrypted_pdf, "có mật khẩu"),
        ("cu.txt", lambda: b"S\xf5\xde N\xf4\xf2i v\xf9\xf2", "UTF-8"),  # Windows-1258
        ("gia.pdf", lambda: b"hello", "không phải PDF"),
    ],
)
def test_unreadable_input_gets_a_clear_message(runner, tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content())
    result = _import(runner, path, "--format", "json")
    assert result.exit_code == 1
    assert words in result.stderr and "Traceback" not in result.output


def _word(*paragraphs: str, table: bool = False) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        document.add_table(rows=2, cols=2)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rong.txt", lambda: b"", "Tệp '{}' rỗng (0 byte hoặc chỉ có khoảng trắng)"),
        ("bom.txt", lambda: b"\xef\xbb\xbf\r\n  \r\n", "Tệp '{}' rỗng (không có chữ nào)"),
        ("rong.docx", _word, "Tệp Word '{}' rỗng (không có chữ nào)"),
        ("trang.docx", lambda: _word("", "  ", table=True), "Tệp Word '{}' rỗng"),
    ],
)
def test_an_empty_document_is_an_error_whatever_its_kind(tmp_path, name, content, message):
    # A Word file with no word in it gave an empty draft and exit 0, where an empty .txt
    # exits 1: the same error for both, naming the file. A real run, as the clerk sees it.
    path = tmp_path / name
    path.write_bytes(content())
    args = ["--data", str(DEFAULT_DATA), "import", str(path), "--out", str(tmp_path / "x.yaml")]
    done = subprocess.run(
        [sys.executable, "-c", "from directive_cli.cli import main; main()", *args],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("dtrack: lỗi: " + message.format(path)), done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "x.yaml").exists()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_text_saved_as_unicode_by_notepad(runner, tmp_path, encoding):
    # Notepad's "Unicode" is UTF-16 with a byte order mark; "UTF-8" there writes one too.
    path = tmp_path / "seed-004-cv.txt"
    path.write_bytes((TEXTS / "seed-004.txt").read_text("utf-8").encode(encoding))
    result = _import(runner, path, "--format", "json", data=OTHER_PROVINCE)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == _json(runner, TEXTS / "seed-004.txt")


def test_missing_file(runner, tmp_path):
    result = _import(runner, tmp_path / "khong-co.pdf")
    assert result.exit_code == 1 and "không đọc được tệp" in result.stderr


def test_a_scan_without_tesseract_says_how_to_install_it(tmp_path):
    # A real subprocess with an empty PATH but for pdftoppm: tesseract cannot be found.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        (bin_dir / "pdftoppm").symlink_to(pdftoppm)
    env = {**os.environ, "PATH": str(bin_dir)}
    script = "from directive_cli.cli import main; main()"
    args = ["--data", str(DEFAULT_DATA), "import", str(FILES / "scan-sample.pdf"), "-f", "json"]
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1
    assert (
        "bản quét" in done.stderr
        and "apt-get install tesseract-ocr tesseract-ocr-vie" in done.stderr
    )
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(  # CI installs them (.ci/run): there a missing program fails the test
    not (shutil.which("tesseract") and shutil.which("pdftoppm")) and not os.environ.get("CI"),
    reason="needs tesseract-ocr-vie and poppler-utils",
)
def test_a_scan_is_read_through_tesseract(runner):
    # scan-sample.pdf: a passage of seed 001 printed by LibreOffice, rasterised, no text layer.
    d = _json(runner, FILES / "scan-sample.pdf")
    assert d["number"] == "1958/UBND-NC" and d["issued"] == "2025-09-11"
    got = [(t["lead"][0]["id"], t["due"]) for t in d["tasks"]]
    assert got == [("skhcn", "2025-09-20"), ("ttptqd", "2025-09-30")]


@pytest.mark.skipif(  # CI installs them (.ci/run): there a missing program fails the test
    not (shutil.which("tesseract") and shutil.which("pdftoppm")) and not os.environ.get("CI"),
    reason="needs tesseract-ocr-vie and poppler-utils",
)
def test_a_scan_of_a_blank_page_is_an_empty_document(runner, tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    path = tmp_path / "trang-trang.pdf"
    writer.write(path)
    result = _import(runner, path, "--format", "json")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"Tệp PDF '{path}' là bản quét nhưng không nhận dạng được chữ nào" in result.stderr


# -- agency names ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def resolver():
    from directive_cli.agency_names import Resolver
    from directive_cli.loading.load import load

    repo = load(DEFAULT_DATA)
    return Resolver(repo.agencies.values(), repo.groups.values(), repo.issuer)


@pytest.mark.parametrize(
    ("written", "ident"),
    [
        ("Sở KH&CN", "skhcn"),
        ("Sở KH & CN", "skhcn"),
        ("Sở VHTTDL", "svhttdl"),
        ("Sở Văn hoá, Thể thao và Du lịch", "svhttdl"),
        ("Sở Công thương", "sct"),
        ("UBND các xã, phường", "xa-phuong"),
        ("các sở, ban, ngành", "so-ban-nganh"),
        ("Công an tỉnh", "ca-tinh"),
        ("Văn phòng UBND tỉnh", "vp-ubnd"),
        ("Báo và Phát thanh, truyền hình tỉnh", "bao-ptth"),
        ("UBND xã An Khánh", "xa-an-khanh"),
    ],
)
def test_usual_short_forms_resolve(resolver, written, ident):
    assert resolver.resolve(written).id == ident


def test_the_other_provinces_communes_resolve_in_its_own_folder():
    from directive_cli.agency_names import Resolver
    from directive_cli.loading.load import load

    repo = load(OTHER_PROVINCE)
    resolver = Resolver(repo.agencies.values(), repo.groups.values(), repo.issuer)
    written = "Ủy ban nhân dân các xã, phường, đặc khu"
    assert resolver.resolve(written).id == "xa-phuong-dac-khu"


@pytest.mark.parametrize(
    "written", ["Sở Tài nguyên và Môi trường", "Sở Nội", "Ban Tổ chức Tỉnh ủy"]
)
def test_no_nearest_id(resolver, written):
    ref = resolver.resolve(written)
    assert ref.id is None and ref.name == written


def test_a_list_of_ministries_kept_by_name(resolver):
    text = "các Bộ: Công an, Tư pháp, Nông nghiệp và Môi trường có ý kiến"
    refs, end = resolver.scan(text)
    assert [(r.id, r.name) for r in refs] == [
        (None, "Bộ Công an"),
        (None, "Bộ Tư pháp"),
        (None, "Bộ Nông nghiệp và Môi trường"),
    ]
    assert text[end:].strip() == "có ý kiến"


def test_a_generic_set_narrowed_by_its_owner_is_indefinite(resolver):
    from directive_cli.agency_names import INDEFINITE

    refs, _ = resolver.scan("các cơ quan, đơn vị của Trung ương; các sở, ban, ngành")
    assert [r.id for r in refs] == [INDEFINITE, "so-ban-nganh"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ban Quản lý dự án XYZ chủ trì rà soát hạ tầng", "Ban Quản lý dự án XYZ"),
        ("Trung tâm Kiểm soát bệnh tật tỉnh chủ trì tổ chức", "Trung tâm Kiểm soát bệnh tật tỉnh"),
        ("Bộ Xây dựng trong việc đôn đốc", "Bộ Xây dựng"),
    ],
)
def test_an_unknown_name_keeps_its_capital_words(resolver, text, name):
    # "Quản", "Kiểm", "Xây" begin verbs that end a subject, but not when written with a capital.
    refs, _ = resolver.scan(text)
    assert [(r.id, r.name) for r in refs] == [(None, name)]


def test_a_task_led_by_an_unknown_body_is_kept_and_marked(runner, tmp_path):
    path = tmp_path / "kh.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 45/KH-UBND\n"
        "Thái Nguyên, ngày 10 tháng 02 năm 2026\nKẾ HOẠCH\nTriển khai chuyển đổi số\n"
        "I. NHIỆM VỤ\n1. Sở Tư pháp chủ trì rà soát thủ tục trước ngày 01/4/2026.\n"
        "2. Ban Quản lý dự án XYZ chủ trì rà soát hạ tầng trước ngày 01/4/2026.\n",
        encoding="utf-8",
    )
    tasks = _json(runner, path)["tasks"]
    assert [t["id"] for t in tasks] == ["I.1", "I.2"]
    assert tasks[1]["lead"] == [{"id": None, "name": "Ban Quản lý dự án XYZ", "detail": None}]
    assert any("không có trong agencies.yaml" in m for m in tasks[1]["review"])


def test_the_addressees_of_a_plan_without_kinh_gui_are_marked_not_left_empty(runner, tmp_path):
    path = tmp_path / "kh.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 46/KH-UBND\n"
        "Thái Nguyên, ngày 10 tháng 02 năm 2026\nKẾ HOẠCH\nTriển khai chuyển đổi số\n"
        "I. NHIỆM VỤ\n1. Sở Tư pháp chủ trì rà soát thủ tục hành chính trước ngày 01/4/2026.\n"
        "2. Các cơ quan, đơn vị rà soát, cập nhật cơ sở dữ liệu chuyên ngành, báo cáo UBND "
        "tỉnh trước ngày 30/4/2026.\n"
        "II. TỔ CHỨC THỰC HIỆN\nCác cơ quan, đơn vị căn cứ Kế hoạch này tổ chức thực hiện./.\n",
        encoding="utf-8",
    )
    tasks = _json(runner, path)["tasks"]
    assert [t["id"] for t in tasks] == ["I.1", "I.2"]  # the closing formula is no task
    assert tasks[1]["lead"] == [] and any("Kính gửi" in m for m in tasks[1]["review"])
    out = tmp_path / "kh.yaml"
    assert _import(runner, path, "--out", out).exit_code == 0
    line = next(x for x in out.read_text("utf-8").splitlines() if "lead: []" in x)
    assert "# KIỂM TRA:" in line


def test_a_list_in_running_text(resolver):
    text = (
        "Thanh tra tỉnh, Văn phòng UBND tỉnh và các Sở: Tư pháp, Khoa học và Công nghệ "
        "theo chức năng"
    )
    refs, end = resolver.scan(text)
    assert [r.id for r in refs] == ["thanh-tra", "vp-ubnd", "stp", "skhcn"]
    assert text[end:].strip().startswith("theo")


@pytest.mark.parametrize(
    ("words", "to"),
    [
        ("báo cáo kết quả thực hiện về UBND tỉnh", "UBND tỉnh"),
        ("báo cáo về Ủy ban nhân dân tỉnh (qua Sở Nội vụ)", "UBND tỉnh"),
        ("báo cáo Chủ tịch UBND tỉnh", "Chủ tịch UBND tỉnh"),
        ("gửi báo cáo về Sở Nội vụ", "Sở Nội vụ"),
    ],
)
def test_whom_to_report_to(runner, tmp_path, words, to):
    path = tmp_path / "cv.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 7/UBND-KT\nV/v thử\n"
        "Thái Nguyên, ngày 05 tháng 01 năm 2026\nKính gửi: Sở Tài chính.\n\n"
        f"1. Sở Tài chính rà soát các khoản chi thường xuyên, {words} trước ngày 20/01/2026.\n",
        encoding="utf-8",
    )
    assert _json(runner, path)["tasks"][0]["report_to"] == to


# -- deadlines in running text --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("báo cáo Chủ tịch UBND tỉnh trước ngày 20/9/2025.", "trước ngày 20/9/2025"),
        ("yêu cầu thực hiện xong trong tháng 9/2025.", "trong tháng 9/2025"),
        ("hoàn thành trong năm 2025.", "trong năm 2025"),
        ("trình UBND tỉnh chậm nhất ngày 05/5/2026", "chậm nhất ngày 05/5/2026"),
        ("báo cáo trong 10 ngày làm việc kể từ ngày ký", "trong 10 ngày làm việc kể từ ngày ký"),
        ("treo cờ từ ngày 10/5/2026 đến hết ngày 14/5/2026.", "đến hết ngày 14/5/2026"),
    ],
)
def test_deadline_phrases_are_found(text, phrase):
    from directive_cli.importing.due import find_phrases

    assert [p for _, p in find_phrases(text)] == [phrase]


@pytest.mark.parametrize(
    "text",
    [
        "theo Công văn số 1891/UBND-NC ngày 15/08/2025 về việc chấn chỉnh",
        "thực hiện tốt các chỉ tiêu tăng trưởng của địa phương trong năm 2025.",
    ],
)
def test_citations_are_not_deadlines(text):
    from directive_cli.importing.due import find_phrases

    assert find_phrases(text) == []


def test_a_long_paragraph_is_cut_where_the_subject_changes(runner, tmp_path):
    # One paragraph of 300 sentences, runs of the same subject: one task a run, whatever the
    # paragraph's length (the cutting was rewritten to be linear; the same tasks as before).
    who = {"stc": "Sở Tài chính", "stp": "Sở Tư pháp", "snv": "Sở Nội vụ"}
    runs = ["stc", "stc", "stp", "snv", "snv", "snv"] * 50
    sentences = [
        f"{who[a]} rà soát hồ sơ số {i}, báo cáo UBND tỉnh trước ngày 20/01/2026."
        for i, a in enumerate(runs)
    ]
    path = tmp_path / "mot-doan.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 15/UBND-NC\nV/v rà soát hồ sơ\n"
        "Thái Nguyên, ngày 05 tháng 01 năm 2026\nKính gửi: Sở Tài chính.\n\n"
        "1. " + " ".join(sentences) + "\n",
        "utf-8",
    )
    tasks = _json(runner, path)["tasks"]
    assert [[x["id"] for x in t["lead"]] for t in tasks] == [["stc"], ["stp"], ["snv"]] * 50
    assert [t["id"] for t in tasks] == [f"1.{k}" for k in range(1, 151)]
    starts = [i for i, a in enumerate(runs) if i == 0 or runs[i - 1] != a]
    assert [t["title"] for t in tasks] == [
        f"Rà soát hồ sơ số {i}, báo cáo UBND tỉnh" for i in starts
    ]


# -- robustness and cost -------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("Sở Nội vụ chủ trì, 1.-+:;\n\tIVX(ab)/trước ngày 20/9/2025")),
        max_size=400,
    )
)
def test_any_text_gives_a_draft_not_a_crash(text):
    from directive_cli.importing import draft
    from directive_cli.importing.extract import ExtractError

    try:
        d = draft.build("x.txt", text.encode("utf-8"), [], [], None)
    except ExtractError:
        return
    assert isinstance(draft.to_json(d)["tasks"], list)


def test_reporting_commands_do_not_load_the_importer():
    script = (
        "import sys\n"
        "from directive_cli.cli import app\n"
        "try:\n"
        f"    args = ['--data', {str(DEFAULT_DATA)!r}, '--no-cache', 'overdue']\n"
        "    app(args=args, prog_name='dtrack')\n"
        "except SystemExit:\n"
        "    pass\n"
        "lazy = ('pypdf', 'docx', 'directive_cli.importing')\n"
        "print(sorted(m for m in sys.modules if m.startswith(lazy)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "[]"
