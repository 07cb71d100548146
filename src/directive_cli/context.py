"""What every command needs: where the data is, which day "today" is, how to print and write.

This is the only place that reads the clock and the environment; the core gets them as values.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from .loader import Repository


class UsageProblem(Exception):
    """Wrong usage (exit 2)."""


def parse_iso_date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageProblem(
            f"{option} '{text}' không phải ngày hợp lệ; ghi theo dạng năm-tháng-ngày, "
            "ví dụ 2025-10-01."
        ) from None


def embedded_data() -> Path:
    """The sample data shipped with dtrack (the seed directives of Thái Nguyên)."""
    here = Path(__file__).resolve().parent
    packaged = here / "default_data"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "data"  # a source checkout (editable install)


@dataclass
class Settings:
    data: Path
    data_explicit: bool
    templates: Path | None
    today: dt.date
    skip_invalid: bool
    no_cache: bool
    _repo: Repository | None = None

    @classmethod
    def create(cls, data, templates, today, skip_invalid, no_cache) -> Settings:
        day = parse_iso_date(today, "--today") if today else dt.date.today()
        explicit = data is not None
        if data is None:
            data = Path("data") if Path("data").is_dir() else embedded_data()
        if templates is None and Path("templates").is_dir():
            templates = Path("templates")
        no_cache = no_cache or os.environ.get("DTRACK_NO_CACHE", "") not in ("", "0")
        return cls(data, explicit, templates, day, skip_invalid, no_cache)

    def load(self) -> Repository:
        """Load and validate; problems are in the result, not raised."""
        from .loader import DataFolderError, load

        if self._repo is None:
            if not self.data_explicit and self.data == embedded_data():
                typer.echo(
                    "dtrack: không có thư mục ./data; đang dùng dữ liệu mẫu đi kèm "
                    "(chỉ rõ dữ liệu của mình bằng --data THƯ-MỤC hoặc DTRACK_DATA).",
                    err=True,
                )
            try:
                self._repo = load(self.data)
            except DataFolderError as exc:
                typer.echo(f"dtrack: lỗi: {exc}", err=True)
                typer.echo(
                    "    gợi ý: chạy dtrack trong thư mục có 'data/', hoặc chỉ rõ bằng "
                    "--data THƯ-MỤC (hay biến môi trường DTRACK_DATA).",
                    err=True,
                )
                raise typer.Exit(1) from None
        return self._repo

    def repository(self, need_directives: bool = True) -> Repository:
        """Load for reporting: refuse data with errors unless --skip-invalid."""
        from .diagnostics import format_text
        from .loader import without_broken

        repo = self.load()
        errors = repo.errors
        if not errors:
            return repo
        agencies_broken = repo.agency_file is None or any(
            d.file.endswith("agencies.yaml") for d in errors
        )
        if not self.skip_invalid or agencies_broken:
            typer.echo(format_text(errors), err=True)
            typer.echo(
                f"dtrack: lỗi: dữ liệu có {len(errors)} lỗi; sửa các lỗi trên"
                + (
                    " (tệp agencies.yaml phải hợp lệ)."
                    if agencies_broken and self.skip_invalid
                    else ", hoặc dùng --skip-invalid để bỏ qua các tệp lỗi."
                ),
                err=True,
            )
            raise typer.Exit(1)
        skipped = sorted(repo.broken_files)
        typer.echo(
            f"dtrack: cảnh báo: bỏ qua {len(skipped)} tệp có lỗi: {', '.join(skipped)}", err=True
        )
        return without_broken(repo)

    def calendar(self):
        """The working-day calendar, with the province's own days when the data is readable."""
        from .workdays import WorkCalendar

        try:
            repo = self.load()
        except typer.Exit:
            return WorkCalendar()
        return repo.calendar or WorkCalendar()

    def console(self) -> Console:
        from rich.console import Console

        # Colour only on a terminal; rich itself honours NO_COLOR.
        if sys.stdout.isatty():
            return Console(highlight=False)
        return Console(highlight=False, width=160, no_color=True, force_terminal=False)

    def write(self, text: str, out: Path | None) -> None:
        if out is None:
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        with self.open_out(out) as fh:
            fh.write(text)

    @contextmanager
    def open_out(self, out: Path):
        try:
            if out.parent and not out.parent.exists():
                out.parent.mkdir(parents=True, exist_ok=True)
            with open(out, "w", encoding="utf-8", newline="\n") as fh:
                yield fh
        except OSError as exc:
            typer.echo(f"dtrack: lỗi: không ghi được tệp '{out}': {exc.strerror or exc}.", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"Đã ghi {out}", err=True)
