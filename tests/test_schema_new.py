"""`dtrack schema`, `dtrack new`, and the pre-commit hook definition."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import DEFAULT_DATA, ROOT

from directive_cli.cli import app
from directive_cli.schema import schema


def run(runner, data: Path | None, *args: str):
    head = ["--data", str(data)] if data is not None else []
    return runner.invoke(app, [*head, "--today", "2025-10-15", *args])


# -- schema -------------------------------------------------------------------------------------


def _as_editor_reads(path_or_text) -> object:
    """Read YAML the way VS Code's YAML extension does (YAML 1.2): numbers are numbers, an
    unquoted date is a string."""
    from ruamel.yaml import YAML

    def plain(x):
        if isinstance(x, dict):
            return {str(k): plain(v) for k, v in x.items()}
        if isinstance(x, list):
            return [plain(v) for v in x]
        if isinstance(x, dt.date):
            return x.isoformat()
        return x

    text = path_or_text.read_text("utf-8") if isinstance(path_or_text, Path) else path_or_text
    return plain(YAML(typ="safe", pure=True).load(text))


@pytest.fixture
def validator():
    jsonschema = pytest.importorskip("jsonschema")

    def make(kind: str):
        s = schema(kind)
        jsonschema.Draft7Validator.check_schema(s)
        return jsonschema.Draft7Validator(s, format_checker=jsonschema.FormatChecker())

    return make


def test_schema_command_prints_both_kinds(runner, tmp_path):
    r = run(runner, None, "schema")
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    assert s["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert s["properties"]["subject"]["description"].startswith("Trích yếu nội dung")
    assert s["additionalProperties"] is False
    out = tmp_path / "schema" / "agencies.schema.json"
    r = run(runner, None, "schema", "--kind", "agencies", "--out", str(out))
    assert r.exit_code == 0, r.output
    a = json.loads(out.read_text("utf-8"))
    assert set(a["properties"]) >= {"issuer", "agencies", "groups"}
    assert run(runner, None, "schema", "--kind", "khac").exit_code == 2


def test_default_data_passes_the_schema(validator):
    v = validator("directive")
    files = sorted((DEFAULT_DATA / "directives").rglob("*.yaml"))
    assert files
    for path in files:
        assert [e.message for e in v.iter_errors(_as_editor_reads(path))] == [], path
    v = validator("agencies")
    assert list(v.iter_errors(_as_editor_reads(DEFAULT_DATA / "agencies.yaml"))) == []


def test_schema_catches_what_an_editor_should(validator):
    v = validator("directive")
    good = _as_editor_reads(
        "subject: x\nrecipients: so-ban-nganh\ntasks:\n"
        "  - {id: 1, title: t, lead: snv, support: stc}\n"
        "  - {id: '2', title: t, lead: [snv, {agency: stc, detail: d}], updates: []}\n"
    )
    assert list(v.iter_errors(good)) == []
    # Dates as clerks write them, and a month of issue, are accepted as dtrack accepts them.
    for fine in ("subject: x\nissued: 11/9/2025\n", "subject: x\nissued: 2025-09\n"):
        assert list(v.iter_errors(_as_editor_reads(fine))) == [], fine
    for bad in (
        "subject: x\ntasks:\n  - {id: 1, title: t, lead: snv, dead-line: 2025-01-01}\n",
        "subject: x\nkind: cong-vann\n",
        "subject: x\ntasks:\n  - {id: 1, title: t}\n",
        "subject: x\nissued: 2025/9/11\n",  # neither ISO nor as clerks write it
        "subject: x\nissued: 2025-9-11-1\n",
        "subject: x\ntasks:\n  - {id: 1, title: t, lead: snv, updates: [{date: 2025-10-01}]}\n",
    ):
        assert list(v.iter_errors(_as_editor_reads(bad))), bad


# -- new ----------------------------------------------------------------------------------------


def test_new_writes_a_file_to_fill(runner, make_data):
    data = make_data({})
    r = run(
        runner,
        data,
        "new",
        "2025-2100-UBND-NC",
        "--number",
        "2100/UBND-NC",
        "--issued",
        "2025-09-14",
        "--subject",
        "đôn đốc: thực hiện Công văn 1958",
        "--signer",
        "Nguyễn Văn A",
        "--kind",
        "cong-van",
    )
    assert r.exit_code == 0, r.output
    path = data / "directives" / "2025-2100-UBND-NC.yaml"
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/directive.schema.json\n")
    assert "\nnumber: 2100/UBND-NC " in text
    assert "\nissued: 2025-09-14 " in text
    assert '\nsubject: "đôn đốc: thực hiện Công văn 1958"\n' in text
    assert "dtrack schema --out" in r.stdout  # no schema file in this data folder yet
    r = run(runner, data, "check")
    assert r.exit_code == 0, r.output
    assert "1 văn bản, 0 nhiệm vụ" in r.stdout

    # The commented sketch, uncommented, is a valid task; then `done` adds lines only.
    sketch = re.sub(r"(?m)^# (tasks:|  )", r"\1", text)
    sketch = re.sub(r"(?m)^(\s+[a-z_]+: [^#\n]*?)\s+#.*$", r"\1", sketch)
    sketch = sketch.replace("title: …", "title: Báo cáo").replace("note: …", "note: x")
    path.write_text(sketch, "utf-8")
    r = run(runner, data, "check")
    assert r.exit_code == 0, r.output
    assert "1 văn bản, 1 nhiệm vụ" in r.stdout
    before = path.read_text("utf-8")
    r = run(runner, data, "done", "2025-2100-UBND-NC:1", "--date", "2025-10-15")
    assert r.exit_code == 0, r.output
    # The sketch has no `updates:`: the first record is two added lines at the task's end.
    assert path.read_text("utf-8") == before + (
        "    updates:\n      - {date: 2025-10-15, kind: done}\n"
    )


def test_new_without_subject_says_what_is_missing(runner, make_data):
    data = make_data({})
    r = run(runner, data, "new", "du-thao-01")
    assert r.exit_code == 0, r.output
    assert "Tệp còn cần điền" in r.stdout  # a sketch is valid, with warnings
    assert "'subject'" in r.stdout
    assert "# number: 1958/UBND-NC" in (data / "directives" / "du-thao-01.yaml").read_text()


def test_new_refuses_to_overwrite(runner, make_data):
    data = make_data({"2025/x.yaml": "subject: có rồi\n"})
    existing = data / "directives" / "2025" / "x.yaml"
    r = run(runner, data, "new", "x", "--subject", "mới")
    assert r.exit_code == 1
    assert "đã có" in r.stderr
    assert existing.read_text() == "subject: có rồi\n"
    assert not (data / "directives" / "x.yaml").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["new", "a/b"],
        ["new", "x.yaml"],
        ["new", "x", "--kind", "cong-vann"],
        ["new", "x", "--issued", "14/13/2025"],
    ],
)
def test_new_usage_errors(runner, make_data, args):
    data = make_data({})
    r = run(runner, data, *args)
    assert r.exit_code == 2, r.output
    assert list((data / "directives").iterdir()) == []


# -- pre-commit ---------------------------------------------------------------------------------


def test_pre_commit_hook_definition():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    (hook,) = hooks
    assert hook["id"] == "dtrack-check"
    assert hook["entry"] == "dtrack check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert re.search(hook["files"], "data/directives/a.yaml")
    assert re.search(hook["files"], "data/agencies.yml")
    assert not re.search(hook["files"], "README.md")
