"""The plain text table used for the terminal listings."""

from __future__ import annotations

import textwrap

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
