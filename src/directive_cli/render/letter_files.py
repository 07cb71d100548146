"""Đôn đốc letters to files: render each letter in each format, write them all or none.

Markdown and HTML come from templates/letter.md.j2 and letter.html.j2 (templating.render), Word
from templates/letter.docx (letter_docx). Writes are atomic (a temporary file renamed into
place), never outside the output folder, and an existing file is kept unless `force`.
"""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

from .. import templating
from ..diagnostics import os_error_text
from ..errors import DtrackError
from ..files import write_atomic
from ..letters import Letter, plain

FORMATS = ("md", "html", "docx")


class OutputProblem(DtrackError):
    """The letters cannot be written where asked (existing files, unwritable folder)."""


class NotAFolder(OutputProblem):
    """--out names a file: wrong usage."""

    exit_code = 2


def folder(out: Path | None) -> Path:
    """Where the letters go: --out, else ./don-doc; a file there is refused."""
    out_dir = out if out is not None else Path("don-doc")
    if out_dir.exists() and not out_dir.is_dir():
        raise NotAFolder(f"--out '{out_dir}' là một tệp, không phải thư mục.")
    return out_dir


def render(letter: Letter, fmt: str, user_dir: Path | None, letter_date: dt.date) -> bytes:
    """One letter in one format, as the bytes of its file."""
    if fmt == "docx":
        from . import letter_docx  # lazy: start-up time

        data = letter_docx.render(letter.context, user_dir, letter_date)
        # python-docx leaves reference cycles (~5 MB a letter) and main() turns the cyclic
        # collector off for speed: collect them here, or 100 letters take 600 MB.
        gc.collect(0)  # young objects only: all that this letter left, as gc is off
        return data
    if fmt not in FORMATS:
        raise ValueError(fmt)
    text = templating.render(
        f"letter.{fmt}.j2", letter.context, user_dir, autoescape=(fmt == "html")
    )
    if fmt == "md":
        # The Markdown letter is for review in git: plain hyphens and spaces, so that a search
        # for "số 1958/UBND-NC" finds it (Word and HTML keep the non-breaking ones).
        text = plain(text)
    if not text.endswith("\n"):
        text += "\n"
    return text.encode("utf-8")


def targets(out_dir: Path, letters: list[Letter], formats: list[str]) -> list[Path]:
    """Where each letter goes: OUT/STEM.EXT, the stem already made safe by letters.file_stem."""
    paths = []
    for letter in letters:
        name = Path(letter.stem).name  # a stem is one file name; never a path
        for fmt in formats:
            paths.append(out_dir / f"{name}.{fmt}")
    return paths


def refuse_existing(paths: list[Path], force: bool) -> None:
    if force:
        return
    existing = [p for p in paths if p.exists()]
    if existing:
        shown = ", ".join(str(p) for p in existing[:5])
        more = f" và {len(existing) - 5} tệp khác" if len(existing) > 5 else ""
        raise OutputProblem(
            f"Đã có tệp {shown}{more}; dtrack không ghi đè. Chọn thư mục khác bằng --out, "
            "hoặc thêm --force để ghi đè."
        )


def write_all(out_dir: Path, files: list[tuple[Path, bytes]]) -> None:
    where: Path = out_dir
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for where, data in files:  # `where` then names the file that failed
            write_atomic(where, data)
    except OSError as exc:
        raise OutputProblem(f"không ghi được '{where}': {os_error_text(exc)}.") from None


def write_letters(
    out_dir: Path,
    letters: list[Letter],
    formats: list[str],
    user_dir: Path | None,
    letter_date: dt.date,
    force: bool,
) -> list[Path]:
    """Every letter in every format: all rendered before any is written, none over an existing
    file unless `force`. The paths written, in order."""
    paths = targets(out_dir, letters, formats)
    refuse_existing(paths, force)
    data = [render(letter, fmt, user_dir, letter_date) for letter in letters for fmt in formats]
    write_all(out_dir, list(zip(paths, data, strict=True)))
    return paths
