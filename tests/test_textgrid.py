"""The plain text table used for the terminal listings."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_cli.render import textgrid
from directive_cli.render.textgrid import Column, render

COLS = [Column("STT", right=True, shrink=False), Column("Nhiệm vụ"), Column("Hạn", shrink=False)]
ROWS = [["1", "Hướng dẫn các xã, phường thành lập Trung tâm Phục vụ hành chính công", "30/09/2025"]]


def test_fits_the_width_and_wraps_words():
    text = render("Tiêu đề", COLS, ROWS, width=40)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 40
    assert "30/09/2025" in text  # a column that must not wrap stays whole
    body = [line for line in lines if line.startswith("│")]
    assert len(body) > 1  # the long title wrapped onto several lines
    words = " ".join(line.split("│")[2].strip() for line in body).split()
    assert " ".join(words) == ROWS[0][1]  # no word lost or cut


def test_colour_only_when_asked():
    assert "\x1b[" not in render("", COLS, ROWS, 80, ["bold red"], colour=False)
    coloured = render("", COLS, ROWS, 80, ["bold red"], colour=True)
    assert "\x1b[1;31m│   1 │" in coloured


_WORD = st.text(alphabet="aăâbcdđeêhiklmnoôơuưyÁẢẠẾỆỘ-./,:()0123456789\t", min_size=0, max_size=14)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(_WORD, max_size=30),
    seps=st.lists(st.sampled_from([" ", " ", " ", "  ", "\n"]), max_size=30),
    width=st.integers(min_value=1, max_value=40),
)
def test_wrap_is_textwraps(words, seps, width):
    # The fast path must give textwrap's lines exactly, on the usual text and on the odd one.
    text = "".join(w + (seps[i] if i < len(seps) else " ") for i, w in enumerate(words)).strip()
    expected = (
        [text]
        if len(text) <= width
        else textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]
    )
    assert textgrid._wrap(text, width) == expected


@pytest.mark.parametrize(
    "text",
    [
        "abcde ",  # a space at the end, just past the width
        "abc def ",
        " abc def",
        "abc  def ghi",
        "abc\tdef ghi",
        "abc\ndef ghi",
        "abc\xa0def ghi",  # textwrap does not break at a no-break space
        "ab cdefghijk lm",  # a word wider than the column, in the middle
        "ab cd efghijklmn",  # and at the end
        "abcde fghij",  # words that fill the column exactly
    ],
)
def test_wrap_odd_text_is_textwraps(text):
    expected = textwrap.wrap(text, 5, break_long_words=True, break_on_hyphens=False) or [""]
    assert textgrid._wrap(text, 5) == expected


def _reference(title, columns, rows, width, styles, colour, rules, rule_before):
    """The table as first written: every cell through textwrap, padded column by column."""

    def wrap(text, w):
        if len(text) <= w:
            return [text]
        return textwrap.wrap(text, w, break_long_words=True, break_on_hyphens=False) or [""]

    natural = [
        c.width or max([len(c.heading), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)
    ]
    least = [
        c.width
        or max(
            max(len(w) for w in c.heading.split()),
            12 if c.shrink else max([0, *(len(r[i]) for r in rows)]),
        )
        for i, c in enumerate(columns)
    ]
    widths = list(natural)
    while sum(widths) > width - (3 * len(columns) + 1):
        candidates = [i for i in range(len(widths)) if widths[i] > least[i]]
        if not candidates:
            break
        widths[max(candidates, key=lambda i: widths[i])] -= 1

    def line(left, fill, mid, right):
        return left + mid.join(fill * (w + 2) for w in widths) + right

    codes = textgrid._STYLES
    table_width = sum(widths) + 3 * len(widths) + 1
    out = [t.center(table_width).rstrip() for t in title.split("\n")] if title else []
    out.append(line("┏", "━", "┳", "┓"))
    header = [wrap(c.heading, w) for c, w in zip(columns, widths, strict=True)]
    height = max(len(h) for h in header)
    for i, c in enumerate(columns):
        if c.center:
            header[i] = [""] * (height - len(header[i])) + header[i]
    for k in range(height):
        parts = []
        for c, h, w in zip(columns, header, widths, strict=True):
            text = h[k] if k < len(h) else ""
            parts.append(text.center(w) if c.center else text.ljust(w))
        text = "┃ " + " ┃ ".join(parts) + " ┃"
        out.append(codes["bold"] + text + textgrid._RESET if colour else text)
    out.append(line("┡", "━", "╇", "┩"))
    for i, row in enumerate(rows):
        if i and (rules or i == rule_before):
            out.append(line("├", "─", "┼", "┤"))
        wrapped = [wrap(t, w) for t, w in zip(row, widths, strict=True)]
        height = max(map(len, wrapped))
        for k in range(height):
            parts = []
            for c, lines, w in zip(columns, wrapped, widths, strict=True):
                text = lines[k] if k < len(lines) else ""
                parts.append(text.rjust(w) if c.right else text.ljust(w))
            text = "│ " + " │ ".join(parts) + " │"
            style = styles[i] if styles else None
            out.append(codes[style] + text + textgrid._RESET if colour and style in codes else text)
    out.append(line("└", "─", "┴", "┘"))
    return "\n".join(out) + "\n"


_HEADINGS = ["STT", "Cơ quan chủ trì", "Nhiệm vụ", "Quá hạn (ngày)", "Đúng hạn (ĐH)", "X"]
_COLUMN = st.builds(
    Column,
    st.sampled_from(_HEADINGS),
    right=st.booleans(),
    shrink=st.booleans(),
    width=st.one_of(st.none(), st.integers(min_value=1, max_value=15)),
    center=st.booleans(),
)
_CELL = st.lists(_WORD, max_size=12).map(" ".join) | st.lists(_WORD, max_size=6).map("  ".join)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_render_is_the_reference_table(data):
    # The one-format-per-line rendering must give the first, plain rendering's bytes exactly:
    # wrapped and blank cells, right-aligned columns, centred headings, colour, rules.
    columns = data.draw(st.lists(_COLUMN, min_size=1, max_size=5))
    rows = data.draw(
        st.lists(st.lists(_CELL, min_size=len(columns), max_size=len(columns)), max_size=5)
    )
    styles = data.draw(
        st.none()
        | st.lists(
            st.sampled_from([None, "bold red", "yellow", "green", "dim", "bold", "unknown"]),
            min_size=len(rows),
            max_size=len(rows),
        )
    )
    title = data.draw(st.sampled_from(["", "Danh sách", "Dòng một\nDòng hai, dài hơn một chút"]))
    width = data.draw(st.integers(min_value=10, max_value=160))
    colour, rules = data.draw(st.booleans()), data.draw(st.booleans())
    rule_before = data.draw(st.none() | st.integers(min_value=0, max_value=len(rows)))
    got = render(title, columns, rows, width, styles, colour, rules=rules, rule_before=rule_before)
    assert got == _reference(title, columns, rows, width, styles, colour, rules, rule_before)
