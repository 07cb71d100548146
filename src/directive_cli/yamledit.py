"""The YAML text surgery of recording progress: one update appended as a careful clerk would.

The file is edited as text, never re-dumped: the YAML is composed only to find where the task and
its `updates` list are, then the new entry is inserted as new lines. Comments, key order, quoting,
blank lines, line ends (CRLF stays CRLF), a byte-order mark and an Unicode form stay as they were,
so `git diff` shows the added lines alone. Where a line must change, it is the one line that
holds `updates: []` (it becomes `updates:` with the new item under it) or, for a task written as
one flow mapping `- {id: …}`, the line that closes it (`, updates: [{…}]` goes before the `}`).

Before anything is written the new file is re-read and checked: it must mean exactly the old file
plus the one new update. The write is atomic (files.write_atomic) and refused if the file changed
on disk since it was read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .diagnostics import os_error_text
from .errors import ChangedOnDisk, EditError
from .files import write_atomic as replace_file
from .loading.cache import digest
from .reading import yamlio
from .reading.models import Directive, Update

_FIELDS = ("date", "kind", "agency", "period", "due", "ref", "note")
_BOM = "\ufeff"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


# Indicators that may not start a plain scalar, and characters that end one in flow context.
_PLAIN_START = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_STOP = set(",[]{}")
# What YAML 1.1/1.2 readers (editors, other tools) would take for a number, a boolean or null.
_TYPED = re.compile(
    r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?"
    r"|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|[0-9]+(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
    r"|\.inf|\.Inf|\.INF|\.nan|\.NaN|\.NAN)"
    r"|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|null|Null|NULL|~"
)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# What YAML allows raw in a file (and not as a line break); anything else is written escaped.
_PRINTABLE = re.compile(
    "[\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or text[0] in _PLAIN_START:
        return False
    if any(c in _FLOW_STOP for c in text) or ": " in text or " #" in text or text.endswith(":"):
        return False
    if "\t" in text or not all(_PRINTABLE.match(c) for c in text):
        return False
    if _TYPED.fullmatch(text) and not _ISO_DATE.fullmatch(text):
        return False
    # The last word: dtrack's own reader must give back the same text, in flow and block context.
    try:
        return yamlio.load_text(f"[{text}]") == [text] and yamlio.load_text(f"k: {text}") == {
            "k": text
        }
    except yamlio.YamlProblem:
        return False


def _double_quoted(text: str) -> str:
    out = ['"']
    for c in text:
        o = ord(c)
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif not _PRINTABLE.match(c):
            out.append(f"\\u{o:04x}" if o <= 0xFFFF else f"\\U{o:08x}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def scalar(text: str) -> str:
    """A value as a clerk would type it: plain when that reads back the same, else in "…"."""
    return text if _plain_ok(text) else _double_quoted(text)


def update_fields(update: Update) -> list[tuple[str, str]]:
    """(key, value as written) in the model's order, absent fields left out."""
    out = []
    for name in _FIELDS:
        value = getattr(update, name)
        if value is None:
            continue
        if isinstance(value, dt.date):
            out.append((name, value.isoformat()))
        else:
            out.append((name, scalar(str(value))))
    return out


def flow_item(update: Update) -> str:
    """`{date: 2025-10-10, kind: done, agency: snv, ref: Báo cáo số 320/BC-SNV}`."""
    return "{" + ", ".join(f"{k}: {v}" for k, v in update_fields(update)) + "}"


# -- where things are in the text ---------------------------------------------------------------


def _compose(text: str) -> yaml.Node | None:
    # The pure-Python composer: its marks are indexes into this very str (CRLF included).
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _get(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _find_task(root: yaml.Node | None, task_id: str) -> yaml.MappingNode:
    tasks = _get(root, "tasks") if isinstance(root, yaml.MappingNode) else None
    found = []
    if tasks is not None and isinstance(tasks[1], yaml.SequenceNode):
        for item in tasks[1].value:
            if not isinstance(item, yaml.MappingNode):
                continue
            kv = _get(item, "id")
            if kv and isinstance(kv[1], yaml.ScalarNode) and _nfc(kv[1].value) == task_id:
                found.append(item)
    if len(found) != 1:
        what = "không có" if not found else f"có {len(found)} lần"
        raise EditError(f"Trong tệp {what} nhiệm vụ '{task_id}'.")
    return found[0]


def _is_empty(node: yaml.Node) -> bool:
    """`key:` with nothing after it, or `key: null` / `key: ~`."""
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _after_colon(text: str, key: yaml.Node) -> int:
    return text.index(":", key.end_mark.index) + 1


def _last_char(text: str, node: yaml.Node, key: yaml.Node | None = None) -> int:
    """Index of the last character that belongs to `node` (to the entry `key: node`)."""
    if isinstance(node, yaml.ScalarNode) and node.value == "" and not node.style:
        # `key:` with nothing after it: the entry ends at its key.
        return (key.end_mark.index if key is not None else node.start_mark.index) - 1
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        end = node.end_mark.index
        header = text[node.start_mark.index : _line_end(text, node.start_mark.index)]
        if "+" in header.split("#", 1)[0]:
            return end - 1  # keep chomping: trailing blank lines are part of the value
        i = end - 1
        while i > node.start_mark.index and text[i] in " \t\r\n":
            i -= 1
        return i
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        k, v = node.value[-1]
        return _last_char(text, v, k)
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _last_char(text, node.value[-1])
    return node.end_mark.index - 1


def _line_end(text: str, i: int) -> int:
    """Index of the line break that ends the line holding index i (len(text) if none)."""
    m = _LINE_BREAK.search(text, i)
    return m.start() if m else len(text)


def _next_line(text: str, i: int) -> tuple[int, str | None]:
    """Start of the line after the one holding index i, and that line's break (None at EOF)."""
    m = _LINE_BREAK.search(text, i)
    if m is None:
        return len(text), None
    return m.end(), m.group()


def _newline(text: str, i: int) -> str:
    """The line break used at index i, else the file's first one, else LF."""
    _, nl = _next_line(text, i)
    if nl is None:
        m = _LINE_BREAK.search(text)
        nl = m.group() if m else "\n"
    return nl


@dataclass
class _Style:
    offset: int = 2  # columns from a key to the "-" of its block list
    block_items: bool = False  # the file writes updates as block mappings, not {…}
    item_key_offset: int = 2  # columns from "-" to the keys of such an item


def _house_style(text: str, root: yaml.Node, task: yaml.MappingNode) -> _Style:
    """How this file indents lists and writes updates, so a new entry looks like its neighbours."""
    style = _Style()
    offsets: list[tuple[int, int]] = []  # (preference, offset)
    last_item: yaml.Node | None = None
    target_item: yaml.Node | None = None

    def walk(node: yaml.Node, depth: int) -> None:
        nonlocal last_item, target_item
        if depth > 50:
            return
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(v, yaml.SequenceNode) and not v.flow_style and v.value:
                    pref = 0 if getattr(k, "value", None) == "updates" else 1
                    offsets.append((pref, v.start_mark.column - k.start_mark.column))
                    if pref == 0:
                        last_item = v.value[-1]
                        if node is task:
                            target_item = v.value[-1]
                walk(v, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                walk(v, depth + 1)

    walk(root, 0)
    if offsets:
        style.offset = min(offsets)[1]
    item = target_item if target_item is not None else last_item
    if isinstance(item, yaml.MappingNode) and not item.flow_style:
        style.block_items = True
        # The item's keys stand this far right of its "-".
        dash = _dash_column(text, item)
        style.item_key_offset = max(2, item.start_mark.column - dash)
    return style


def _dash_column(text: str, item: yaml.Node) -> int:
    # For a block-mapping item the "-" is the last one left of its first key on that line.
    line = text[item.start_mark.index - item.start_mark.column : item.start_mark.index]
    return line.rindex("-") if "-" in line else max(0, item.start_mark.column - 2)


def _item_lines(update: Update, dash_col: int, style: _Style) -> list[str]:
    if not style.block_items:
        return [" " * dash_col + "- " + flow_item(update)]
    fields = update_fields(update)
    pad = " " * (dash_col + style.item_key_offset)
    first = " " * dash_col + "-" + " " * (style.item_key_offset - 1)
    return [first + f"{fields[0][0]}: {fields[0][1]}"] + [pad + f"{k}: {v}" for k, v in fields[1:]]


def _insert_lines(text: str, after: int, lines: list[str]) -> tuple[str, int, int]:
    """Insert whole lines after the line holding index `after`. Returns (text, start, end)."""
    at, nl = _next_line(text, after)
    if nl is None:  # the last line has no line break: keep it that way
        nl = _newline(text, after)
        block = "".join(nl + line for line in lines)
        return text + block, at + len(nl), at + len(block)
    block = "".join(line + nl for line in lines)
    return text[:at] + block + text[at:], at, at + len(block)


def append_update(text: str, task_id: str, update: Update) -> tuple[str, list[str]]:
    """The text with `update` appended to the task's `updates`, and the lines as they now read.

    Pure: no file is read or written. Raises EditError for a task it cannot find."""
    try:
        root = _compose(text)
    except yaml.YAMLError as exc:
        raise EditError(f"Không đọc được tệp YAML: {exc}") from None
    task = _find_task(root, task_id)
    style = _house_style(text, root, task)
    flow_task = bool(task.flow_style)
    entry = _get(task, "updates")

    if entry is None:
        if flow_task:
            k, v = task.value[-1]
            at = _after_colon(text, k) if _is_empty(v) and not v.value else _last_char(text, v) + 1
            new = text[:at] + f", updates: [{flow_item(update)}]" + text[at:]
            return new, _lines_touching(new, at, at)
        key_col = task.start_mark.column
        lines = [" " * key_col + "updates:", *_item_lines(update, key_col + style.offset, style)]
        new, start, end = _insert_lines(text, _last_char(text, task), lines)
        return new, _lines_touching(new, start, end)

    key, value = entry
    if isinstance(value, yaml.SequenceNode) and not value.flow_style:
        dash_col = value.start_mark.column
        new, start, end = _insert_lines(
            text, _last_char(text, value), _item_lines(update, dash_col, style)
        )
        return new, _lines_touching(new, start, end)

    one_line = (
        isinstance(value, yaml.SequenceNode)
        and not value.value
        and text.count("\n", key.start_mark.index, value.end_mark.index) == 0
    ) or _is_empty(value)
    if not flow_task and one_line:
        # `updates: []`, `updates: ~` or a bare `updates:` becomes a block list: the items go on
        # lines of their own, and that one line loses only its `[]` / `~`.
        colon = _after_colon(text, key)
        bare = isinstance(value, yaml.ScalarNode) and value.value == ""
        new = text if bare else text[:colon] + text[value.end_mark.index :]
        dash_col = key.start_mark.column + style.offset
        new, _, end = _insert_lines(new, colon, _item_lines(update, dash_col, style))
        return new, _lines_touching(new, key.start_mark.index, end)

    if isinstance(value, yaml.SequenceNode):  # a flow list: the new item goes inside it
        if value.value:
            at = _last_char(text, value.value[-1]) + 1
            new = text[:at] + ", " + flow_item(update) + text[at:]
        else:
            at = value.start_mark.index + 1
            new = text[:at] + flow_item(update) + text[at:]
        return new, _lines_touching(new, at, at)
    if _is_empty(value):  # inside a flow task: `updates: ` or `updates: null`
        at, stop = value.start_mark.index, value.end_mark.index
        new = text[:at] + f"[{flow_item(update)}]" + text[stop:]
        return new, _lines_touching(new, at, at)
    raise EditError(
        f"'updates' của nhiệm vụ '{task_id}' không phải một danh sách; sửa tay rồi chạy lại."
    )


def _lines_touching(text: str, start: int, end: int) -> list[str]:
    """The whole lines of text[start:end] (at least the line holding `start`)."""
    first = _line_start(text, start)
    i = max(end - 1, start)
    while i > start and text[i] in "\r\n":
        i -= 1
    last = _line_end(text, i)
    return _LINE_BREAK.split(text[first:last])


def _line_start(text: str, i: int) -> int:
    j = max(text.rfind("\n", 0, i), text.rfind("\r", 0, i))
    return j + 1


# -- checking and writing -----------------------------------------------------------------------


def split_bom(raw: bytes) -> tuple[bytes, str]:
    """(b"\\xef\\xbb\\xbf" or b"", the text after it). The text is left in its own Unicode form."""
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    try:
        return bom, raw[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        raise EditError("Tệp không phải UTF-8; chạy 'dtrack check' để xem chi tiết.") from None


def _model(raw: bytes, what: str) -> Directive:
    try:
        data = yamlio.load_text(yamlio.decode(raw))
        return Directive.model_validate(data)
    except Exception:  # any failure here means the edit cannot be trusted: refuse it
        raise EditError(f"{what}; không ghi. Chạy 'dtrack check' để xem chi tiết.") from None


def self_check(old_raw: bytes, new_raw: bytes, task_id: str, update: Update) -> None:
    """The new file must mean the old one plus exactly one update: nothing else may move."""
    old = _model(old_raw, "Tệp hiện tại có lỗi, chạy 'dtrack check' để xem")
    new = _model(new_raw, "Bản sửa không đọc lại được")
    expected = old.model_dump()
    for task in expected["tasks"]:
        if task["id"] == task_id:
            task["updates"].append(update.model_dump())
    if new.model_dump() != expected:
        raise EditError(
            "Bản sửa sẽ làm thay đổi cả nội dung khác ngoài cập nhật mới, nên không ghi. "
            "Hãy ghi cập nhật bằng tay và báo lỗi này cho người bảo trì."
        )


def plan(raw: bytes, task_id: str, update: Update) -> tuple[bytes, list[str]]:
    """New bytes of the file with `update` appended, checked; and the added lines."""
    bom, text = split_bom(raw)
    new_text, lines = append_update(text, task_id, update)
    new_raw = bom + new_text.encode("utf-8")
    self_check(raw, new_raw, task_id, update)
    return new_raw, lines


def write_atomic(path: Path, data: bytes, expected: bytes) -> None:
    """Replace `path` by `data` unless its content no longer has digest `expected`: the old
    file stays whole whatever happens (files.write_atomic), and keeps its mode."""
    folder = path.parent

    def unchanged() -> None:
        try:
            current = path.read_bytes()
        except OSError:
            current = None
        if current is None or digest(current) != expected:
            raise ChangedOnDisk(
                f"Tệp '{path}' vừa bị thay đổi (hoặc xóa) trong lúc dtrack đang ghi; "
                "không ghi đè. Kiểm tra lại tệp rồi chạy lại lệnh."
            )

    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = None
    try:
        replace_file(path, data, mode=mode, before_replace=unchanged)
    except OSError as exc:
        raise EditError(f"Không ghi được tệp '{path}': {os_error_text(exc)}.") from None
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
        with contextlib.suppress(OSError):
            dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)


# -- the whole command --------------------------------------------------------------------------
