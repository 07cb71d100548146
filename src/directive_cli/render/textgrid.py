"""A plain box-drawn text table: fast enough for thousands of rows (rich takes ~0.3 ms a row).

Vietnamese in NFC is one column per character, so len() is the display width.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from itertools import zip_longest

_STYLES = {
    "bold red": "\x1b[1;31m",
    "yellow": "\x1b[33m",
    "magenta": "\x1b[35m",
    "green": "\x1b[32m",
    "dim": "\x1b[2m",
    "bold": "\x1b[1m",
}
_RESET = "\x1b[0m"


@dataclass(frozen=True, slots=True)
class Column:
    heading: str
    right: bool = False  # numbers line up on the right
    shrink: bool = True  # may be wrapped narrower than its longest cell
    width: int | None = None  # a fixed width, headings and cells wrapped to it
    center: bool = False  # the heading centred and set on the bottom line(s) of the header


def _wrap(text: str, width: int) -> list[str]:
    """textwrap.wrap(text, width, break_on_hyphens=False), line for line: for the usual text
    (single spaces, no word wider than the column) by cutting at the last space that fits,
    which is ~5x faster; anything else goes to textwrap itself."""
    if len(text) <= width:
        return [text]
    # textwrap splits at ASCII whitespace only; isprintable() is false for any whitespace but " ".
    if "  " in text or text[0] == " " or text[-1] == " " or not text.isprintable():
        return _textwrap(text, width)
    lines = []
    start, end = 0, len(text)
    while end - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        if cut < 0:  # a word wider than the column: textwrap breaks it
            return _textwrap(text, width)
        lines.append(text[start:cut])
        start = cut + 1
    lines.append(text[start:])
    return lines


def _textwrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def fill(text: str, width: int, indent: str = "") -> str:
    """A paragraph wrapped to `width`, lines after the first indented (notes under a table)."""
    if len(text) <= width:
        return text
    return textwrap.fill(text, width, subsequent_indent=indent, break_on_hyphens=False)


def _widths(columns: list[Column], rows: list[list[str]], total: int) -> list[int]:
    longest = (
        [max(map(len, cells)) for cells in zip(*rows, strict=True)] if rows else [0] * len(columns)
    )
    natural = [c.width or max(len(c.heading), n) for c, n in zip(columns, longest, strict=True)]
    # The narrowest a column may get: its longest heading word, and for columns that must not
    # wrap (dates, numbers), its longest cell.
    least = [
        c.width or max(max(len(w) for w in c.heading.split()), 12 if c.shrink else n)
        for c, n in zip(columns, longest, strict=True)
    ]
    room = total - (3 * len(columns) + 1)  # "│ " before each cell and " │" at the end
    widths = list(natural)
    while sum(widths) > room:
        candidates = [i for i in range(len(widths)) if widths[i] > least[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def render(
    title: str,
    columns: list[Column],
    rows: list[list[str]],
    width: int,
    styles: list[str | None] | None = None,
    colour: bool = False,
    *,
    rules: bool = True,
    rule_before: int | None = None,
) -> str:
    """The table, `title` (one or more lines) centred above it. With rules=False, no line
    between rows, except before row `rule_before` (a total, say)."""
    widths = _widths(columns, rows, width)

    def line(left: str, fill: str, mid: str, right: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + right

    # A body line is one %-format of the line's cells (a tuple): each cell padded to its
    # column's width, as ljust/rjust would; the colour's escape codes around it.
    body = " │ ".join(
        f"%{'' if c.right else '-'}{w}s" for c, w in zip(columns, widths, strict=True)
    )
    plain = f"│ {body} │".__mod__
    formats = {s: f"{code}│ {body} │{_RESET}".__mod__ for s, code in _STYLES.items()}
    rule = line("├", "─", "┼", "┤")
    table_width = sum(widths) + 3 * len(widths) + 1
    out = [t.center(table_width).rstrip() for t in title.split("\n")] if title else []
    out.append(line("┏", "━", "┳", "┓"))
    header = [_wrap(c.heading, w) for c, w in zip(columns, widths, strict=True)]
    height = max(len(h) for h in header)
    for i, c in enumerate(columns):
        if c.center:  # bottom-aligned, as a printed form sets its column headings
            header[i] = [""] * (height - len(header[i])) + header[i]
    for k in range(height):
        parts = [
            (h[k] if k < len(h) else "").center(w)
            if c.center
            else (h[k] if k < len(h) else "").ljust(w)
            for c, h, w in zip(columns, header, widths, strict=True)
        ]
        text = "┃ " + " ┃ ".join(parts) + " ┃"
        out.append(_STYLES["bold"] + text + _RESET if colour else text)
    out.append(line("┡", "━", "╇", "┩"))
    for i, row in enumerate(rows):
        if i and (rules or i == rule_before):
            out.append(rule)
        fmt = formats.get(styles[i], plain) if colour and styles else plain
        # A cell's k-th line in the row's k-th line, blank below a cell's last line; _wrap is
        # called only for the cells that do not fit.
        wrapped = [(t,) if len(t) <= w else _wrap(t, w) for t, w in zip(row, widths, strict=True)]
        out.extend(map(fmt, zip_longest(*wrapped, fillvalue="")))
    out.append(line("└", "─", "┴", "┘"))
    return "\n".join(out) + "\n"
