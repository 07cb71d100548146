"""The `dtrack` command: parse options, call the core, hand the result to a renderer.

Kept thin on purpose: no rule about deadlines or statuses lives here. Heavy modules are imported
inside the commands that need them, so `dtrack --help` starts fast.
"""

# No `from __future__ import annotations` here: Typer reads every command's signature at each
# run, and string annotations would have it eval ~250 of them (~10 ms).
import contextlib
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
from .errors import DtrackError  # noqa: E402

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
    xlsx = "xlsx"


class TextFormat(str, Enum):
    table = "table"
    json = "json"


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
            metavar="THƯ-MỤC",
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            metavar="THƯ-MỤC",
            help="Thư mục mẫu văn bản riêng (mặc định: ./templates).",
            show_default=False,
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="NGÀY",
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
    ListFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Định dạng: table, json, csv, md, xlsx (Excel, cần --out) (mặc định: theo đuôi "
        "tệp --out, hoặc table).",
        show_default=False,
    ),
]
ShowFormatOpt = Annotated[
    ListFormat | None,
    typer.Option("--format", "-f", help="Định dạng: table, json, csv, md.", show_default=False),
]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", metavar="TỆP", help="Ghi ra tệp này thay vì màn hình.", show_default=False
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Ghi đè tệp --out đã có.")]


class CsvHeader(str, Enum):
    en = "en"
    vi = "vi"


HeaderOpt = Annotated[
    CsvHeader | None,
    typer.Option(
        "--header",
        help="Tiêu đề cột CSV: en (tên trường, như JSON) hoặc vi (tiếng Việt); mặc định: vi khi "
        "ghi ra tệp --out, en khi in ra màn hình.",
        show_default=False,
    ),
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
    fmt: ListFormat | None,
    out: Path | None,
    within: int,
    order: str | None = None,
    force: bool = False,
    header: CsvHeader | None = None,
) -> None:
    from . import query  # lazy: start-up time
    from .render import listing_out

    settings: Settings = ctx.obj
    fmt = listing_format(fmt, out)
    repo = settings.repository()
    try:
        items, directives = query.listing(
            repo, settings.today, within, statuses or [], agency or [], directive or [], order
        )
    except query.QueryError as exc:
        fail(str(exc), exc.exit_code)
    title = listing_out.heading(title, settings.today)
    days = listing_out.days_for(order)
    emit_listing(settings, repo, items, title, fmt, out, force, days, header)
    note_drafts(repo, directives)


def note_drafts(repo, directives: set[str] | list[str] | None = None) -> None:
    """Under every report, on stderr (a JSON or CSV listing stays clean): the directives left
    out because they have no date of issue (drafts, not in force). `directives`: the ids, or
    the --directive values as given (already checked by the command)."""
    from .render import drafts  # lazy: start-up time

    if isinstance(directives, list):
        from . import query

        directives = query.directive_set(repo, directives)
    line = drafts.note(repo, directives)
    if line:
        sys.stdout.flush()  # under the report, not in the middle of its last line
        typer.echo(line, err=True)


def list_drafts(settings: Settings, fmt: ListFormat | None) -> None:
    """`dtrack list --drafts`: the directives without a date of issue, listed apart."""
    import json

    from .render import drafts  # lazy: start-up time

    rows = drafts.rows(settings.repository())
    if fmt is ListFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        typer.echo(drafts.text(rows))


def listing_format(fmt: ListFormat | None, out: Path | None) -> ListFormat:
    from .render import formats  # lazy: start-up time

    try:
        return ListFormat(formats.listing_format(fmt and fmt.value, out))
    except formats.FormatProblem as exc:
        fail(str(exc), exc.exit_code)


def emit_listing(
    settings: Settings,
    repo,
    items,
    title: str,
    fmt: ListFormat,
    out: Path | None,
    force: bool = False,
    days: str = "both",
    header: CsvHeader | None = None,
) -> None:
    from .render import listing_out  # lazy: start-up time

    try:
        data = listing_out.render(
            items, title, repo, fmt.value, settings.today, out, settings, days,
            header.value if header else None,
        )  # fmt: skip
    except listing_out.FormatProblem as exc:
        fail(str(exc), exc.exit_code)
    settings.write(data, out, force=force)


@app.command()
def overdue(
    ctx: typer.Context,
    agency: AgencyOpt = None,
    directive: DirectiveOpt = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    force: ForceOpt = False,
    header: HeaderOpt = None,
) -> None:
    """Các nhiệm vụ đã quá hạn, quá lâu nhất lên đầu."""
    title = "Nhiệm vụ quá hạn"
    _listing(ctx, title, ["overdue"], agency, directive, fmt, out, 7, "overdue", force, header)


@app.command()
def due(
    ctx: typer.Context,
    within: WithinOpt = 7,
    agency: AgencyOpt = None,
    directive: DirectiveOpt = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    force: ForceOpt = False,
    header: HeaderOpt = None,
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
        force,
        header,
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
    fmt: FormatOpt = None,
    out: OutOpt = None,
    force: ForceOpt = False,
    header: HeaderOpt = None,
    drafts: Annotated[
        bool,
        typer.Option(
            "--drafts", help="Chỉ liệt kê các văn bản chưa có ngày ban hành (không được tính)."
        ),
    ] = False,
) -> None:
    """Mọi nhiệm vụ của từng cơ quan, lọc được theo tình trạng, cơ quan, văn bản."""
    if drafts:
        if out is not None or fmt not in (None, ListFormat.table, ListFormat.json):
            fail("--drafts chỉ in ra màn hình, dạng bảng hoặc JSON (--format json).", 2)
        list_drafts(ctx.obj, fmt)
        return
    title = "Danh sách nhiệm vụ"
    _listing(ctx, title, status, agency, directive, fmt, out, within, None, force, header)


@app.command()
def show(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="REF",
            help="VĂN-BẢN hoặc VĂN-BẢN:NHIỆM-VỤ[@CƠ-QUAN][#KỲ].",
            show_default=False,
        ),
    ],
    within: WithinOpt = 7,
    fmt: ShowFormatOpt = None,
) -> None:
    """Một văn bản hoặc một nhiệm vụ: nội dung, các cơ quan, tình trạng và diễn biến."""
    from . import refs  # lazy: start-up time
    from .render import show as show_render
    from .status import compute

    settings: Settings = ctx.obj
    repo = settings.repository()
    try:
        parsed = refs.normalize(repo, refs.parse_ref(ref))
        ld, task = refs.resolve(repo, parsed)
    except refs.RefError as exc:
        fail(str(exc))
    if parsed.period is not None:
        from .deadlines import DeadlineError, parse_period  # lazy: start-up time

        try:
            parse_period(parsed.period, task.repeat.every)
        except DeadlineError as exc:
            fail(str(exc))
    items = [
        a
        for a in compute(repo, settings.today, within)
        if a.directive is ld and a.covers(task and task.id, parsed.agency, parsed.period)
    ]
    fmt = listing_format(fmt, None)
    if fmt is ListFormat.table or fmt is ListFormat.md:
        text = show_render.render(
            repo,
            ld,
            task,
            items,
            settings.today,
            markdown=fmt is ListFormat.md,
            agency=parsed.agency,
            period_key=parsed.period,
        )
        typer.echo(text)
    else:
        emit_listing(settings, repo, items, ref, fmt, None)


@app.command()
def agencies(
    ctx: typer.Context,
    fmt: ShowFormatOpt = None,
) -> None:
    """Cơ quan ban hành, các cơ quan (theo thứ tự chính thức) và các nhóm với thành viên."""
    from .render import agencies as render_agencies  # lazy: start-up time

    settings: Settings = ctx.obj
    repo = settings.repository(need_directives=False)
    fmt = listing_format(fmt, None)
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
    from .diagnostics import format_github, format_json, format_text  # lazy: start-up time

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
        from .render.check_text import closing_line  # lazy: start-up time

        if diags:
            typer.echo(format_text(diags))
        typer.echo(closing_line(repo))
    raise typer.Exit(1 if errors else 0)


@app.command()
def deadline(
    ctx: typer.Context,
    phrase: Annotated[
        str,
        typer.Argument(
            metavar="CỤM-TỪ",
            help='Cụm từ thời hạn, ví dụ "trong tháng 9/2025".',
            show_default=False,
        ),
    ],
    issued: Annotated[
        str | None,
        typer.Option(
            "--issued",
            metavar="NGÀY",
            help="Ngày ký/ban hành (YYYY-MM-DD), cho thời hạn tính từ ngày ký.",
            show_default=False,
        ),
    ] = None,
    repeat: Annotated[
        str | None,
        typer.Option(
            "--repeat",
            help="Kỳ lặp lại như 'repeat' của nhiệm vụ: week, month, quarter, half-year, year, "
            "N-months, N-years (ví dụ 2-years); kỳ đầu là kỳ có hạn từ ngày ban hành trở đi.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        TextFormat, typer.Option("--format", "-f", help="Định dạng: table (chữ) hoặc json.")
    ] = TextFormat.table,
) -> None:
    """Xem dtrack hiểu một cụm từ thời hạn thành ngày nào, và vì sao.

    Đọc được: một ngày ('trước ngày 20/9/2025'; 'trước ngày 15/12' lấy năm theo --issued),
    tháng, quý, năm, khoảng thời gian ('Tháng 11 - 12/2025', 'giai đoạn 2026 - 2030'), thời hạn
    tính từ ngày ký hay từ một sự kiện, thời hạn định kỳ ('trước ngày 25/12 hằng năm'). Cụm từ
    không nêu ngày ('sớm', 'sau khi Bộ ban hành hướng dẫn') được giữ nguyên. Xem docs/deadlines.md.
    """
    import json  # lazy: start-up time

    from .context import parse_iso_date  # lazy: start-up time
    from .deadlines import DeadlineError, describe, describe_repeat
    from .render import deadline_text

    try:
        issued_on = parse_iso_date(issued, "--issued") if issued else None
    except UsageProblem as exc:
        fail(str(exc), 2)
    settings: Settings = ctx.obj
    if not phrase.strip():
        fail('cụm từ thời hạn đang để trống; ví dụ: dtrack deadline "trong tháng 9/2025".')
    try:
        if repeat is not None:
            info = describe_repeat(phrase, repeat, issued_on, settings.today)
        else:
            info = describe(phrase, issued_on, settings.calendar())
    except DeadlineError as exc:
        fail(str(exc))
    if fmt is TextFormat.json:
        typer.echo(json.dumps(info, ensure_ascii=False))
        return
    typer.echo(deadline_text.text(info))


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
            "--from",
            metavar="NGÀY",
            help="Chỉ văn bản ban hành từ ngày này (YYYY-MM-DD).",
            show_default=False,
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="NGÀY",
            help="Chỉ văn bản ban hành đến ngày này (YYYY-MM-DD).",
            show_default=False,
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
    from . import query  # lazy: start-up time
    from . import summary as core
    from .context import parse_iso_date
    from .render import summary_common as wording
    from .render import summary_out
    from .render.formats import FormatProblem
    from .templating import TemplateProblem

    settings: Settings = ctx.obj
    try:
        start_on = parse_iso_date(start, "--from") if start else None
        end_on = parse_iso_date(end, "--to") if end else None
    except UsageProblem as exc:
        fail(str(exc), 2)
    if start_on and end_on and start_on > end_on:
        fail(f"--from ({start_on:%d/%m/%Y}) sau --to ({end_on:%d/%m/%Y}).", 2)
    try:
        chosen = summary_out.choose(fmt and fmt.value, out)
    except FormatProblem as exc:
        fail(str(exc), exc.exit_code)
    if chosen == "xlsx" and out is None:
        out = Path(wording.default_filename(by.value, settings.today))
        typer.echo(f"Chưa có --out: ghi bảng Excel vào thư mục hiện tại, tệp {out}.", err=True)
    try:
        if out is not None:
            summary_out.check_target(out, force)
    except summary_out.OutputProblem as exc:
        fail(str(exc), exc.exit_code)

    repo = settings.repository()
    try:
        result = core.summarize(
            repo, settings.today, within, by.value, agency or [], directive or [], start_on,
            end_on, list_overdue=chosen in ("xlsx", "html", "md"),  # the others only count them
        )  # fmt: skip
    except query.QueryError as exc:
        fail(str(exc), exc.exit_code)
    issuer = repo.issuer.short if repo.issuer else None
    heading = wording.heading(issuer, by.value, settings.today, start_on, end_on)
    try:
        data = summary_out.render(
            chosen, result, heading, settings.today, settings.templates, out, settings
        )
        if out is not None:
            summary_out.write(out, data)
    except (TemplateProblem, summary_out.OutputProblem) as exc:
        fail(str(exc))
    if out is None:
        settings.write(data, None)
    else:
        typer.echo(f"Đã ghi {out}", err=True)
    note_drafts(repo, directive)


class LetterFormat(str, Enum):
    docx = "docx"
    html = "html"
    md = "md"


@app.command()
def remind(
    ctx: typer.Context,
    agency: AgencyOpt = None,
    directive: DirectiveOpt = None,
    within: Annotated[
        int | None,
        typer.Option(
            "--within",
            "-w",
            min=0,
            max=3650,
            help="Đôn đốc cả các nhiệm vụ sắp đến hạn trong N ngày tới (mặc định: chỉ quá hạn).",
            show_default=False,
        ),
    ] = None,
    combined: Annotated[
        bool,
        typer.Option(
            "--combined", help="Một công văn chung gửi mọi cơ quan, kèm Phụ lục danh mục nhiệm vụ."
        ),
    ] = False,
    fmt: Annotated[
        list[LetterFormat] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="<docx|html|md>",
            help="Định dạng: docx (mặc định), html, md; lặp lại để viết nhiều định dạng.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Thư mục ghi công văn (mặc định: ./don-doc).", show_default=False
        ),
    ] = None,
    number: Annotated[
        str | None,
        typer.Option(
            "--number",
            help="Số công văn: chỉ số (2801) hoặc cả số, ký hiệu (2801/UBND-NC); mặc định để "
            "trống cho văn thư ghi; chỉ khi viết một công văn.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="NGÀY",
            help="Ngày ký công văn (YYYY-MM-DD; mặc định: --today); tình trạng tính đến ngày này.",
            show_default=False,
        ),
    ] = None,
    reply_by: Annotated[
        str | None,
        typer.Option(
            "--reply-by",
            metavar="NGÀY",
            help="Hạn báo cáo (YYYY-MM-DD; mặc định: ngày ký + letter.reply_days ngày làm việc).",
            show_default=False,
        ),
    ] = None,
    signer: Annotated[
        str | None,
        typer.Option(
            "--signer",
            help="Người ký: 'KT. CHỦ TỊCH|PHÓ CHỦ TỊCH|Họ và tên' hoặc 'CHỨC VỤ|Họ và tên' "
            "(mặc định: issuer.letter.signer trong agencies.yaml).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè công văn đã có cùng tên.")] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Không viết công văn nào khi có văn bản không trích dẫn được (dự thảo, chưa có "
            "số hoặc ngày, của cơ quan khác) hoặc người ký là tên mẫu.",
        ),
    ] = False,
) -> None:
    """Viết công văn đôn đốc: mỗi cơ quan chủ trì có nhiệm vụ quá hạn một công văn (Word, HTML,
    Markdown), hoặc một công văn chung (--combined). Tệp mang tên cơ quan và ngày ký, ví dụ
    don-doc/don-doc-2025-10-01-snv.docx."""
    from . import letters, query  # lazy: start-up time
    from .context import parse_iso_date
    from .render import letter_files
    from .templating import TemplateProblem

    settings: Settings = ctx.obj
    try:
        letter_date = parse_iso_date(date, "--date") if date else settings.today
        reply_on = parse_iso_date(reply_by, "--reply-by") if reply_by else None
    except UsageProblem as exc:
        fail(str(exc), 2)
    if reply_on is not None and reply_on < letter_date:
        fail(f"--reply-by ({reply_on:%d/%m/%Y}) trước ngày ký ({letter_date:%d/%m/%Y}).", 2)
    try:
        out_dir = letter_files.folder(out)
    except letter_files.OutputProblem as exc:
        fail(str(exc), exc.exit_code)
    formats = list(dict.fromkeys(f.value for f in (fmt or [LetterFormat.docx])))

    repo = settings.repository()
    request = letters.ReminderRequest(
        letter_date, within, tuple(agency or ()), tuple(directive or ()), signer, reply_on,
        number, combined,
    )  # fmt: skip
    try:
        reminder = letters.prepare(repo, request, repo.calendar or settings.calendar())
    except letters.LetterError as exc:
        fail(str(exc), exc.exit_code)
    except query.QueryError as exc:
        fail(str(exc), exc.exit_code)
    if strict and reminder.problems:
        for p in reminder.problems:
            typer.echo(f"dtrack: lỗi: {p}", err=True)
        fail("--strict: không viết công văn nào; sửa dữ liệu hoặc bỏ --strict.")
    for p in reminder.problems:
        typer.echo(f"dtrack: cảnh báo: {p}", err=True)
    if reminder.signing_warning:
        typer.echo(f"dtrack: cảnh báo: {reminder.signing_warning}", err=True)
    if not reminder.items:
        typer.echo(letters.nothing_written(reminder, within, letter_date))
        if not reminder.left_out:
            note_drafts(repo, directive)
        return
    try:
        paths = letter_files.write_letters(
            out_dir, reminder.letters, formats, settings.templates, letter_date, force
        )
    except (TemplateProblem, letter_files.OutputProblem) as exc:
        fail(str(exc))
    for path in paths:
        typer.echo(f"Đã ghi {path}", err=True)
    typer.echo(letters.written(reminder, combined, formats, out_dir))
    note_drafts(repo, directive)


@app.command()
def site(
    ctx: typer.Context,
    out: Annotated[
        Path,
        typer.Option("--out", "-o", metavar="THƯ-MỤC", help="Thư mục ghi trang."),
    ] = Path("site"),
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="URL",
            help="Địa chỉ trang khi đã đăng, ví dụ https://vp.example.gov.vn/nhiem-vu "
            "(cho đường dẫn trong lịch .ics).",
            show_default=False,
        ),
    ] = None,
    with_letters: Annotated[
        bool, typer.Option("--letters", help="Kèm công văn đôn đốc (HTML) các nhiệm vụ quá hạn.")
    ] = False,
    within: WithinOpt = 7,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            max=16,  # a typo such as -j 100 must not fork a hundred processes
            metavar="N",
            help="Dựng trang bằng N tiến trình cùng lúc; mặc định 0: theo số bộ xử lý, tối đa 2. "
            "Trang như nhau với mọi N.",
            show_default=False,
        ),
    ] = 0,
) -> None:
    """Trang web tĩnh: tổng quan, mỗi cơ quan một trang (kèm lịch .ics), mỗi văn bản một
    trang, biểu tổng hợp. Mở được từ máy (file://) hay đăng lên bất kỳ máy chủ web nào."""
    from .site import output, pages, parallel  # lazy: start-up time

    settings: Settings = ctx.obj
    if base_url is not None and not base_url.startswith(("https://", "http://")):
        fail(f"--base-url '{base_url}' phải bắt đầu bằng https:// hoặc http://.", 2)
    try:
        output.check(out)
    except output.OutputProblem as exc:  # a wrong --out: usage, as for remind
        fail(str(exc), 2)
    settings.keep_plans = False  # a cold run's plans would stay in the memory a fork copies
    repo = settings.repository()
    try:
        prep = pages.prepare(
            repo, settings.today, within, settings.templates,
            base_url=base_url, with_letters=with_letters,
            warn=lambda text: typer.echo(f"dtrack: cảnh báo: {text}", err=True),
        )  # fmt: skip
        done = parallel.write(out, prep, jobs or parallel.default_jobs())  # 0: auto
    except (pages.SiteProblem, output.OutputProblem) as exc:
        fail(str(exc))
    typer.echo(
        f"Đã tạo trang tại {out}/index.html (tính đến ngày {settings.today:%d/%m/%Y}): "
        f"{done.pages} trang, {done.files} tệp; ghi {done.written} tệp thay đổi, "
        f"xóa {done.removed} tệp cũ."
    )
    note_drafts(repo)


# -- recording progress, new directive files, diff between revisions, JSON Schema ----------------

RecordRefArg = Annotated[
    str,
    typer.Argument(
        metavar="REF",
        help="VĂN-BẢN:NHIỆM-VỤ (mọi cơ quan chủ trì), VĂN-BẢN:NHIỆM-VỤ@CƠ-QUAN (một cơ quan); "
        "nhiệm vụ định kỳ thêm #KỲ, ví dụ #2025-10.",
        show_default=False,
    ),
]
RecordDateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="NGÀY",
        help="Ngày xảy ra (YYYY-MM-DD); mặc định: hôm nay (--today).",
        show_default=False,
    ),
]
RecordDocOpt = Annotated[
    str | None,
    typer.Option(
        "--ref",
        help='Văn bản báo cáo hoặc quyết định, ví dụ "Báo cáo số 320/BC-SNV ngày 10/10/2025".',
        show_default=False,
    ),
]
RecordNoteOpt = Annotated[str | None, typer.Option("--note", help="Ghi chú.", show_default=False)]
AgenciesFromOpt = Annotated[
    Path | None,
    typer.Option(
        "--agencies-from",
        metavar="TỆP",
        help="Ghi cho các cơ quan trong tệp: mỗi dòng một mã hoặc tên, hoặc tệp CSV xuất từ "
        "bảng tính; mỗi cơ quan một dòng cập nhật, ghi một lần.",
        show_default=False,
    ),
]
AllOpt = Annotated[
    bool,
    typer.Option(
        "--all", help="Ghi cho mọi cơ quan chủ trì mà không hỏi lại (khi không ghi @CƠ-QUAN)."
    ),
]


def _writable_data(settings: Settings) -> None:
    """Edits go to a data folder the clerk chose, never to the sample data shipped with dtrack."""
    if not settings.data_explicit and not Path("data").is_dir():
        fail(
            "không có thư mục ./data ở đây; chỉ rõ thư mục dữ liệu cần ghi bằng --data THƯ-MỤC "
            "(hoặc biến môi trường DTRACK_DATA)."
        )


def _record(
    ctx: typer.Context,
    ref: str,
    kind: str,
    date,
    doc,
    note,
    due=None,
    agencies_from: Path | None = None,
    all_: bool = False,
) -> None:
    from . import edit  # lazy: start-up time
    from .context import parse_iso_date
    from .diagnostics import format_text

    settings: Settings = ctx.obj
    try:
        day = parse_iso_date(date, "--date") if date else settings.today
    except UsageProblem as exc:
        fail(str(exc), 2)
    _writable_data(settings)
    repo = settings.load()
    try:
        named = None
        if agencies_from is not None:
            text = edit.read_list_file(agencies_from)
            named = edit.agencies_from(repo, text, str(agencies_from))
        if kind in ("done", "cancelled") and named is None and not all_:
            _confirm_all(settings, edit.unnamed_leads(repo, ref), ref, kind)
        result = edit.record(
            repo, ref, kind, day, settings.today, due=due, doc=doc, note=note, agencies=named
        )
    except edit.EditError as exc:
        if exc.diagnostics:
            typer.echo(format_text(exc.diagnostics), err=True)
        fail(exc.message)
    typer.echo(edit.format_recorded(result, repo, settings.today))
    warning = edit.others_broken(repo, result.file)
    if warning:
        typer.echo(f"dtrack: cảnh báo: {warning}", err=True)


def _confirm_all(settings: Settings, unnamed: tuple[str, int] | None, ref: str, kind: str) -> None:
    """Closing every lead's share of a task without naming one (`unnamed`: the task and how
    many leads, edit.unnamed_leads): asked on a terminal, refused without --all otherwise (a
    script must say so)."""
    if unnamed is None:
        return
    task, leads = unnamed
    what = "hoàn thành" if kind == "done" else "dừng thực hiện"
    question = (
        f"Ghi '{what}' cho cả {leads} cơ quan chủ trì của {task}? "
        "(ghi cho một cơ quan: thêm @MÃ; nhiều cơ quan: @a,b,c hoặc --agencies-from TỆP)"
    )
    if settings.interactive():
        if not typer.confirm(question, default=False):
            fail("không ghi gì.", 1)
        return
    fail(
        f"{ref} không nêu cơ quan nào: lần ghi này sẽ {what} cả {leads} phần việc. "
        "Thêm --all nếu đúng là vậy, hoặc ghi @MÃ-CƠ-QUAN.",
        2,
    )


@app.command()
def done(
    ctx: typer.Context,
    ref: RecordRefArg,
    date: RecordDateOpt = None,
    doc: RecordDocOpt = None,
    note: RecordNoteOpt = None,
    agencies_from: AgenciesFromOpt = None,
    all_: AllOpt = False,
) -> None:
    """Ghi nhận hoàn thành: nối một dòng 'done' vào updates của nhiệm vụ."""
    _record(ctx, ref, "done", date, doc, note, agencies_from=agencies_from, all_=all_)


@app.command()
def extend(
    ctx: typer.Context,
    ref: RecordRefArg,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help="Thời hạn mới: ngày (2025-10-15) hoặc cụm từ ('trước ngày 15/10/2025').",
            show_default=False,
        ),
    ],
    date: RecordDateOpt = None,
    doc: RecordDocOpt = None,
    note: RecordNoteOpt = None,
    agencies_from: AgenciesFromOpt = None,
) -> None:
    """Ghi nhận gia hạn: nối một dòng 'extended' với thời hạn mới."""
    _record(ctx, ref, "extended", date, doc, note, due=to, agencies_from=agencies_from)


@app.command()
def cancel(
    ctx: typer.Context,
    ref: RecordRefArg,
    date: RecordDateOpt = None,
    doc: RecordDocOpt = None,
    note: RecordNoteOpt = None,
    agencies_from: AgenciesFromOpt = None,
    all_: AllOpt = False,
) -> None:
    """Ghi nhận dừng thực hiện: nối một dòng 'cancelled'."""
    _record(ctx, ref, "cancelled", date, doc, note, agencies_from=agencies_from, all_=all_)


@app.command()
def reopen(
    ctx: typer.Context,
    ref: RecordRefArg,
    date: RecordDateOpt = None,
    doc: RecordDocOpt = None,
    note: RecordNoteOpt = None,
    agencies_from: AgenciesFromOpt = None,
) -> None:
    """Mở lại nhiệm vụ đã ghi hoàn thành hoặc dừng: nối một dòng 'reopened'."""
    _record(ctx, ref, "reopened", date, doc, note, agencies_from=agencies_from)


@app.command()
def start(
    ctx: typer.Context,
    ref: RecordRefArg,
    date: RecordDateOpt = None,
    doc: RecordDocOpt = None,
    note: RecordNoteOpt = None,
) -> None:
    """Ghi nhận mốc tính hạn (ví dụ ngày nhận được văn bản) của nhiệm vụ có thời hạn tính từ
    một sự kiện: nối một dòng 'started'; hạn được tính từ --date."""
    _record(ctx, ref, "started", date, doc, note)


@app.command()
def progress(
    ctx: typer.Context,
    ref: RecordRefArg,
    note: Annotated[
        str, typer.Option("--note", help="Tiến độ đã báo cáo (bắt buộc).", show_default=False)
    ],
    date: RecordDateOpt = None,
    doc: RecordDocOpt = None,
    agencies_from: AgenciesFromOpt = None,
) -> None:
    """Ghi nhận báo cáo tiến độ (không đổi tình trạng): nối một dòng 'progress'."""
    if not note.strip():
        fail("--note không được để trống: ghi tiến độ đã báo cáo.", 2)
    _record(ctx, ref, "progress", date, doc, note, agencies_from=agencies_from)


@app.command()
def new(
    ctx: typer.Context,
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="Mã văn bản = tên tệp, ví dụ 2025-1958-UBND-NC (năm-số-ký hiệu).",
            show_default=False,
        ),
    ],
    number: Annotated[
        str | None, typer.Option("--number", help="Số, ký hiệu: 1958/UBND-NC.", show_default=False)
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="Loại: cong-van, ke-hoach, ket-luan, thong-bao, chi-thi, quyet-dinh, "
            "nghi-quyet, khac (mặc định cong-van).",
            show_default=False,
        ),
    ] = None,
    issued: Annotated[
        str | None,
        typer.Option(
            "--issued", metavar="NGÀY", help="Ngày ban hành (YYYY-MM-DD).", show_default=False
        ),
    ] = None,
    subject: Annotated[
        str | None, typer.Option("--subject", help="Trích yếu nội dung.", show_default=False)
    ] = None,
    signer: Annotated[
        str | None, typer.Option("--signer", help="Người ký.", show_default=False)
    ] = None,
) -> None:
    """Tạo tệp văn bản mới data/directives/ID.yaml để điền (không ghi đè tệp đã có)."""
    from . import scaffold  # lazy: start-up time
    from .context import parse_iso_date
    from .edit import EditError

    settings: Settings = ctx.obj
    if kind is not None and kind not in scaffold.KINDS:
        fail(f"--kind '{kind}' không hợp lệ; chấp nhận: {', '.join(scaffold.KINDS)}.", 2)
    if scaffold.id_problem(ident):
        fail(str(scaffold.id_problem(ident)), 2)
    try:
        issued_on = parse_iso_date(issued, "--issued") if issued else None
    except UsageProblem as exc:
        fail(str(exc), 2)
    _writable_data(settings)
    fields = scaffold.Fields(number, kind, issued_on, subject, signer)
    try:
        path = scaffold.create(settings.data, ident, fields)
    except EditError as exc:
        fail(exc.message)
    typer.echo(f"Đã tạo {path}")
    for line in scaffold.follow_up(settings.data, path):
        typer.echo(line)


class ImportFormat(str, Enum):
    yaml = "yaml"
    json = "json"


@app.command("import")
def import_(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(
            metavar="TỆP",
            help="Văn bản cần nhập: .docx, .pdf, .txt, .md; '-' để đọc từ đầu vào chuẩn.",
            show_default=False,
        ),
    ],
    ident: Annotated[
        str | None,
        typer.Option(
            "--id", help="Mã văn bản = tên tệp (mặc định: năm-số-ký hiệu).", show_default=False
        ),
    ] = None,
    number: Annotated[
        str | None, typer.Option("--number", help="Số, ký hiệu: 1958/UBND-NC.", show_default=False)
    ] = None,
    issued: Annotated[
        str | None,
        typer.Option("--issued", help="Ngày ban hành (YYYY-MM-DD).", show_default=False),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="Loại văn bản: cong-van, ke-hoach…", show_default=False),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="TỆP",
            help="Tệp YAML ghi ra (mặc định: data/directives/ID.yaml).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ImportFormat,
        typer.Option(
            "--format", "-f", help="yaml: ghi tệp bản nháp; json: in bản nháp ra màn hình."
        ),
    ] = ImportFormat.yaml,
) -> None:
    """Đọc văn bản chỉ đạo (Word, PDF, văn bản) thành bản nháp tệp YAML để rà soát."""
    from . import scaffold  # lazy: start-up time
    from .context import parse_iso_date
    from .diagnostics import os_error_text
    from .importing import draft, emit, extract

    settings: Settings = ctx.obj
    try:
        issued_on = parse_iso_date(issued, "--issued") if issued else None
    except UsageProblem as exc:
        fail(str(exc), 2)
    if kind is not None and kind not in scaffold.KINDS:
        fail(f"--kind '{kind}' không hợp lệ; chấp nhận: {', '.join(scaffold.KINDS)}.", 2)
    if ident is not None and scaffold.id_problem(ident):
        fail(str(scaffold.id_problem(ident)), 2)
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        fail(f"không đọc được tệp '{source}': {os_error_text(exc)}.")
    repo = settings.repository(need_directives=False)
    options = draft.Options(ident, number, issued_on, kind)
    try:
        d = draft.build(
            source,
            data,
            repo.agencies.values(),
            repo.groups.values(),
            repo.issuer,
            options,
            settings.calendar(),
            extract.ocr_program_path(),
        )
    except extract.ExtractError as exc:
        fail(str(exc))
    if fmt is ImportFormat.json and out is None:
        typer.echo(draft.json_text(d))
        return
    if out is None:
        _writable_data(settings)
        out = settings.data / "directives" / f"{d.ident}.yaml"
    try:
        emit.save(d, out, as_json=fmt is ImportFormat.json)
    except emit.SaveProblem as exc:
        fail(str(exc))
    for line in emit.summary(d, str(out)):
        typer.echo(line)


class DiffFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def diff(
    ctx: typer.Context,
    rev: Annotated[
        str | None,
        typer.Argument(
            metavar="REV",
            help="Phiên bản cũ (mặc định HEAD); cũng nhận dạng CŨ..MỚI.",
            show_default=False,
        ),
    ] = None,
    rev2: Annotated[
        str | None,
        typer.Argument(
            metavar="REV2",
            help="Phiên bản mới (mặc định: thư mục làm việc hiện tại).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Định dạng: text hoặc json.")
    ] = DiffFormat.text,
    out: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """Thay đổi về nội dung giữa hai phiên bản git: văn bản, nhiệm vụ, thời hạn, diễn biến."""
    from . import gitdiff, gitread  # lazy: start-up time
    from .render import diff_text

    settings: Settings = ctx.obj
    try:
        old, new_side, place = gitread.load_sides(
            settings.data, rev, rev2, explicit=settings.data_explicit
        )
    except gitread.GitError as exc:
        fail(str(exc))
    result = gitdiff.compare(old, new_side, place.prefix)
    if fmt is DiffFormat.json:
        text = diff_text.render_json(result)
    else:
        text = diff_text.render_text(result, diff_text.names(old.repo, new_side.repo))
    settings.write(text, out, force=force)


class SchemaKind(str, Enum):
    directive = "directive"
    agencies = "agencies"


@app.command("schema")
def schema_(
    ctx: typer.Context,
    kind: Annotated[
        SchemaKind,
        typer.Option(
            "--kind", help="Loại tệp: directive (tệp văn bản) hoặc agencies (agencies.yaml)."
        ),
    ] = SchemaKind.directive,
    out: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """JSON Schema của tệp văn bản hoặc agencies.yaml, để trình soạn thảo gợi ý và kiểm tra."""
    from .schema import render  # lazy: start-up time

    settings: Settings = ctx.obj
    settings.write(render(kind.value), out, force=force)


_GLOBAL_WITH_VALUE = ("--data", "--templates", "--today")
_GLOBAL_FLAGS = ("--skip-invalid", "--no-cache")


def hoist_global_options(argv: list[str]) -> list[str]:
    """`dtrack overdue --today D` means `dtrack --today D overdue`: clerks type it either way."""
    front: list[str] = []
    rest: list[str] = []
    seen_command = False
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        if seen_command and (arg in _GLOBAL_FLAGS or arg.split("=", 1)[0] in _GLOBAL_WITH_VALUE):
            front.append(arg)
            if arg in _GLOBAL_WITH_VALUE:
                if i + 1 >= len(argv) or argv[i + 1].startswith("-"):
                    typer.echo(f"Lỗi: tùy chọn '{arg}' cần một giá trị.", err=True)
                    sys.exit(2)
                front.append(argv[i + 1])
                i += 1
        else:
            if not seen_command and not arg.startswith("-"):
                prev = argv[i - 1] if i else ""
                seen_command = prev not in _GLOBAL_WITH_VALUE
            rest.append(arg)
        i += 1
    if not front:
        return argv
    command_at = next(
        (
            j
            for j, a in enumerate(rest)
            if not a.startswith("-") and (j == 0 or rest[j - 1] not in _GLOBAL_WITH_VALUE)
        ),
        len(rest),
    )
    return rest[:command_at] + front + rest[command_at:]


def main() -> None:
    """Console-script entry: no traceback reaches the clerk for bad data or usage."""
    import gc  # lazy: start-up time

    # A run is short and keeps what it loads until it exits: the cyclic collector would only
    # rescan that data again and again (a third of a warm run, a fifth of a cold one). dtrack
    # makes no reference cycles worth collecting; the memory goes back at exit.
    gc.disable()
    code: int | str | None = 0
    try:
        app(args=hoist_global_options(sys.argv[1:]), prog_name="dtrack")
    except SystemExit as exc:
        code = exc.code
        if code == 130 and _interrupted(exc):  # typer turns a Ctrl-C in a command into Exit(130)
            typer.echo("Đã dừng.", err=True)
    except KeyboardInterrupt:
        typer.echo("Đã dừng.", err=True)
        code = 130
    except BrokenPipeError:  # the reader went away (dtrack … | head): it has what it wanted
        code = 0
    except DtrackError as exc:  # said in Vietnamese by whoever raised it; no command caught it
        typer.echo(f"dtrack: lỗi: {exc}", err=True)
        code = exc.exit_code
    except Exception as exc:  # a bug of ours: say so briefly, details on request
        if os.environ.get("DTRACK_DEBUG"):
            raise
        typer.echo(
            f"dtrack: lỗi nội bộ ({type(exc).__name__}: {exc}). "
            "Đặt DTRACK_DEBUG=1 để xem chi tiết và báo cho người bảo trì.",
            err=True,
        )
        code = 1
    _leave(code)


def _interrupted(exc: BaseException) -> bool:
    """Whether a KeyboardInterrupt is among the exceptions that led to `exc`."""
    seen: set[int] = set()
    at: BaseException | None = exc
    while at is not None and id(at) not in seen:
        if isinstance(at, KeyboardInterrupt):
            return True
        seen.add(id(at))
        at = at.__cause__ or at.__context__
    return False


def _leave(code: int | str | None) -> None:
    """Exit as sys.exit(code) would, without tearing down the interpreter: freeing what a run
    loaded object by object takes a fifth of a warm run on five years of data (~0.15 s), and
    the OS takes the memory back at once. Every file dtrack writes is closed by then; only
    the standard streams may still hold output, and they are flushed here."""
    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("message")
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stderr.write(f"{code}\n")
        code = 1
    if sys.stdout is not None:  # None when started with stdout closed (cmd >&-)
        try:
            sys.stdout.flush()
        except BrokenPipeError:  # the reader went away (dtrack … | head): as git log | head
            pass
        except (OSError, ValueError):  # any other failure to write is one
            code = code or 1
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()
    os._exit(code)
