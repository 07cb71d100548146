"""Shared fixtures: small data folders written on the fly, and the CLI runner."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"


def golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; UPDATE_GOLDEN=1 rewrites it (review the git diff)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: create it with UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8"), f"differs from {path}; UPDATE_GOLDEN=1"


AGENCIES_YAML = """\
issuer:
  id: ubnd-tinh
  name: Ủy ban nhân dân tỉnh Thái Nguyên
  short: UBND tỉnh
  place: Thái Nguyên
  letter:
    code: UBND-NC
    via: Sở Nội vụ
    signer: {authority: KT. CHỦ TỊCH, title: PHÓ CHỦ TỊCH, name: Nguyễn Văn A}
    cc: [Chủ tịch, các PCT UBND tỉnh]
    archive: VT, NC
    reply_days: 5
agencies:
  - {id: snv, name: Sở Nội vụ, kind: so}
  - {id: stc, name: Sở Tài chính, kind: so}
  - {id: stp, name: Sở Tư pháp, kind: so}
  - {id: xa-an-khanh, name: Xã An Khánh, kind: xa, code: "05809",
     addressee: Ủy ban nhân dân xã An Khánh}
  - {id: phuong-duc-xuan, name: Phường Đức Xuân, kind: phuong, code: "01840"}
groups:
  - {id: so-ban-nganh, name: "Các sở, ban, ngành", members: [snv, stc, stp]}
  - {id: xa-phuong, name: "UBND các xã, phường", kinds: [xa, phuong]}
"""


def write_data(root: Path, directives: dict[str, str], agencies: str = AGENCIES_YAML) -> Path:
    """A data folder under `root` with agencies.yaml and the given directive files."""
    data = root / "data"
    (data / "directives").mkdir(parents=True, exist_ok=True)
    (data / "agencies.yaml").write_text(agencies, encoding="utf-8")
    for name, text in directives.items():
        path = data / "directives" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return data


@pytest.fixture
def make_data(tmp_path):
    def make(directives: dict[str, str], agencies: str = AGENCIES_YAML) -> Path:
        return write_data(tmp_path, directives, agencies)

    return make


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    # Tests never read a developer's real data or cache.
    monkeypatch.delenv("DTRACK_DATA", raising=False)
    monkeypatch.setenv("DTRACK_NO_CACHE", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")


SIGNED_ON = "2026-04-20"


def signed_copy(root: Path) -> Path:
    """A copy of the default data with the draft plan (seed 002) as if signed on SIGNED_ON: the
    draft itself is not in force ("ngày tháng 4 năm 2026"), so the tests of its deadlines,
    letters and annex need it signed. The date is the tests' assumption, not the seed's."""
    import shutil

    data = root / "signed-data"
    shutil.copytree(DEFAULT_DATA, data)
    plan = data / "directives" / "2026-KH-so-ket-01-nam.yaml"
    text = plan.read_text("utf-8")
    assert "\nkind: ke-hoach\n" in text
    plan.write_text(text.replace("\nkind: ke-hoach\n", f"\nissued: {SIGNED_ON}\nkind: ke-hoach\n"))
    return data


@pytest.fixture
def signed_data(tmp_path) -> Path:
    return signed_copy(tmp_path)
