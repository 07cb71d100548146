"""What every command needs: where the data is, which day "today" is, how to print and write.

This is the only place that reads the clock and the environment; the core gets them as values.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sys
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from .errors import DtrackError

if TYPE_CHECKING:
    from rich.console import Console

    from .repository import Repository


class UsageProblem(DtrackError):
    """Wrong usage (exit 2)."""

    exit_code = 2


_VN_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


# Days a clerk can mean on the command line: a letter's reply date, a week ahead and a site's
# calendar are counted from them, and Excel files cannot hold years past 2107.
MIN_YEAR, MAX_YEAR = 1945, 2100


def parse_iso_date(text: str, option: str) -> dt.date:
    """ISO (2025-10-01), or the way a clerk writes it (01/10/2025, 1/10/2025)."""
    text = text.strip()
    try:
        m = _VN_DATE.match(text)
        day = dt.date(int(m[3]), int(m[2]), int(m[1])) if m else dt.date.fromisoformat(text)
    except ValueError:
        raise UsageProblem(
            f"{option} '{text}' không phải ngày hợp lệ; ghi theo dạng năm-tháng-ngày, "
            "ví dụ 2025-10-01."
        ) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:  # a typo; and dates past 9999 cannot be counted to
        raise UsageProblem(
            f"{option} '{text}': năm {day.year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}; "
            "kiểm tra lại năm."
        )
    return day


def embedded_data() -> Path:
    """The sample data shipped with dtrack (the seed directives of Thái Nguyên)."""
    from .resources import bundled  # lazy: start-up time

    return bundled("default_data", "data")


@dataclass
class Settings:
    data: Path
    data_explicit: bool
    templates: Path | None
    today: dt.date
    skip_invalid: bool
    no_cache: bool
    keep_plans: bool = True  # loading.load's: dtrack site, which forks, asks not to
    _repo: Repository | None = None

    @classmethod
    def create(cls, data, templates, today, skip_invalid, no_cache) -> Settings:
        day = parse_iso_date(today, "--today") if today is not None else dt.date.today()
        explicit = data is not None
        if data is None:
            data = Path("data") if Path("data").is_dir() else embedded_data()
        if templates is not None and not templates.is_dir():
            raise UsageProblem(f"--templates: không có thư mục mẫu '{templates}'.")
        if templates is None and Path("templates").is_dir():
            templates = Path("templates")
        no_cache = no_cache or os.environ.get("DTRACK_NO_CACHE", "") not in ("", "0")
        return cls(data, explicit, templates, day, skip_invalid, no_cache)

    def load(self) -> Repository:
        """Load and validate; problems are in the result, not raised."""
        from .errors import DataFolderError  # lazy: start-up time
        from .loading.load import load

        if self._repo is None:
            if not self.data_explicit and self.data == embedded_data():
                typer.echo(
                    "dtrack: không có thư mục ./data; đang dùng dữ liệu mẫu đi kèm "
                    "(chỉ rõ dữ liệu của mình bằng --data THƯ-MỤC hoặc DTRACK_DATA).",
                    err=True,
                )
            try:
                self._repo = load(self.data, self.cache_dir(), keep_plans=self.keep_plans)
            except DataFolderError as exc:
                typer.echo(f"dtrack: lỗi: {exc}", err=True)
                typer.echo(
                    "    gợi ý: chạy dtrack trong thư mục có 'data/', hoặc chỉ rõ bằng "
                    "--data THƯ-MỤC (hay biến môi trường DTRACK_DATA).",
                    err=True,
                )
                raise typer.Exit(1) from None
        return self._repo

    def cache_dir(self) -> Path | None:
        """Where loaded data is cached (cache.py): $XDG_CACHE_HOME/dtrack, ~/.cache/dtrack."""
        if self.no_cache:
            return None
        base = os.environ.get("XDG_CACHE_HOME", "")
        if not os.path.isabs(base):  # unset, empty or relative: ignored, as the XDG spec says
            try:
                base = str(Path.home() / ".cache")
            except RuntimeError:  # no home directory: run without a cache
                return None
        return Path(base) / "dtrack"

    def repository(self, need_directives: bool = True) -> Repository:
        """Load for reporting: refuse data with errors unless --skip-invalid."""
        from .diagnostics import format_text  # lazy: start-up time
        from .repository import without_broken

        repo = self.load()
        errors = repo.errors
        if not errors:
            return repo
        agencies_broken = repo.issuer is None or any(
            d.file.endswith("agencies.yaml") for d in errors
        )
        if not need_directives and not agencies_broken:
            return repo  # e.g. `dtrack agencies`: broken directive files do not matter
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
        from .workdays import WorkCalendar  # lazy: start-up time

        if self._repo is None and not (self.data / "agencies.yaml").is_file():
            return WorkCalendar()  # nothing to read the days from: no error to print here
        try:
            repo = self.load()
        except typer.Exit:
            return WorkCalendar()
        return repo.calendar or WorkCalendar()

    def interactive(self) -> bool:
        """A person at a terminal who can answer a question."""
        return sys.stdin.isatty() and sys.stdout.isatty()

    def colour(self) -> bool:
        """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
        return sys.stdout.isatty() and not os.environ.get("NO_COLOR")

    def width(self) -> int:
        """The terminal's width; piped output is 160 columns unless COLUMNS says otherwise."""
        columns = os.environ.get("COLUMNS", "")
        if columns.isdigit() and int(columns) >= 40:
            return int(columns)
        if sys.stdout.isatty():
            import shutil  # lazy: start-up time

            return max(40, shutil.get_terminal_size().columns)
        return 160

    def console(self) -> Console:
        from rich.console import Console  # lazy: start-up time

        # Colour only on a terminal; rich itself honours NO_COLOR.
        if sys.stdout.isatty():
            console = Console(highlight=False)
        else:
            columns = os.environ.get("COLUMNS", "")
            width = int(columns) if columns.isdigit() and int(columns) >= 40 else 160
            console = Console(highlight=False, width=width, no_color=True, force_terminal=False)
        console.on_broken_pipe = _reader_gone  # rich exits 1 there; `dtrack … | head` is fine
        return console

    def write(
        self, text: str | Iterable[str] | bytes, out: Path | None, *, force: bool = False
    ) -> None:
        """Text, or its pieces (written as they come: a long listing is never whole in memory),
        or the bytes of a workbook (to a file only)."""
        if isinstance(text, bytes):
            assert out is not None, "bytes go to a file"
            with self.open_out(out, force=force) as fh:
                fh.flush()
                fh.buffer.write(text)
            return
        pieces = (text,) if isinstance(text, str) else text
        if out is None:
            for piece in pieces:
                sys.stdout.write(piece)
            sys.stdout.flush()
            return
        with self.open_out(out, force=force) as fh:
            for piece in pieces:
                fh.write(piece)

    @contextmanager
    def open_out(self, out: Path, *, force: bool = False):
        """A text file that replaces `out` only once it is complete: a failure halfway (full
        disk, an error while rendering) leaves the old file whole. With force=False an existing
        file is refused."""
        from .diagnostics import os_error_text  # lazy: start-up time

        def refuse(reason: str, code: int = 1):
            typer.echo(f"dtrack: lỗi: không ghi được tệp '{out}': {reason}.", err=True)
            return typer.Exit(code)

        if out.is_dir():  # wrong usage, as summary says it too
            raise refuse("đó là một thư mục; hãy ghi cả tên tệp, ví dụ --out bao-cao.md", 2)
        for folder in (out.parent, *out.parent.parents):
            if folder.exists():
                if not folder.is_dir():
                    raise refuse(f"'{folder}' là một tệp, không phải thư mục")
                break
        if out.exists() and not force:
            raise refuse("tệp đã có, dtrack không ghi đè; chọn tên khác hoặc thêm --force")
        if out.exists() and not out.is_file():  # a device or pipe (/dev/stdout): write in place
            try:
                with open(out, "w", encoding="utf-8", newline="\n") as fh:
                    yield fh
            except OSError as exc:
                raise refuse(os_error_text(exc)) from None
            return
        import io  # lazy: start-up time

        from .files import atomic_file  # lazy: start-up time

        # Written to a temporary file beside `out` as it is rendered, renamed over it at the
        # end: an error while rendering leaves the old file untouched.
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            with atomic_file(out) as raw:
                fh = io.TextIOWrapper(raw, encoding="utf-8", newline="\n", write_through=False)
                try:
                    yield fh
                    fh.flush()
                finally:
                    fh.detach()  # atomic_file closes the file itself
        except OSError as exc:
            raise refuse(os_error_text(exc)) from None
        typer.echo(f"Đã ghi {out}", err=True)


def _reader_gone() -> None:
    """The reader of stdout went away (`dtrack agencies | head -1`): the rest of the output
    goes nowhere and cli.main exits 0, as `git log | head` does."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    raise BrokenPipeError
