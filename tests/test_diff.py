"""`dtrack diff` on real temporary git repositories, and the comparison itself."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import AGENCIES_YAML, write_data

from directive_cli import gitdiff, gitread
from directive_cli.cli import app
from directive_cli.loading.load import load_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

D1 = """\
number: 12/UBND-NC
kind: cong-van
issued: 2025-09-11
subject: thử nghiệm
tasks:
  - id: "1"
    title: Hướng dẫn thành lập trung tâm
    lead: snv
    due: trong tháng 9/2025
  - id: "2"
    title: Rà soát văn bản
    lead: [stc, stp]
    due: trước ngày 10/10/2025
  - id: "3"
    title: Việc sẽ bị bỏ
    lead: snv
"""


@pytest.fixture
def git_env(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))  # no developer's ~/.gitconfig (signing, hooks)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Văn thư")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "vanthu@example.vn")
        monkeypatch.setenv(f"GIT_{who}_DATE", "2025-10-15T08:00:00+07:00")


def git(repo: Path, *args: str) -> str:
    out = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return out.stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path, git_env, runner):
    """A repository whose data folder is a sub-folder, with three commits:
    1. one directive; 2. `dtrack done` + a new directive; 3. deadline, lead, title changed,
    a task removed. Returns (repo, data)."""
    root = tmp_path / "kho"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "README.md").write_text("kho dữ liệu\n")
    data = write_data(root, {"2025-12-UBND-NC.yaml": D1})
    commit(root, "văn bản 12")

    run(runner, data, "done", "2025-12-UBND-NC:1@snv", "--date", "2025-10-02", "--ref", "BC 1")
    write_data(
        root,
        {
            "2025/2025-20-UBND-NC.yaml": (
                "number: 20/UBND-NC\nissued: 2025-10-01\nsubject: mới\ntasks:\n"
                "  - {id: a, title: Báo cáo, lead: so-ban-nganh, due: 2025-10-31}\n"
            )
        },
    )
    commit(root, "ghi nhận, văn bản 20")

    path = data / "directives" / "2025-12-UBND-NC.yaml"
    text = path.read_text()
    text = text.replace("due: trước ngày 10/10/2025", "due: trước ngày 20/10/2025")
    text = text.replace("lead: [stc, stp]", "lead: [stc, stp, snv]")
    text = text.replace("Rà soát văn bản", "Rà soát văn bản quy phạm")
    text = text[: text.index('  - id: "3"')]
    path.write_text(text)
    commit(root, "sửa văn bản 12")
    return root, data


def run(runner, data: Path, *args: str):
    return runner.invoke(app, ["--data", str(data), "--today", "2025-10-15", *args])


def as_json(runner, data, *args):
    r = run(runner, data, "diff", *args, "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_working_tree_against_head(runner, repo):
    _, data = repo
    r = run(runner, data, "diff")
    assert r.exit_code == 0, r.output
    assert "Không có thay đổi nào về nội dung giữa HEAD và thư mục làm việc." in r.stdout

    r = run(runner, data, "extend", "2025-12-UBND-NC:2@stc", "--to", "2025-10-25", "--ref", "CV 9")
    assert r.exit_code == 0, r.output
    r = run(runner, data, "diff")
    assert r.exit_code == 0, r.output
    assert "Thay đổi dữ liệu từ HEAD đến thư mục làm việc (data/):" in r.stdout
    assert (
        "    + Ghi nhận 15/10/2025: Sở Tài chính (stc) — gia hạn đến 25/10/2025; văn bản: CV 9"
        in r.stdout
    )
    assert "Tổng cộng: 1 văn bản có thay đổi, 1 nhiệm vụ có thay đổi, 1 cập nhật được ghi." in (
        r.stdout
    )


def test_two_revisions_by_meaning(runner, repo):
    _, data = repo
    result = as_json(runner, data, "HEAD~2", "HEAD")
    assert (result["old"], result["new"], result["data"]) == ("HEAD~2", "HEAD", "data/")
    by_id = {d["id"]: d for d in result["directives"]}
    assert by_id["2025-20-UBND-NC"]["change"] == "added"
    assert by_id["2025-20-UBND-NC"]["tasks"][0]["due_date"] == "2025-10-31"
    d12 = by_id["2025-12-UBND-NC"]
    assert d12["change"] == "changed"
    tasks = {t["id"]: t for t in d12["tasks"]}
    assert tasks["1"]["updates_added"] == [
        {
            "date": "2025-10-02",
            "kind": "done",
            "agency": "snv",
            "agency_name": "Sở Nội vụ",
            "period": None,
            "due": None,
            "due_date": None,
            "ref": "BC 1",
            "note": None,
        }
    ]
    fields = {f["field"]: f for f in tasks["2"]["fields"]}
    assert fields["due"] == {
        "field": "due",
        "old": "trước ngày 10/10/2025",
        "new": "trước ngày 20/10/2025",
        "old_date": "2025-10-10",
        "new_date": "2025-10-20",
    }
    assert fields["lead"]["added"] == ["snv"] and fields["lead"]["removed"] == []
    assert fields["title"]["old"] == "Rà soát văn bản"
    assert tasks["3"]["change"] == "removed"
    assert result["counts"] == {
        "directives_added": 1,
        "directives_removed": 0,
        "directives_changed": 1,
        "directives_unreadable": 0,
        "tasks_added": 0,
        "tasks_removed": 1,
        "tasks_changed": 2,
        "updates_added": 1,
        "updates_removed": 0,
    }


def test_range_forms_agree(runner, repo):
    _, data = repo
    assert (
        as_json(runner, data, "HEAD~1..HEAD")["directives"]
        == as_json(runner, data, "HEAD~1", "HEAD")["directives"]
    )
    assert as_json(runner, data, "HEAD~1..")["new"] == "HEAD"
    # One revision: that revision against the working tree.
    result = as_json(runner, data, "HEAD~1")
    assert result["new"] == "thư mục làm việc"
    assert result["counts"]["tasks_removed"] == 1


def test_text_output_names_changes(runner, repo):
    _, data = repo
    r = run(runner, data, "diff", "HEAD~1", "HEAD")
    assert r.exit_code == 0, r.output
    assert "Văn bản 2025-12-UBND-NC: Công văn số 12/UBND-NC ngày 11/09/2025" in r.stdout
    assert "~ Nội dung: Rà soát văn bản → Rà soát văn bản quy phạm" in r.stdout
    assert "~ Chủ trì: stc, stp → stc, stp, snv (thêm: Sở Nội vụ (snv))" in r.stdout
    assert (
        "~ Thời hạn: trước ngày 10/10/2025 (10/10/2025) → trước ngày 20/10/2025 (20/10/2025)"
        in r.stdout
    )
    assert "- Đã xóa nhiệm vụ 3: Việc sẽ bị bỏ; chủ trì: snv" in r.stdout


def test_history_rewritten_and_layout_only(runner, repo):
    _, data = repo
    path = data / "directives" / "2025-12-UBND-NC.yaml"
    path.write_text("# chỉ thêm một dòng chú thích\n" + path.read_text())
    r = run(runner, data, "diff")
    assert "Chỉ đổi cách trình bày hoặc chú thích" in r.stdout
    assert "data/directives/2025-12-UBND-NC.yaml" in r.stdout
    assert "Không có thay đổi nào về nội dung" in r.stdout
    path.write_text(path.read_text().replace("ref: BC 1", "ref: BC 2"))
    result = as_json(runner, data)
    (task,) = result["directives"][0]["tasks"]
    assert [u["ref"] for u in task["updates_removed"]] == ["BC 1"]
    assert [u["ref"] for u in task["updates_added"]] == ["BC 2"]
    assert "sửa lịch sử" in run(runner, data, "diff").stdout


def test_invalid_side_is_reported_not_fatal(runner, repo):
    root, data = repo
    path = data / "directives" / "2025-12-UBND-NC.yaml"
    path.write_text(path.read_text() + "  - {id: x, title: [\n")
    r = run(runner, data, "diff")
    assert r.exit_code == 0, r.output
    assert "Lưu ý: dữ liệu ở thư mục làm việc có 1 lỗi" in r.stdout
    assert "2025-12-UBND-NC: tệp ở thư mục làm việc có lỗi" in r.stdout
    commit(root, "lỗi")
    result = as_json(runner, data, "HEAD~1", "HEAD")
    assert result["problems"]["new"][0]["file"] == "HEAD:data/directives/2025-12-UBND-NC.yaml"
    assert result["counts"]["directives_unreadable"] == 1
    # A cross-file error (unknown agency) still lets the records be compared.
    path.write_text(path.read_text().replace("  - {id: x, title: [\n", "").replace("snv]", "svn]"))
    result = as_json(runner, data, "HEAD~1")
    assert result["problems"]["new"] and result["directives"][0]["change"] == "changed"


def test_unknown_revision_and_no_repository(runner, repo, tmp_path):
    _, data = repo
    r = run(runner, data, "diff", "khong-co")
    assert r.exit_code == 1
    assert "Không có phiên bản 'khong-co' trong kho git" in r.stderr
    r = run(runner, data, "diff", "--", "-x")
    assert r.exit_code == 1
    outside = write_data(tmp_path / "ngoai", {})
    r = run(runner, outside, "diff")
    assert r.exit_code == 1
    assert "không nằm trong một kho git" in r.stderr
    assert "Traceback" not in r.output


def test_empty_repository_and_data_at_top_level(runner, tmp_path, git_env):
    top = tmp_path / "goc"
    top.mkdir()
    git(top, "init", "-q")
    (top / "agencies.yaml").write_text(AGENCIES_YAML)
    (top / "directives").mkdir()
    (top / "directives" / "a.yaml").write_text(D1)
    r = run(runner, top, "diff")
    assert r.exit_code == 1
    assert "kho chưa có lần commit nào" in r.stderr
    commit(top, "đầu tiên")
    (top / "directives" / "b.yaml").write_text(D1.replace("12/UBND-NC", "13/UBND-NC"))
    result = as_json(runner, top)
    assert result["data"] == ""
    assert [(d["id"], d["change"]) for d in result["directives"]] == [("b", "added")]


def test_revision_before_the_data_existed(runner, repo):
    root, data = repo
    first = git(root, "rev-list", "--max-parents=0", "HEAD").strip()
    (root / "khac.txt").write_text("x")
    result = as_json(runner, data, f"{first}~0", "HEAD")
    assert result["missing"] == []
    git(root, "checkout", "-q", "--orphan", "trong")
    git(root, "rm", "-rq", "--cached", ".")
    git(root, "commit", "-q", "--allow-empty", "-m", "trống")
    result = as_json(runner, data, "trong", "main")
    assert result["missing"] == ["trong"]
    assert result["problems"]["old"] == []
    assert {d["change"] for d in result["directives"]} == {"added"}


# -- the comparison alone, without git ----------------------------------------------------------


def side(label: str, directives: dict[str, str], agencies: str = AGENCIES_YAML) -> gitread.Side:
    files = {"agencies.yaml": agencies.encode()}
    files.update({f"directives/{k}": v.encode() for k, v in directives.items()})
    return gitread.Side(label, files, load_files(files, label=f"{label}:"))


def test_compare_is_pure_and_sees_calendar_effects():
    # Same phrase, new local holiday: the date it means moves, and the diff says so.
    text = D1.replace("due: trong tháng 9/2025", "due: trong 10 ngày làm việc kể từ ngày ký")
    old = side("a", {"x.yaml": text})
    holiday = AGENCIES_YAML + "holidays: [2025-09-15]\n"
    new = side("b", {"x.yaml": text}, holiday)
    result = gitdiff.compare(old, new)
    assert [f.field for f in result.agencies] == ["holidays"]
    (d,) = result.directives
    (t,) = d.tasks
    (due,) = t.fields
    assert (due.old, due.new) == (due.new, due.old)  # the phrase itself did not change
    assert (due.old_date, due.new_date) == ("2025-09-25", "2025-09-26")


def test_compare_agencies_and_groups():
    more = AGENCIES_YAML.replace(
        "  - {id: stp, name: Sở Tư pháp, kind: so}\n",
        "  - {id: stp, name: Sở Tư pháp tỉnh, kind: so}\n"
        "  - {id: sxd, name: Sở Xây dựng, kind: so}\n",
    ).replace("members: [snv, stc, stp]", "members: [snv, stc, stp, sxd]")
    result = gitdiff.compare(side("a", {}), side("b", {}, more))
    fields = [(f.field, f.old, f.new) for f in result.agencies]
    assert ("agency:stp.name", "Sở Tư pháp", "Sở Tư pháp tỉnh") in fields
    assert ("agency:sxd", None, "Sở Xây dựng") in fields
    members = next(f for f in result.agencies if f.field == "group:so-ban-nganh.members")
    assert members.added == ["sxd"]


def test_embedded_sample_data_is_not_diffed_unless_asked(repo):
    from directive_cli.context import embedded_data

    sample = embedded_data()
    # Fallen back to (no ./data, no --data): refused before git is asked anything.
    with pytest.raises(gitread.GitError) as exc:
        gitread.load_sides(sample, None, None, explicit=False)
    assert str(exc.value) == (
        "Không có thư mục data/ ở đây; chạy dtrack diff trong kho dữ liệu hoặc chỉ rõ --data."
    )
    # Named on purpose (--data): the same folder is a data folder like any other.
    gitread.check_data_choice(sample, explicit=True)
    # A data folder found or named is never refused, explicit or not.
    _, data = repo
    gitread.check_data_choice(data, explicit=False)
    old, new, place = gitread.load_sides(data, None, None, explicit=False)
    assert place.prefix == "data/"
    assert old.files == new.files
