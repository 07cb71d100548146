"""Every kind of bad input gets a clear Vietnamese answer naming file and line, exit 1, no change.

The cases live in tests/bad/: one folder per case, with `case.yaml` (what is expected) and a
`data/` overlay put over tests/bad/_base/data (a small valid data folder). Cases that are bytes
rather than text (old code pages, UTF-16, huge or deeply nested files) are made here, by
_generated_cases(). Each case runs through `dtrack check` (text and JSON) and `dtrack overdue`;
a subset also through the installed console script. See tests/bad/README.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from directive_cli.cli import app

BAD = Path(__file__).parent / "bad"
BASE = BAD / "_base" / "data"
TODAY = "2025-10-01"
F = "directives/2025-2100-UBND-NC.yaml"

# Words of the YAML parser and of pydantic that must never reach a clerk.
ENGLISH = re.compile(
    r"\b(found|expected|while scanning|while parsing|mapping values|could not|Input should|"
    r"Field required|Extra inputs|unacceptable|Traceback|Errno|No such file|Permission denied|"
    r"Is a directory)\b"
)


# -- the cases ----------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    expect: list[dict]
    exit: int = 1
    files: dict[str, bytes] = field(default_factory=dict)  # relative to data/
    remove: list[str] = field(default_factory=list)
    dirs: list[str] = field(default_factory=list)  # empty folders to make under data/
    hint: str | None = None  # in the first expectation's message or hint
    list_json: dict | None = None  # for accepted input: a row `dtrack list` must print
    max_quote: int | None = None  # the longest line check may print


def _static_cases() -> list[Case]:
    cases = []
    for folder in sorted(p for p in BAD.iterdir() if p.is_dir() and not p.name.startswith("_")):
        meta = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
        overlay = folder / "data"
        files = {
            p.relative_to(overlay).as_posix(): p.read_bytes()
            for p in sorted(overlay.rglob("*"))
            if p.is_file()
        }
        cases.append(
            Case(
                folder.name,
                meta.get("expect") or [],
                meta.get("exit", 1),
                files,
                meta.get("remove", []),
                hint=meta.get("hint"),
                list_json=meta.get("list_json"),
            )
        )
    return cases


SMALL = """\
number: 2100/UBND-NC
issued: 2025-09-15
subject: đôn đốc rà soát đội ngũ cán bộ
tasks:
  - id: "1"
    title: Báo cáo kết quả rà soát
    lead: stc
    due: trước ngày 30/9/2025
"""

# Byte values of the few letters SMALL needs, from the code pages' published tables (the TCVN3
# values agree with glibc's TCVN5712-1 converter for lower case; VNI is letter + mark byte).
TCVN3 = {
    "đ": b"\xae",
    "ô": b"\xab",
    "ố": b"\xe8",
    "á": b"\xb8",
    "ả": b"\xb6",
    "ạ": b"\xb9",
    "ộ": b"\xeb",
    "ũ": b"\xf2",
    "ế": b"\xd5",
    "ư": b"\xad",
    "ớ": b"\xed",
    "à": b"\xb5",
}
VNI = {
    "đ": b"\xf1",
    "ô": b"o\xe2",
    "ố": b"o\xe1",
    "á": b"a\xf9",
    "ả": b"a\xfb",
    "ạ": b"a\xef",
    "ộ": b"o\xe4",
    "ũ": b"u\xf5",
    "ế": b"e\xe1",
    "ư": b"\xf6",
    "ớ": b"\xf4\xf9",
    "à": b"a\xf8",
}


def _legacy(text: str, table: dict[str, bytes]) -> bytes:
    return b"".join(table[c] if c in table else c.encode("ascii") for c in text)


TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


def _cp1258(text: str) -> bytes:
    # Windows-1258 has some letters whole (â, ơ, ư, á) and writes the other tones as combining
    # marks after the letter, as Windows itself does.
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            nfd = unicodedata.normalize("NFD", ch)
            tone = "".join(c for c in nfd if c in TONES)
            letter = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONES))
            out += letter.encode("cp1258") + tone.encode("cp1258")
    return out


def _five_mb() -> bytes:
    # A long note (5 MB) and, after it, a typo: the line number must still be right.
    note = "".join(
        f"      Dòng ghi chú thứ {i}: tiến độ thực hiện của các cơ quan.\n" for i in range(75000)
    )
    text = SMALL + "    note: |\n" + note + "    dead-line: x\n"
    assert 5_000_000 < len(text.encode()) < 8_000_000
    return text.encode()


def _generated_cases() -> list[Case]:
    long_subject = "subject: " + "rà soát " * 25000 + "\n"
    return [
        Case(
            "cp1258",
            [dict(file=F, line=3, code="encoding", message="Windows-1258")],
            files={F: _cp1258(SMALL)},
            hint="Vietnamese locale CP 1258",
        ),
        Case(
            "tcvn3",
            [dict(file=F, line=3, code="encoding", message="TCVN3 (ABC)")],
            files={F: _legacy(SMALL, TCVN3)},
            hint="UniKey",
        ),
        Case(
            "vni",
            [dict(file=F, line=3, code="encoding", message="VNI Windows")],
            files={F: _legacy(SMALL, VNI)},
        ),
        Case(
            "utf16-bom",
            [dict(file=F, line=1, code="encoding", message="UTF-16")],
            files={F: SMALL.encode("utf-16")},
        ),
        Case(
            "utf16-no-bom",
            [dict(file=F, line=1, code="encoding", message="UTF-16")],
            files={F: SMALL.encode("utf-16-le")},
        ),
        Case(
            "word-docx",
            [dict(file=F, line=1, code="not-text", message="Word .docx")],
            files={F: b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4},
        ),
        Case(
            "nul-byte",
            [dict(file=F, line=6, code="encoding", message="ký tự NUL")],
            files={F: SMALL.replace("kết quả", "kết\x00quả").encode()},
        ),
        Case(
            "control-char",
            [dict(file=F, line=6, code="bad-character", message="U+0007")],
            files={F: SMALL.replace("kết quả", "kết\x07quả").encode()},
        ),
        Case(
            "too-large",
            [dict(file=F, line=None, code="too-large", message="Tệp quá lớn")],
            files={F: SMALL.encode() + b"# " + b"x" * (9 * 1024 * 1024) + b"\n"},
        ),
        Case(
            "five-mb",
            [dict(file=F, line=75010, code="unknown-key", message="'dead-line'")],
            files={F: _five_mb()},
        ),
        Case(
            "long-line",
            [dict(file=F, line=4, code="unknown-key", message="'subjet'")],
            files={
                F: SMALL.replace("subject: đôn đốc rà soát đội ngũ cán bộ\n", long_subject)
                .replace("tasks:", "subjet: x\ntasks:")
                .encode()
            },
            max_quote=200,
        ),
        Case(
            "long-line-error",
            [dict(file=F, line=7, code="unknown-agency", message="'stcc'")],
            files={F: SMALL.replace("lead: stc", "lead: [" + "stc, " * 4000 + "stcc]").encode()},
            max_quote=200,
        ),
        Case(
            "deep-flow",
            [dict(file=F, line=1, code="too-deep", message="lồng nhau quá sâu")],
            files={F: b"x: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"},
            max_quote=200,
        ),
        Case(
            "deep-block",
            [dict(file=F, line=1, code="too-deep", message="lồng nhau quá sâu")],
            files={F: b"- " * 60_000 + b"x\n"},
            max_quote=200,
        ),
        Case(
            "deep-indent",
            [dict(file=F, line=65, code="too-deep", message="lồng nhau quá sâu")],
            files={F: "".join(" " * i + "k:\n" for i in range(200)).encode()},
        ),
        Case(
            "folder-named-yaml",
            [dict(file=F, line=None, code="unreadable", message="đây là một thư mục")],
            dirs=[F],
        ),
        Case(
            "bom-crlf",
            [],
            exit=0,
            files={F: b"\xef\xbb\xbf" + SMALL.replace("\n", "\r\n").encode()},
            list_json={"task": "1", "title": "Báo cáo kết quả rà soát"},
        ),
        Case(
            "cr-only",
            [],
            exit=0,
            files={F: SMALL.replace("\n", "\r").encode()},
            list_json={"task": "1", "agency": "stc"},
        ),
        Case(
            "nfd",
            [],
            exit=0,
            files={F: unicodedata.normalize("NFD", SMALL).encode()},
            list_json={"title": "Báo cáo kết quả rà soát", "directive": "2025-2100-UBND-NC"},
        ),
    ]


CASES = _static_cases() + _generated_cases()
BY_NAME = {c.name: c for c in CASES}


# -- running them ------------------------------------------------------------------------------


def build(case: Case, root: Path) -> Path:
    data = root / "data"
    shutil.copytree(BASE, data)
    for rel in case.remove:
        (data / rel).unlink()
    for rel in case.dirs:
        (data / rel).mkdir(parents=True)
    for rel, raw in case.files.items():
        (data / rel).parent.mkdir(parents=True, exist_ok=True)
        (data / rel).write_bytes(raw)
    return data


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder` (hidden ones too) with a hash of its bytes."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        out[rel] = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
    return out


def prefix(e: dict) -> str:
    where = f"data/{e['file']}"
    return f"{where}:{e['line']}:" if e["line"] is not None else f"{where}: error:"


def assert_clean(text: str) -> None:
    assert "Traceback" not in text
    assert "lỗi nội bộ" not in text
    assert not ENGLISH.search(text), ENGLISH.search(text)
    assert unicodedata.is_normalized("NFC", text)


def assert_reported(text: str, case: Case, source: Path | None = None) -> None:
    lines = text.splitlines()
    for e in case.expect:
        hits = [
            i for i, line in enumerate(lines) if line.startswith(prefix(e)) and e["message"] in line
        ]
        assert hits, f"no line starting {prefix(e)!r} with {e['message']!r} in:\n{text[:3000]}"
        assert ": error: " in lines[hits[0]]
        if e["line"] is not None and e["code"] != "not-text" and source and source.is_file():
            # The offending line is quoted under the message.
            quoted = lines[hits[0] + 1]
            assert quoted.startswith("    ") and not quoted.startswith("    gợi ý")


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # files are shown as data/…, as when a clerk runs dtrack
    return tmp_path


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_case(case: Case, in_tmp, runner):
    data = build(case, in_tmp)
    before = snapshot(in_tmp)
    source = data / case.expect[0]["file"] if case.expect else None

    r = runner.invoke(app, ["--data", "data", "--today", TODAY, "check"])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert r.exit_code == case.exit, r.output
    assert_clean(r.output)
    assert_reported(r.stdout, case, source)
    if case.max_quote:
        assert max(len(line) for line in r.output.splitlines()) <= case.max_quote

    r = runner.invoke(app, ["--data", "data", "--today", TODAY, "check", "--format", "json"])
    assert r.exit_code == case.exit
    report = json.loads(r.stdout)
    for i, e in enumerate(case.expect):
        found = [
            err
            for err in report["errors"]
            if err["file"] == f"data/{e['file']}"
            and err["line"] == e["line"]
            and err["code"] == e["code"]
            and e["message"] in err["message"]
        ]
        assert found, (e, report["errors"])
        if i == 0 and case.hint:
            assert case.hint in found[0]["message"], found[0]["message"]
    if case.exit == 1:
        assert report["errors"]
    else:
        assert report["errors"] == []

    r = runner.invoke(app, ["--data", "data", "--today", TODAY, "overdue", "--format", "json"])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert_clean(r.output)
    if case.exit == 1:
        assert r.exit_code == 1
        assert r.stdout == ""  # nothing half-reported
        assert_reported(r.stderr, case)
        assert "--skip-invalid" in r.stderr or "agencies.yaml" in r.stderr
    else:
        assert r.exit_code == 0, r.output
        r = runner.invoke(app, ["--data", "data", "--today", TODAY, "list", "--format", "json"])
        assert r.exit_code == 0, r.output
        rows = json.loads(r.stdout)
        assert any(all(row.get(k) == v for k, v in case.list_json.items()) for row in rows), rows

    assert snapshot(in_tmp) == before  # nothing written, nothing changed
    assert not (in_tmp / "PWNED").exists()


def test_corpus_covers_every_row_of_the_spec_table():
    rows = {
        yaml.safe_load((p / "case.yaml").read_text())["spec_row"]
        for p in BAD.iterdir()
        if p.is_dir() and not p.name.startswith("_")
    }
    for row in (
        "YAML syntax error",
        "tab indentation",
        "an empty file",
        "a file whose top is not a mapping",
        "a list where a mapping is expected",
        "unknown key",
        "unknown agency or group id",
        "duplicate task id in a file",
        "duplicate agency/group id",
        "an id used as both",
        "unreadable deadline phrase",
        "impossible date (31/9/2025)",
        "a due date before issued",
        "an update before issued",
        "an update for an agency that is not a lead",
        "extended without due",
        "YAML's implicit types",
        "anchors and aliases",
        "YAML tags",
    ):
        assert row in rows, row
    for name in ("cp1258", "tcvn3", "utf16-bom", "bom-crlf", "too-large", "long-line", "deep-flow"):
        assert name in BY_NAME


# -- the installed console script --------------------------------------------------------------


def console_script() -> str | None:
    for candidate in (Path(sys.executable).parent / "dtrack", shutil.which("dtrack")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    return None


def script_env(home: Path) -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1", "DTRACK_NO_CACHE": "1", "HOME": str(home)}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Văn thư", GIT_COMMITTER_NAME="Văn thư")
    env.update(GIT_AUTHOR_EMAIL="vt@example.vn", GIT_COMMITTER_EMAIL="vt@example.vn")
    env.pop("DTRACK_DATA", None)
    env.pop("DTRACK_DEBUG", None)
    return env


def run_all(
    jobs: dict[str, tuple[list[str], Path]], home: Path
) -> dict[str, subprocess.CompletedProcess]:
    """Run the console script once per job, all at once (each start costs ~0.3 s)."""
    exe = console_script()
    if exe is None:
        pytest.skip("the dtrack console script is not installed")
    env = script_env(home)
    procs = {
        name: subprocess.Popen(
            [exe, *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for name, (args, cwd) in jobs.items()
    }
    done = {}
    for name, p in procs.items():
        out, err = p.communicate(timeout=120)
        done[name] = subprocess.CompletedProcess(
            p.args, p.returncode, out.decode("utf-8"), err.decode("utf-8")
        )
    return done


SCRIPT_CASES = {"tab-indent": ["check", "overdue"], "python-tag": ["check"], "cp1258": ["check"]}


def test_corpus_subset_through_the_console_script(tmp_path):
    jobs, folders = {}, {}
    for name, commands in SCRIPT_CASES.items():
        case = BY_NAME[name]
        root = tmp_path / name
        root.mkdir()
        build(case, root)
        folders[name] = (root, snapshot(root))
        for command in commands:
            jobs[f"{name} {command}"] = (["--today", TODAY, command], root)
    results = run_all(jobs, tmp_path)
    for job, p in results.items():
        name = job.split()[0]
        assert p.returncode == 1, (job, p.stdout, p.stderr)
        assert_clean(p.stdout + p.stderr)
        assert_reported(p.stdout if job.endswith("check") else p.stderr, BY_NAME[name])
    for root, before in folders.values():
        assert snapshot(root) == before
        assert not (root / "PWNED").exists()


BROKEN = "subject: thử\ntasks:\n\t- id: 1\n"
BROKEN_AT = "data/directives/bad.yaml:3:1: error: Thụt lề bằng ký tự Tab"
REF = "2025-1958-UBND-NC:3.2"
COMMANDS = {
    "check": ["check"],
    "overdue": ["overdue"],
    "due": ["due"],
    "list": ["list"],
    "show": ["show", REF],
    "agencies": ["agencies"],
    "summary": ["summary"],
    "remind": ["remind", "--format", "md", "--out", "cong-van"],
    "done": ["done", REF + "@snv", "--date", TODAY],
    "extend": ["extend", REF, "--to", "2025-12-31", "--date", TODAY],
    "cancel": ["cancel", REF, "--date", TODAY],
    "reopen": ["reopen", REF, "--date", TODAY],
    "progress": ["progress", REF, "--note", "đang làm", "--date", TODAY],
    "done-in-broken-file": ["done", "bad:1", "--date", TODAY],
    "new": ["new", "2025-3000-UBND"],
    "diff": ["diff"],
    "deadline": ["deadline", "trong tháng 9/2025"],
    "schema": ["schema"],
}
READERS = {"check", "overdue", "due", "list", "show", "summary", "remind"}
EDITS = {"done", "extend", "cancel", "reopen", "progress"}


def test_every_command_on_broken_data_through_the_console_script(tmp_path):
    """One valid and one broken directive file: reports refuse, naming the broken file and line;
    edits of the valid file go ahead and warn; nothing touches the broken file."""
    jobs, before = {}, {}
    for name, args in COMMANDS.items():
        root = tmp_path / name
        data = build(Case(name, []), root)
        (data / "directives" / "bad.yaml").write_text(BROKEN, encoding="utf-8")
        if name == "diff":
            if shutil.which("git") is None:
                continue
            subprocess.run(["git", "init", "-q"], cwd=root, check=True, env=script_env(tmp_path))
            subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=script_env(tmp_path))
            subprocess.run(
                ["git", "commit", "-qm", "dữ liệu"], cwd=root, check=True, env=script_env(tmp_path)
            )
        before[name] = snapshot(data)
        jobs[name] = (["--today", TODAY, *args], root)
    # The same console script without data/, with an empty directives folder, with an --out
    # it cannot write.
    (tmp_path / "none").mkdir()
    empty = build(Case("empty", []), tmp_path / "empty")
    (empty / "directives" / "2025-1958-UBND-NC.yaml").unlink()
    out = build(Case("out", []), tmp_path / "out")
    (out.parent / "a-file").write_text("x\n", encoding="utf-8")
    other = {
        "none overdue": (["--data", "data", "overdue"], tmp_path / "none"),
        "empty check": (["check"], tmp_path / "empty"),
        "out overdue": (["overdue", "--out", "a-file/x.txt"], tmp_path / "out"),
    }
    for name, (args, cwd) in other.items():
        jobs[name] = (["--today", TODAY, *args], cwd)
    results = run_all(jobs, tmp_path)
    assert set(results) >= READERS | EDITS | {"agencies", "new", "deadline", "schema"}
    for name in other:
        p = results.pop(name)
        assert_clean(p.stdout + p.stderr)
        if name == "none overdue":
            assert p.returncode == 1 and "Không tìm thấy thư mục dữ liệu 'data'" in p.stderr
        elif name == "empty check":
            assert p.returncode == 0 and "Chưa có văn bản chỉ đạo nào" in p.stdout
        else:
            assert p.returncode == 1 and "không ghi được tệp 'a-file/x.txt'" in p.stderr
    for name, p in results.items():
        out = p.stdout + p.stderr
        assert_clean(out)
        data = tmp_path / name / "data"
        changed = {k for k, v in snapshot(data).items() if before[name].get(k) != v}
        assert "directives/bad.yaml" not in changed, name
        assert (data / "directives" / "bad.yaml").read_text(encoding="utf-8") == BROKEN
        if name in READERS:
            assert p.returncode == 1, (name, out)
            assert BROKEN_AT in out, (name, out)
            assert not changed and not (tmp_path / name / "cong-van").exists()
        elif name == "agencies":  # lists agencies.yaml only: broken directive files don't matter
            assert p.returncode == 0 and "Tổng cộng:" in p.stdout, (name, out)
            assert not changed
        elif name == "reopen":  # nothing done or cancelled to reopen: refused, nothing written
            assert p.returncode == 1, (name, out)
            assert "mở lại" in p.stderr and not changed
        elif name in EDITS:
            assert p.returncode == 0, (name, out)
            assert "bad.yaml" in p.stderr  # warned about the other, broken file
            assert changed == {"directives/2025-1958-UBND-NC.yaml"}
        elif name == "done-in-broken-file":
            assert p.returncode == 1
            assert BROKEN_AT in out and not changed
        elif name == "new":
            assert p.returncode == 0, out
            assert changed == {"directives/2025-3000-UBND.yaml"}
        elif name == "diff":
            assert p.returncode == 0, out
            assert BROKEN_AT in out  # the change under review is broken: said so
        else:  # deadline, schema: no data needed
            assert p.returncode == 0, out
            assert not changed


def test_every_command_without_a_data_folder(in_tmp, runner):
    for name, args in COMMANDS.items():
        r = runner.invoke(app, ["--data", "data", "--today", TODAY, *args])
        assert r.exception is None or isinstance(r.exception, SystemExit), (name, r.exception)
        assert_clean(r.output)
        if name in ("deadline", "schema"):
            assert r.exit_code == 0, (name, r.output)
            assert "lỗi" not in r.stderr
        else:
            assert r.exit_code == 1, (name, r.output)
            assert "Không tìm thấy thư mục dữ liệu 'data'" in r.stderr, (name, r.stderr)
    assert list(in_tmp.iterdir()) == []  # not even the data folder was made


def test_an_empty_directives_folder_is_valid_with_a_warning(in_tmp, runner):
    data = build(Case("empty", []), in_tmp)
    (data / "directives" / "2025-1958-UBND-NC.yaml").unlink()

    def run(*args):
        r = runner.invoke(app, ["--data", "data", "--today", TODAY, *args])
        assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
        assert_clean(r.output)
        return r

    r = run("check")
    assert r.exit_code == 0
    assert r.stdout.startswith("data/directives: warning: Chưa có văn bản chỉ đạo nào")
    assert "0 văn bản, 0 nhiệm vụ" in r.stdout
    report = json.loads(run("check", "--format", "json").stdout)
    assert report["errors"] == [] and report["warnings"][0]["code"] == "no-directives"
    for cmd in ("overdue", "due", "list"):
        r = run(cmd)
        assert r.exit_code == 0 and "không có nhiệm vụ nào" in r.stdout
        assert json.loads(run(cmd, "--format", "json").stdout) == []
    r = run("remind", "--format", "md")
    assert r.exit_code == 0 and "không viết công văn nào" in r.stdout
    assert run("summary").exit_code == 0
    assert run("agencies").exit_code == 0
    (data / "directives").rmdir()  # no folder at all: the same answer
    r = run("check")
    assert r.exit_code == 0 and "không tồn tại" in r.stdout


ENGLISH_OS = re.compile(r"Not a directory|File exists|No such file|Permission denied|Read-only")


@pytest.mark.parametrize(
    "args",
    [
        ["overdue", "--format", "md", "--out", "a-file/x.md"],
        ["list", "--format", "csv", "--out", "a-file/sub/x.csv"],
        ["schema", "--out", "a-file/schema.json"],
        ["summary", "--format", "md", "--out", "a-file/x.md"],
        ["remind", "--format", "md", "--out", "a-file/cv"],
    ],
    ids=lambda a: a[0],
)
def test_unwritable_out_is_a_clear_error(in_tmp, runner, args):
    build(Case("out", []), in_tmp)
    (in_tmp / "a-file").write_text("giữ nguyên\n", encoding="utf-8")
    before = snapshot(in_tmp)
    r = runner.invoke(app, ["--data", "data", "--today", TODAY, *args])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert r.exit_code == 1, r.output
    assert_clean(r.output)
    assert "không ghi được" in r.stderr and "a-file" in r.stderr, r.stderr
    assert not ENGLISH_OS.search(r.stderr), r.stderr
    assert snapshot(in_tmp) == before


def test_out_of_the_wrong_kind_is_refused(in_tmp, runner):
    build(Case("out", []), in_tmp)
    (in_tmp / "a-file").write_text("giữ nguyên\n", encoding="utf-8")
    (in_tmp / "a-folder").mkdir()
    before = snapshot(in_tmp)
    argv = ["--data", "data", "--today", TODAY]
    # A folder where a file is meant, a file where a folder is meant.
    for args in (["overdue", "--format", "md"], ["summary", "--format", "md"]):
        r = runner.invoke(app, [*argv, *args, "--out", "a-folder"])
        assert r.exit_code == 2 and "thư mục" in r.stderr, (args, r.stderr)
        assert_clean(r.output)
    r = runner.invoke(app, [*argv, "remind", "--format", "md", "--out", "a-file"])
    assert r.exit_code == 2 and "không phải thư mục" in r.stderr
    assert snapshot(in_tmp) == before


def test_out_refuses_an_existing_file_without_force(in_tmp, runner):
    build(Case("out", []), in_tmp)
    (in_tmp / "bieu.md").write_text("bản cũ\n", encoding="utf-8")
    argv = ["--data", "data", "--today", TODAY]
    r = runner.invoke(app, [*argv, "summary", "--format", "md", "--out", "bieu.md"])
    assert r.exit_code == 1 and "--force" in r.stderr
    assert (in_tmp / "bieu.md").read_text(encoding="utf-8") == "bản cũ\n"
    r = runner.invoke(app, [*argv, "summary", "--format", "md", "--out", "bieu.md", "--force"])
    assert r.exit_code == 0 and "bản cũ" not in (in_tmp / "bieu.md").read_text(encoding="utf-8")

    r = runner.invoke(app, [*argv, "remind", "--format", "md", "--out", "cv"])
    assert r.exit_code == 0
    letters = {p: p.read_bytes() for p in (in_tmp / "cv").iterdir()}
    for p in letters:
        p.write_bytes(b"da sua tay\n")
    r = runner.invoke(app, [*argv, "remind", "--format", "md", "--out", "cv"])
    assert r.exit_code == 1 and "--force" in r.stderr
    assert all(p.read_bytes() == b"da sua tay\n" for p in letters)
    r = runner.invoke(app, [*argv, "remind", "--format", "md", "--out", "cv", "--force"])
    assert r.exit_code == 0 and all(p.read_bytes() == data for p, data in letters.items())


def test_listing_out_refuses_an_existing_file_without_force(in_tmp, runner):
    build(Case("out", []), in_tmp)
    (in_tmp / "x.md").write_text("bản cũ\n", encoding="utf-8")
    r = runner.invoke(
        app, ["--data", "data", "--today", TODAY, "overdue", "--format", "md", "--out", "x.md"]
    )
    assert r.exit_code == 1
    assert (in_tmp / "x.md").read_text(encoding="utf-8") == "bản cũ\n"
    r = runner.invoke(
        app,
        [
            "--data",
            "data",
            "--today",
            TODAY,
            "overdue",
            "--format",
            "md",
            "--out",
            "x.md",
            "--force",
        ],
    )
    assert r.exit_code == 0
    assert "bản cũ" not in (in_tmp / "x.md").read_text(encoding="utf-8")


def test_open_out_is_atomic_and_can_refuse(tmp_path, capsys):
    import typer

    from directive_cli.context import Settings

    settings = Settings.create(tmp_path, None, TODAY, False, True)
    out = tmp_path / "bao-cao.md"
    out.write_text("bản cũ\n", encoding="utf-8")
    with pytest.raises(RuntimeError), settings.open_out(out, force=True) as fh:
        fh.write("một nửa")
        raise RuntimeError("rendering failed halfway")
    assert out.read_text(encoding="utf-8") == "bản cũ\n"  # the old file is whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.md"]  # no temporary left
    with pytest.raises(typer.Exit) as exc, settings.open_out(out, force=False):
        pass
    assert exc.value.exit_code == 1
    assert "tệp đã có" in capsys.readouterr().err
    settings.write("bản mới\n", out, force=True)
    assert out.read_text(encoding="utf-8") == "bản mới\n"
    assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# -- templates and paths -----------------------------------------------------------------------

MALICIOUS = {
    "letter.md.j2": "{{ ''.__class__.__mro__[1].__subclasses__() }}\n",
    "summary.html.j2": "a\n{{ cycler.__init__.__globals__.os.system('touch PWNED') }}\n",
}


@pytest.mark.parametrize(
    ("template", "args"),
    [
        ("letter.md.j2", ["remind", "--format", "md", "--out", "cv"]),
        ("summary.html.j2", ["summary", "--format", "html", "--out", "bieu.html"]),
    ],
)
def test_a_template_reaching_for_python_internals_is_refused(in_tmp, runner, template, args):
    build(Case("tpl", []), in_tmp)
    (in_tmp / "mau").mkdir()
    (in_tmp / "mau" / template).write_text(MALICIOUS[template], encoding="utf-8")
    before = snapshot(in_tmp)
    r = runner.invoke(app, ["--data", "data", "--templates", "mau", "--today", TODAY, *args])
    assert r.exit_code == 1, r.output
    assert f"{template}:" in r.stderr and "hộp cát" in r.stderr
    assert "Traceback" not in r.output
    assert snapshot(in_tmp) == before  # no letter, no table, no PWNED


def test_a_template_with_a_jinja_error_names_template_and_line(in_tmp, runner):
    build(Case("tpl", []), in_tmp)
    (in_tmp / "mau").mkdir()
    (in_tmp / "mau" / "letter.md.j2").write_text("Kính gửi\n{% for x in %}\n", encoding="utf-8")
    r = runner.invoke(
        app, ["--data", "data", "--templates", "mau", "--today", TODAY, "remind", "-f", "md"]
    )
    assert r.exit_code == 1
    assert "letter.md.j2:2:" in r.stderr
    assert not (in_tmp / "don-doc").exists()


def test_letters_stay_inside_out(in_tmp, runner):
    """File names come from agency ids ([a-z0-9-]) and the date: nothing lands outside --out."""
    build(Case("paths", []), in_tmp)
    before = set(snapshot(in_tmp))
    argv = ["--data", "data", "--today", TODAY]
    r = runner.invoke(app, [*argv, "remind", "-f", "md", "-f", "html", "--out", "ra/cv"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, [*argv, "remind", "-f", "md", "--combined", "--out", "ra/chung"])
    assert r.exit_code == 0, r.output
    new = set(snapshot(in_tmp)) - before
    letters = {p for p in new if p.startswith(("ra/cv/", "ra/chung/"))}
    assert len(letters) >= 3 and new - letters == {"ra", "ra/cv", "ra/chung"}
    for bad in ("../ngoai", "a/../../ngoai", "/tmp/ngoai", ".an"):
        r = runner.invoke(app, [*argv, "new", bad])
        assert r.exit_code == 2, (bad, r.output)
    assert set(snapshot(in_tmp)) - before == new
