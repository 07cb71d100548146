"""Recording updates: the file changes by the added lines alone, and never when it must not."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_cli import edit, yamledit
from directive_cli.cli import app
from directive_cli.reading import yamlio
from directive_cli.reading.models import Directive, Update

HEAD = """\
# Công văn số 12/UBND-NC: a comment that must survive
number: "12/UBND-NC"          # quoted on purpose
kind: cong-van
issued: 2025-09-11
subject: 'thử nghiệm: ghi cập nhật'
"""


def write(data: Path, name: str, raw: bytes | str) -> Path:
    path = data / "directives" / name
    path.write_bytes(raw.encode("utf-8") if isinstance(raw, str) else raw)
    return path


def invoke(runner, data: Path, *args: str, today: str = "2025-10-15"):
    return runner.invoke(app, ["--data", str(data), "--today", today, *args])


def added_only(old: bytes, new: bytes) -> list[str]:
    """The lines git would show as added; fails if any old line was removed or changed."""
    a = old.decode("utf-8").splitlines(keepends=True)
    b = new.decode("utf-8").splitlines(keepends=True)
    diff = [d for d in difflib.ndiff(a, b) if d[:1] in "+-"]
    assert not [d for d in diff if d.startswith("-")], "".join(diff)
    return [d[2:] for d in diff]


def updates_of(path: Path, task: str) -> list[Update]:
    model = Directive.model_validate(yamlio.load_text(yamlio.decode(path.read_bytes())))
    return next(t for t in model.tasks if t.id == task).updates


@pytest.fixture
def data(make_data):
    return make_data({})


def test_block_task_gets_updates_lines_only(runner, data):
    text = HEAD + (
        "tasks:\n"
        '  - id: "1"\n'
        "    title: >-\n"
        "      Nội dung dài, gập\n"
        "      thành hai dòng\n"
        "    lead: [snv, stc]   # hai cơ quan\n"
        "    # a comment that belongs to nobody\n"
        "\n"
        "  # section 2\n"
        "  - id: '2'\n"
        '    title: "Nhiệm vụ hai"\n'
        "    lead: snv\n"
    )
    path = write(data, "d.yaml", text)
    old = path.read_bytes()
    r = invoke(
        runner, data, "done", "d:1@snv", "--date", "2025-10-10", "--ref", "Báo cáo số 320/BC-SNV"
    )
    assert r.exit_code == 0, r.output
    new = path.read_bytes()
    assert added_only(old, new) == [
        "    updates:\n",
        "      - {date: 2025-10-10, kind: done, agency: snv, ref: Báo cáo số 320/BC-SNV}\n",
    ]
    # Right after the task's own last line, before the comments and the next task.
    assert "thành hai dòng\n    lead: [snv, stc]   # hai cơ quan\n    updates:\n" in new.decode()
    assert "Đã ghi vào" in r.stdout
    assert "Hoàn thành quá hạn" not in r.stdout  # task 1 has no due date
    assert "d:1@snv  Sở Nội vụ: Hoàn thành" in r.stdout
    assert "d:1@stc  Sở Tài chính: Chưa có thời hạn" not in r.stdout  # only the share named


def test_flow_task_and_empty_flow_updates(runner, data):
    text = HEAD + (
        "tasks:\n"
        "  - {id: a, title: b, lead: snv}\n"
        "  - {id: c, title: d, lead: snv, due: 2025-10-01, updates: []}\n"
        "  - id: e\n"
        "    title: f\n"
        "    lead: snv\n"
        "    updates: []   # chưa có\n"
        "    note: ghi chú\n"
    )
    path = write(data, "d.yaml", text)
    assert invoke(runner, data, "done", "d:a", "--date", "2025-10-02").exit_code == 0
    assert invoke(runner, data, "done", "d:c@snv", "--date", "2025-10-02").exit_code == 0
    r = invoke(runner, data, "cancel", "d:e", "--date", "2025-10-03", "--note", "không cần nữa")
    assert r.exit_code == 0, r.output
    assert path.read_text() == HEAD + (
        "tasks:\n"
        "  - {id: a, title: b, lead: snv, updates: [{date: 2025-10-02, kind: done}]}\n"
        "  - {id: c, title: d, lead: snv, due: 2025-10-01, updates: [{date: 2025-10-02, kind: done,"
        " agency: snv}]}\n"
        "  - id: e\n"
        "    title: f\n"
        "    lead: snv\n"
        "    updates:   # chưa có\n"
        "      - {date: 2025-10-03, kind: cancelled, note: không cần nữa}\n"
        "    note: ghi chú\n"
    )
    # From now on every further update is a pure addition.
    old = path.read_bytes()
    assert invoke(runner, data, "reopen", "d:e", "--date", "2025-10-04").exit_code == 0
    assert added_only(old, path.read_bytes()) == ["      - {date: 2025-10-04, kind: reopened}\n"]


def test_crlf_bom_and_nfd_stay_as_they_were(runner, data):
    body = HEAD + "tasks:\n  - id: '1'\n    title: Hướng dẫn thực hiện\n    lead: snv\n"
    nfd = unicodedata.normalize("NFD", body).replace("\n", "\r\n")
    raw = b"\xef\xbb\xbf" + nfd.encode("utf-8")
    path = write(data, "d.yaml", raw)
    r = invoke(runner, data, "progress", "d:1", "--date", "2025-10-05", "--note", "đang làm")
    assert r.exit_code == 0, r.output
    new = path.read_bytes()
    assert new.startswith(raw)  # every old byte in place: BOM, NFD letters, CRLF
    tail = new[len(raw) :].decode("utf-8")
    assert tail == "    updates:\r\n      - {date: 2025-10-05, kind: progress, note: đang làm}\r\n"
    assert b"\n" not in new.replace(b"\r\n", b"")  # no bare LF slipped in


def test_last_task_without_trailing_newline(runner, data):
    text = HEAD + "tasks:\n- id: x\n  title: cuối tệp\n  lead: snv\n  due: 2025-10-20"
    path = write(data, "d.yaml", text)
    r = invoke(
        runner, data, "extend", "d:x", "--to", "trước ngày 31/10/2025", "--date", "2025-10-10"
    )
    assert r.exit_code == 0, r.output
    assert path.read_text() == text + (
        "\n  updates:\n  - {date: 2025-10-10, kind: extended, due: trước ngày 31/10/2025}"
    )
    assert "Trong hạn, hạn 31/10/2025" in r.stdout


def test_existing_block_updates_list_gets_one_line(runner, data):
    text = HEAD + (
        "tasks:\n"
        "  - id: '1'\n"
        "    title: t\n"
        "    lead: [snv, stc]\n"
        "    updates:\n"
        "      - {date: 2025-09-20, kind: progress, note: 'đã họp'}\n"
        "      # kept comment\n"
        "      - date: 2025-09-25\n"
        "        kind: extended\n"
        "        due: 2025-10-31\n"
        "\n"
        "    note: |\n"
        "      văn bản giữ nguyên\n"
    )
    path = write(data, "d.yaml", text)
    old = path.read_bytes()
    r = invoke(runner, data, "done", "d:1@stc", "--date", "2025-10-12", "--ref", "BC 5/BC-STC")
    assert r.exit_code == 0, r.output
    # The list's last item is a block mapping: the new one is written the same way, under it.
    assert added_only(old, path.read_bytes()) == [
        "      - date: 2025-10-12\n",
        "        kind: done\n",
        "        agency: stc\n",
        "        ref: BC 5/BC-STC\n",
    ]
    assert path.read_text().index("ref: BC 5/BC-STC\n\n    note: |") > 0
    assert [u.kind for u in updates_of(path, "1")] == ["progress", "extended", "done"]


def test_indentless_lists_are_followed(runner, data):
    text = (
        HEAD
        + "tasks:\n- id: '1'\n  title: t\n  lead:\n  - snv\n- id: '2'\n  title: u\n  lead: snv\n"
    )
    path = write(data, "d.yaml", text)
    old = path.read_bytes()
    assert invoke(runner, data, "done", "d:1", "--date", "2025-10-01").exit_code == 0
    assert added_only(old, path.read_bytes()) == [
        "  updates:\n",
        "  - {date: 2025-10-01, kind: done}\n",
    ]


def test_values_are_quoted_when_needed(runner, data):
    path = write(data, "d.yaml", HEAD + "tasks:\n  - {id: '1', title: t, lead: snv}\n")
    ref = 'Báo cáo "số 1": đã xong, #2 [gấp]'
    r = invoke(runner, data, "done", "d:1", "--date", "2025-10-01", "--ref", ref, "--note", "yes")
    assert r.exit_code == 0, r.output
    assert '"Báo cáo \\"số 1\\": đã xong, #2 [gấp]"' in path.read_text()
    assert 'note: "yes"' in path.read_text()
    (update,) = updates_of(path, "1")
    assert (update.ref, update.note) == (ref, "yes")


# Text a clerk might pass: anything printable, including YAML's special characters.
_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1
).filter(lambda s: s.strip() == s and s)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_scalar_reads_back_as_written(text):
    for doc in (f"[{yamledit.scalar(text)}]", f"k: {{v: {yamledit.scalar(text)}}}"):
        value = yamlio.load_text(doc)
        got = value[0] if isinstance(value, list) else value["k"]["v"]
        assert got == text


def test_recurring_task_share_with_period(runner, data):
    text = HEAD + (
        "tasks:\n"
        "  - id: bc\n"
        "    title: Báo cáo tháng\n"
        "    lead: so-ban-nganh\n"
        "    due: trước ngày 20 hằng tháng\n"
        "    repeat: {every: month, from: 2025-10}\n"
    )
    path = write(data, "d.yaml", text)
    r = invoke(runner, data, "done", "d:bc@stp", "--date", "2025-10-18")
    assert r.exit_code == 1
    assert "#2025-10" in r.stderr and path.read_text() == text
    r = invoke(runner, data, "done", "d:bc@stp#2025-10", "--date", "2025-10-18", today="2025-10-20")
    assert r.exit_code == 0, r.output
    assert "- {date: 2025-10-18, kind: done, agency: stp, period: 2025-10}" in path.read_text()
    assert "d:bc@stp#2025-10  Sở Tư pháp: Hoàn thành đúng hạn, hạn 20/10/2025" in r.stdout


def test_group_task_prints_counts(runner, data):
    text = HEAD + "tasks:\n  - {id: '1', title: t, lead: xa-phuong, due: 2025-10-30}\n"
    write(data, "d.yaml", text)
    r = invoke(runner, data, "done", "d:1@xa-an-khanh", "--date", "2025-10-01")
    assert r.exit_code == 0, r.output
    assert "Hoàn thành đúng hạn" in r.stdout
    r = invoke(runner, data, "done", "d:1", "--all", "--date", "2025-10-02")
    assert "d:1@phuong-duc-xuan  Phường Đức Xuân: Hoàn thành đúng hạn" in r.stdout


# -- refusals: exit 1 and the file untouched ----------------------------------------------------

REFUSALS = [
    (["done", "d:9"], "không có nhiệm vụ '9'"),
    (["done", "nope:1"], "Không có văn bản nào mã 'nope'"),
    (["done", "d"], "Cần chỉ rõ nhiệm vụ"),
    (["done", "d:1@stp"], "không phải cơ quan chủ trì"),
    (["done", "d:1@khong-co"], "không phải cơ quan chủ trì"),
    (["done", "d:1", "--all", "--date", "2025-09-10"], "trước ngày ban hành"),
    (["extend", "d:1", "--to", "sớm nhất có thể"], "sớm nhất có thể"),
    (["extend", "d:1", "--to", "kịp thời"], "không chỉ một ngày cụ thể"),
    (["done", "d:1#2025-10"], "không phải nhiệm vụ định kỳ"),
]


@pytest.mark.parametrize(("args", "message"), REFUSALS)
def test_refusals_leave_the_file_alone(runner, data, args, message):
    path = write(data, "d.yaml", HEAD + "tasks:\n  - {id: '1', title: t, lead: [snv, stc]}\n")
    old = path.read_bytes()
    r = invoke(runner, data, *args)
    assert r.exit_code == 1, r.output
    assert message in r.stderr
    assert path.read_bytes() == old
    assert sorted(p.name for p in path.parent.iterdir()) == ["d.yaml"]  # no temporary left


def test_usage_errors_exit_2(runner, data):
    path = write(data, "d.yaml", HEAD + "tasks:\n  - {id: '1', title: t, lead: snv}\n")
    old = path.read_bytes()
    assert invoke(runner, data, "progress", "d:1").exit_code == 2  # --note is required
    assert invoke(runner, data, "extend", "d:1").exit_code == 2  # --to is required
    assert invoke(runner, data, "done", "d:1", "--date", "31/13/2025").exit_code == 2
    assert path.read_bytes() == old


def test_invalid_target_refused_other_broken_files_allowed(runner, data):
    bad = write(
        data, "bad.yaml", HEAD + "tasks:\n  - {id: '1', title: t, lead: snv, dead-line: x}\n"
    )
    good = write(data, "d.yaml", HEAD + "tasks:\n  - {id: '1', title: t, lead: snv}\n")
    old_bad = bad.read_bytes()
    r = invoke(runner, data, "done", "bad:1", "--date", "2025-10-01")
    assert r.exit_code == 1
    assert "dead-line" in r.stderr and "có lỗi" in r.stderr
    assert bad.read_bytes() == old_bad
    r = invoke(runner, data, "done", "d:1", "--date", "2025-10-01")
    assert r.exit_code == 0, r.output
    assert "1 tệp khác có lỗi" in r.stderr
    assert "updates:" in good.read_text()


def test_cross_file_error_in_target_is_refused(runner, data):
    # Valid YAML and model, but the task names an agency that does not exist.
    path = write(
        data,
        "d.yaml",
        HEAD + "tasks:\n  - {id: '1', title: t, lead: snv}\n  - {id: '2', title: t, lead: svn}\n",
    )
    old = path.read_bytes()
    r = invoke(runner, data, "done", "d:1", "--date", "2025-10-01")
    assert r.exit_code == 1
    assert "svn" in r.stderr
    assert path.read_bytes() == old


def test_interrupted_write_leaves_old_file_whole(runner, data, monkeypatch):
    path = write(data, "d.yaml", HEAD + "tasks:\n  - {id: '1', title: t, lead: snv}\n")
    old = path.read_bytes()

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(yamledit.os, "replace", crash)
    r = invoke(runner, data, "done", "d:1", "--date", "2025-10-01")
    assert r.exit_code == 1
    assert "Không ghi được" in r.stderr
    assert path.read_bytes() == old
    assert sorted(p.name for p in path.parent.iterdir()) == ["d.yaml"]


def test_interrupted_fsync_leaves_old_file_whole(data, monkeypatch):
    path = write(data, "d.yaml", "x: 1\n")
    monkeypatch.setattr(yamledit.os, "fsync", lambda fd: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        yamledit.write_atomic(path, b"x: 2\n", yamledit.digest(b"x: 1\n"))
    assert path.read_bytes() == b"x: 1\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["d.yaml"]


def test_changed_on_disk_is_refused(runner, data, monkeypatch):
    path = write(data, "d.yaml", HEAD + "tasks:\n  - {id: '1', title: t, lead: snv}\n")
    real = edit.load_files
    saved_by_someone = HEAD + "tasks:\n  - {id: '1', title: t, lead: snv, note: sửa tay}\n"

    def meanwhile(*args, **kwargs):  # another editor saves while dtrack validates
        path.write_text(saved_by_someone)
        return real(*args, **kwargs)

    monkeypatch.setattr(edit, "load_files", meanwhile)
    r = invoke(runner, data, "done", "d:1", "--date", "2025-10-01")
    assert r.exit_code == 1
    assert "vừa bị thay đổi" in r.stderr
    assert path.read_text() == saved_by_someone
    assert sorted(p.name for p in path.parent.iterdir()) == ["d.yaml"]


def test_write_atomic_keeps_mode(data):
    path = write(data, "d.yaml", "x: 1\n")
    path.chmod(0o640)
    yamledit.write_atomic(path, b"x: 2\n", yamledit.digest(b"x: 1\n"))
    assert path.read_bytes() == b"x: 2\n"
    assert path.stat().st_mode & 0o777 == 0o640


def test_self_check_refuses_an_edit_that_means_more():
    old = (HEAD + "tasks:\n  - {id: '1', title: t, lead: snv}\n").encode()
    u = Update(date=dt.date(2025, 10, 1), kind="done")
    new, _ = yamledit.plan(old, "1", u)
    yamledit.self_check(old, new, "1", u)  # the honest edit passes
    other = Update(date=dt.date(2025, 10, 2), kind="done")
    with pytest.raises(edit.EditError):
        yamledit.self_check(old, new, "1", other)
    with pytest.raises(edit.EditError):
        yamledit.self_check(old, new.replace(b"title: t", b"title: T"), "1", u)


def test_edit_refuses_sample_data(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./data here: dtrack would fall back to its sample data
    r = runner.invoke(app, ["--today", "2025-10-15", "done", "2025-1958-UBND-NC:3.2@snv"])
    assert r.exit_code == 1
    assert "--data" in r.stderr


def test_record_finds_the_file_without_a_path(data):
    # A repository rebuilt from a cache may not carry the real path: the file is found by id.
    from directive_cli.loading.load import load

    path = write(data, "d.yaml", HEAD + "tasks:\n  - {id: '1', title: t, lead: snv}\n")
    repo = load(data)
    repo.directives[0].path = None
    result = edit.record(repo, "d:1", "done", dt.date(2025, 10, 1), dt.date(2025, 10, 1))
    assert result.lines == [
        "  - {id: '1', title: t, lead: snv, updates: [{date: 2025-10-01, kind: done}]}"
    ]
    assert [u.kind for u in updates_of(path, "1")] == ["done"]


# -- audit: periods outside `repeat`, updates that change nothing, group ids after @ ------------

MONTHLY = HEAD + (
    "tasks:\n"
    "  - id: m\n"
    "    title: Báo cáo tháng\n"
    "    lead: [snv, stc]\n"
    "    due: trước ngày 20 hằng tháng\n"
    "    repeat: {every: month, from: 2025-10, until: 2026-12}\n"
)


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (
            "2025-09",
            "Kỳ 2025-09 nằm ngoài thời gian của nhiệm vụ định kỳ (từ 2025-10 đến 2026-12).",
        ),
        (
            "2027-01",
            "Kỳ 2027-01 nằm ngoài thời gian của nhiệm vụ định kỳ (từ 2025-10 đến 2026-12).",
        ),
        ("2030-H1", "dài hơn một kỳ hằng tháng"),
        ("2026-02", "Kỳ tháng 2/2026 (2026-02) bắt đầu từ ngày 01/02/2026, chưa đến vào ngày "),
    ],
)
def test_period_outside_repeat_or_not_begun_is_refused(runner, data, period, message):
    path = write(data, "d.yaml", MONTHLY)
    r = invoke(runner, data, "done", f"d:m@snv#{period}", today="2026-01-10")
    assert r.exit_code == 1, r.output
    assert message in r.stderr
    assert path.read_text() == MONTHLY
    # The period that has begun by that day is recorded.
    r = invoke(runner, data, "done", "d:m@snv#2026-01", today="2026-01-10")
    assert r.exit_code == 0, r.output
    assert "d:m@snv#2026-01  Sở Nội vụ: Hoàn thành đúng hạn" in r.stdout


def test_done_twice_is_refused_with_the_date(runner, data):
    text = HEAD + "tasks:\n  - {id: '1', title: t, lead: [snv, stc], due: 2025-10-30}\n"
    path = write(data, "d.yaml", text)
    assert invoke(runner, data, "done", "d:1@snv", "--date", "2025-10-10").exit_code == 0
    old = path.read_bytes()
    r = invoke(runner, data, "done", "d:1@snv", "--date", "2025-10-12")
    assert r.exit_code == 1, r.output
    assert (
        "Phần việc d:1@snv (Sở Nội vụ) đã hoàn thành ngày 10/10/2025; không ghi thêm. "
        "Nếu cần sửa, dùng 'dtrack reopen' trước." in r.stderr
    )
    assert path.read_bytes() == old
    # At a day before that completion the share was not done yet: recorded.
    r = invoke(runner, data, "done", "d:1@snv", "--date", "2025-10-05")
    assert r.exit_code == 0, r.output


def test_cancel_twice_and_reopen_of_an_open_share_are_refused(runner, data):
    text = HEAD + "tasks:\n  - {id: '1', title: t, lead: snv, due: 2025-10-30}\n"
    path = write(data, "d.yaml", text)
    r = invoke(runner, data, "reopen", "d:1", "--date", "2025-10-05")
    assert r.exit_code == 1, r.output
    assert "đang ở tình trạng 'Trong hạn', chưa hoàn thành cũng chưa dừng thực hiện" in r.stderr
    assert "không có gì để mở lại" in r.stderr
    assert path.read_text() == text
    assert invoke(runner, data, "cancel", "d:1", "--date", "2025-10-06").exit_code == 0
    old = path.read_bytes()
    r = invoke(runner, data, "cancel", "d:1@snv", "--date", "2025-10-07")
    assert r.exit_code == 1, r.output
    assert "đã dừng thực hiện từ ngày 06/10/2025; không ghi thêm" in r.stderr
    assert path.read_bytes() == old
    # Done after a cancellation changes the state: allowed; and a done share can be reopened.
    assert invoke(runner, data, "done", "d:1", "--date", "2025-10-08").exit_code == 0
    r = invoke(runner, data, "reopen", "d:1", "--date", "2025-10-09")
    assert r.exit_code == 0, r.output
    assert [u.kind for u in updates_of(path, "1")] == ["cancelled", "done", "reopened"]


def test_ref_for_several_agencies_lists_those_already_done(runner, data):
    text = HEAD + "tasks:\n  - {id: '1', title: t, lead: xa-phuong, due: 2025-10-30}\n"
    path = write(data, "d.yaml", text)
    assert invoke(runner, data, "done", "d:1@xa-an-khanh", "--date", "2025-10-01").exit_code == 0
    r = invoke(runner, data, "done", "d:1", "--all", "--date", "2025-10-02")
    assert r.exit_code == 0, r.output
    assert (
        "Lưu ý: 1 phần việc đã hoàn thành từ trước, lần ghi này không đổi tình trạng của chúng: "
        "d:1@xa-an-khanh." in r.stdout
    )
    old = path.read_bytes()
    r = invoke(runner, data, "done", "d:1", "--all", "--date", "2025-10-03")
    assert r.exit_code == 1, r.output
    assert "Cả 2 phần việc của d:1 đều đã hoàn thành; không ghi thêm." in r.stderr
    assert path.read_bytes() == old


def test_recurring_cancel_without_period_reaches_future_periods(runner, data):
    path = write(data, "d.yaml", MONTHLY)
    for period in ("2025-10", "2025-11"):
        r = invoke(runner, data, "cancel", f"d:m#{period}", "--all", "--date", "2025-11-05")
        assert r.exit_code == 0, r.output
    # Every begun period is cancelled, but a cancellation without a period also stops the
    # periods to come: it changes something, so it is recorded...
    r = invoke(runner, data, "cancel", "d:m", "--all", "--date", "2025-11-06")
    assert r.exit_code == 0, r.output
    old = path.read_bytes()
    # ...once.
    r = invoke(runner, data, "cancel", "d:m", "--all", "--date", "2025-11-07")
    assert r.exit_code == 1, r.output
    assert path.read_bytes() == old


@pytest.mark.parametrize(
    ("agency", "message"),
    [
        ("SNV", "'SNV' không phải cơ quan chủ trì nhiệm vụ 'd:1'. Có phải ý là 'snv'?"),
        ("XA-AN-KHAN", "Có phải ý là 'xa-an-khanh'"),
    ],
)
def test_agency_after_at_explains_groups_and_case(runner, data, agency, message):
    text = HEAD + "tasks:\n  - {id: '1', title: t, lead: [snv, xa-phuong]}\n"
    path = write(data, "d.yaml", text)
    r = invoke(runner, data, "done", f"d:1@{agency}", "--date", "2025-10-01")
    assert r.exit_code == 1, r.output
    assert message in r.stderr
    assert path.read_text() == text


def test_start_records_the_event_day_of_a_count_from_an_event(runner, data):
    text = HEAD + (
        "tasks:\n"
        "  - id: '1'\n"
        "    title: t\n"
        "    lead: snv\n"
        "    due: trong 10 ngày kể từ ngày nhận được văn bản\n"
        "  - {id: '2', title: t, lead: snv, due: 2025-10-30}\n"
    )
    path = write(data, "d.yaml", text)
    old = path.read_bytes()
    r = invoke(runner, data, "start", "d:1", "--date", "2025-10-01", "--note", "ngày nhận")
    assert r.exit_code == 0, r.output
    (u,) = updates_of(path, "1")
    assert (u.kind, u.date, u.note) == ("started", dt.date(2025, 10, 1), "ngày nhận")
    assert len(added_only(old, path.read_bytes())) == 2  # 'updates:' and the entry
    # 1/10 + 10 days = 11/10/2025, a Saturday: due Monday 13/10/2025, two days before --today.
    r = invoke(runner, data, "list", "--format", "json")
    rows = [row for row in json.loads(r.stdout) if row["task"] == "1"]
    assert [(row["status"], row["due"]) for row in rows] == [("overdue", "2025-10-13")]
    # A task with a date of its own has no event to wait for: refused, file untouched.
    old = path.read_bytes()
    r = invoke(runner, data, "start", "d:2", "--date", "2025-10-01")
    assert r.exit_code == 1, r.output
    assert "không tính hạn từ một sự kiện ('2025-10-30')" in r.stderr
    assert path.read_bytes() == old
