"""Fuzzing the reader: random bytes and damaged copies of valid files never crash dtrack.

Whatever the bytes, loading gives diagnostics (never an exception), the status engine runs on
what is left (as with --skip-invalid), and the CLI exits 0 or 1 with no traceback. Bounded and
derandomized so that it runs in a few seconds and the same way on every machine.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directive_cli.cli import app
from directive_cli.diagnostics import format_github, format_json, format_text
from directive_cli.loading.load import load
from directive_cli.reading.yamlio import YamlProblem, decode, load_text
from directive_cli.repository import without_broken
from directive_cli.status import compute

BASE = Path(__file__).parent / "bad" / "_base" / "data"
DIRECTIVE = (BASE / "directives" / "2025-1958-UBND-NC.yaml").read_bytes()
AGENCIES = (BASE / "agencies.yaml").read_bytes()
TODAY = dt.date(2025, 10, 1)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# What a clerk's keyboard, Word and git put into a file by mistake.
NOISE = [
    b"\t", b":", b": ", b'"', b"'", b"[", b"]", b"{", b"}", b"- ", b"&a ", b"*a", b"!!str ",
    b"#", b"\n", b"\r\n", b"\r", b"\xc2\xa0", b"\xe2\x80\x9c", b"\xe2\x80\x93 ", b"\x0b",
    b"\x00", b"\xff", b"\xef\xbb\xbf", b"<<<<<<< HEAD\n", b"=======\n", b"---\n", b"|\n",
    b"ng\xc3\xa0y 31/9/2025", b"2025-9-5", b"no", b"1958", b"09", b"~", b"%YAML 1.1\n",
]  # fmt: skip


@st.composite
def damaged(draw, original: bytes) -> bytes:
    """`original` after a few random edits: lines deleted, repeated, swapped; bytes flipped or
    inserted; the file cut short."""
    lines = original.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "repeat", "swap", "flip", "insert", "truncate"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "repeat":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "flip":
            line = bytearray(lines[i])
            if line:
                k = draw(st.integers(0, len(line) - 1))
                line[k] ^= 1 << draw(st.integers(0, 7))
            lines[i] = bytes(line)
        elif op == "insert":
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + draw(st.sampled_from(NOISE)) + lines[i][k:]
        else:
            lines = lines[: i + 1]
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
    return b"".join(lines)


def inputs():
    """(which file, its bytes): mostly damaged directives, some damaged agencies, random bytes."""
    return st.one_of(
        st.tuples(st.just("directive"), damaged(DIRECTIVE)),
        st.tuples(st.just("directive"), st.binary(max_size=400)),
        st.tuples(st.just("agencies"), damaged(AGENCIES)),
    )


def write(root: Path, which: str, raw: bytes) -> Path:
    data = root / "data"
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(BASE, data)
    target = data / ("agencies.yaml" if which == "agencies" else "directives/2025-2100-X.yaml")
    target.write_bytes(raw)
    return data


def check_repository(data: Path) -> None:
    repo = load(data)
    for d in repo.diagnostics:
        assert d.file and d.code and d.message, d
        assert d.line is None or d.line >= 1, d
        assert unicodedata.is_normalized("NFC", d.message + (d.hint or ""))
    text = format_text(repo.diagnostics)
    assert "Traceback" not in text
    json.loads(format_json(repo.diagnostics))
    format_github(repo.diagnostics)
    if repo.issuer is not None and not any(d.file.endswith("agencies.yaml") for d in repo.errors):
        compute(without_broken(repo), TODAY, 7)  # what --skip-invalid reports from


@FUZZ
@given(st.one_of(damaged(DIRECTIVE), damaged(AGENCIES), st.binary(max_size=600)))
def test_reader_answers_every_byte_string_with_data_or_a_problem(raw):
    try:
        data = load_text(decode(raw))
    except YamlProblem as p:
        assert p.message and p.code
        assert p.line is None or p.line >= 1
        return
    assert data is None or isinstance(data, dict | list | str)


@FUZZ
@given(inputs())
def test_loader_and_status_never_crash(case):
    with tempfile.TemporaryDirectory() as tmp:
        check_repository(write(Path(tmp), *case))


@settings(FUZZ, max_examples=15)
@given(inputs())
def test_cli_exits_0_or_1_without_a_traceback(case):
    from typer.testing import CliRunner

    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        data = write(Path(tmp), *case)
        before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
        for args in (["check"], ["overdue", "--format", "json"], ["--skip-invalid", "list"]):
            r = runner.invoke(app, ["--data", str(data), "--today", TODAY.isoformat(), *args])
            assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
            assert r.exit_code in (0, 1), (args, r.output)
            assert "Traceback" not in r.output
        assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("depth", [65, 1_000, 100_000])
@pytest.mark.parametrize("shape", ["[", "{a: ", "- "])
def test_nesting_is_refused_before_the_c_parser_sees_it(shape, depth):
    # libyaml recurses in C (100 000 levels crashed the process) and is quadratic in flow depth.
    close = {"[": "]", "{a: ": "}", "- ": ""}[shape]
    with pytest.raises(YamlProblem) as exc:
        load_text("x: " * (shape != "- ") + shape * depth + "x" + close * depth + "\n")
    assert exc.value.code == "too-deep"
    assert exc.value.line == 1


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r", "\x85", "\u2028"])
def test_deep_nesting_is_found_after_any_line_break(line_break):
    with pytest.raises(YamlProblem) as exc:
        load_text("# ghi chú" + line_break + "- " * 100_000 + "x\n")
    assert (exc.value.code, exc.value.line) == ("too-deep", 2)
