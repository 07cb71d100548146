"""The seed directives are transcribed faithfully: every `note` is the source's own words.

A note may quote two places of the source joined by " … "; each part must then appear in the
source as it is (whitespace, the extraction's markdown marks and footnote marks aside). The
clerk's own words belong in YAML comments, not in notes."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

SEEDS = Path(__file__).resolve().parent / "seeds"
EXAMPLE = "examples/tinh-chua-ro-ten/directives/2025-CV-trien-khai-NQ-268.yaml"
FILES = {
    ROOT / "data/directives/2025-1958-UBND-NC.yaml": "001_f48f2c60c446f893.txt",
    ROOT / "data/directives/2026-KH-so-ket-01-nam.yaml": "002_17df6452024c182b.txt",
    ROOT / EXAMPLE: "004_e6bd0147ff71d7ac.txt",
}


def _plain(text: str) -> str:
    """NFC, one space for any run of whitespace, without the extraction's marks (**bold**,
    *italic*, <b>, footnote numbers) and with words split at a line end joined again."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\*|</?b>|[¹²]", "", text)
    text = re.sub(r"-\s*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def _notes():
    for path, seed in FILES.items():
        data = yaml.safe_load(path.read_text("utf-8"))
        for task in data["tasks"]:
            if task.get("note"):
                yield pytest.param(
                    path, seed, task["id"], task["note"], id=f"{path.stem}:{task['id']}"
                )


@pytest.mark.parametrize(("path", "seed", "task", "note"), list(_notes()))
def test_every_note_is_the_sources_own_words(path, seed, task, note):
    source = _plain((SEEDS / seed).read_text("utf-8"))
    for part in _plain(note).split(" … "):
        assert part.rstrip(".;:") in source, f"{path.name} {task}: not in the source: {part!r}"


def test_every_seed_is_transcribed_and_listed():
    assert sorted(p.name for p in SEEDS.glob("*.txt")) == sorted(FILES.values())
    table = (ROOT / "docs" / "transcriptions.md").read_text("utf-8")
    for path in FILES:
        assert path.relative_to(ROOT).as_posix() in table
