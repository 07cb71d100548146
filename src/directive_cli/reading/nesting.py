"""How deep a YAML text nests, measured by dtrack itself before any parser reads it.

Parsers refuse deep nesting on their own terms: libyaml recursed in C until the process crashed
(100,000 levels), then, in the build PyYAML 6.0.4 ships, stops at 1,000 levels with a syntax error
of its own, found while it scans ahead of the events a caller sees. So the decision and its place
belong here, in plain Python that no release of a dependency changes.

`find_deep` follows YAML's structure just far enough to count open collections: block levels by
indentation and '- ' / '? ' indicators, flow levels by brackets, skipping quoted scalars, block
scalars, plain multi-line scalars and comments. It runs only on texts that `may_be_deep` (a cheap
upper bound) cannot clear, so ordinary files pay one count and one regex search.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..limits import MAX_DEPTH

_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_BRACKETS = re.compile(r"[][{}]")
_KEY_END = re.compile(r":(?=[ \t]|$)")
_PROPERTY = re.compile(r"[&!*][^ \t,\[\]{}]*[ \t]*")  # anchor, tag or alias before a node


@lru_cache(maxsize=8)
def _deep_start(run: int) -> re.Pattern[str]:
    """A line starting with `run` characters that may each open a block level (or indent one)."""
    return re.compile(rf"(?:^|[\n\r\x85\u2028\u2029])[ \t?:-]{{{run}}}")


def _naive_flow_depth(text: str) -> int:
    depth = deepest = 0
    for m in _BRACKETS.finditer(text):
        if m.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    return deepest


def may_be_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """False only when the text cannot nest deeper than `limit`.

    Block levels need a column each (an indentless sequence shares its mapping's column, so at
    most two levels a column pair), so they are bounded by the longest run of spaces and
    indicators at a line start, plus one; flow levels by the bracket depth. The bracket count is
    an upper bound that needs no loop; the loop runs only on texts with many brackets, and counts
    every '[' / '{' (quoted or not) so that quotes cannot hide a level from it, except closing
    brackets in quotes, which a file has no reason to hold by the hundred: past 1,000 openers the
    exact walk decides.
    """
    openers = text.count("[") + text.count("{")
    if openers > 1000:
        return True
    flow = openers if openers <= 16 else _naive_flow_depth(text)
    run = limit - flow  # a block run this long, plus one level, passes the limit with the flow
    return run <= 1 or _deep_start(run - 1).search(text) is not None


def find_deep(text: str, limit: int = MAX_DEPTH) -> tuple[int, int] | None:
    """(line, column), 1-based, of the first collection nested deeper than `limit`, or None."""
    blocks: list[tuple[int, str]] = []  # open block collections: (column, 'map' | 'seq' | 'iseq')
    flow = 0  # open flow collections
    quote = ""  # the quote a scalar spanning lines is still inside
    text_above = -1  # indentation that a block or plain multi-line scalar's lines must exceed
    lines = _BREAK.split(text)
    for number, line in enumerate(lines, 1):
        col = len(line) - len(line.lstrip(" "))
        rest = line[col:]
        if flow or quote:
            flow, quote = _scan_flow(line, 0, blocks, limit, flow, quote)
            if flow == -1:
                return number, quote
            continue
        if not rest.strip() or rest.lstrip().startswith("#"):
            continue
        if text_above >= 0:
            if col > text_above:
                continue
            text_above = -1
        if rest[:3] in ("---", "...") and col == 0 and rest[3:4] in ("", " ", "\t"):
            blocks.clear()  # a document starts or ends
            rest = rest[3:].lstrip(" \t")
            col = len(line) - len(rest)
            if not rest or rest.startswith("#"):
                continue
        while blocks and (
            blocks[-1][0] > col or (blocks[-1] == (col, "iseq") and not _is_entry(rest))
        ):
            blocks.pop()
        parent = col
        # indicators that open block levels on this line: '- ', '? ', then a key
        while True:
            if _is_entry(rest) or (rest[:1] == "?" and rest[1:2] in ("", " ", "\t")):
                kind = "seq" if rest[0] == "-" else "map"
                top = blocks[-1] if blocks else None
                if top is not None and top[0] == col and top[1] in (kind, "iseq"):
                    pass  # another entry of the open collection
                elif top is not None and top == (col, "map") and kind == "seq":
                    blocks.append((col, "iseq"))
                else:
                    blocks.append((col, kind))
                if len(blocks) + flow > limit:
                    return number, col + 1
                parent = col
                step = 1 + len(rest[1:]) - len(rest[1:].lstrip(" \t"))
                col += step
                rest = rest[step:]
                if not rest or rest.startswith("#"):
                    break
                continue
            break
        if not rest or rest.startswith("#"):
            continue
        key = _key_length(rest)
        if key is not None:
            top = blocks[-1] if blocks else None
            if not (top is not None and top[0] == col and top[1] == "map"):
                blocks.append((col, "map"))
                if len(blocks) + flow > limit:
                    return number, col + 1
            parent = col
            value = rest[key + 1 :]
            col += key + 1 + len(value) - len(value.lstrip(" \t"))
            rest = value.lstrip(" \t")
        node = col  # a collection with an anchor or tag starts at them
        prop = _PROPERTY.match(rest)
        while prop and prop.end():
            col += prop.end()
            rest = rest[prop.end() :]
            prop = _PROPERTY.match(rest)
        if not rest or rest.startswith("#"):
            continue
        head = rest[0]
        if head in "|>":
            text_above = parent
        elif head in "[{\"'":
            flow, quote = _scan_flow(line, col, blocks, limit, 0, "")
            if flow == -1:
                return number, node + 1 if quote == col + 1 else quote
        else:
            text_above = parent  # a plain scalar may go on over more indented lines
    return None


def _is_entry(rest: str) -> bool:
    return rest[:1] == "-" and rest[1:2] in ("", " ", "\t")


def _key_length(rest: str) -> int | None:
    """Where the ':' ending a block mapping key is, in a line's content, or None."""
    if rest[:1] in ("'", '"'):
        end = _quote_end(rest, 1, rest[0])
        if end is None:
            return None
        after = rest[end + 1 :]
        stripped = after.lstrip(" \t")
        if stripped[:1] == ":" and stripped[1:2] in ("", " ", "\t"):
            return end + 1 + len(after) - len(stripped)
        return None
    if rest[:1] in "[{|>#%@`":
        return None
    m = _KEY_END.search(rest)
    if m is None:
        return None
    comment = rest.find(" #")
    if comment != -1 and comment < m.start():
        return None
    return m.start()


def _quote_end(s: str, i: int, q: str) -> int | None:
    """Index of the quote closing a scalar opened before i, or None if the line ends first."""
    while i < len(s):
        c = s[i]
        if q == '"' and c == "\\":
            i += 2
            continue
        if c == q:
            if q == "'" and s[i + 1 : i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


def _scan_flow(line: str, i: int, blocks: list, limit: int, flow: int, quote: str):
    """Go on through flow collections (and quotes) from line[i]: (flow, quote) still open at the
    line's end, or (-1, column) where the limit is passed."""
    start = True  # at a place where a node may start, so a quote opens a scalar
    n = len(line)
    while i < n:
        if quote:
            end = _quote_end(line, i, quote)
            if end is None:
                return flow, quote
            quote = ""
            i = end + 1
            start = False
            continue
        c = line[i]
        if c in "[{":
            flow += 1
            if len(blocks) + flow > limit:
                return -1, i + 1
            start = True
        elif c in "]}":
            flow = max(flow - 1, 0)
            start = False
            if not flow:
                return 0, ""
        elif c == ",":
            start = True
        elif c in " \t":
            if line[i + 1 : i + 2] == "#":
                return flow, ""
            start = start or line[i - 1 : i] == ":"
        elif c in "'\"" and start:
            quote = c
        elif c == "#" and i == 0:
            return flow, ""
        else:
            start = False
        i += 1
    return flow, quote
