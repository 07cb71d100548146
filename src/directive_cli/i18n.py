"""Vietnamese for the words Click and Typer print themselves (usage, help, usage errors).

Typer looks its own words up through gettext.gettext at import or call time, so replacing that
function before it is imported is enough (`_VI`; no locale files are needed). Its copy of Click
writes its words in English directly: localize_click() puts Vietnamese in their place as they
are shown (`_MESSAGES`, `_RANGES`, `_METAVARS`).
"""

from __future__ import annotations

import gettext
import re

_VI = {
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Arguments": "Tham số",
    "Error": "Lỗi",
    "Aborted.": "Đã dừng.",
    "Aborted!": "Đã dừng.",
    "(deprecated) ": "(không dùng nữa) ",
    "[default: {}]": "[mặc định: {}]",
    "[env var: {}]": "[biến môi trường: {}]",
    "[required]": "[bắt buộc]",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "required": "bắt buộc",
    "Try [blue]'{command_path} {help_option}'[/] for help.": (
        "Xem hướng dẫn: [blue]'{command_path} {help_option}'[/]."
    ),
    "Missing command.": "Thiếu lệnh.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
}

_original = gettext.gettext
_original_n = gettext.ngettext


def _gettext(message: str) -> str:
    return _VI.get(message) or _original(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    chosen = singular if n == 1 else plural
    return _VI.get(chosen) or _original_n(singular, plural, n)


def install() -> None:
    gettext.gettext = _gettext
    gettext.ngettext = _ngettext


_MESSAGES = (
    (re.compile(r"^No such option: (.*)$"), "Không có tùy chọn {0}"),
    (re.compile(r"^Got unexpected extra argument\(s\) \((.*)\)$"), "Thừa tham số ({0})"),
    (re.compile(r"^Invalid value for (.*?): (.*)$"), "Giá trị không hợp lệ cho {0}: {1}"),
    (re.compile(r"^Invalid value: (.*)$"), "Giá trị không hợp lệ: {0}"),
    (re.compile(r"^Missing argument (.*)\.$"), "Thiếu tham số {0}."),
    (re.compile(r"^Missing option (.*)\.$"), "Thiếu tùy chọn {0}."),
    (re.compile(r"^Missing parameter: (.*)$"), "Thiếu tham số {0}."),
    (re.compile(r"^Option (.*) requires an argument\.$"), "Tùy chọn {0} cần một giá trị."),
    (re.compile(r"^(.*) is not one of (.*)\.$"), "{0} không thuộc {1}."),
    (re.compile(r"^(.*) is not a valid int(?:eger)?(?: range)?\.$"), "{0} không phải số nguyên."),
    (re.compile(r"^(.*) is not in the range (.*)\.$"), "{0}: phải {1}."),
    (re.compile(r"^No such command (.*)\.$"), "Không có lệnh {0}."),
    (re.compile(r"^Missing command\.$"), "Thiếu lệnh."),
    (re.compile(r"^Option (.*) does not take a value\.$"), "Tùy chọn {0} không nhận giá trị."),
)

# Click states a range as "0<=x<=3650": in words.
_RANGES = (
    (re.compile(r"(-?\d+)<=x<=(-?\d+)"), r"từ \1 đến \2"),
    (re.compile(r"x>=(-?\d+)"), r"từ \1 trở lên"),
    (re.compile(r"x<=(-?\d+)"), r"không quá \1"),
)


_METAVARS = {
    "<str>": "<chữ>",
    "<path>": "<thư mục/tệp>",
    "<list[str]>": "<mã>",
    "<int>": "<số>",
    "<int range>": "<số>",
}


def translate(text: str, table) -> str | None:
    """`text` through the first (pattern, Vietnamese template) of `table` that matches it."""
    for rx, template in table:
        m = rx.match(text)
        if m:
            return template.format(*(g or "" for g in m.groups()))
    return None


def translate_message(message: str) -> str:
    lines = []
    for line in message.split("\n"):
        for rx, words in _RANGES:
            line = rx.sub(words, line)
        # Click wraps a message in another ("Invalid value for X: 5 is not…"): two passes.
        for _ in range(2):
            line = translate(line, _MESSAGES) or line
        lines.append(
            line.replace("Did you mean", "Có phải ý là").replace("Possible options", "Có thể là")
        )
    return "\n".join(lines)


def localize_click() -> None:
    """Typer vendors its own Click with English written in; put Vietnamese in its place."""
    from typer._click import core, exceptions, formatting  # lazy: start-up time
    from typer._click.utils import echo

    write_usage = formatting.HelpFormatter.write_usage

    def _write_usage(self, prog, args="", prefix=None):
        return write_usage(self, prog, args, "Cách dùng: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = _write_usage

    get_help_option = core.Command.get_help_option

    def _get_help_option(self, ctx):
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = "Hiện hướng dẫn này rồi thoát."
        return option

    core.Command.get_help_option = _get_help_option

    def _show(self, file=None):
        file = file or exceptions.get_text_stderr()
        color = None
        if self.ctx is not None:
            color = self.ctx.color
            hint = f"Xem hướng dẫn: '{self.ctx.command_path} {self.ctx.help_option_names[0]}'.\n"
            echo(f"{self.ctx.get_usage()}\n{hint}", file=file, color=color)
        echo(f"Lỗi: {translate_message(self.format_message())}", file=file, color=color)

    exceptions.UsageError.show = _show

    # Usage line and type hints: "[OPTIONS]", "COMMAND [ARGS]...", "<str>" in Vietnamese.
    from typer import core as typer_core  # lazy: start-up time

    # typer.core bound gettext when it was imported, perhaps before install() ran (a test
    # harness importing typer first): point its name at ours, it is looked up at call time.
    if hasattr(typer_core, "_"):
        typer_core._ = _gettext

    collect = core.Command.collect_usage_pieces

    def _collect_usage_pieces(self, ctx):
        pieces = collect(self, ctx)
        return [
            p.replace("[OPTIONS]", "[TÙY CHỌN]").replace("COMMAND [ARGS]...", "LỆNH [THAM SỐ]...")
            for p in pieces
        ]

    core.Command.collect_usage_pieces = _collect_usage_pieces

    # An option's range in its help ("[mặc định: 7; 0<=x<=3650]"): in words too. The same
    # description goes into Click's out-of-range message, which translate_message reads.
    from typer._click import types  # lazy: start-up time

    describe = types._NumberRangeBase._describe_range

    def _describe_range(self) -> str:
        text = describe(self)
        for rx, words in _RANGES:
            text = rx.sub(words, text)
        return text

    types._NumberRangeBase._describe_range = _describe_range

    group_collect = getattr(typer_core.TyperGroup, "collect_usage_pieces", None)
    if group_collect is not None:

        def _group_usage_pieces(self, ctx):
            return [
                p.replace("[OPTIONS]", "[TÙY CHỌN]").replace(
                    "COMMAND [ARGS]...", "LỆNH [THAM SỐ]..."
                )
                for p in group_collect(self, ctx)
            ]

        typer_core.TyperGroup.collect_usage_pieces = _group_usage_pieces

    # Option metavars: Click's "<str>", "<int range>"... in Vietnamese; a repeatable option
    # takes codes (--agency snv -a sct).
    make_metavar = core.Parameter.make_metavar

    def _make_metavar(self, ctx):
        shown = make_metavar(self, ctx)
        if self.multiple and shown == "<str>":
            return _METAVARS["<list[str]>"]
        return _METAVARS.get(shown, shown)

    core.Parameter.make_metavar = _make_metavar
