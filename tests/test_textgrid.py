"""The plain text table used for the terminal listings."""

from __future__ import annotations

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
