"""Lines as extracted -> paragraphs as written: what survives a real extraction.

PDF lines break mid-sentence; page numbers and running headers sit in the body; footnotes follow
the paragraph that cites them (or the page's end); Markdown and HTML leftovers (`**`, `#`, `<b>`,
`|`) come with text pasted from a portal. The task reader wants none of that: it gets paragraphs
with the line number where each starts, table rows as cells, and the footnotes apart.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .extract import Source

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")

# A paragraph that opens a list item: "1.", "1.1.", "a)", "-", "+", "I.", "•".
MARKER = re.compile(
    r"^(?:(?P<roman>[IVX]{1,5})\.(?=\s)|(?P<num>\d{1,2}(?:\.\d{1,2}){0,3}(?=[.)]\s)|\d{1,2}(?:\.\d{1,2}){1,3}(?=\s))[.)]?(?=\s)"
    r"|(?P<letter>[a-zđ])\)(?=\s)|(?P<bullet>[-–—+•●▪◦*])(?=\s))"
)


@dataclass
class Para:
    text: str
    line: int  # 1-based line of the input where it starts
    cells: tuple[str, ...] | None = None  # a table row
    consumed: bool = False  # taken by the header or footer reader


@dataclass
class Document:
    paras: list[Para]
    footnotes: dict[str, str] = field(default_factory=dict)


ANNEX_HEADING = re.compile(r"^(?:PHỤ LỤC|DANH SÁCH|DANH MỤC|BIỂU)\b(?![a-zđà-ỹ])")

_MD_TAGS = re.compile(r"</?(?:b|strong|i|em|u|br|p|span)[^>]*>", re.I)
# What a YAML file may not hold (control characters a PDF's fonts or Word's copy leave, such as
# U+000B for Shift+Enter), and what YAML takes for a line break inside a line (NEL, U+2028/9):
# a space, so that the draft's text is written as read and reads back the same.
_UNWRITABLE = re.compile(
    "[^\t\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]"
)


def _strip_markup(line: str) -> str:
    line = _UNWRITABLE.sub(" ", line)
    line = _MD_TAGS.sub("", line)
    line = re.sub(r"^\s*#{1,6}\s+", "", line)
    line = line.replace("**", "").replace("__", "")
    # Emphasis stars around words: "(*theo danh sách*)", "*Vandt*"; not a bullet "* item".
    line = re.sub(r"(?<=\S)\*|\*(?=\S)", "", line)
    return line.replace("\u00a0", " ").replace("\u200b", "")


def _md_row(line: str) -> tuple[str, ...] | None:
    s = line.strip()
    if s.startswith("|") and s.endswith("|") and s.count("|") >= 3:
        cells = tuple(c.strip() for c in s[1:-1].split("|"))
        if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
            return ()  # the separator row
        return cells
    return None


def _is_noise(s: str) -> bool:
    return bool(
        re.fullmatch(r"(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?", s, re.I)
        or re.fullmatch(r"[-_=.…]{3,}", s)
    )


def build(src: Source) -> Document:
    raw: list[tuple[str, int]] = []
    for i, ln in enumerate(src.lines):
        # pdftotext and copies of its output put the form feed before a page's first line.
        while ln.startswith("\f") and ln != "\f":
            raw.append(("\f", i + 1))
            ln = ln[1:]
        raw.append((_strip_markup(ln), i + 1))
    # Running headers: the same short line at the top of several pages.
    counts = Counter(s.strip() for s, _ in raw if 0 < len(s.strip()) < 80)
    pages = sum(1 for s, _ in raw if s == "\f")
    running = (
        {
            s
            for s, n in counts.items()
            if pages >= 3 and n >= max(3, pages - 1) and not MARKER.match(s)
        }
        if src.wrapped
        else set()
    )
    footnotes: dict[str, str] = {}
    items: list[tuple[str, int, tuple[str, ...] | None]] = []
    for s, n in raw:
        if s == "\f":
            items.append(("\f", n, None))
            continue
        if "\t" in s and src.how == "text":
            s = _untab(s)
        if "\t" in s and s.strip():
            items.append((s, n, tuple(c.strip() for c in s.split("\t"))))
            continue
        row = _md_row(s)
        if row is not None:
            if row:
                items.append((s, n, row))
            continue
        t = s.strip()
        if "|" in t:
            # A header laid out as a table on a legal portal, pasted as text:
            # "Số: 1958/UBND-NC | Thái Nguyên, ngày 11 tháng 9 năm 2025 |": one line a cell.
            items += [(c.strip(), n, None) for c in t.split("|") if c.strip()]
            continue
        if t in running or _is_noise(t):
            continue
        m = re.match(rf"^([{SUPERSCRIPTS}]+)\s*(.+)", t)
        if m:  # a footnote: "¹ Kết luận của ..."
            footnotes[m.group(1).translate(_SUP_TO_DIGIT)] = m.group(2)
            continue
        items.append((t, n, None))
    paras = _reflow(items) if src.wrapped else _by_line(items)
    for p in paras:
        if p.cells is None:
            p.text = re.sub(rf"(?<=\S)[{SUPERSCRIPTS}]+", "", p.text)
            p.text = re.sub(r"(?<=\S)\[\d{1,2}\]", "", p.text)  # a portal's footnote mark "[1]"
            p.text = re.sub(r"\s+", " ", p.text).strip()
    return Document([p for p in paras if p.text or p.cells], footnotes)


def _untab(line: str) -> str:
    """Tabs in pasted text that are no table: an indent ("\t1. Sở Tài chính …") and the tab
    Word puts after a list number when its text is copied ("1.\tSở Tài chính …")."""
    body = line.lstrip(" \t")
    if "\t" not in body:
        return body
    first, _, rest = body.partition("\t")
    m = MARKER.match(first + " ")
    if m and m.end() == len(first) and rest.strip() and "\t" not in rest:
        return f"{first} {rest.strip()}"
    return line


def _by_line(items) -> list[Para]:
    return [Para(t, n, cells) for t, n, cells in items if t and t != "\f"]


def _ends_sentence(s: str) -> bool:
    return s.rstrip().endswith((".", ":", "!", "?", ".)", ";"))


def _reflow(items) -> list[Para]:
    """Join hard-wrapped lines into paragraphs."""
    lengths = sorted(len(t) for t, _, cells in items if cells is None and len(t) > 20)
    width = lengths[int(len(lengths) * 0.9)] if lengths else 80
    out: list[Para] = []
    prev_len = 0
    prev_single = False
    in_annex = False
    row = 0
    for t, n, cells in items:
        if t == "\f" or not t:
            continue
        if ANNEX_HEADING.match(t):
            in_annex = True
            out.append(Para(t, n))
            prev_len, prev_single = 0, True
            continue
        if in_annex and cells is None:
            # An annex table as text: a row starts with the next number (1 after a part's I.,
            # II.); "02 cấp" at a line's start is the end of a wrapped cell, not row 2.
            last = out[-1] if out and out[-1].cells is None else None
            num = re.match(r"^(\d{1,3})\.?\s+\S", t)
            if num and int(num.group(1)) in (row + 1, 1):
                row = int(num.group(1))
                out.append(Para(t, n))
            elif last is None or re.match(r"^(?:[IVX]{1,4}\.\s|STT\b|Ghi chú)", t):
                row = 0
                out.append(Para(t, n))
            else:
                last.text = last.text + " " + t
            continue
        if cells is not None:
            out.append(Para(t, n, cells))
            prev_len = 0
            continue
        last = out[-1] if out and out[-1].cells is None else None
        start = (
            last is None
            or MARKER.match(t) is not None
            or _ends_sentence(last.text)
            or (prev_len < 0.7 * width and not last.text.endswith(",") and t[:1].isupper())
            or (prev_single and MARKER.match(last.text) and prev_len < 0.75 * width)
            or re.match(r"^(?:Kính gửi|Nơi nhận|Số\s*:|Số\s+\d+\s*/\s*[A-ZĐ][^a-zđ]*$|V/v\b)", t)
            is not None
            or re.match(r"^[A-ZĐÀ-Ỹ][^,]{1,40},\s*ngày\b", t) is not None
        )
        if last is not None and (
            (t[:1].islower() and MARKER.match(t) is None)
            or (re.match(r"^[-–]\s+[a-zđà-ỹ]", t) is not None and not _ends_sentence(last.text))
        ):
            # A sentence does not start in lower case, nor does a bullet: "kinh tế" / "- xã hội".
            start = False
        if start or last is None:
            out.append(Para(t, n))
            prev_single = True
        else:
            if last.text.endswith("-") and not last.text.endswith(" -"):
                last.text = last.text + t  # "7415/BNV-" + "CCVC"
            else:
                last.text = last.text + " " + t
            prev_single = False
        prev_len = len(t)
    return out
