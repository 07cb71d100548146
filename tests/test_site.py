"""`dtrack site`: the files it writes, their links, escaping, calendars, and the output folder.

The site is built from the embedded default data plus one directive whose text holds markup
(`HOSTILE`), at a fixed T. The browser's view of the same site is in test_site_browser.py.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import AGENCIES_YAML, DEFAULT_DATA
from hypothesis import given
from hypothesis import strategies as st

from directive_cli import templating
from directive_cli.cli import app
from directive_cli.loading.load import load
from directive_cli.render.table import group_rows
from directive_cli.site import build, ics, output, pages, parallel
from directive_cli.status import compute, slots

TODAY = dt.date(2025, 10, 1)
HOSTILE_ID = "2025-99-UBND-VP"
HOSTILE = """\
number: 99/UBND-VP
kind: thong-bao
issued: 2025-09-15
subject: "thử <script>alert('x')</script> & \\"trích\\" <b>đậm</b>"
tasks:
  - id: "1"
    title: "<script>document.title='hacked'</script> Báo cáo, tổng hợp; ghi chú \\\\ dài"
    lead: snv
    due: 2025-09-25
  - id: "2"
    title: >-
      Báo cáo định kỳ <img src=x onerror=alert(1)> về tình hình thực hiện nhiệm vụ
      được giao trong tháng
    lead: [xa-phuong]
    due: trước ngày 20 hằng tháng
    repeat: {every: month, from: 2025-09, until: 2025-12}
    updates:
      - {date: 2025-09-18, kind: done, period: 2025-09, agency: xa-an-khanh, ref: "BC <i>1</i>"}
"""


def site_data(root: Path) -> Path:
    """The default data with the hostile directive added."""
    data = root / "data"
    shutil.copytree(DEFAULT_DATA, data)
    (data / "directives" / f"{HOSTILE_ID}.yaml").write_text(HOSTILE, encoding="utf-8")
    return data


def build_files(data: Path, today: dt.date = TODAY, **options) -> dict[str, bytes]:
    repo = load(data, None)
    assert not repo.errors, repo.errors
    return dict(pages.make(repo, today, 7, None, **options))


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return site_data(tmp_path_factory.mktemp("site-data"))


@pytest.fixture(scope="module")
def files(data) -> dict[str, bytes]:
    return build_files(data)


@pytest.fixture(scope="module")
def repo(data):
    return load(data, None)


def text(files, path: str) -> str:
    return files[path].decode("utf-8")


# -- what is there -------------------------------------------------------------------------------


def test_every_agency_and_directive_has_its_page_and_calendar(files, repo):
    for aid in repo.agencies:
        assert f"co-quan/{aid}.html" in files
        assert f"ics/{aid}.ics" in files
    for ld in repo.directives:
        assert build.directive_path(ld.id) in files
    for path in ("index.html", "co-quan/index.html", "van-ban/index.html", "van-ban/nam-2025.html",
                 "van-ban/du-thao.html", "tong-hop.html", "assets/site.css", "assets/site.js",
                 "bieu-tong-hop-2025-10-01.xlsx"):  # fmt: skip
        assert path in files, path
    # The draft plan has no `issued`: listed with the drafts, at every T.
    assert "2026-KH-so-ket-01-nam" in text(files, "van-ban/du-thao.html")


def test_home_page_shows_the_counts_of_the_summary(files, repo):
    from directive_cli.summary import tally

    total = tally(repo, TODAY).total.counts
    home = text(files, "index.html")
    assert f'<span class="n">{total.overdue}</span> chưa hoàn thành, quá hạn' in home
    assert f'<span class="n">{total.total}</span> phần việc' in home
    assert "tính đến ngày <strong>01/10/2025</strong>" in home
    # The most overdue share of the default data at T: Sở KH&CN's 3.3, 11 days.
    assert "3.3. Triển khai ngay" in home and "11 ngày" in home
    # The update of 18/09/2025 is within the last 30 days, with its report escaped.
    recent = home[home.index("Cập nhật trong 30 ngày qua") :]
    assert "18/09/2025" in recent and "BC &lt;i&gt;1&lt;/i&gt;" in recent
    # Charts are inline SVG, drawn at build time: no script draws them.
    assert home.count("<svg") >= 2 * len(repo.agencies)


def test_agency_page_lists_overdue_first_then_due_soon_then_the_rest(files, repo):
    page = text(files, "co-quan/snv.html")
    statuses = re.findall(r'<tr data-status="(\w+) open"', page)
    items = [a for a in compute(repo, TODAY) if a.agency.id == "snv"]
    open_items = [a for a in items if a.status in build.OPEN]
    assert len(statuses) == len(open_items)
    rank = {s: i for i, s in enumerate(build.OPEN)}
    assert [rank[s] for s in statuses] == sorted(rank[s] for s in statuses)
    assert statuses[0] == "overdue"


def test_directive_page_has_tasks_deadlines_and_history(files):
    page = text(files, "van-ban/2025-99-UBND-VP.html")
    assert 'id="nv-1"' in page and 'id="nv-2"' in page
    assert "trước ngày 20 hằng tháng" in page  # the deadline as written
    assert "định kỳ hằng tháng, từ tháng 9/2025 đến tháng 12/2025" in page
    assert "18/09/2025" in page and "Xã An Khánh" in page  # the recorded update
    assert "BC &lt;i&gt;1&lt;/i&gt;" in page


# -- escaping ------------------------------------------------------------------------------------


def test_every_value_from_the_data_is_escaped(files):
    for path, data in files.items():
        if not path.endswith(".html"):
            continue
        page = data.decode("utf-8")
        assert "<script>alert" not in page, path
        assert "<script>document" not in page, path
        assert "<img src=x" not in page, path
        assert "<b>đậm" not in page, path
        # The one script of every page is the site's own.
        assert re.findall(r"<script\b[^>]*>", page) == [
            f'<script src="{"../" * path.count("/")}assets/site.js" defer>'
        ], path
    page = text(files, "van-ban/2025-99-UBND-VP.html")
    assert "&lt;script&gt;document.title=&#39;hacked&#39;&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    # The history and the listings' rows are written by dtrack, not by a template: escaped too.
    assert "; BC &lt;i&gt;1&lt;/i&gt;</li>" in page and "<i>1" not in page


# -- links ---------------------------------------------------------------------------------------


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key])


def test_every_internal_link_resolves(files):
    parsed = {}
    for path, data in files.items():
        if path.endswith(".html"):
            p = _Links()
            p.feed(data.decode("utf-8"))
            parsed[path] = p
    checked = 0
    for path, p in parsed.items():
        for link in p.links:
            parts = urlsplit(link)
            if parts.scheme in ("data", "http", "https") or link.startswith("mailto:"):
                continue
            target = (
                path
                if not parts.path
                else str(Path(path).parent.joinpath(unquote(parts.path))).replace("\\", "/")
            )
            target = _normalise(target)
            assert target in files, f"{path}: {link} -> {target}"
            if parts.fragment:
                assert parts.fragment in parsed[target].ids, f"{path}: {link}"
            checked += 1
    assert checked > 1000


def _normalise(path: str) -> str:
    out: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            out.pop()
        else:
            out.append(part)
    return "/".join(out)


# -- same data and T, same bytes; sizes ----------------------------------------------------------


def test_same_data_and_day_give_the_same_bytes(data, files):
    again = build_files(data)
    assert again.keys() == files.keys()
    assert [p for p in files if files[p] != again[p]] == []


def test_no_page_over_500_kb(files):
    assert max(len(v) for v in files.values()) < 500_000


def test_long_listings_are_split_into_pages(data, monkeypatch):
    monkeypatch.setattr(build, "PAGE_ROWS", 5)  # snv has 14 shares (the draft plan is not in force)
    split = build_files(data)
    snv = [p for p in split if p.startswith("co-quan/snv")]
    assert len(snv) >= 3 and "co-quan/snv.trang-2.html" in snv
    rows = []
    for p in sorted(snv, key=lambda p: (len(p), p)):
        rows += re.findall(r"<tr data-status=", text(split, p))
    repo = load(data, None)
    assert len(rows) == sum(1 for a in compute(repo, TODAY) if a.agency.id == "snv")


# -- calendars -----------------------------------------------------------------------------------


def test_calendars_parse_and_hold_one_event_per_open_share_with_a_due_date(files, repo):
    icalendar = pytest.importorskip("icalendar")
    items = compute(repo, TODAY)
    for aid in repo.agencies:
        raw = files[f"ics/{aid}.ics"]
        assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
        assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
        cal = icalendar.Calendar.from_ical(raw)
        events = [c for c in cal.walk() if c.name == "VEVENT"]
        wanted = [
            a for a in items if a.agency.id == aid and a.status in build.OPEN and a.due is not None
        ]
        assert len(events) == len(wanted)
        assert sorted(str(e["UID"]) for e in events) == sorted(
            build._event(a, "", repo)["uid"] for a in wanted
        )
        for e, a in zip(
            sorted(events, key=lambda e: str(e["UID"])),
            sorted(wanted, key=lambda a: build._event(a, "", repo)["uid"]),
            strict=True,
        ):
            assert e.decoded("DTSTART") == a.due
            assert e.decoded("DTEND") == a.due + dt.timedelta(days=1)
            assert a.title in str(e["SUMMARY"])  # unfolded and unescaped by the parser
    hostile = icalendar.Calendar.from_ical(files["ics/snv.ics"])
    summaries = [str(e["SUMMARY"]) for e in hostile.walk("VEVENT")]
    assert any("Báo cáo, tổng hợp; ghi chú \\ dài" in s for s in summaries)


def test_calendar_uids_are_stable_from_one_day_to_the_next(data, files, repo):
    later_day = dt.date(2025, 10, 5)
    later = build_files(data, later_day)

    def uids(raw: bytes) -> set[str]:
        unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")
        return set(re.findall(r"^UID:(.+)\r$", unfolded, re.M))

    def open_refs(day):
        return {
            (a.directive.id, a.task_id, a.period.key if a.period else None)
            for a in compute(repo, day)
            if a.agency.id == "snv" and a.status in build.OPEN and a.due is not None
        }

    both = open_refs(TODAY) & open_refs(later_day)
    before, after = uids(files["ics/snv.ics"]), uids(later["ics/snv.ics"])
    assert len(both) >= 2  # 1958 3.2 and the hostile directive's task (the draft is not in force)
    # A share open on both days has the same UID on both: calendars update, never duplicate.
    assert len(before & after) == len(both)
    assert "2025-1958-UBND-NC:3.2:snv@ubnd-tinh.dtrack" in before & after


@given(st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=400))
def test_folding_keeps_lines_short_and_unfolds_to_the_same_text(value):
    line = "SUMMARY:" + ics.text(value)
    raw = ics.fold(line)
    assert raw.endswith(b"\r\n")
    physical = raw[:-2].split(b"\r\n")
    assert all(len(p) <= 75 for p in physical)
    for p in physical:
        p.decode("utf-8")  # never cut inside a character
    assert raw[:-2].replace(b"\r\n ", b"").decode("utf-8") == line


# -- the command ---------------------------------------------------------------------------------


def test_command_writes_the_site_and_rewrites_only_what_changed(runner, data, tmp_path):
    out = tmp_path / "site"
    args = ["--data", str(data), "--today", "2025-10-01", "site", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"Đã tạo trang tại {out}/index.html" in result.output
    assert (out / "index.html").is_file() and (out / output.MARKER).is_file()
    stale = out / "van-ban" / "da-xoa.html"
    stale.write_text("cũ", encoding="utf-8")
    before = (out / "index.html").stat().st_mtime_ns
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "ghi 0 tệp thay đổi, xóa 1 tệp cũ" in result.output
    assert not stale.exists()
    assert (out / "index.html").stat().st_mtime_ns == before


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="--jobs forks (Linux only)")


@needs_fork
def test_jobs_build_the_same_site_as_one_process(runner, data, tmp_path, monkeypatch):
    # Which process wrote each file, noted in a file: a build that quietly stayed in one
    # process would give the same site, and this test must not pass for it.
    writers = tmp_path / "writers"
    real_put = output.Writer.put

    def noting(self, rel, data):
        with open(writers, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {rel}\n")
        return real_put(self, rel, data)

    args = ["--data", str(data), "--today", "2025-10-01", "site", "--letters", "--out"]
    one = runner.invoke(app, [*args, str(tmp_path / "one"), "-j", "1"])
    monkeypatch.setattr(output.Writer, "put", noting)
    monkeypatch.setattr(build, "CHUNK", 1)  # a chunk a directive: several to hand out
    three = runner.invoke(app, [*args, str(tmp_path / "three"), "--jobs", "3"])
    monkeypatch.undo()
    by_pid: dict[str, set[str]] = {}
    for line in writers.read_text().splitlines():
        pid, rel = line.split(" ", 1)
        by_pid.setdefault(pid, set()).add(rel)
    pages_of_directives = {
        p for p in _tree(tmp_path / "one") if p.startswith("van-ban/") and "/nam-" not in p
    } - {"van-ban/index.html", "van-ban/du-thao.html"}
    first = by_pid.pop(str(os.getpid()))
    assert "index.html" in first and "co-quan/snv.html" in first
    # The others wrote directives' pages, and nothing else; the first may have taken some.
    assert by_pid and all(rels and rels <= pages_of_directives for rels in by_pid.values())
    assert one.exit_code == 0 and three.exit_code == 0, (one.output, three.output)
    assert one.output.replace("one", "three") == three.output  # same counts of pages and files
    a, b = _tree(tmp_path / "one"), _tree(tmp_path / "three")
    assert len(a) > 200 and a.keys() == b.keys()
    assert [p for p in a if a[p] != b[p]] == []
    # A rebuild with more processes writes nothing and removes nothing.
    again = runner.invoke(app, [*args, str(tmp_path / "one"), "-j", "2"])
    assert "ghi 0 tệp thay đổi, xóa 0 tệp cũ" in again.output, again.output


@needs_fork
def test_directive_pages_worked_out_a_few_at_a_time_are_the_same(data, tmp_path, monkeypatch):
    """A process that builds directive pages works out their statuses CHUNK directives at a
    time: with one directive a chunk, each page is still the one a single process makes."""
    one = output.write(tmp_path / "one", pages.make(load(data, None), TODAY, 7, None))
    monkeypatch.setattr(build, "CHUNK", 1)
    three = parallel.write(tmp_path / "three", pages.prepare(load(data, None), TODAY, 7, None), 3)
    a, b = _tree(tmp_path / "one"), _tree(tmp_path / "three")
    assert sum(p.startswith("van-ban/") for p in a) > 3
    assert a == b
    assert (three.files, three.pages) == (one.files, one.pages)


def test_default_jobs_two_at_most_and_one_for_a_process_already_heavy(monkeypatch):
    """Two processes where two processors are free; one after a cold run, whose ~145 MB of
    mostly freed memory a second process would keep a copy of."""
    assert 0 < parallel._peak_mb() < 10_000  # this process, as the OS counts it
    monkeypatch.setattr(parallel, "_peak_mb", lambda: 40.0)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    assert parallel.default_jobs() == 2
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert parallel.default_jobs() == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(parallel, "_peak_mb", lambda: float(parallel.LIGHT_MB))
    assert parallel.default_jobs() == 1


@needs_fork
def test_every_process_is_waited_for_though_the_home_page_did_not_ask(data, tmp_path, monkeypatch):
    """The other processes' files are kept, not removed as an earlier build's, even if the
    first one's pages never asked for their updates (build.build's `others`)."""
    real = pages.files

    def files(prep, part=(0, 1), recent=None, others=tuple, chunks=None):
        return real(prep, part, recent, chunks=chunks)  # others() never called

    monkeypatch.setattr(pages, "files", files)
    one = output.write(tmp_path / "one", real(pages.prepare(load(data, None), TODAY, 7, None)))
    three = parallel.write(tmp_path / "three", pages.prepare(load(data, None), TODAY, 7, None), 3)
    assert _tree(tmp_path / "three").keys() == _tree(tmp_path / "one").keys()
    assert (three.files, three.pages, three.removed) == (one.files, one.pages, 0)


@needs_fork
def test_a_process_that_cannot_be_started_is_said_plainly(runner, data, tmp_path, monkeypatch):
    """Too many processes for the machine's limits: not an internal error of dtrack."""
    import errno

    def fork():
        raise BlockingIOError(errno.EAGAIN, os.strerror(errno.EAGAIN))

    monkeypatch.setattr(os, "fork", fork)
    result = runner.invoke(app, ["--data", str(data), "site", "-j", "3", "--out", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "không tạo được tiến trình dựng trang" in result.output
    assert "thử lại với --jobs nhỏ hơn" in result.output


@needs_fork
def test_each_chunk_goes_to_one_process(tmp_path):
    """The chunks of directive pages are handed out through a pipe: two processes taking them
    at once get every number once between them."""
    chunks = parallel._Chunks(2000)
    pid = os.fork()
    if pid == 0:  # the second process
        taken = list(chunks)
        (tmp_path / "child").write_text(" ".join(map(str, taken)))
        os._exit(0)
    mine = list(chunks)
    os.waitpid(pid, 0)
    chunks.close()
    theirs = [int(n) for n in (tmp_path / "child").read_text().split()]
    assert sorted(mine + theirs) == list(range(2000))
    assert list(parallel._Chunks(0)) == []


def _directive_pages_in_children_only(monkeypatch) -> None:
    """The first process leaves every chunk of directive pages to the others (it takes those
    left when its own pages are done, which a fast machine may reach first)."""
    first = os.getpid()
    real = pages.directive_files

    def children_only(prep, chunks=None, recent=None):
        return iter(()) if os.getpid() == first else real(prep, chunks, recent)

    monkeypatch.setattr(pages, "directive_files", children_only)


@needs_fork
def test_a_failing_process_is_reported_once(runner, data, tmp_path, monkeypatch):
    """A template error met by the second process: said as the first would, exit 1."""
    real = pages._page
    second = build.directive_path(load(data, None).directives[0].id)  # a child's page

    def failing(env, page, user_dir):
        if page.path == second:
            raise templating.TemplateProblem("site/directive.html.j2:3: lỗi khi điền mẫu: thử")
        return real(env, page, user_dir)

    monkeypatch.setattr(pages, "_page", failing)
    _directive_pages_in_children_only(monkeypatch)
    result = runner.invoke(app, ["--data", str(data), "site", "-j", "2", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.count("site/directive.html.j2:3: lỗi khi điền mẫu: thử") == 1
    assert "Traceback" not in result.output


@needs_fork
def test_a_process_that_dies_is_reported(runner, data, tmp_path, monkeypatch):
    real = pages._page
    second = build.directive_path(load(data, None).directives[0].id)  # a child's page

    def dying(env, page, user_dir):
        if page.path == second:
            os._exit(9)  # as if killed: it cannot say why
        return real(env, page, user_dir)

    monkeypatch.setattr(pages, "_page", dying)
    _directive_pages_in_children_only(monkeypatch)
    result = runner.invoke(app, ["--data", str(data), "site", "-j", "2", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "một tiến trình dựng trang đã dừng bất thường (mã 9); thử lại với --jobs 1." in (
        result.output
    )


@needs_fork
def test_a_process_killed_while_it_sends_is_reported(runner, data, tmp_path, monkeypatch):
    """Killed (out of memory) halfway through sending its result: said as any other death."""
    import struct
    from multiprocessing import connection

    first = os.getpid()
    real = connection.Connection.send

    def send(self, obj):
        if os.getpid() != first:
            os.write(self.fileno(), struct.pack("!i", 1 << 20) + b"half of it")
            os._exit(9)
        return real(self, obj)

    monkeypatch.setattr(connection.Connection, "send", send)
    result = runner.invoke(app, ["--data", str(data), "site", "-j", "2", "--out", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "một tiến trình dựng trang đã dừng bất thường (mã 9); thử lại với --jobs 1." in (
        result.output
    )


@needs_fork
def test_ctrl_c_while_a_process_sends_its_result_says_no_traceback(
    data, tmp_path, monkeypatch, capfd
):
    """Ctrl-C reaches every process; one that has built its part waits in send() until the
    first takes its result. It stops quietly there too (the first one says "Đã dừng.")."""
    from multiprocessing import connection

    first = os.getpid()
    real = connection.Connection.send

    def send(self, obj):
        if os.getpid() != first:
            raise KeyboardInterrupt
        return real(self, obj)

    monkeypatch.setattr(connection.Connection, "send", send)
    prep = pages.prepare(load(data, None), TODAY, 7, None)
    with pytest.raises(pages.SiteProblem, match=r"mã 130"):
        parallel.write(tmp_path / "site", prep, 2)
    assert "Traceback" not in capfd.readouterr().err


@needs_fork
def test_a_child_that_fails_stops_the_build_at_once(data, tmp_path, monkeypatch):
    """A child's error is heard between the first process's files, not once the first has
    written its whole part (and the chunks the child left). Each file the first writes is
    slowed here, so the error must come after a few files, not after all of them."""
    first = os.getpid()
    put = output.Writer.put
    written = []

    def slow(self, rel, data):
        if os.getpid() == first:
            written.append(rel)
            time.sleep(0.02)
        put(self, rel, data)

    def failing(out, prep, part, chunks):
        return ("error", "output", "không ghi được: thử")

    monkeypatch.setattr(output.Writer, "put", slow)
    monkeypatch.setattr(parallel, "_part", failing)
    prep = pages.prepare(load(data, None), TODAY, 7, None)
    with pytest.raises(output.OutputProblem, match="không ghi được: thử"):
        parallel.write(tmp_path / "site", prep, 2)
    assert 0 < len(written) < 120, len(written)  # a full build writes ~240 files (~5 s here)


def test_command_refuses_a_folder_that_holds_other_files(runner, data, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "bao-cao.docx").write_bytes(b"x")
    result = runner.invoke(app, ["--data", str(data), "site", "--out", str(out)])
    assert result.exit_code == 2  # a wrong --out, as remind says it
    assert "không phải trang do dtrack tạo" in result.output
    assert (out / "bao-cao.docx").read_bytes() == b"x"
    assert sorted(p.name for p in out.iterdir()) == ["bao-cao.docx"]


def test_base_url_goes_into_the_calendars(runner, data, tmp_path):
    out = tmp_path / "site"
    bad = runner.invoke(app, ["--data", str(data), "site", "--out", str(out), "--base-url", "vp"])
    assert bad.exit_code == 2 and "--base-url" in bad.output
    ok = runner.invoke(
        app,
        ["--data", str(data), "--today", "2025-10-01", "site", "--out", str(out),
         "--base-url", "https://vp.example.gov.vn/nhiem-vu/"],
    )  # fmt: skip
    assert ok.exit_code == 0, ok.output
    cal = (out / "ics" / "snv.ics").read_bytes().replace(b"\r\n ", b"").decode("utf-8")
    assert "URL:https://vp.example.gov.vn/nhiem-vu/van-ban/2025-1958-UBND-NC.html#nv-3.2" in cal
    assert "https://vp.example.gov.vn/nhiem-vu/ics/snv.ics" in (
        out / "co-quan" / "snv.html"
    ).read_text(encoding="utf-8")


def test_letters_are_built_into_the_site_and_linked(data):
    files = build_files(data, with_letters=True)
    letters = sorted(p for p in files if p.startswith("cong-van/"))
    assert "cong-van/don-doc-2025-10-01-snv.html" in letters
    page = text(files, "co-quan/snv.html")
    assert 'href="../cong-van/don-doc-2025-10-01-snv.html"' in page
    assert 'href="../cong-van/don-doc-2025-10-01-snv.html"' in text(
        files, "van-ban/2025-1958-UBND-NC.html"
    )
    assert "ĐÔN ĐỐC" in text(files, "cong-van/don-doc-2025-10-01-snv.html").upper()


def test_a_template_error_is_named_not_a_traceback(runner, data, tmp_path):
    mine = tmp_path / "templates" / "site"
    mine.mkdir(parents=True)
    (mine / "summary.html.j2").write_text("{% extends 'site/base.html.j2' %}{{ oops", "utf-8")
    result = runner.invoke(
        app, ["--data", str(data), "--templates", str(mine.parent), "site", "--out",
              str(tmp_path / "site")]
    )  # fmt: skip
    assert result.exit_code == 1
    assert "summary.html.j2:1" in result.output
    assert "Traceback" not in result.output


def test_a_users_agency_template_still_loops_over_the_rows(data, tmp_path, files):
    """A page made from agency.html.j2 as it was (`{% for row in open_rows %}`) under
    --templates: open_rows and done_rows are still the rows, each its markup."""
    mine = tmp_path / "templates" / "site"
    mine.mkdir(parents=True)
    (mine / "agency.html.j2").write_text(
        "{% for row in open_rows %}{{ row }}\n{% endfor %}"
        "{% for row in done_rows %}{{ row }}\n{% endfor %}",
        "utf-8",
    )
    theirs = dict(pages.make(load(data, None), TODAY, 7, mine.parent))
    page = text(theirs, "co-quan/snv.html")
    rows = page.splitlines()
    assert rows and all(r.startswith('<tr data-status="') for r in rows), page[:300]
    assert len(rows) == text(files, "co-quan/snv.html").count('<tr data-status="')


MARKED = """\
number: 97/UBND-VP
issued: 2025-09-15
subject: phần việc của một cơ quan có tên lạ
tasks:
  - {id: "1", title: "Việc <!--dtrack:done_rows--> còn mở", lead: snv, due: 2025-09-20}
  - id: "2"
    title: Việc đã xong
    lead: snv
    due: 2025-09-25
    updates:
      - {date: 2025-09-24, kind: done}
"""


def test_the_rows_go_where_the_template_writes_them(make_data, tmp_path):
    """With the packaged templates, pages._agency_page puts the rows' bytes where the page has
    a mark. A value holding a mark's text (the agency's name, a title) is escaped, so it is no
    mark. A user's own agency.html.j2 gets the rows as markup, the lists as lists: it may
    write them in another order, twice, test or join them."""
    agencies = AGENCIES_YAML.replace(
        "{id: snv, name: Sở Nội vụ,", '{id: snv, name: "Sở <!--dtrack:open_rows--> Nội vụ",'
    )
    data = make_data({"2025-97-UBND-VP.yaml": MARKED}, agencies)
    page = text(build_files(data), "co-quan/snv.html")
    assert "<!--dtrack" not in page
    assert "<h1>Sở &lt;!--dtrack:open_rows--&gt; Nội vụ</h1>" in page
    rows = [r for r in page.splitlines() if r.startswith('<tr data-status="')]
    assert len(rows) == 2 and "Việc &lt;!--dtrack:done_rows--&gt; còn mở" in rows[0]
    assert "Việc đã xong" in rows[1] and page.index(rows[0]) < page.index(rows[1])
    for name, body, times in (
        ("reversed", "{{ done_rows_html }}|{{ open_rows_html }}|", (1, 1)),
        ("twice", "{{ open_rows_html }}|{{ open_rows_html }}|{{ done_rows_html }}", (2, 1)),
        ("joined", "{% for r in open_rows + done_rows %}{{ r }}|{% endfor %}", (1, 1)),
        ("tested", "{% if done_rows_html %}{{ done_rows_html }}{% else %}trống{% endif %}", (0, 1)),
    ):
        mine = tmp_path / name / "site"
        mine.mkdir(parents=True)
        (mine / "agency.html.j2").write_text(body, "utf-8")
        repo = load(data, None)
        theirs = text(dict(pages.make(repo, TODAY, 7, mine.parent)), "co-quan/snv.html")
        assert (theirs.count(rows[0]), theirs.count(rows[1])) == times, (name, theirs[:300])
        assert "<!--dtrack" not in theirs, name


def test_slugs_are_file_names_and_never_shared():
    assert build.slug("2025-1958-UBND-NC") == "2025-1958-UBND-NC"
    odd = ["Kế hoạch số 1", "Ke hoach so 1", "a/b", "a:b", "..", "đ"]
    slugs = [build.slug(x) for x in odd]
    assert len(set(slugs)) == len(odd)
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", s) for s in slugs)


def test_console_script_builds_the_site(data, tmp_path):
    import os
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("dtrack")
    if not exe.exists():
        pytest.skip("the console script is not installed beside this Python")
    out = tmp_path / "site"
    env = {**os.environ, "DTRACK_NO_CACHE": "1"}
    args = [str(exe), "--data", str(data), "--today", "2025-10-01", "site", "-o", str(out)]
    p = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "Đã tạo trang tại" in p.stdout
    again = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    assert "ghi 0 tệp thay đổi, xóa 0 tệp cũ" in again.stdout
    files = {
        str(f.relative_to(out)).replace(os.sep, "/"): f.read_bytes()
        for f in out.rglob("*")
        if f.is_file() and f.name != output.MARKER
    }
    assert files == build_files(data)  # the command writes exactly what the builder makes


def test_letters_warn_as_remind_does(runner, data, tmp_path):
    out = tmp_path / "site"
    result = runner.invoke(
        app, ["--data", str(data), "--today", "2025-10-01", "site", "--letters", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    # The default data's signer is a placeholder: the clerk is told, as by `dtrack remind`.
    assert "dtrack: cảnh báo: người ký 'Nguyễn Văn A' là tên mẫu" in result.output
    assert (out / "cong-van" / "don-doc-2025-10-01-snv.html").is_file()


def test_a_record_read_from_the_cache_is_released_and_read_again():
    # dtrack site drops each directive's record once its page's data is built (memory on five
    # years of data); a later reader must still get it, from the cache, and a record held only
    # in memory (no reader) must never be dropped.
    from directive_cli.repository import LoadedDirective

    reads = []

    def read():
        reads.append(1)
        return object()

    cached = LoadedDirective("a", "a.yaml", read_model=read)
    first = cached.model
    assert cached.model is first and len(reads) == 1
    cached.release_model()
    assert cached.model is not first and len(reads) == 2

    held = object()
    in_memory = LoadedDirective("b", "b.yaml", held)
    in_memory.release_model()
    assert in_memory.model is held


def test_no_page_names_the_machine_it_was_built_on(files, data):
    # The data folder is given as an absolute path here: a published page shows a file's place
    # inside the data folder, never the builder's own path (and the bytes stay the same anywhere).
    root = str(data.resolve())
    assert not [p for p, b in files.items() if root.encode() in b]
    assert "<code>directives/2025-1958-UBND-NC.yaml</code>" in text(
        files, "van-ban/2025-1958-UBND-NC.html"
    )


@given(st.one_of(st.text(), st.integers()))
def test_row_escape_is_markupsafes(value):
    """The rows dtrack writes itself escape as the templates' autoescape (markupsafe) does."""
    from markupsafe import escape

    assert pages._e(value) == str(escape(str(value)))


def test_jobs_beyond_sixteen_is_wrong_usage(runner, data, tmp_path):
    """A typo such as -j 100 must not fork a hundred processes."""
    result = runner.invoke(app, ["--data", str(data), "site", "-j", "100", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "100: phải từ 0 đến 16" in result.output
    assert not any(tmp_path.iterdir())


def test_an_out_that_is_a_file_is_wrong_usage(runner, data, tmp_path):
    """As for remind: exit 2, the option named, the file left as it was."""
    afile = tmp_path / "trang.html"
    afile.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["--data", str(data), "site", "--out", str(afile)])
    assert result.exit_code == 2
    assert f"--out '{afile}' là một tệp, không phải thư mục." in result.output
    assert afile.read_text(encoding="utf-8") == "x"


DETAILS = """\
number: 5/UBND
kind: cong-van
issued: 2025-09-01
subject: phần việc riêng
tasks:
  - id: "1"
    title: Một cơ quan có nội dung riêng để trống
    lead:
      - {agency: snv, detail: ""}
      - {agency: stc}
      - {agency: stp, detail: ""}
    due: 2025-10-01
  - id: "2"
    title: Xong chung
    lead:
      - {agency: snv, detail: ""}
      - {agency: stc}
    due: 2025-10-01
    updates:
      - {date: 2025-09-20, kind: done}
  - id: "3"
    title: Nội dung riêng, cập nhật riêng
    lead:
      - {agency: snv, detail: Báo cáo A}
      - {agency: stc, detail: Báo cáo A}
      - {agency: stp, detail: Báo cáo B}
      - xa-phuong
    due: 2025-10-01
    updates:
      - {date: 2025-09-20, kind: done}
      - {date: 2025-09-22, kind: reopened, agency: stc}
      - {date: 2025-09-23, kind: progress, agency: stp}
  - id: "4"
    title: Định kỳ
    lead: [so-ban-nganh, xa-phuong]
    due: trước ngày 20 hằng tháng
    repeat: {every: month, from: 2025-09, until: 2025-12}
    updates:
      - {date: 2025-09-15, kind: done, period: 2025-09}
      - {date: 2025-09-15, kind: done, agency: snv, period: 2025-10}
      - {date: 2025-10-25, kind: done, agency: stc, period: 2025-10}
      - {date: 2025-10-01, kind: cancelled, agency: stp, period: 2025-11}
"""


def test_task_rows_group_the_shares_as_group_rows_did(make_data):
    """A directive page's rows (_TaskRows, from the statuses' slots) are those that
    render.table.group_rows made of status.compute's shares: an empty detail ("") is a detail
    of its own, as it was, not the same as none."""
    repo = load(make_data({"2025-5-UBND.yaml": DETAILS}), None)
    assert not repo.errors, repo.errors
    today = dt.date(2025, 11, 1)
    rows = build._TaskRows(repo)
    for slot in slots(repo, today, 7):
        rows.add(slot)
    got = {
        (did, index): [[m.id for m in members] for _, members in task_rows]
        for did, tasks in rows.tasks.items()
        for index, task_rows in tasks.items()
    }
    want: dict[tuple, list] = {}
    for g in group_rows(compute(repo, today, 7)):
        want.setdefault((g[0].directive.id, g[0].task_index), []).append([a.agency.id for a in g])
    assert got == want


ORPHAN = """\
import os, sys
from pathlib import Path
from directive_cli.loading.load import load
from directive_cli.site import pages, parallel

data, out, note = map(Path, sys.argv[1:])
TODAY = __import__("datetime").date(2025, 10, 1)
first, real_part, real_files = os.getpid(), parallel._part, pages.files


def large(*args):  # a result larger than a pipe holds (five years' updates and paths)
    note.write_text(str(os.getpid()))
    kind, written, kept, recent = real_part(*args)
    return kind, written, kept, [*recent, {"x": "y" * 1_000_000}]


def killed(prep, part=(0, 1), recent=None, others=tuple, chunks=None):
    if os.getpid() != first:
        return real_files(prep, part, recent, others, chunks)
    while not note.exists():
        pass
    os._exit(9)  # as the OOM killer would: the first process alone, at once


parallel._part, pages.files = large, killed
parallel.write(out, pages.prepare(load(data, None), TODAY, 7, None), 2)
"""


@needs_fork
def test_a_process_does_not_outlive_the_first_one(data, tmp_path):
    """The first process killed alone (the OOM killer takes the largest): the others must end,
    not wait for ever to hand it a result larger than a pipe holds, as they would if each
    kept the read end of its own pipe open."""
    note = tmp_path / "child"
    run = subprocess.run(
        [sys.executable, "-c", ORPHAN, str(data), str(tmp_path / "site"), str(note)],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        timeout=60,
    )
    assert run.returncode == 9
    child = int(note.read_text())

    def running() -> bool:
        try:
            with open(f"/proc/{child}/stat") as f:
                return f.read().rsplit(")", 1)[1].split()[0] != "Z"
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 20
    while running() and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = running()
    if alive:
        os.kill(child, 9)
    assert not alive, "a child still waits to send its result to a first process that is gone"


STARTED = """\
number: 7/UBND
kind: cong-van
issued: 2025-09-01
subject: hạn tính từ ngày nhận
tasks:
  - id: "1"
    title: Báo cáo trong 10 ngày kể từ ngày nhận được văn bản
    lead: snv
    due: trong 10 ngày kể từ ngày nhận được văn bản
    updates:
      - {date: 2025-09-25, kind: started}
"""


def test_a_started_update_is_shown(make_data):
    """`dtrack start` records the day a deadline is counted from (kind: started): the
    directive's history and the home page's latest updates name it, as dtrack show does."""
    files = build_files(make_data({"2025-7-UBND.yaml": STARTED}))
    assert "Có mốc tính hạn" in files["van-ban/2025-7-UBND.html"].decode()
    assert "Có mốc tính hạn" in files["index.html"].decode()


def test_a_link_left_dangling_in_the_folder_is_replaced_not_followed(runner, data, tmp_path):
    """A new page is made in the folder itself: a dangling link where it goes is replaced, and
    nothing is written where the link pointed."""
    out = tmp_path / "site"
    args = ["--data", str(data), "--today", "2025-10-01", "site", "--out", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    (out / "index.html").unlink()
    outside = tmp_path / "outside.html"
    (out / "index.html").symlink_to(outside)
    assert runner.invoke(app, args).exit_code == 0
    assert not outside.exists()
    assert not (out / "index.html").is_symlink()
    assert (out / "index.html").read_bytes().startswith(b"<!DOCTYPE html>")


@needs_fork
def test_no_pipe_for_the_chunks_builds_in_one_process(data, tmp_path, monkeypatch):
    """A pipe that holds less than the chunks' numbers (or none to be had): the site is built
    in this process alone, the same."""
    one = output.write(tmp_path / "one", pages.make(load(data, None), TODAY, 7, None))
    real = os.write
    monkeypatch.setattr(os, "write", lambda fd, b: real(fd, b[:1]))
    two = parallel.write(tmp_path / "two", pages.prepare(load(data, None), TODAY, 7, None), 2)
    monkeypatch.undo()
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")
    assert (two.files, two.pages) == (one.files, one.pages)


ROWS_HOSTILE = """\
number: 98/UBND-VP
issued: 2025-09-15
subject: phần việc có chữ lạ
tasks:
  - id: "1"
    title: Báo cáo
    lead: [{agency: snv, detail: "<u>phần</u> & 'riêng'"}, stc]
    due: sau khi <b>Bộ</b> hướng dẫn
  - id: "2"
    title: Báo cáo tháng
    lead: stp
    due: 2025-09-20
    updates:
      - {date: 2025-09-18, kind: done, ref: "BC <i>2</i>", note: "ghi <s>chú</s>"}
"""


def test_the_rows_written_by_dtrack_escape_what_comes_from_the_data(make_data):
    """The rows and history that pages.py writes (not Jinja) escape a detail, a deadline as
    written, an update's ref and note; what dtrack makes itself (dates, statuses, links) is
    written as it is."""
    files = build_files(make_data({"2025-98-UBND-VP.yaml": ROWS_HOSTILE}))
    for path in ("van-ban/2025-98-UBND-VP.html", "co-quan/snv.html", "co-quan/stp.html"):
        page = text(files, path)
        for raw in ("<u>", "<b>Bộ", "<i>2", "<s>chú"):
            assert raw not in page, (path, raw)
    page = text(files, "van-ban/2025-98-UBND-VP.html")
    assert '<div class="detail">&lt;u&gt;phần&lt;/u&gt; &amp; &#39;riêng&#39;</div>' in page
    assert "sau khi &lt;b&gt;Bộ&lt;/b&gt; hướng dẫn" in page
    note = '<span class="muted">(ghi &lt;s&gt;chú&lt;/s&gt;)</span>'
    assert f"; BC &lt;i&gt;2&lt;/i&gt; {note}" in page
    assert '<span class="badge s-done_on_time">Hoàn thành đúng hạn</span>' in page
    assert '<time datetime="2025-09-20">20/09/2025</time>' in page


def test_a_directive_named_as_a_listing_page_has_a_page_of_its_own(make_data):
    """van-ban/ holds the directives' pages and the listings (index, du-thao: the drafts,
    nam-2025): a directive whose file is du-thao.yaml, nam-2025.yaml or index.yaml keeps its
    own page, and no path is written twice."""
    draft = "kind: ke-hoach\nsubject: dự thảo\ntasks:\n  - {id: '1', title: Việc B, lead: stc}\n"
    signed = (
        "number: 9/UBND-NC\nissued: 2025-09-01\nsubject: đã ký\n"
        "tasks:\n  - {id: '1', title: Việc C, lead: snv, due: 2025-09-20}\n"
    )
    data = make_data({"du-thao.yaml": draft, "nam-2025.yaml": signed, "index.yaml": signed})
    repo = load(data, None)
    assert not repo.errors, repo.errors
    paths = [path for path, _ in pages.make(repo, TODAY, 7, None)]
    assert len(paths) == len(set(paths)), sorted(p for p in paths if paths.count(p) > 1)
    files = build_files(data)
    for ident, title in (("du-thao", "Việc B"), ("nam-2025", "Việc C"), ("index", "Việc C")):
        assert title in text(files, build.directive_path(ident)), ident


def _row_key(a) -> tuple:
    """What makes a share's row on its agency's page (and its place there)."""
    period = a.period.key if a.period is not None else None
    return (a.directive.id, a.task_index, period, a.status, a.due, a.done_on, a.detail,
            a.due_text, a.days_overdue, a.days_left)  # fmt: skip


@pytest.mark.parametrize("day", ["2025-09-20", "2025-10-01", "2025-12-31", "2026-06-30"])
def test_the_slots_give_the_pages_what_compute_gave(data, make_data, day):
    """_AgencyShares and _TaskRows replay status.compute's choice of a share's state (its own
    updates, or the shared state) without an Assignment a share: on the site's data (recurring
    tasks, groups, updates of one agency, drafts) and on per-agency details, each agency has the
    same open shares and the same finished rows in the same order, each directive the same
    rows and counts, as compute gives."""
    today = dt.date.fromisoformat(day)
    for repo in (load(data, None), load(make_data({"2025-5-UBND.yaml": DETAILS}), None)):
        items = compute(repo, today, 7)
        shares, rows = build._AgencyShares(repo, None), build._TaskRows(repo)
        for slot in slots(repo, today, 7):
            shares.add(slot)
            rows.add(slot)
        for aid in repo.agencies:
            mine = [a for a in items if a.agency.id == aid]
            opened = [a for a in mine if a.status in build.OPEN]
            assert [a.ref for a in shares.open[aid]] == [a.ref for a in opened], aid
            finished = [_row_key(e[1]) for e in shares.finished[aid]]
            assert finished == [_row_key(a) for a in mine if a.status not in build.OPEN], aid
        assert [a.ref for a in shares.open_items] == [
            a.ref for a in items if a.status in build.OPEN
        ]
        want_rows: dict[tuple, list] = {}
        want_counts: dict[str, dict[str, int]] = {}
        for g in group_rows(items):
            want_rows.setdefault((g[0].directive.id, g[0].task_index), []).append(
                [a.agency.id for a in g]
            )
        for a in items:
            c = want_counts.setdefault(a.directive.id, {})
            c[a.status] = c.get(a.status, 0) + 1
        got_rows = {
            (did, index): [[m.id for m in members] for _, members in task_rows]
            for did, tasks in rows.tasks.items()
            for index, task_rows in tasks.items()
            if task_rows
        }
        assert got_rows == want_rows
        for counts in (rows.counts, shares.counts):
            got = {did: {k: v for k, v in c.as_dict().items() if v} for did, c in counts.items()}
            assert {did: c for did, c in got.items() if c} == want_counts


def test_a_site_environment_is_one_per_folder_not_per_name(tmp_path, monkeypatch):
    """The site's templates are not checked for changes during a run (reload=False), so the
    environment must be keyed by the folder itself: `--templates mau` run from two folders
    names two sets of templates."""
    for where, word in (("a", "MỘT"), ("b", "HAI")):
        (tmp_path / where / "mau" / "site").mkdir(parents=True)
        (tmp_path / where / "mau" / "site" / "t.j2").write_text(word, encoding="utf-8")
    seen = []
    for where in ("a", "b"):
        monkeypatch.chdir(tmp_path / where)
        env = templating.environment(Path("mau"), autoescape=True, reload=False)
        seen.append(env.get_template("site/t.j2").render())
    assert seen == ["MỘT", "HAI"]


SAME_ANCHOR = """\
number: 9/UBND-NC
issued: 2025-09-01
subject: mục có chữ có dấu
tasks:
  - {id: "1/a", title: Việc một, lead: snv, due: 2025-09-20}
  - {id: "1_a", title: Việc hai, lead: index, due: 2025-09-20}
  - {id: "2.đ", title: Việc ba, lead: stc, due: 2025-10-20}
  - {id: "2.ê", title: Việc bốn, lead: stc, due: 2025-10-20}
  - {id: "2.e", title: Việc năm, lead: stc, due: 2025-10-20}
  - {id: "2.e-h", title: Việc sáu, lead: stc, due: 2025-10-20}
  - {id: "agency", title: Việc bảy, lead: stc, due: 2025-10-20}
"""


def test_no_two_tasks_share_an_anchor_and_an_agency_named_index_keeps_the_listing(make_data):
    """Task ids become ids in the page: "1/a" and "1_a", "2.đ" and "2.ê", once the same
    anchor, now each its own, and every link reaches its task. An agency whose id is "index"
    (a valid id) has a page of its own beside co-quan/index.html, the agencies' listing."""
    agencies = AGENCIES_YAML.replace(
        "  - {id: stp,", "  - {id: index, name: Ban Chỉ mục, kind: nganh}\n  - {id: stp,"
    )
    data = make_data({"2025-9-UBND-NC.yaml": SAME_ANCHOR}, agencies)
    repo = load(data, None)
    assert not repo.errors, repo.errors
    paths = [path for path, _ in pages.make(repo, TODAY, 7, None)]
    assert len(paths) == len(set(paths)), sorted(p for p in paths if paths.count(p) > 1)
    files = build_files(data)
    anchors = [build.anchor(t) for t in ("1/a", "1_a", "2.đ", "2.ê", "2.e")]
    assert len(set(anchors)) == 5 and anchors[4] == "nv-2.e"
    hashed = anchors[2]  # "nvh-2.d-…": a task whose id is "2.d-…" is "nv-2.d-…"
    assert hashed.startswith("nvh-") and build.anchor(hashed[4:]) != hashed
    page = text(files, "van-ban/2025-9-UBND-NC.html")
    ids = re.findall(r' id="([^"]*)"', page)  # the tasks', their headings', the filter's
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    titles = ("Việc một", "Việc hai", "Việc ba", "Việc bốn", "Việc năm")
    for anchor, title in zip(anchors, titles, strict=True):
        assert page.count(f'id="{anchor}"') == 1
        section = page.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]
        assert title in section
    listing = text(files, "co-quan/index.html")
    assert "Sở Nội vụ" in listing and "Ban Chỉ mục" in listing
    own = text(files, build.agency_path("index"))
    assert "Ban Chỉ mục" in own and "Việc hai" in own
    assert f'href="../{build.directive_path("2025-9-UBND-NC")}#{anchors[1]}"' in own
    assert "ics/index.ics" in files


def test_each_plan_is_let_go_once_its_directives_slots_are_taken(make_data, tmp_path, monkeypatch):
    """build.build works the statuses out directive by directive (status.slots) and forgets
    each plan (which the cache gives again) once the next directive's slots come: the pages
    need the statuses only, and five years' plans held to the end took ~60 MB more at the
    peak. When the last slot comes, at most its own directive holds a plan."""
    from directive_cli.summary import tally

    one = (
        "number: {n}/UBND-NC\nissued: 2025-09-0{n}\nsubject: văn bản {n}\ntasks:\n"
        "  - {{id: '1', title: Việc một, lead: snv, due: 2025-09-20}}\n"
        "  - {{id: '2', title: Việc hai, lead: [xa-phuong], due: 2025-10-20}}\n"
    )
    data = make_data({f"2025-{n}-UBND-NC.yaml": one.format(n=n) for n in range(1, 7)})
    cache = tmp_path / "cache"
    load(data, cache)  # fills the cache: the plans can then be read again
    repo = load(data, cache, keep_plans=False)
    held = []
    real = build.slots

    def watched(*args, **kwargs):
        for slot in real(*args, **kwargs):
            held.append(sum(ld._plan is not None for ld in repo.directives))
            yield slot

    monkeypatch.setattr(build, "slots", watched)
    summary = tally(repo, TODAY, 7, list_overdue=True)
    for _ in build.build(repo, summary, TODAY, 7):
        pass
    # Two slots a directive, counted as each comes, before build.build sees it: the tally held
    # all six plans; each directive's is let go when the next one's first slot comes.
    assert held == [6, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1], held
