"""The README's promises: its first commands are what CI runs, and the docs it links exist."""

from __future__ import annotations

import re

from conftest import ROOT


def _code_lines() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_readme_starts_with_the_two_commands():
    first, second = _code_lines()[:2]
    assert "pip install ." in first and first.rstrip().endswith("dtrack overdue")
    assert "pip install '.[test]'" in second and "pytest" in second


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'grep -m1 "pytest" README.md' in ci
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_pytest_line = next(line for line in readme.splitlines() if "pytest" in line)
    assert first_pytest_line == _code_lines()[1]


def test_linked_docs_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for link in re.findall(r"\]\(([^)#]+)\)", readme):
        if not link.startswith("http"):
            assert (ROOT / link).exists(), link


def test_ci_prints_the_version_of_every_dependency():
    """A red run says which release changed: every dependency pyproject.toml names, runtime and
    test, is in the list .ci/run prints."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    names = {re.match(r"[A-Za-z0-9_.-]+", d).group(0).lower() for d in wanted}
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    block = ci[ci.index("names = (") : ci.index(")", ci.index("names = ("))]
    printed = {n.lower() for n in re.findall(r'"([^"]+)"', block)}
    assert names - printed == set()
