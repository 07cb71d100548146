"""Reading YAML safely: bytes -> NFC text -> plain Python data, and paths -> line/column.

Scalars stay text (``no`` is not False, ``09`` is not octal, ``1958`` is not a number): the
models decide what a field means. Tags and aliases are refused: tags can build objects and
aliases can blow up memory. Line numbers are looked up only for files that have problems.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

import yaml

from ..diagnostics import Path
from ..limits import MAX_DEPTH, MAX_FILE_BYTES
from .nesting import find_deep, may_be_deep

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class YamlProblem(Exception):
    """One problem that stops a file from being read at all."""

    def __init__(
        self,
        code: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
        *,
        text: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint
        self.text = text  # the file as far as it could be read, to quote the line


def _problem_at(code: str, message: str, node: yaml.Node, hint: str | None = None) -> YamlProblem:
    mark = node.start_mark
    return YamlProblem(code, message, mark.line + 1, mark.column + 1, hint)


class StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A loader that only builds str, None, dict and list."""

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _problem_at(
                "yaml-alias",
                "Không dùng neo và bí danh YAML (&tên, *tên).",
                node,
                "Hãy chép lại nội dung ở mỗi chỗ cần dùng; nếu '&' hoặc '*' là chữ trong nội "
                "dung, đặt cả giá trị trong dấu nháy kép.",
            )
        return super().construct_object(node, deep=deep)


def _construct_str(loader: StrictLoader, node: yaml.ScalarNode) -> str:
    return node.value


def _construct_null(loader: StrictLoader, node: yaml.ScalarNode) -> None:
    return None


def _construct_seq(loader: StrictLoader, node: yaml.SequenceNode) -> list:
    return [loader.construct_object(child, deep=True) for child in node.value]


def _construct_map(loader: StrictLoader, node: yaml.MappingNode) -> dict:
    data: dict = {}
    for key_node, value_node in node.value:
        if key_node.tag not in (_STR, _NULL, "tag:yaml.org,2002:merge") and isinstance(
            key_node, yaml.ScalarNode
        ):
            _construct_undefined(loader, key_node)  # a tag on a key is refused like any tag
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            raise _problem_at(
                "yaml-key",
                "Tên khóa phải là một chữ đơn giản, không phải danh sách hay ánh xạ.",
                key_node,
                "Viết dạng 'khóa: giá trị'; nếu dòng bắt đầu bằng '?' hoặc '<<', hãy bỏ đi.",
            )
        key = key_node.value
        if key in data:
            first = next(
                k for k, _ in node.value if isinstance(k, yaml.ScalarNode) and k.value == key
            )
            raise _problem_at(
                "duplicate-key",
                f"Khóa '{key}' bị lặp lại trong cùng một mục (đã có ở dòng "
                f"{first.start_mark.line + 1}).",
                key_node,
                "Mỗi khóa chỉ được ghi một lần; hãy xóa hoặc gộp hai dòng này.",
            )
        data[key] = loader.construct_object(value_node, deep=True)
    return data


def _construct_undefined(loader: StrictLoader, node: yaml.Node):
    raise _problem_at(
        "yaml-tag",
        f"Không dùng thẻ YAML '{node.tag.replace('tag:yaml.org,2002:', '!!')}': "
        "dữ liệu chỉ gồm chữ, danh sách và ánh xạ.",
        node,
        "Bỏ phần bắt đầu bằng '!'; nếu '!' là chữ trong nội dung, đặt cả giá trị trong "
        "dấu nháy kép.",
    )


# Only null is recognised implicitly; everything else stays the text that was written.
StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag == _NULL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.yaml_constructors = {
    _STR: _construct_str,
    _NULL: _construct_null,
    _SEQ: _construct_seq,
    _MAP: _construct_map,
    None: _construct_undefined,
}


# -- bytes to text ------------------------------------------------------------------------------


_VOWELS = frozenset(b"aeiouyAEIOUY")
# Windows-1258 writes most tones as combining marks after the vowel (u + 0xDE = ủ).
_CP1258_TONES = frozenset(b"\xcc\xd2\xde\xec\xf2")
_CP1258_VOWELS = _VOWELS | frozenset(b"\xe2\xea\xf4\xf5\xfd\xe3\xc2\xca\xd4\xd5\xdd\xc3")
# VNI Windows writes the marks as a second byte after the vowel (a + 0xF9 = á, e + 0xE2 = ê).
_VNI_MARKS = frozenset(
    b"\xf9\xf8\xfb\xf5\xef\xe2\xe1\xe0\xe5\xe3\xe4\xea\xe9\xe8\xfa\xfc\xeb"
    b"\xd9\xd8\xdb\xd5\xcf\xc2\xc1\xc0\xc5\xc3\xc4\xca\xc9\xc8\xda\xdc\xcb"
)
_VNI_BASES = _VOWELS | frozenset(b"\xf4\xf6\xd4\xd6")  # ô (= ơ) and ö (= ư) take tones too

_CONVERT_HINT = (
    "Chuyển tệp sang Unicode UTF-8 rồi chạy lại: mở Công cụ chuyển mã của UniKey "
    "(Ctrl+Shift+F6), chọn bảng mã nguồn {source}, bảng mã đích 'Unicode', chuyển, "
    "rồi lưu tệp với mã hóa UTF-8 (trong Notepad: Lưu thành… > Mã hóa: UTF-8)."
)


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of ASCII text is NUL."""
    head = raw[:2000]
    if len(head) < 4 or b"\x00" not in head:
        return False
    half = len(head) // 2
    return head[1::2].count(0) > half * 0.4 or head[0::2].count(0) > half * 0.4


def _guess_legacy_encoding(raw: bytes) -> str | None:
    """Which old Vietnamese code page the bytes look like, or None when none fits."""
    sample = raw[:65536]
    high = sum(1 for b in sample if b >= 0x80)
    if not high:
        return None
    cp1258 = vni = 0
    for prev, b in itertools.pairwise(sample):
        if b in _CP1258_TONES and prev in _CP1258_VOWELS:
            cp1258 += 1
        if b in _VNI_MARKS and prev in _VNI_BASES:
            vni += 1
    if cp1258 * 4 >= high and cp1258 >= vni:
        return "Windows-1258"
    if vni * 3 >= high:
        return "VNI Windows"
    # TCVN3 (ABC) keeps every Vietnamese letter in one byte from 0xA1 up.
    if sum(1 for b in sample if b >= 0xA1) * 10 >= high * 9:
        return "TCVN3 (ABC)"
    return None


def _utf16_text(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    else:
        codec = "utf-16-le" if raw[1:2000:2].count(0) >= raw[0:2000:2].count(0) else "utf-16-be"
    return raw.decode(codec, "replace")


def _best_effort_text(raw: bytes) -> str:
    return unicodedata.normalize("NFC", raw.decode("utf-8", "replace"))


def too_large(size: int) -> YamlProblem:
    megabytes = f"{size / 1024 / 1024:.1f}".replace(".", ",")  # the Vietnamese decimal comma
    return YamlProblem(
        "too-large",
        f"Tệp quá lớn ({megabytes} MB); mỗi tệp dữ liệu tối đa "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB.",
        None,
        None,
        "Một văn bản chỉ đạo là một tệp nhỏ; kiểm tra lại tệp này (có thể đã chép nhầm tệp "
        "khác vào đây), hoặc tách thành nhiều tệp.",
    )


def decode(raw: bytes) -> str:
    """UTF-8 (BOM accepted) to NFC text, or a YamlProblem saying what the bytes look like."""
    if len(raw) > MAX_FILE_BYTES:
        raise too_large(len(raw))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(raw):
        raise YamlProblem(
            "encoding",
            "Tệp được lưu bằng mã UTF-16 (Unicode 2 byte), không phải UTF-8.",
            1,
            1,
            "Mở tệp trong trình soạn thảo (Notepad: Lưu thành… > Mã hóa: UTF-8) "
            "và lưu lại với mã hóa UTF-8.",
            text=_utf16_text(raw),
        )
    for magic, what in _NOT_TEXT:
        if raw.startswith(magic):
            raise YamlProblem(
                "not-text",
                f"Đây là {what}, không phải tệp văn bản YAML.",
                1,
                1,
                "Dữ liệu của dtrack là tệp văn bản thuần (.yaml) soạn bằng Notepad, VS Code…; "
                "hãy chép nội dung vào một tệp .yaml theo mẫu (xem 'dtrack new').",
            )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        guess = _guess_legacy_encoding(raw)
        if guess is None:
            message = "Tệp không phải UTF-8 (có byte không hợp lệ ở đây) và không nhận ra bảng mã."
            hint = _CONVERT_HINT.format(source="đúng bảng mã cũ của tệp (TCVN3, VNI…)")
        else:
            message = f"Tệp không phải UTF-8; có vẻ được lưu bằng bảng mã {guess}."
            hint = _CONVERT_HINT.format(source=f"'{_UNIKEY_NAMES[guess]}'")
        raise YamlProblem(
            "encoding", message, line, column, hint, text=_best_effort_text(raw)
        ) from None
    if "\x00" in text:
        line, column = _position(text, text.index("\x00"))
        raise YamlProblem(
            "encoding",
            "Tệp chứa ký tự NUL (mã 0): đây không phải tệp văn bản thuần.",
            line,
            column,
            "Mở tệp bằng trình soạn thảo văn bản, xóa ký tự lạ hoặc chép nội dung sang tệp mới.",
            text=text,
        )
    if not unicodedata.is_normalized("NFC", text):
        # Vietnamese typed on Windows often arrives decomposed (NFD).
        text = unicodedata.normalize("NFC", text)
    return text


_UNIKEY_NAMES = {
    "Windows-1258": "Vietnamese locale CP 1258",
    "VNI Windows": "VNI Windows",
    "TCVN3 (ABC)": "TCVN3 (ABC)",
}
_NOT_TEXT = (
    (b"PK\x03\x04", "tệp nén (Word .docx, Excel .xlsx hoặc .zip)"),
    (b"\xd0\xcf\x11\xe0", "tệp Word/Excel đời cũ (.doc, .xls)"),
    (b"%PDF", "tệp PDF"),
    (b"{\\rtf", "tệp RTF của Word"),
)


# -- text to data -------------------------------------------------------------------------------

# Real files nest about six levels (tasks > task > updates > update > field); deeper ones are
# refused before any parser sees them (limits.MAX_DEPTH, nesting.py).
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
# Characters YAML refuses (C0/C1 controls, DEL, U+FFFE/F); Word's Shift+Enter gives U+000B.
_NONPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Spaces YAML does not count as spaces, where structure needs one: indentation, after ':' or '-'.
_ODD_SPACE = "\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff"
_STRUCTURAL_ODD_SPACE = re.compile(
    rf"^[ \t]*[{_ODD_SPACE}]|^[ \t]*-[{_ODD_SPACE}]|:[{_ODD_SPACE}]|[{_ODD_SPACE}]:(?:[ \t]|$)"
)
_SMART_QUOTES = "“”„‘’"
_WORD_BULLET = re.compile(r"^[ \t]*[–—•·▪●◦]")
_CONFLICT = re.compile(r"^[ \t]*(?:<{7}|>{7}|\|{7})(?:[ \t]|$)|^={7}[ \t]*$", re.M)


def split_lines(text: str) -> list[str]:
    """Lines as YAML (and the line numbers in its messages) count them."""
    return _LINE_BREAK.split(text)


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of a character index, counting line breaks as YAML does."""
    line = 1
    start = 0
    for m in _LINE_BREAK.finditer(text, 0, index):
        line += 1
        start = m.end()
    return line, index - start + 1


def char_name(ch: str) -> str:
    """How to name an invisible or control character to a clerk."""
    names = {
        "\u00a0": "dấu cách không ngắt (U+00A0)",
        "\u200b": "dấu cách độ rộng 0 (U+200B)",
        "\ufeff": "ký tự BOM (U+FEFF)",
        "\u000b": "ngắt dòng của Word (U+000B, do Shift+Enter)",
        "\u000c": "ngắt trang (U+000C)",
        "\u007f": "ký tự xóa DEL (U+007F)",
    }
    return names.get(ch, f"ký tự điều khiển U+{ord(ch):04X}")


def _too_deep(line: int | None, column: int | None) -> YamlProblem:
    return YamlProblem(
        "too-deep",
        f"Cấu trúc lồng nhau quá sâu (quá {MAX_DEPTH} cấp): "
        "đây không phải dữ liệu văn bản chỉ đạo.",
        line,
        column,
        "Kiểm tra lại tệp: có thể thừa rất nhiều dấu '[', '{' hoặc '- '.",
    )


def _check_depth(text: str) -> None:
    """Decided here, before any parser: see nesting.py for why."""
    if may_be_deep(text):
        place = find_deep(text)
        if place is not None:
            raise _too_deep(*place)


def _check_conflict(text: str) -> None:
    if "<<<<<<<" not in text and ">>>>>>>" not in text and "=======" not in text:
        return
    markers = [m.start() for m in _CONFLICT.finditer(text)]
    if not markers:
        return
    lines = [_position(text, i)[0] for i in markers[:6]]
    shown = ", ".join(str(n) for n in lines) + ("…" if len(markers) > 6 else "")
    raise YamlProblem(
        "merge-conflict",
        "Tệp còn dấu xung đột khi gộp (merge) của git: hai phiên bản đang nằm chung một tệp.",
        lines[0],
        1,
        f"Giữ lại phần đúng, xóa các dòng đánh dấu '<<<<<<<', '=======', '>>>>>>>' "
        f"(dòng {shown}) rồi lưu lại và chạy 'dtrack check'.",
    )


def _yaml_error(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    """A parser error in Vietnamese, at the line the clerk has to fix."""
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    lines = split_lines(text)

    def at(m) -> tuple[int | None, int | None]:
        return (m.line + 1, m.column + 1) if m is not None else (None, None)

    def line_text(m) -> str:
        return lines[m.line] if m is not None and m.line < len(lines) else ""

    line, column = at(mark)
    bad_line = line_text(mark)
    hint: str | None = None

    # What a paste from Word leaves behind, on this line or the one the parser started from.
    first = min(m.line for m in (exc.context_mark, exc.problem_mark) if m is not None)
    last = mark.line if mark is not None else first
    for n in range(max(first - 1, 0), min(last, len(lines) - 1) + 1):
        odd = _STRUCTURAL_ODD_SPACE.search(lines[n])
        if odd:
            ch = next(c for c in odd.group() if c not in " \t:-")
            return YamlProblem(
                "odd-space",
                f"Dòng này có {char_name(ch)} ở chỗ cần dấu cách thường "
                "(thường do chép từ Word); YAML không coi đó là dấu cách.",
                n + 1,
                odd.start() + odd.group().index(ch) + 1,
                "Xóa khoảng trắng ở đầu dòng và sau dấu ':' hoặc '-' rồi gõ lại bằng phím cách.",
            )
        if _WORD_BULLET.match(lines[n]):
            return YamlProblem(
                "word-bullet",
                "Mục danh sách phải bắt đầu bằng dấu gạch nối '-' (phím trừ), không phải dấu "
                "'–', '—' hay '•' (thường do chép từ Word).",
                n + 1,
                len(lines[n]) - len(lines[n].lstrip()) + 1,
                "Thay dấu đầu dòng bằng '- ' (gạch nối và một dấu cách).",
            )
    indent = bad_line[: len(bad_line) - len(bad_line.lstrip())]
    if "\t" in indent or "tab character" in problem:
        message = "Thụt lề bằng ký tự Tab; YAML chỉ chấp nhận dấu cách."
        hint = "Thay mỗi Tab ở đầu dòng bằng dấu cách (2 dấu cách cho mỗi cấp)."
    elif "mapping values are not allowed" in problem:
        message = "Dấu ':' ở chỗ không được phép: YAML hiểu đây là một khóa mới."
        key, sep, rest = bad_line.strip().partition(": ")
        if sep and ": " in rest and not rest.startswith(("'", '"', "[", "{")):
            quoted = rest.strip(_SMART_QUOTES).replace("\\", "\\\\").replace('"', '\\"')
            hint = (
                f"Nội dung có chứa ': ' thì đặt cả nội dung trong dấu nháy kép, "
                f'ví dụ: {key}: "{quoted}"'
            )
            if len(hint) > 160:
                hint = hint[:157] + "…"
        else:
            hint = (
                "Nếu đây là khóa mới, thụt lề cho thẳng cột với các khóa cùng cấp; nếu là nội "
                "dung có chứa ': ', đặt cả nội dung trong dấu nháy kép."
            )
    elif "could not find expected ':'" in problem:
        # The parser gives up a line later; the key without ':' is where it started.
        if exc.context_mark is not None:
            line, column = at(exc.context_mark)
        message = "Thiếu dấu ':' sau tên khóa (hoặc thiếu dấu cách sau ':')."
        hint = "Mỗi dòng viết dạng 'khóa: giá trị', có một dấu cách sau dấu ':'."
    elif "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        close = "]" if "']'" in problem else "}"
        opener = "[" if close == "]" else "{"
        if exc.context_mark is not None:
            line, column = at(exc.context_mark)
        message = f"Dấu '{opener}' mở ở đây nhưng không được đóng bằng '{close}'."
        hint = (
            f"Thêm '{close}' ở cuối và dấu ',' giữa các mục; "
            "nội dung có dấu phẩy thì đặt trong dấu nháy kép."
        )
    elif "did not find expected key" in problem or "expected <block end>" in problem:
        message = "Thụt lề không thẳng hàng: dòng này không khớp với các khóa phía trên."
        hint = "Các khóa cùng cấp phải thẳng cột; mục danh sách bắt đầu bằng '- '."
        stripped = bad_line.strip()
        if stripped[:1] in "]}":
            message = f"Thừa dấu '{stripped[0]}'."
            hint = "Xóa dấu đóng ngoặc thừa."
    elif "expected '-' indicator" in problem:
        message = "Thụt lề không thẳng hàng: trong danh sách, mỗi mục phải bắt đầu bằng '- '."
        hint = "Các mục cùng danh sách phải thẳng cột với nhau."
    elif "block sequence entries are not allowed" in problem:
        message = "Không được bắt đầu danh sách '- ' trên cùng dòng với khóa."
        hint = "Xuống dòng rồi viết '- mục', hoặc viết gọn [mục 1, mục 2]."
    elif "while scanning a quoted scalar" in context or "end of stream" in problem:
        if exc.context_mark is not None:
            line, column = at(exc.context_mark)
        message = "Dấu nháy mở ở đây nhưng chưa được đóng."
        hint = (
            "Thêm dấu nháy đóng cùng loại ở cuối nội dung; trong nháy đơn, một dấu ' của "
            "nội dung viết thành hai dấu ''."
        )
    elif "unknown escape character" in problem or "Unicode character escape" in problem:
        message = "Trong dấu nháy kép, dấu '\\' phải đi kèm một mã hợp lệ (\\n, \\\", \\\\…)."
        hint = "Dùng dấu nháy đơn '…' thay cho nháy kép, hoặc viết '\\\\' cho một dấu '\\'."
    elif "cannot start any token" in problem:
        ch = bad_line[mark.column] if mark is not None and mark.column < len(bad_line) else ""
        message = (
            f"Ký tự '{ch}' không được đứng đầu một giá trị."
            if ch
            else ("Ký tự không được đứng đầu một giá trị.")
        )
        hint = "Đặt cả giá trị trong dấu nháy kép."
    elif "alphabetic or numeric character" in problem:
        message = "Ký tự '&', '*' hoặc '!' ở đầu giá trị có nghĩa riêng trong YAML."
        hint = "Đặt cả giá trị trong dấu nháy kép."
    elif "another document" in problem or "document start" in problem:
        message = "Tệp có hơn một phần YAML (thêm một dòng '---' hoặc '...' ở giữa)."
        hint = (
            "Mỗi văn bản một tệp: xóa dòng '---' (hoặc '...') và phần thừa, "
            "hoặc tách thành tệp riêng."
        )
    elif "expected node content" in problem:
        message = "Thiếu giá trị ở đây, hoặc thừa dấu ']' / '}'."
        hint = "Nếu giá trị bắt đầu bằng một dấu ngoặc, đặt cả giá trị trong dấu nháy kép."
    elif "block scalar" in context or "indentation indicator" in problem:
        message = "Dòng '|' hoặc '>' (nội dung nhiều dòng) viết sai."
        hint = "Sau '|' hoặc '>' xuống dòng ngay, nội dung thụt vào sâu hơn khóa."
    elif "YAML document" in problem or "directive" in context:
        message = "Dòng chỉ thị '%' ở đầu tệp không được hỗ trợ."
        hint = "Xóa các dòng bắt đầu bằng '%'."
    elif "undefined alias" in problem:
        message = "Không dùng neo và bí danh YAML (&tên, *tên)."
        hint = "Nếu '*' là chữ trong nội dung, đặt cả giá trị trong dấu nháy kép."
    else:
        message = "Sai cú pháp YAML ở đây; không đọc được phần còn lại của tệp."
        hint = "Kiểm tra dòng này và dòng ngay trên: thụt lề, dấu ':', dấu nháy, dấu ngoặc."
    smart = [q for q in _SMART_QUOTES if q in bad_line]
    if smart:
        extra = (
            f"Dấu nháy cong {' '.join(smart)} (Word tự đổi) không có tác dụng trong YAML; "
            'dùng dấu nháy thẳng "…".'
        )
        hint = f"{hint} {extra}" if hint else extra
    return YamlProblem("yaml-syntax", message, line, column, hint)


# Where an anchor (&a) or alias (*a) could start a node: after a line start, a space or one of
# "[]{},:?", and before something other than a space or "]},". Text like "KH&CN" or " & " never
# is one, so the second parse below runs only for files that may really have one. Found with
# str.find, not a regex: ~100x faster on a province's files, where "&" is common in names.
_BEFORE_ANCHOR = frozenset("[]{},:?")
_NOT_AN_ANCHOR = frozenset("]},")


def may_have_anchor(text: str) -> bool:
    for mark in "&*":
        i = text.find(mark)
        while i != -1:
            before = text[i - 1] if i else "\n"
            after = text[i + 1 : i + 2]
            if (
                (before in _BEFORE_ANCHOR or before.isspace())
                and after
                and not after.isspace()
                and after not in _NOT_AN_ANCHOR
            ):
                return True
            i = text.find(mark, i + 1)
    return False


def _check_anchors(text: str) -> None:
    for event in yaml.parse(text, Loader=_BaseLoader):
        if getattr(event, "anchor", None):
            mark = event.start_mark
            raise YamlProblem(
                "yaml-alias",
                "Không dùng neo và bí danh YAML (&tên, *tên).",
                mark.line + 1,
                mark.column + 1,
                "Hãy chép lại nội dung ở mỗi chỗ cần dùng; nếu '&' hoặc '*' là chữ trong nội "
                "dung, đặt cả giá trị trong dấu nháy kép.",
            )


def _nonprintable(text: str) -> YamlProblem:
    m = _NONPRINTABLE.search(text)
    if m is None:  # not expected: libyaml and this pattern agree on what is printable
        return YamlProblem("yaml-syntax", "Tệp chứa ký tự không hợp lệ.", None, None)
    line, column = _position(text, m.start())
    return YamlProblem(
        "bad-character",
        f"Tệp chứa ký tự không in được: {char_name(m.group())}.",
        line,
        column,
        "Xóa ký tự này (thường do chép từ Word hoặc trang web); "
        "nếu cần xuống dòng trong nội dung, dùng '|' và viết trên nhiều dòng.",
    )


def load_text(text: str):
    """Text to data (dict/list/str/None), or a YamlProblem."""
    _check_conflict(text)
    try:
        _check_depth(text)
        if may_have_anchor(text):
            _check_anchors(text)
        loader = StrictLoader(text)
        try:
            data = loader.get_single_data()  # None for an empty document
        finally:
            loader.dispose()
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, text) from None
    except yaml.reader.ReaderError:
        raise _nonprintable(text) from None
    except yaml.YAMLError:
        raise YamlProblem(
            "yaml-syntax", "Sai cú pháp YAML: không đọc được tệp.", None, None
        ) from None
    except RecursionError:
        raise _too_deep(*(find_deep(text) or (None, None))) from None
    return data


# -- paths to positions -------------------------------------------------------------------------


def compose(text: str) -> yaml.Node | None:
    """The node tree with positions, or None when the text does not parse."""
    try:
        return yaml.compose(text, Loader=_BaseLoader)
    except (yaml.YAMLError, RecursionError):
        return None


def locate(
    text: str, path: Path, key: bool = False, root: yaml.Node | None = None
) -> tuple[int, int] | None:
    """1-based (line, column) of the deepest node along `path`; with key=True, of the last key.
    Pass `root` (compose(text)) when locating many paths in one file: parsing is the cost."""
    node = root if root is not None else compose(text)
    if node is None:
        return None
    best = node.start_mark
    last = len(path) - 1
    for i, step in enumerate(path):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == step:
                    best = k.start_mark if key and i == last else v.start_mark
                    node = v
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if 0 <= step < len(node.value):
                node = node.value[step]
                best = node.start_mark
            else:
                break
        else:
            break
    return best.line + 1, best.column + 1
