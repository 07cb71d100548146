"""The load cache: used when nothing changed, never stale, never fatal."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from conftest import AGENCIES_YAML

import directive_cli
from directive_cli.cli import app
from directive_cli.loading import cache
from directive_cli.loading.load import load
from directive_cli.reading import yamlio
from directive_cli.status import compute

DIRECTIVE = """\
number: 10/UBND-NC
issued: 2025-09-01
subject: thử bộ nhớ đệm
tasks:
  - {id: a, title: Báo cáo A, lead: snv, due: trước ngày 20/9/2025}
  - id: b
    title: Các xã báo cáo
    lead: xa-phuong
    due: trong 10 ngày làm việc kể từ ngày ký
    updates:
      - {date: 2025-09-10, kind: done, agency: xa-an-khanh}
  - id: c
    title: Báo cáo tháng
    lead: stc
    due: trước ngày 20 hằng tháng
    repeat: {every: month, from: 2025-09}
    updates:
      - {date: 2025-09-18, kind: done, period: 2025-09}
"""
OTHER = """\
number: 11/UBND-NC
issued: 2025-09-05
subject: văn bản thứ hai
tasks:
  - {id: "1", title: Việc một, lead: [snv, stp], due: 2025-10-30}
"""
TODAY = dt.date(2025, 10, 15)


class Parses:
    """Counts the YAML files actually parsed (a warm run parses none)."""

    def __init__(self, monkeypatch) -> None:
        self.count = 0
        real = yamlio.load_text

        def counting(text):
            self.count += 1
            return real(text)

        monkeypatch.setattr(yamlio, "load_text", counting)


def snapshot(repo) -> list:
    """Everything a command could show: problems, and every assignment with its records."""
    problems = [
        (d.file, d.line, d.column, d.code, d.message, d.source_line) for d in repo.diagnostics
    ]
    rows = [
        (a.record(), [u.model_dump() for u in a.updates], a.task.model_dump())
        for a in compute(repo, TODAY)
    ]
    return [problems, sorted(repo.broken_files), rows]


@pytest.fixture
def cache_dir(tmp_path):
    return tmp_path / "cache" / "dtrack"


def entry_path(cache_dir):
    [entry] = list(cache_dir.glob("*.cache"))
    return entry


def test_warm_run_parses_nothing_and_gives_the_same(make_data, cache_dir, monkeypatch):
    data = make_data({"2025-10-UBND-NC.yaml": DIRECTIVE, "2025/2025-11-UBND-NC.yaml": OTHER})
    expected = snapshot(load(data))
    parses = Parses(monkeypatch)
    assert snapshot(load(data, cache_dir)) == expected  # cold: fills the cache
    assert parses.count == 3  # agencies.yaml and both directives
    assert entry_path(cache_dir).stat().st_size > 0
    parses.count = 0
    warm = load(data, cache_dir)
    assert snapshot(warm) == expected
    assert parses.count == 0
    assert {ld.id: ld.task_count for ld in warm.directives} == {
        "2025-10-UBND-NC": 3,
        "2025-11-UBND-NC": 1,
    }


def test_changed_file_of_same_size_and_mtime_is_read_again(make_data, cache_dir):
    data = make_data({"2025-10-UBND-NC.yaml": DIRECTIVE})
    path = data / "directives" / "2025-10-UBND-NC.yaml"
    before = {a.ref: a.status for a in compute(load(data, cache_dir), TODAY)}
    assert before["2025-10-UBND-NC:a@snv"] == "overdue"
    stat = path.stat()
    changed = DIRECTIVE.replace("trước ngày 20/9/2025", "trước ngày 20/9/2026")
    assert len(changed.encode()) == stat.st_size
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_mtime_ns == stat.st_mtime_ns and path.stat().st_size == stat.st_size
    after = {a.ref: a.status for a in compute(load(data, cache_dir), TODAY)}
    assert after["2025-10-UBND-NC:a@snv"] == "on_track"
    assert after == {a.ref: a.status for a in compute(load(data), TODAY)}


def test_only_changed_files_are_parsed_again(make_data, cache_dir, monkeypatch):
    data = make_data({"2025-10-UBND-NC.yaml": DIRECTIVE, "2025-11-UBND-NC.yaml": OTHER})
    load(data, cache_dir)
    path = data / "directives" / "2025-11-UBND-NC.yaml"
    path.write_text(OTHER.replace("Việc một", "Việc một (sửa)"), encoding="utf-8")
    parses = Parses(monkeypatch)
    repo = load(data, cache_dir)
    assert parses.count == 1
    assert repo.directive("2025-11-UBND-NC").model.tasks[0].title == "Việc một (sửa)"
    assert snapshot(repo) == snapshot(load(data))
    parses.count = 0
    load(data, cache_dir)
    assert parses.count == 0  # the rewritten entry holds the new version


def test_agencies_change_checks_every_directive_again(make_data, cache_dir):
    data = make_data({"2025-11-UBND-NC.yaml": OTHER})
    assert load(data, cache_dir).errors == []
    agencies = data / "agencies.yaml"
    text = agencies.read_text(encoding="utf-8")
    agencies.write_text(text.replace("stp, name: Sở Tư pháp", "stpx, name: Sở Tư pháp"), "utf-8")
    repo = load(data, cache_dir)
    assert [d.code for d in repo.errors].count("unknown-agency") >= 1
    assert snapshot(repo) == snapshot(load(data))


def test_new_version_of_dtrack_does_not_read_old_entries(make_data, cache_dir, monkeypatch):
    data = make_data({"2025-10-UBND-NC.yaml": DIRECTIVE})
    load(data, cache_dir)
    monkeypatch.setattr(directive_cli, "__version__", "999.0")
    parses = Parses(monkeypatch)
    repo = load(data, cache_dir)
    assert parses.count == 2
    assert snapshot(repo) == snapshot(load(data))
    parses.count = 0
    load(data, cache_dir)
    assert parses.count == 0  # rewritten for the new version


def test_the_code_in_the_key_is_the_whole_package(tmp_path, monkeypatch):
    """A change in any module, in a sub-package too (reading/, loading/, render/), is new code."""
    package = Path(directive_cli.__file__).parent
    hashed = []
    monkeypatch.setattr(cache, "_sources", lambda top: hashed.append(top) or [])
    cache._code_digest()
    assert [Path(top) for top in hashed] == [package]
    monkeypatch.undo()
    top = [str(p.relative_to(package)) for p in map(Path, cache._sources(str(package)))]
    for name in ("cli.py", "reading/models.py", "loading/cache.py", "render/table.py"):
        assert name in top
    tree = tmp_path / "pkg"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.py").write_text("A = 1\n")
    (tree / "sub" / "b.py").write_text("B = 1\n")
    found = [Path(p).relative_to(tree).as_posix() for p in cache._sources(str(tree))]
    assert found == ["a.py", "sub/b.py"]


@pytest.mark.parametrize("where", ["whole", "header", "index", "record", "truncated", "empty"])
def test_damaged_entry_is_ignored_and_rebuilt(make_data, cache_dir, monkeypatch, where):
    data = make_data({"2025-10-UBND-NC.yaml": DIRECTIVE, "2025-11-UBND-NC.yaml": OTHER})
    expected = snapshot(load(data))
    load(data, cache_dir)
    entry = entry_path(cache_dir)
    raw = bytearray(entry.read_bytes())
    if where == "whole":
        raw = bytearray(b"\x80garbage" * 100)
    elif where == "header":
        raw[20:40] = b"\xff" * 20
    elif where == "index":
        raw[-40:-20] = b"\x00" * 20
    elif where == "record":  # inside the first pickled directive, after the header
        raw[cache._HEADER.size + 30 : cache._HEADER.size + 60] = b"\x01" * 30
    elif where == "truncated":
        raw = raw[: len(raw) // 2]
    else:
        raw = bytearray()
    entry.write_bytes(bytes(raw))
    assert snapshot(load(data, cache_dir)) == expected
    # Rebuilt: the next run parses nothing again (a damaged record is found only when read,
    # so that run discards the entry and the one after rebuilds it).
    load(data, cache_dir)
    parses = Parses(monkeypatch)
    assert snapshot(load(data, cache_dir)) == expected
    assert parses.count == 0


def test_entry_replaced_during_a_run_keeps_that_run_consistent(make_data, cache_dir):
    data = make_data({"2025-10-UBND-NC.yaml": DIRECTIVE})
    load(data, cache_dir)
    first = load(data, cache_dir)  # warm: records not read yet
    path = data / "directives" / "2025-10-UBND-NC.yaml"
    path.write_text(DIRECTIVE.replace("Báo cáo A", "Báo cáo A mới"), encoding="utf-8")
    second = load(data, cache_dir)  # another run rewrites the entry meanwhile
    assert first.directives[0].model.tasks[0].title == "Báo cáo A"
    assert second.directives[0].model.tasks[0].title == "Báo cáo A mới"


def test_removed_file_is_gone_and_cache_can_be_deleted(make_data, cache_dir):
    data = make_data({"2025-10-UBND-NC.yaml": DIRECTIVE, "2025-11-UBND-NC.yaml": OTHER})
    load(data, cache_dir)
    (data / "directives" / "2025-11-UBND-NC.yaml").unlink()
    assert [ld.id for ld in load(data, cache_dir).directives] == ["2025-10-UBND-NC"]
    for p in cache_dir.iterdir():
        p.unlink()
    cache_dir.rmdir()
    assert [ld.id for ld in load(data, cache_dir).directives] == ["2025-10-UBND-NC"]


def test_problems_come_back_from_the_cache_located_and_named_for_this_run(
    make_data, cache_dir, monkeypatch, tmp_path
):
    broken = DIRECTIVE.replace("lead: snv,", "lead: snvv,").replace("due: 2025", "dead-line: 2025")
    data = make_data({"2025-10-UBND-NC.yaml": broken, "2025-11-UBND-NC.yaml": "a: [b\n"})
    expected = snapshot(load(data))
    assert len(expected[0]) >= 2 and all(line for _, line, *_ in expected[0])
    load(data, cache_dir)
    assert snapshot(load(data, cache_dir)) == expected
    # Shown file names follow the current directory, not the run that filled the cache.
    monkeypatch.chdir(data)
    files = {d.file for d in load(data, cache_dir).diagnostics}
    assert files == {d.file for d in load(data).diagnostics}
    assert all(f.startswith("directives") for f in files)


def test_cli_uses_the_cache_unless_told_not_to(make_data, runner, monkeypatch, tmp_path):
    data = make_data({"2025-10-UBND-NC.yaml": DIRECTIVE})
    cache_home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    args = ["--data", str(data), "--today", "2025-10-15", "list", "--format", "json"]

    monkeypatch.setenv("DTRACK_NO_CACHE", "1")
    off = runner.invoke(app, args)
    assert off.exit_code == 0 and not cache_home.exists()

    monkeypatch.delenv("DTRACK_NO_CACHE")
    result = runner.invoke(app, ["--no-cache", *args])
    assert result.exit_code == 0 and not cache_home.exists()

    cold = runner.invoke(app, args)
    assert len(list((cache_home / "dtrack").glob("*.cache"))) == 1
    warm = runner.invoke(app, args)
    assert json.loads(off.output) == json.loads(cold.output) == json.loads(warm.output)

    check = runner.invoke(app, ["--data", str(data), "check"])
    assert check.exit_code == 0 and "3 nhiệm vụ" in check.output


def test_the_windows_way_gives_the_same(make_data, cache_dir, monkeypatch):
    # Windows cannot rename over an open file: entries are read whole and records read back by
    # opening the entry again. Exercised here on any system.
    monkeypatch.setattr(cache, "_WINDOWS", True)
    data = make_data({"2025-10-UBND-NC.yaml": DIRECTIVE, "2025-11-UBND-NC.yaml": OTHER})
    expected = snapshot(load(data))
    assert snapshot(load(data, cache_dir)) == expected  # cold, records read back from the entry
    parses = Parses(monkeypatch)
    assert snapshot(load(data, cache_dir)) == expected
    assert parses.count == 0
    path = data / "directives" / "2025-11-UBND-NC.yaml"
    path.write_text(OTHER.replace("Việc một", "Việc khác"), encoding="utf-8")
    changed = load(data, cache_dir)
    assert parses.count == 1
    assert changed.directive("2025-11-UBND-NC").model.tasks[0].title == "Việc khác"


def test_a_changed_file_with_new_leads_keeps_the_others_plans_right(make_data, cache_dir):
    # Plans point into one table of lead lists per data folder; a file re-read with leads never
    # seen before adds to it, and the plans kept from the entry still point at their own.
    data = make_data({"2025-10-UBND-NC.yaml": DIRECTIVE, "2025-11-UBND-NC.yaml": OTHER})
    load(data, cache_dir)
    path = data / "directives" / "2025-11-UBND-NC.yaml"
    path.write_text(OTHER.replace("lead: [snv, stp]", "lead: [stc, xa-phuong]"), "utf-8")
    expected = snapshot(load(data))
    assert snapshot(load(data, cache_dir)) == expected  # one file re-read, one kept
    assert snapshot(load(data, cache_dir)) == expected  # both kept
    path.write_text(OTHER, "utf-8")
    assert snapshot(load(data, cache_dir)) == snapshot(load(data))


@pytest.mark.parametrize("blob", ["model", "plan", "settled", "counts"])
def test_each_damaged_blob_is_worked_out_again(make_data, cache_dir, blob):
    # A record, either part of a plan (plans.split) or the counts of a closed directive,
    # damaged in the entry: the run gives the same listings and summary (from the file, by
    # planning again, by counting again).
    from directive_cli.summary import tally

    closed = OTHER.replace(
        "due: 2025-10-30}", "due: 2025-10-30, updates: [{date: 2025-09-20, kind: done}]}"
    )
    data = make_data({"2025-10-UBND-NC.yaml": DIRECTIVE, "2025-11-UBND-NC.yaml": closed})

    def seen(repo):
        overdue = [a.record() for a in compute(repo, TODAY, statuses={"overdue", "due_soon"})]
        return snapshot(repo), overdue, tally(repo, TODAY).total.record(), tally(repo, TODAY).rows

    expected = seen(load(data))
    load(data, cache_dir)
    entry = entry_path(cache_dir)
    store = cache.Store(cache_dir, data)
    # Where each blob is in a record (cache.py, FileRecord).
    where = {"model": (2,), "plan": (3, 0), "settled": (3, 1), "counts": (5,)}[blob]
    refs = []
    for rec in store._files.values():
        for step in where:
            rec = rec[step] if rec is not None else None
        refs += [rec] if rec is not None else []
    assert refs  # a record and a plan each, settled tasks in both, counts for the closed one
    raw = bytearray(entry.read_bytes())
    for offset, length, _ in refs:
        at = cache._HEADER.size + offset + length // 2
        raw[at] ^= 0xFF
    entry.write_bytes(bytes(raw))
    assert seen(load(data, cache_dir)) == expected


def test_versions_in_the_key_are_those_importlib_metadata_reads():
    from importlib.metadata import version

    dists = ("pydantic", "pydantic_core", "PyYAML", "holidays")
    assert cache._versions(*dists) == tuple(version(d) for d in dists)
    assert cache._versions("no-such-dist") == ("?",)


_HEAVY = ("pydantic", "pydantic_core", "yaml", "ruamel", "jinja2", "rich", "docxtpl", "openpyxl")


@pytest.mark.parametrize("command", [["overdue"], ["summary"], ["list", "-f", "json"], ["check"]])
def test_a_warm_run_imports_neither_pydantic_nor_a_yaml_parser(make_data, tmp_path, command):
    """What a warm run needs comes from the cache as plain objects (roster.py, the plans)."""
    import subprocess
    import sys

    data = make_data({"2025-10-UBND-NC.yaml": DIRECTIVE, "2025-11-UBND-NC.yaml": OTHER})
    script = (
        "import sys\n"
        "from directive_cli.cli import app\n"
        "try:\n"
        "    app(args=sys.argv[1:], prog_name='dtrack')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"heavy = {_HEAVY!r}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DTRACK_NO_CACHE"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    args = [sys.executable, "-c", script, "--data", str(data), "--today", "2025-10-15", *command]
    cold = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
    assert "pydantic" in cold.stderr.splitlines()[-1]  # it validated the files
    warm = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
    assert warm.stdout == cold.stdout
    assert warm.stderr.splitlines()[-1] == "[]"


def test_the_summed_counts_follow_a_changed_file(make_data, cache_dir):
    # Repository.settled_totals adds up the counts kept for every directive; a summary of
    # everything uses it instead of each directive's. It is worked out again with the entry.
    from directive_cli.summary import tally

    closed = OTHER.replace(
        "due: 2025-10-30}", "due: 2025-10-30, updates: [{date: 2025-09-20, kind: done}]}"
    )
    data = make_data({"2025-10-UBND-NC.yaml": DIRECTIVE, "2025-11-UBND-NC.yaml": closed})

    def rows(repo):
        return [row.record() for row in tally(repo, TODAY).rows]

    load(data, cache_dir)
    warm = load(data, cache_dir)
    assert warm.settled_totals is not None and warm.settled_totals[0] == {"2025-11-UBND-NC"}
    assert rows(warm) == rows(load(data))
    path = data / "directives" / "2025-11-UBND-NC.yaml"
    path.write_text(closed.replace("snv, stp", "snv, stp, stc"), "utf-8")
    for _ in range(2):  # the file re-read, then all from the entry
        repo = load(data, cache_dir)
        assert repo.settled_totals is not None
        assert rows(repo) == rows(load(data))
        assert "stc" in {row["key"] for row in rows(repo)}


def test_versions_of_older_egg_info_installs_are_in_the_key(tmp_path, monkeypatch):
    # A Debian-packaged or `setup.py develop` install has an .egg-info folder, its version in
    # the name or only in its PKG-INFO: an upgrade must still change the key.
    import sys

    (tmp_path / "fakepkg-1.2.3.egg-info").mkdir()
    (tmp_path / "otherpkg.egg-info").mkdir()
    (tmp_path / "otherpkg.egg-info" / "PKG-INFO").write_text(
        "Metadata-Version: 2.1\nName: otherpkg\nVersion: 4.5\n", "utf-8"
    )
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    assert cache._versions("fakepkg", "otherpkg") == ("1.2.3", "4.5")


def test_a_group_that_changes_members_is_counted_anew(make_data, cache_dir):
    # Plans and counts point at lead lists by their place in Repository.shares; a changed
    # agencies.yaml (a member added to a group) makes them all again, listings and sums alike.
    from directive_cli.summary import tally

    closed = OTHER.replace(
        "lead: [snv, stp], due: 2025-10-30}",
        "lead: so-ban-nganh, due: 2025-10-30, updates: [{date: 2025-09-20, kind: done}]}",
    )
    data = make_data({"2025-10-UBND-NC.yaml": DIRECTIVE, "2025-11-UBND-NC.yaml": closed})

    def seen(repo):
        listing = [a.record() for a in compute(repo, TODAY, statuses={"overdue", "due_soon"})]
        by = [[r.record() for r in tally(repo, TODAY, by=b).rows] for b in ("agency", "directive")]
        return snapshot(repo), listing, by

    load(data, cache_dir)
    load(data, cache_dir)
    (data / "agencies.yaml").write_text(
        AGENCIES_YAML.replace("members: [snv, stc, stp]", "members: [stp, snv, stc, xa-an-khanh]"),
        "utf-8",
    )
    for _ in range(2):  # re-read with the new groups, then all from the new entry
        repo = load(data, cache_dir)
        assert seen(repo) == seen(load(data))
    assert "xa-an-khanh" in {r["key"] for r in seen(repo)[2][0]}


def test_a_new_entry_is_read_back_wherever_another_process_left_the_file(tmp_path):
    """dtrack site --jobs forks after a cold run: its processes share the new entry's open file,
    and its position, so each record must be read at its place, not by seek() then read()
    (another process may move the position in between: a damaged record, the entry deleted)."""
    store = cache.Store(tmp_path / "cache", tmp_path)
    writer = store.writer()
    refs = [writer._put({"n": i, "pad": "x" * (i * 97)}, False) for i in range(20)]
    assert writer.read_blob(refs[3])["n"] == 3  # before the entry is complete, too
    writer.commit(None, [], None)

    class Shared:
        """The entry's file as another process moves it between a seek and a read."""

        def __init__(self, fh) -> None:
            self.fh = fh

        def __getattr__(self, name):
            return getattr(self.fh, name)

        def read(self, *args):
            os.lseek(self.fh.fileno(), 0, os.SEEK_SET)
            return self.fh.read(*args)

    writer.fh = Shared(writer.fh)
    assert [writer.read_blob(r)["n"] for r in reversed(refs)] == list(range(19, -1, -1))


def test_a_plan_made_in_a_cold_run_can_be_released_and_read_back(make_data, cache_dir):
    """dtrack site forgets the plans once the statuses are known, after a cold run too (then
    it holds ~60 MB less on five years of data): the cache gives each plan again, equal."""
    data = make_data({"2025-10-UBND-NC.yaml": DIRECTIVE, "2025/2025-11-UBND-NC.yaml": OTHER})
    expected = snapshot(load(data))
    cold = load(data, cache_dir)
    made = [ld.plan for ld in cold.directives]
    for ld in cold.directives:
        ld.release_plan()
    assert all(ld._plan is None for ld in cold.directives)
    assert [ld.plan for ld in cold.directives] == made
    assert snapshot(cold) == expected


def test_a_cold_run_may_leave_its_plans_to_the_cache(make_data, cache_dir):
    """dtrack site loads without keeping the plans it makes (keep_plans=False): each is read
    back from the new cache entry when asked for, and the statuses are the same."""
    data = make_data({"2025-10-UBND-NC.yaml": DIRECTIVE, "2025/2025-11-UBND-NC.yaml": OTHER})
    expected = snapshot(load(data))
    cold = load(data, cache_dir, keep_plans=False)
    assert all(ld._plan is None for ld in cold.directives)
    assert snapshot(cold) == expected
