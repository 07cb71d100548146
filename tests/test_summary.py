"""`dtrack summary`: the Biểu tổng hợp, checked cell by cell against numbers worked out by hand.

The fixture below is small on purpose. Every expected number in these tests was derived by hand
from it (see the comment under FIXTURE), not recomputed by the code under test.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from decimal import Decimal

import pytest
from conftest import DEFAULT_DATA, ROOT, golden

from directive_cli.cli import app
from directive_cli.summary import Counts

T = "2025-10-01"

FIXTURE = {
    "2025-100-UBND-NC.yaml": """\
        number: 100/UBND-NC
        issued: 2025-09-01
        subject: thử nghiệm biểu tổng hợp
        tasks:
          - {id: "1", title: Việc một, lead: snv, due: 2025-09-20,
             updates: [{date: 2025-09-15, kind: done}]}
          - {id: "2", title: Việc hai, lead: [snv, stc], due: 2025-09-20,
             updates: [{date: 2025-09-25, kind: done, agency: snv}]}
          - {id: "3", title: Việc ba, lead: stc, due: 2025-10-05}
          - {id: "4", title: Việc bốn, lead: [snv, xa-an-khanh], due: 2025-12-31}
          - {id: "5", title: Việc năm, lead: stc, due: thường xuyên}
          - {id: "6", title: Việc sáu, lead: xa-an-khanh}
          - {id: "7", title: Việc bảy, lead: snv, updates: [{date: 2025-09-10, kind: done}]}
          - {id: "8", title: Việc tám, lead: stc, due: 2025-09-30,
             updates: [{date: 2025-09-20, kind: cancelled}]}
          - {id: "9", title: Việc chín, lead: xa-an-khanh, due: 2025-09-25}
        """,
    "2025-200-UBND-NC.yaml": """\
        number: 200/UBND-NC
        kind: ke-hoach
        issued: 2025-09-15
        subject: kế hoạch thử nghiệm
        tasks:
          - {id: "1", title: Việc B một, lead: snv, due: 2025-09-30}
          - {id: "2", title: Việc B hai, lead: phuong-duc-xuan, due: 2025-09-30,
             updates: [{date: 2025-09-30, kind: done}]}
          - {id: "3", title: Việc B ba, lead: phuong-duc-xuan, due: thường xuyên,
             updates: [{date: 2025-09-20, kind: cancelled}]}
        """,
    "2025-300-UBND-NC.yaml": """\
        number: 300/UBND-NC
        issued: 2025-10-15
        subject: ban hành sau ngày xem
        tasks:
          - {id: "1", title: Việc C, lead: snv, due: 2025-10-30}
        """,
    "2025-du-thao.yaml": """\
        kind: ke-hoach
        subject: dự thảo chưa có số, chưa có ngày
        tasks:
          - {id: "1", title: Việc D, lead: stc, due: 2025-12-31}
        """,
}
# Worked out by hand at T = 2025-10-01 (warning window 7 days):
#   100/1 snv done 15/9 <= 20/9 -> done_on_time
#   100/2 snv done 25/9 > 20/9 -> done_late; stc not done, 20/9 < T -> overdue (11 days)
#   100/3 stc due 5/10, 4 days left -> due_soon
#   100/4 snv, xa-an-khanh due 31/12 -> on_track x2
#   100/5 stc thường xuyên -> ongoing;  100/6 xa-an-khanh no due -> no_deadline
#   100/7 snv done, no due -> done;     100/8 stc cancelled -> cancelled
#   100/9 xa-an-khanh due 25/9 -> overdue (6 days)
#   200/1 snv due 30/9 -> overdue (1 day); 200/2 phuong done 30/9 on 30/9 -> done_on_time
#   200/3 phuong cancelled -> cancelled
#   300 issued 15/10 > T -> left out;  du-thao (no date): a draft, not in force -> left out
#   stp has nothing -> no row.
# Rows:  snv  dot1 dl1 done1 od1 ot1             total 5, rate 1/(1+1+1) = 33.3
#        stc  od1 ds1 ongoing1 cancelled1        total 3, rate 0/(0+0+1) = 0.0
#        xa   od1 ot1 nd1                        total 3, rate 0/1 = 0.0
#        phuong dot1 cancelled1                  total 1, rate 1/1 = 100.0
#        all  dot2 dl1 done1 od3 ds1 ot2 ongoing1 nd1 cancelled2, total 12, rate 2/6 = 33.3


STATUS_ORDER = (
    "done_on_time", "done_late", "done", "overdue", "due_soon", "on_track", "ongoing",
    "no_deadline", "cancelled",
)  # fmt: skip


def record(key, name, total, counts, rate, tasks=None):
    """A JSON row; `counts` in STATUS_ORDER (the SPEC's order of statuses); `tasks` (the
    directive's number of tasks) in rows by directive."""
    statuses = dict(zip(STATUS_ORDER, counts, strict=True))
    # The statuses of deadlines that are not running yet (issue 15): none in these data.
    statuses.update(not_started=0, waiting=0, conditional=0)
    row = {"key": key, "name": name}
    if tasks is not None:
        row["tasks"] = tasks
    return row | {"total": total, **statuses, "on_time_rate": rate}


BY_AGENCY = [
    record("snv", "Sở Nội vụ", 5, (1, 1, 1, 1, 0, 1, 0, 0, 0), 33.3),
    record("stc", "Sở Tài chính", 3, (0, 0, 0, 1, 1, 0, 1, 0, 1), 0.0),
    record("xa-an-khanh", "Xã An Khánh", 3, (0, 0, 0, 1, 0, 1, 0, 1, 0), 0.0),
    record("phuong-duc-xuan", "Phường Đức Xuân", 1, (1, 0, 0, 0, 0, 0, 0, 0, 1), 100.0),
    record(None, "Tổng cộng", 12, (2, 1, 1, 3, 1, 2, 1, 1, 2), 33.3),
]

CSV_HEADER = (
    "STT,Mã,Cơ quan, đơn vị chủ trì,Tổng số,Đã hoàn thành - Tổng,Đã hoàn thành - Đúng hạn,"
    "Đã hoàn thành - Quá hạn,Chưa hoàn thành - Tổng,Chưa hoàn thành - Trong hạn,"
    "Chưa hoàn thành - Quá hạn,Thường xuyên / chưa có thời hạn,Dừng thực hiện,"
    "Tỷ lệ hoàn thành đúng hạn (%)"
).replace("Cơ quan, đơn vị chủ trì", '"Cơ quan, đơn vị chủ trì"')


@pytest.fixture
def data(make_data):
    return make_data(FIXTURE)


def run(runner, data, *args, today=T):
    return runner.invoke(app, ["--data", str(data), "--today", today, "summary", *args])


# -- the counts -----------------------------------------------------------------------------------


def test_json_by_agency(runner, data):
    r = run(runner, data, "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == BY_AGENCY


def test_csv_has_the_official_columns(runner, data):
    r = run(runner, data, "--format", "csv")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == [
        CSV_HEADER,
        # STT, mã, tên, tổng, ĐHT tổng/đúng hạn/quá hạn, CHT tổng/trong hạn/quá hạn, TX, dừng, %
        "1,snv,Sở Nội vụ,5,3,1,1,2,1,1,0,0,33.3",
        "2,stc,Sở Tài chính,3,0,0,0,2,1,1,1,1,0.0",
        "3,xa-an-khanh,Xã An Khánh,3,0,0,0,2,1,1,1,0,0.0",
        "4,phuong-duc-xuan,Phường Đức Xuân,1,1,1,0,0,0,0,0,1,100.0",
        ",,Tổng cộng,12,4,2,1,6,3,3,2,2,33.3",
    ]


def test_by_directive_in_date_order_drafts_left_out(runner, data):
    r = run(runner, data, "--by", "directive", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == [
        # 100: dot1 dl1 done1 od2 ds1 ot2 ongoing1 nd1 cancelled1; rate 1/(1+1+2)
        record(
            "2025-100-UBND-NC",
            "Công văn số 100/UBND-NC ngày 01/09/2025 (09 nhiệm vụ)",
            10,
            (1, 1, 1, 2, 1, 2, 1, 1, 1),
            25.0,
            tasks=9,  # 10 shares: tasks 2 and 4 have two lead agencies, 8 is cancelled
        ),
        # 200: od1 dot1 cancelled1; rate 1/(1+0+1)
        record(
            "2025-200-UBND-NC",
            "Kế hoạch số 200/UBND-NC ngày 15/09/2025 (03 nhiệm vụ)",
            2,
            (1, 0, 0, 1, 0, 0, 0, 0, 1),
            50.0,
            tasks=3,
        ),
        BY_AGENCY[-1],
    ]


def test_issued_range_leaves_out_other_directives_and_drafts(runner, data):
    r = run(runner, data, "--from", "2025-09-10", "--to", "2025-09-30", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == [  # only Kế hoạch 200 (15/9)
        record("snv", "Sở Nội vụ", 1, (0, 0, 0, 1, 0, 0, 0, 0, 0), 0.0),
        record("phuong-duc-xuan", "Phường Đức Xuân", 1, (1, 0, 0, 0, 0, 0, 0, 0, 1), 100.0),
        record(None, "Tổng cộng", 2, (1, 0, 0, 1, 0, 0, 0, 0, 1), 50.0),
    ]
    r = run(runner, data, "--from", "2025-09-10", "--format", "md")
    assert "(Các văn bản ban hành từ ngày 10/09/2025; tính đến ngày 01/10/2025)" in r.stdout


def test_agency_and_directive_filters(runner, data):
    r = run(runner, data, "--agency", "so-ban-nganh", "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [row["key"] for row in rows] == ["snv", "stc", None]  # stp has nothing: no row
    assert rows[-1] == record(None, "Tổng cộng", 8, (1, 1, 1, 2, 1, 1, 1, 0, 1), 25.0)
    r = run(runner, data, "--directive", "2025-200-UBND-NC", "--format", "json")
    assert json.loads(r.stdout)[-1] == record(
        None, "Tổng cộng", 2, (1, 0, 0, 1, 0, 0, 0, 0, 1), 50.0
    )


def test_nothing_selected_gives_a_zero_total_row(runner, data):
    r = run(runner, data, "--agency", "stp", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == [record(None, "Tổng cộng", 0, (0, 0, 0, 0, 0, 0, 0, 0, 0), None)]


def test_rate_rounds_half_up_and_is_blank_without_base():
    # 1 / 16 = 6.25 % -> 6.3 (half up, as a clerk rounds), 2 / 3 -> 66.7, 0 / 0 -> blank
    assert Counts(done_on_time=1, overdue=15).on_time_rate == Decimal("6.3")
    assert Counts(done_on_time=2, done_late=1).on_time_rate == Decimal("66.7")
    assert Counts(done=4, ongoing=2, on_track=3, cancelled=1).on_time_rate is None
    c = Counts(done_on_time=1, done_late=2, done=3, overdue=4, due_soon=5, on_track=6,
               ongoing=7, no_deadline=8, cancelled=9)  # fmt: skip
    assert (c.total, c.done_total, c.open_total, c.open_in_time, c.standing) == (36, 6, 15, 11, 15)


# -- the human formats ----------------------------------------------------------------------------


def test_table(runner, data):
    r = run(runner, data)
    assert r.exit_code == 0, r.output
    assert "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ DO UBND TỈNH GIAO" in r.stdout
    assert "(Tính đến ngày 01/10/2025)" in r.stdout
    lines = r.stdout.splitlines()
    snv = next(line for line in lines if "Sở Nội vụ" in line)
    cells = [c.strip() for c in snv.split("│")[1:-1]]
    assert cells == ["1", "Sở Nội vụ", "5", "3", "1", "1", "2", "1", "1", "0", "0", "33,3"]
    total = next(line for line in lines if "Tổng cộng" in line)
    cells = [c.strip() for c in total.split("│")[1:-1]]
    assert cells == ["", "Tổng cộng", "12", "4", "2", "1", "6", "3", "3", "2", "2", "33,3"]
    assert not any("Sở Tư pháp" in line for line in lines)
    assert "gồm cả 1 nhiệm vụ hoàn thành không có thời hạn" in r.stdout


def test_markdown_has_the_overdue_section(runner, data):
    r = run(runner, data, "--format", "md")
    assert r.exit_code == 0, r.output
    assert "| 3 | Xã An Khánh | 3 | 0 | 0 | 0 | 2 | 1 | 1 | 1 | 0 | 0,0 |" in r.stdout
    section = r.stdout.split("### Danh sách nhiệm vụ quá hạn")[1]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "STT" not in line]
    # official agency order: snv (200/1, 1 day), stc (100/2, 11 days), xa-an-khanh (100/9, 6 days)
    assert rows == [
        "| 1 | Sở Nội vụ | 1. Việc B một | 200/UBND-NC (15/09/2025) | 30/09/2025 | 1 |",
        "| 2 | Sở Tài chính | 2. Việc hai | 100/UBND-NC (01/09/2025) | 20/09/2025 | 11 |",
        "| 3 | Xã An Khánh | 9. Việc chín | 100/UBND-NC (01/09/2025) | 25/09/2025 | 6 |",
    ]


def test_html_from_the_sandboxed_template(runner, data, tmp_path):
    r = run(runner, data, "--format", "html")
    assert r.exit_code == 0, r.output
    html = r.stdout
    assert "size: A4 landscape" in html and "Times New Roman" in html
    assert '<th colspan="3">Đã hoàn thành</th>' in html
    assert '<th colspan="3">Chưa hoàn thành</th>' in html
    assert '<th rowspan="2">Tổng số</th>' in html
    # A4 landscape: 4 + 24 + 8 x 6.3 + 2 x 10.8 = 100 %; the long headings get the wide columns.
    cols = re.findall(r'<col class="(\w+)">', html)[:12]
    assert cols == ["stt", "name", *["count"] * 7, "wide", "count", "wide"]
    assert "col.count { width: 6.3%; }" in html and "col.wide { width: 10.8%; }" in html
    assert "<td>Phường Đức Xuân</td>" in html and '<td class="n">100,0</td>' in html
    assert html.count('<tr>\n  <td class="c">') == 4 + 3  # 4 agency rows + 3 overdue rows
    # a user's template comes first, and cannot reach Python internals
    own = tmp_path / "mine"
    own.mkdir()
    (own / "summary.html.j2").write_text("{{ rows[0].name }}|{{ total.cells[0] }}\n")
    r = runner.invoke(
        app, ["--data", str(data), "--templates", str(own), "--today", T, "summary", "-f", "html"]
    )
    assert r.stdout == "Sở Nội vụ|12\n"
    (own / "summary.html.j2").write_text("ok\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n")
    r = runner.invoke(
        app, ["--data", str(data), "--templates", str(own), "--today", T, "summary", "-f", "html"]
    )
    assert r.exit_code == 1
    assert "summary.html.j2" in r.stderr and "Traceback" not in r.output


# -- xlsx -----------------------------------------------------------------------------------------


def test_xlsx_layout_values_and_formats(runner, data, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "bieu.xlsx"
    r = run(runner, data, "--format", "xlsx", "--out", str(out))
    assert r.exit_code == 0, r.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["Tổng hợp", "Quá hạn"]
    ws = wb["Tổng hợp"]
    assert ws["A1"].value == "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ DO UBND TỈNH GIAO"
    assert ws["A3"].value == "(Tính đến ngày 01/10/2025)"
    merged = {str(m) for m in ws.merged_cells.ranges}
    heads = {"A1:L1", "A5:A6", "B5:B6", "C5:C6", "D5:F5", "G5:I5", "J5:J6", "K5:K6", "L5:L6"}
    assert heads <= merged
    assert [ws.cell(5, c).value for c in (1, 2, 3, 4, 7, 10, 11, 12)] == [
        "STT",
        "Cơ quan, đơn vị chủ trì",
        "Tổng số",
        "Đã hoàn thành",
        "Chưa hoàn thành",
        "Thường xuyên / chưa có thời hạn",
        "Dừng thực hiện",
        "Tỷ lệ hoàn thành đúng hạn (%)",
    ]
    assert [ws.cell(6, c).value for c in range(4, 10)] == [
        "Tổng", "Đúng hạn", "Quá hạn", "Tổng", "Trong hạn", "Quá hạn"
    ]  # fmt: skip
    values = [[ws.cell(r, c).value for c in range(1, 13)] for r in range(8, 13)]
    assert values[:4] == [
        [1, "Sở Nội vụ", 5, 3, 1, 1, 2, 1, 1, 0, 0, pytest.approx(1 / 3, abs=5e-4)],
        [2, "Sở Tài chính", 3, 0, 0, 0, 2, 1, 1, 1, 1, 0.0],
        [3, "Xã An Khánh", 3, 0, 0, 0, 2, 1, 1, 1, 0, 0.0],
        [4, "Phường Đức Xuân", 1, 1, 1, 0, 0, 0, 0, 0, 1, 1.0],
    ]
    assert values[4] == [None, "Tổng cộng", 12, 4, 2, 1, 6, 3, 3, 2, 2, pytest.approx(0.333)]
    assert ws["L8"].value == pytest.approx(0.333)  # 33.3 % stored as a fraction
    assert ws["L8"].number_format == "0.0%"
    assert all(isinstance(ws.cell(8, c).value, int) for c in range(3, 12))
    assert ws["C12"].font.bold and ws["C12"].font.name == "Times New Roman"
    assert ws["E8"].border.left.style == "thin"
    assert ws["B8"].alignment.indent == 1  # text a little off the border
    assert ws.freeze_panes == "C8"
    assert ws.page_setup.orientation == "landscape"

    od = wb["Quá hạn"]
    assert od["A1"].value == "DANH SÁCH NHIỆM VỤ QUÁ HẠN"
    assert [c.value for c in od[4]] == [
        "STT", "Cơ quan, đơn vị chủ trì", "Nhiệm vụ", "Văn bản giao", "Thời hạn", "Số ngày quá hạn"
    ]  # fmt: skip
    rows = [[c.value for c in row] for row in od.iter_rows(min_row=5, max_row=7)]
    assert [(r[0], r[1], r[2], r[3], r[4].date().isoformat(), r[5]) for r in rows] == [
        (1, "Sở Nội vụ", "1. Việc B một", "200/UBND-NC (15/09/2025)", "2025-09-30", 1),
        (2, "Sở Tài chính", "2. Việc hai", "100/UBND-NC (01/09/2025)", "2025-09-20", 11),
        (3, "Xã An Khánh", "9. Việc chín", "100/UBND-NC (01/09/2025)", "2025-09-25", 6),
    ]
    assert od["E5"].number_format == "dd/mm/yyyy"
    assert od.max_row == 7


def test_xlsx_is_byte_reproducible(runner, data, tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert run(runner, data, "-f", "xlsx", "-o", str(first)).exit_code == 0
    assert run(runner, data, "-f", "xlsx", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(io.BytesIO(first.read_bytes())) as z:
        assert {i.date_time for i in z.infolist()} == {(2025, 10, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2025-10-01T00:00:00Z" in core


@pytest.mark.parametrize("by", ["agency", "directive"])
def test_xlsx_looks_set_once_write_what_setting_each_cell_writes(runner, data, tmp_path, by):
    """summary_xlsx sets each look once per sheet and copies its style ids to the cells that
    share it: the file must be the one openpyxl writes when every cell is styled attribute by
    attribute."""
    from copy import copy

    from directive_cli.render import summary_xlsx as sx

    def look(ws, font=None, align=None, fmt=None, border=True):
        probe = sx.Cell(ws)
        probe.font = font or sx.Font(name=sx.FONT, size=12)
        if align is not None:
            probe.alignment = align
        if fmt is not None:
            probe.number_format = fmt
        if border:
            probe.border = sx.BORDER
        return probe._style

    def put(ws, row, col, value, *, font=None, align=None, fmt=None, border=True):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font = copy(font) if font else sx.Font(name=sx.FONT, size=12)
        if align is not None:
            cell.alignment = copy(align)
        if fmt is not None:
            cell.number_format = fmt
        if border:
            cell.border = copy(sx.BORDER)
        return cell

    def overdue_rows(ws, rows):
        for r, values in enumerate(rows, ws.max_row + 1):
            for c, (value, (align, fmt)) in enumerate(
                zip(values, sx.OVERDUE_LOOKS, strict=True), 1
            ):
                put(ws, r, c, value, align=align, fmt=fmt)

    fast, plain = tmp_path / "fast.xlsx", tmp_path / "plain.xlsx"
    assert run(runner, data, "--by", by, "-f", "xlsx", "-o", str(fast)).exit_code == 0
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sx, "_look", look)
        mp.setattr(sx, "_put", put)
        mp.setattr(sx, "_overdue_rows", overdue_rows)
        assert run(runner, data, "--by", by, "-f", "xlsx", "-o", str(plain)).exit_code == 0
    assert fast.read_bytes() == plain.read_bytes()


def test_openpyxl_style_ids_behave_as_summary_xlsx_relies_on():
    """openpyxl internals the summary workbook relies on (checked in openpyxl 3.1.0 and 3.1.5):
    a cell's style ids (`Cell._style`, a StyleArray) copied to another cell give it the same
    style, as openpyxl's WorksheetCopy copies styles; a Cell made with a value and appended
    lands in the next row like ws.cell's; a date's value sets the default date format, which
    the copied ids then replace."""
    import datetime as dt
    from copy import copy

    from openpyxl import Workbook
    from openpyxl.cell import Cell

    from directive_cli.render.summary_xlsx import BORDER, CENTER, LEFT, _font, _look

    wb = Workbook()
    ws = wb.active
    ws.cell(row=3, column=1, value="head")
    bold = _font(12, bold=True)
    look = _look(ws, bold, LEFT, "dd/mm/yyyy")
    assert _look(ws, bold, LEFT, "dd/mm/yyyy") is look  # set once per sheet
    due = Cell(ws, value=dt.date(2025, 9, 30))
    assert due.number_format == "yyyy-mm-dd" and due.data_type == "d"
    due._style = copy(look)
    ws.append([Cell(ws, value=1), due])
    assert ws["B4"] is due and ws["B4"].value == dt.date(2025, 9, 30)
    assert (due.font, due.alignment, due.border, due.number_format) == (
        bold, LEFT, BORDER, "dd/mm/yyyy"
    )  # fmt: skip
    assert due.style_id == Cell(ws, style_array=look).style_id
    due.alignment = CENTER  # the cell's own copy: the look is left alone
    assert Cell(ws, style_array=look).alignment == LEFT


def test_xlsx_without_out_writes_a_dated_file_here(runner, data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run(runner, data, "--format", "xlsx")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "bieu-tong-hop-2025-10-01.xlsx").is_file()
    assert "bieu-tong-hop-2025-10-01.xlsx" in r.stderr and r.stdout == ""
    r = run(runner, data, "--format", "xlsx", "--by", "directive")
    assert (tmp_path / "bieu-tong-hop-theo-van-ban-2025-10-01.xlsx").is_file()


# -- files and usage ------------------------------------------------------------------------------


def test_out_is_never_overwritten_without_force(runner, data, tmp_path):
    out = tmp_path / "bieu.csv"
    out.write_text("giữ nguyên\n", encoding="utf-8")
    r = run(runner, data, "--out", str(out))
    assert r.exit_code == 1
    assert "--force" in r.stderr
    assert out.read_text(encoding="utf-8") == "giữ nguyên\n"
    r = run(runner, data, "--out", str(out), "--force")  # format from the extension: csv
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8").splitlines()[0] == CSV_HEADER
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_out_formats_follow_the_extension(runner, data, tmp_path):
    for name, start in (("b.json", "["), ("b.html", "<!DOCTYPE html>"), ("b.md", "## BIỂU")):
        r = run(runner, data, "--out", str(tmp_path / name))
        assert r.exit_code == 0, r.output
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)
    r = run(runner, data, "--out", str(tmp_path / "b.txt"))
    assert "│ Tổng cộng" in (tmp_path / "b.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--from", "31/9/2025"], 2, "không phải ngày hợp lệ"),
        (["--from", "2025-10-01", "--to", "2025-09-01"], 2, "sau --to"),
        (["--by", "year"], 2, "--by"),
        (["--format", "pdf"], 2, "--format"),
        (["--agency", "snvv"], 2, "Có phải ý là 'snv'"),
        (["--directive", "2025-999"], 2, "Không có văn bản"),
    ],
)
def test_wrong_usage(runner, data, args, code, message):
    r = run(runner, data, *args)
    assert r.exit_code == code
    assert message in r.stderr
    assert "Traceback" not in r.output


def test_out_folder_is_refused(runner, data, tmp_path):
    r = run(runner, data, "--out", str(tmp_path))
    assert r.exit_code == 2
    assert "thư mục" in r.stderr


def test_invalid_data_is_refused(runner, make_data):
    data = make_data(
        {**FIXTURE, "bad.yaml": "subject: x\ntasks: [{id: '1', title: y, lead: nobody}]\n"}
    )
    r = run(runner, data)
    assert r.exit_code == 1
    assert "bad.yaml" in r.stderr


def test_openpyxl_is_imported_only_for_xlsx(data):
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from directive_cli.cli import app\n"
        f"r = CliRunner().invoke(app, ['--data', {str(data)!r}, '--today', {T!r}, 'summary',"
        " '-f', 'html'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print('openpyxl' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "False", done.stderr


# -- the default data (evidence for the README) ---------------------------------------------------


def run_list(runner, day: str) -> str:
    r = runner.invoke(app, ["--data", str(DEFAULT_DATA), "--today", day, "list", "-f", "json"])
    return r.stdout


@pytest.mark.parametrize("day", ["2025-10-01", "2026-05-10"])
def test_default_data_golden(runner, day):
    r = run(runner, DEFAULT_DATA, today=day)
    assert r.exit_code == 0, r.output
    golden(f"summary-{day}.txt", r.stdout)
    r = run(runner, DEFAULT_DATA, "--format", "json", today=day)
    rows = json.loads(r.stdout)
    total = rows[-1]
    assert total["key"] is None
    listed = json.loads(run_list(runner, day))  # the same shares, counted by another command
    assert total["total"] + total["cancelled"] == len(listed)
    assert total["overdue"] == sum(1 for a in listed if a["status"] == "overdue")
    # every row's cells add up, and the rows add up to the total row
    for row in rows:
        counted = sum(row[s] for s in STATUS_ORDER if s != "cancelled")
        assert row["total"] == counted
    for status in STATUS_ORDER:
        assert sum(row[status] for row in rows[:-1]) == total[status]
    golden(f"summary-{day}.json", r.stdout)


def test_unknown_out_ending_is_refused(runner, tmp_path):
    from directive_cli.cli import app

    out = tmp_path / "bieu.pdf"
    r = runner.invoke(app, ["--data", str(DEFAULT_DATA), "summary", "--out", str(out)])
    assert r.exit_code == 2
    assert ".xlsx" in r.stderr
    assert not out.exists()
