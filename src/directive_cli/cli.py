"""The `dtrack` command: parse options, call the core, hand the result to a renderer.

Kept thin on purpose: no rule about deadlines or statuses lives here. Heavy modules are imported
inside the commands that need them, so `dtrack --help` starts fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

from . import i18n

i18n.install()  # before typer/click are imported: they translate their own words at import

import typer  # noqa: E402

i18n.localize_click()

from . import __version__  # noqa: E402
from .context import Settings, UsageProblem  # noqa: E402

app = typer.Typer(
    name="dtrack",
    help=(
        "dtrack: theo dõi, đôn đốc các nhiệm vụ được giao tại văn bản chỉ đạo "
        "(công văn, kế hoạch, kết luận, thông báo…)."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["--help", "-h"]},
    pretty_exceptions_enable=False,
)


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"dtrack: lỗi: {message}", err=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dtrack {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar="DTRACK_DATA",
            help="Thư mục dữ liệu (mặc định: ./data, nếu không có thì dữ liệu mẫu đi kèm).",
            show_default=False,
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="Thư mục mẫu văn bản riêng (mặc định: ./templates).",
            show_default=False,
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            help="Xem tình hình tại ngày này (YYYY-MM-DD); mặc định: hôm nay.",
            show_default=False,
        ),
    ] = None,
    skip_invalid: Annotated[
        bool,
        typer.Option("--skip-invalid", help="Bỏ qua các tệp có lỗi thay vì dừng lại."),
    ] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Không dùng bộ nhớ đệm (cache).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Hiện phiên bản rồi thoát."
        ),
    ] = False,
) -> None:
    try:
        ctx.obj = Settings.create(data, templates, today, skip_invalid, no_cache)
    except UsageProblem as exc:
        fail(str(exc), 2)


# Options shared by the listing commands.
AgencyOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--agency",
        "-a",
        help="Chỉ cơ quan này (mã nhóm: mọi thành viên); lặp lại được.",
        show_default=False,
    ),
]
DirectiveOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--directive", "-d", help="Chỉ văn bản này (mã văn bản); lặp lại được.", show_default=False
    ),
]
FormatOpt = Annotated[
    ListFormat, typer.Option("--format", "-f", help="Định dạng: table, json, csv, md.")
]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Ghi ra tệp này thay vì màn hình.", show_default=False),
]
WithinOpt = Annotated[
    int,
    typer.Option("--within", "-w", min=0, max=3650, help="Số ngày cảnh báo trước hạn."),
]


def _listing(
    ctx: typer.Context,
    title: str,
    statuses: list[str] | None,
    agency: list[str] | None,
    directive: list[str] | None,
    fmt: ListFormat,
    out: Path | None,
    within: int,
    order: str | None = None,
) -> None:
    from . import query
    from .status import compute

    settings: Settings = ctx.obj
    repo = settings.repository()
    try:
        agencies = query.agency_set(repo, agency or [])
        directives = query.directive_set(repo, directive or [])
        wanted = query.check_statuses(statuses or [])
    except query.QueryError as exc:
        fail(str(exc))
    items = query.select(compute(repo, settings.today, within), agencies, directives, wanted)
    position = {a: i for i, a in enumerate(repo.agencies)}
    if order == "overdue":
        items = query.most_overdue_first(items, position)
    elif order == "due":
        items = query.soonest_first(items, position)
    title = f"{title} (tính đến ngày {settings.today:%d/%m/%Y})"
    emit_listing(settings, items, title, fmt, out)


def emit_listing(settings: Settings, items, title: str, fmt: ListFormat, out: Path | None) -> None:
    if fmt is ListFormat.table:
        from .render import table

        if out is not None:
            from rich.console import Console

            with settings.open_out(out) as fh:
                table.render(items, title, Console(file=fh, width=160, no_color=True))
            return
        table.render(items, title, settings.console())
        return
    if fmt is ListFormat.json:
        from .render import json_out

        text = json_out.render(items)
    elif fmt is ListFormat.csv:
        from .render import csv_out

        text = csv_out.render(items)
    else:
        from .render import markdown

        text = markdown.render(items, title)
    settings.write(text, out)


@app.command()
def overdue(
    ctx: typer.Context,
    agency: AgencyOpt = None,
    directive: DirectiveOpt = None,
    fmt: FormatOpt = ListFormat.table,
    out: OutOpt = None,
) -> None:
    """Các nhiệm vụ đã quá hạn, quá lâu nhất lên đầu."""
    _listing(ctx, "Nhiệm vụ quá hạn", ["overdue"], agency, directive, fmt, out, 7, "overdue")


@app.command()
def due(
    ctx: typer.Context,
    within: WithinOpt = 7,
    agency: AgencyOpt = None,
    directive: DirectiveOpt = None,
    fmt: FormatOpt = ListFormat.table,
    out: OutOpt = None,
) -> None:
    """Các nhiệm vụ sắp đến hạn trong N ngày tới, gần hạn nhất lên đầu."""
    _listing(
        ctx,
        f"Nhiệm vụ đến hạn trong {within} ngày tới",
        ["due_soon"],
        agency,
        directive,
        fmt,
        out,
        within,
        "due",
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            "-s",
            help="Chỉ tình trạng này (overdue, due_soon, on_track, "
            "done_on_time, done_late, done, ongoing, no_deadline, cancelled); lặp lại được.",
            show_default=False,
        ),
    ] = None,
    within: WithinOpt = 7,
    agency: AgencyOpt = None,
    directive: DirectiveOpt = None,
    fmt: FormatOpt = ListFormat.table,
    out: OutOpt = None,
) -> None:
    """Mọi nhiệm vụ của từng cơ quan, lọc được theo tình trạng, cơ quan, văn bản."""
    _listing(ctx, "Danh sách nhiệm vụ", status, agency, directive, fmt, out, within)


@app.command()
def show(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(help="VĂN-BẢN hoặc VĂN-BẢN:NHIỆM-VỤ[@CƠ-QUAN][#KỲ].", show_default=False),
    ],
    within: WithinOpt = 7,
    fmt: FormatOpt = ListFormat.table,
) -> None:
    """Một văn bản hoặc một nhiệm vụ: nội dung, các cơ quan, tình trạng và diễn biến."""
    from . import refs
    from .render import show as show_render
    from .status import compute

    settings: Settings = ctx.obj
    repo = settings.repository()
    try:
        parsed = refs.parse_ref(ref)
        ld, task = refs.resolve(repo, parsed)
    except refs.RefError as exc:
        fail(str(exc))
    items = [
        a
        for a in compute(repo, settings.today, within)
        if a.directive is ld
        and (task is None or a.task is task)
        and (parsed.agency is None or a.agency.id == parsed.agency)
        and (parsed.period is None or (a.period is not None and a.period.key == parsed.period))
    ]
    if fmt is ListFormat.table or fmt is ListFormat.md:
        text = show_render.render(
            repo, ld, task, items, settings.today, markdown=fmt is ListFormat.md
        )
        if fmt is ListFormat.table:
            settings.console().print(text, markup=False, highlight=False)
        else:
            typer.echo(text)
    else:
        emit_listing(settings, items, ref, fmt, None)


@app.command()
def agencies(
    ctx: typer.Context,
    fmt: FormatOpt = ListFormat.table,
) -> None:
    """Cơ quan ban hành, các cơ quan (theo thứ tự chính thức) và các nhóm với thành viên."""
    from .render import agencies as render_agencies

    settings: Settings = ctx.obj
    repo = settings.repository(need_directives=False)
    if fmt is ListFormat.table:
        render_agencies.table(repo, settings.console())
    elif fmt is ListFormat.json:
        typer.echo(render_agencies.json(repo))
    elif fmt is ListFormat.csv:
        typer.echo(render_agencies.csv(repo), nl=False)
    else:
        typer.echo(render_agencies.markdown(repo))


@app.command()
def check(
    ctx: typer.Context,
    fmt: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="Định dạng: text, json, github.")
    ] = CheckFormat.text,
) -> None:
    """Kiểm tra toàn bộ dữ liệu; in mọi lỗi, không chỉ lỗi đầu tiên."""
    from .diagnostics import format_github, format_json, format_text

    settings: Settings = ctx.obj
    repo = settings.load()
    diags = repo.diagnostics
    errors = repo.errors
    if fmt is CheckFormat.json:
        typer.echo(format_json(diags))
    elif fmt is CheckFormat.github:
        if diags:
            typer.echo(format_github(diags))
    else:
        if diags:
            typer.echo(format_text(diags))
        files = len(repo.directives) + len(repo.broken_files - {d.file for d in repo.directives})
        tasks = sum(len(d.model.tasks) for d in repo.directives)
        if errors:
            typer.echo(
                f"Có {len(errors)} lỗi trong {len(repo.broken_files)} tệp. "
                "Sửa các lỗi trên rồi chạy lại 'dtrack check'."
            )
        else:
            typer.echo(
                f"Dữ liệu hợp lệ: {len(repo.agencies)} cơ quan, {len(repo.groups)} nhóm, "
                f"{files} văn bản, {tasks} nhiệm vụ."
            )
    raise typer.Exit(1 if errors else 0)


@app.command()
def deadline(
    ctx: typer.Context,
    phrase: Annotated[
        str, typer.Argument(help='Cụm từ thời hạn, ví dụ "trong tháng 9/2025".', show_default=False)
    ],
    issued: Annotated[
        str | None,
        typer.Option(
            "--issued",
            help="Ngày ký/ban hành (YYYY-MM-DD), cho thời hạn tính từ ngày ký.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Định dạng: table (chữ) hoặc json.")
    ] = ListFormat.table,
) -> None:
    """Xem dtrack hiểu một cụm từ thời hạn thành ngày nào."""
    import json

    from .context import parse_iso_date
    from .deadlines import DeadlineError, describe

    try:
        issued_on = parse_iso_date(issued, "--issued") if issued else None
    except UsageProblem as exc:
        fail(str(exc), 2)
    settings: Settings = ctx.obj
    try:
        info = describe(phrase, issued_on, settings.calendar())
    except DeadlineError as exc:
        fail(str(exc))
    if fmt is ListFormat.json:
        typer.echo(json.dumps(info, ensure_ascii=False))
        return
    kind_label = {
        "date": "ngày cụ thể",
        "ongoing": "thường xuyên (không có hạn)",
        "no_deadline": "chưa có thời hạn",
    }[info["kind"]]
    typer.echo(f"Cụm từ: {info['phrase']}")
    if info["due"]:
        d = dt.date.fromisoformat(info["due"])
        typer.echo(f"Hạn: {d:%d/%m/%Y} ({_WEEKDAYS[d.weekday()]})")
    typer.echo(f"Loại: {kind_label}" + ("; khẩn trương" if info["urgent"] else ""))


class SummaryBy(str, Enum):
    agency = "agency"
    directive = "directive"


class SummaryFormat(str, Enum):
    table = "table"
    md = "md"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"
    html = "html"


@app.command()
def summary(
    ctx: typer.Context,
    by: Annotated[
        SummaryBy,
        typer.Option("--by", help="Mỗi dòng một cơ quan (agency) hay một văn bản (directive)."),
    ] = SummaryBy.agency,
    agency: AgencyOpt = None,
    directive: DirectiveOpt = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from", help="Chỉ văn bản ban hành từ ngày này (YYYY-MM-DD).", show_default=False
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to", help="Chỉ văn bản ban hành đến ngày này (YYYY-MM-DD).", show_default=False
        ),
    ] = None,
    within: WithinOpt = 7,
    fmt: Annotated[
        SummaryFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Định dạng: table, md, csv, json, xlsx, html (mặc định: theo đuôi tệp --out, "
            "không có thì table). xlsx không có --out: ghi bieu-tong-hop-NGÀY.xlsx.",
            show_default=False,
        ),
    ] = None,
    out: OutOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp --out đã có.")] = False,
) -> None:
    """Biểu tổng hợp kết quả thực hiện nhiệm vụ, theo cơ quan hoặc theo văn bản."""
    from . import query
    from . import summary as core
    from .context import parse_iso_date
    from .render import summary_common as wording
    from .render import summary_out
    from .status import compute
    from .templating import TemplateProblem

    settings: Settings = ctx.obj
    try:
        start_on = parse_iso_date(start, "--from") if start else None
        end_on = parse_iso_date(end, "--to") if end else None
    except UsageProblem as exc:
        fail(str(exc), 2)
    if start_on and end_on and start_on > end_on:
        fail(f"--from ({start_on:%d/%m/%Y}) sau --to ({end_on:%d/%m/%Y}).", 2)
    chosen = fmt.value if fmt is not None else summary_out.format_for(out)
    if chosen == "xlsx" and out is None:
        out = Path(wording.default_filename(by.value, settings.today))
        typer.echo(f"Chưa có --out: ghi bảng Excel vào thư mục hiện tại, tệp {out}.", err=True)
    try:
        if out is not None:
            summary_out.check_target(out, force)
    except summary_out.OutputProblem as exc:
        fail(str(exc), 2 if out.is_dir() else 1)

    repo = settings.repository()
    try:
        agencies = query.agency_set(repo, agency or [])
        directives = query.directive_set(repo, directive or [])
    except query.QueryError as exc:
        fail(str(exc))
    items = query.select(compute(repo, settings.today, within), agencies, directives)
    result = core.summarize(core.issued_between(items, start_on, end_on), repo, by.value)
    heading = [
        wording.title(repo.issuer.short if repo.issuer else None),
        wording.subtitle(by.value),
        wording.date_line(settings.today, start_on, end_on),
    ]
    if chosen == "table" and out is None:
        from .render import summary_table

        summary_table.render(result, heading, settings.console())
        return
    try:
        if chosen == "table":
            data = summary_out.table_text(result, heading)
        else:
            data = summary_out.produce(chosen, result, heading, settings.today, settings.templates)
        if out is None:
            summary_out.to_stdout(data)
            return
        summary_out.write(out, data)
    except (TemplateProblem, summary_out.OutputProblem) as exc:
        fail(str(exc))
    typer.echo(f"Đã ghi {out}", err=True)


_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def main() -> None:
    """Console-script entry: no traceback reaches the clerk for bad data or usage."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("Đã dừng.", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug of ours: say so briefly, details on request
        if os.environ.get("DTRACK_DEBUG"):
            raise
        typer.echo(
            f"dtrack: lỗi nội bộ ({type(exc).__name__}: {exc}). "
            "Đặt DTRACK_DEBUG=1 để xem chi tiết và báo cho người bảo trì.",
            err=True,
        )
        sys.exit(1)
