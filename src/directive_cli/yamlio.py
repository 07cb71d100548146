"""Reading YAML safely: bytes -> NFC text -> plain Python data, and paths -> line/column.

Scalars stay text (``no`` is not False, ``09`` is not octal, ``1958`` is not a number): the
models decide what a field means. Tags and aliases are refused: tags can build objects and
aliases can blow up memory. Line numbers are looked up only for files that have problems.
"""

from __future__ import annotations

import re
import unicodedata

import yaml

from .diagnostics import Path

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.M)


class YamlProblem(Exception):
    """One problem that stops a file from being read at all."""

    def __init__(
        self,
        code: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint


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
                "Hãy chép lại nội dung ở mỗi chỗ cần dùng.",
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
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            raise _problem_at("yaml-key", "Khóa phải là một chữ đơn giản.", key_node)
        key = key_node.value
        if key in data:
            raise _problem_at(
                "duplicate-key",
                f"Khóa '{key}' bị lặp lại trong cùng một mục.",
                key_node,
                "Mỗi khóa chỉ được ghi một lần; hãy xóa hoặc gộp dòng trùng.",
            )
        data[key] = loader.construct_object(value_node, deep=True)
    return data


def _construct_undefined(loader: StrictLoader, node: yaml.Node):
    raise _problem_at(
        "yaml-tag",
        f"Không dùng thẻ YAML '{node.tag}'.",
        node,
        "Dữ liệu chỉ gồm chữ, danh sách và ánh xạ; hãy bỏ phần bắt đầu bằng '!'.",
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

_CP1258_TONES = frozenset(b"\xcc\xd2\xde\xec\xf2")  # combining tone marks in Windows-1258


def _guess_legacy_encoding(raw: bytes) -> str:
    """Old Vietnamese files are Windows-1258 (tones as combining marks) or TCVN3 (precomposed)."""
    tones = sum(1 for i in range(1, len(raw)) if raw[i] in _CP1258_TONES and raw[i - 1] < 0x80)
    high = sum(1 for b in raw if b >= 0x80)
    if high and tones * 4 >= high:
        return "Windows-1258"
    return "TCVN3 (ABC)"


def decode(raw: bytes) -> str:
    """UTF-8 (BOM accepted) to NFC text, or a YamlProblem saying what the bytes look like."""
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        raise YamlProblem(
            "encoding",
            "Tệp được lưu bằng mã UTF-16, không phải UTF-8.",
            1,
            1,
            "Mở tệp trong trình soạn thảo và lưu lại với mã hóa UTF-8.",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        guess = _guess_legacy_encoding(raw)
        raise YamlProblem(
            "encoding",
            f"Tệp không phải UTF-8; có vẻ được lưu bằng bảng mã {guess}.",
            line,
            column,
            "Chuyển sang Unicode UTF-8 (ví dụ bằng công cụ chuyển mã của UniKey, "
            "hoặc 'Lưu thành… UTF-8' trong trình soạn thảo) rồi chạy lại.",
        ) from None
    if "\x00" in text:
        raise YamlProblem("encoding", "Tệp chứa ký tự NUL: đây không phải tệp văn bản.", 1, 1)
    if not unicodedata.is_normalized("NFC", text):
        # Vietnamese typed on Windows often arrives decomposed (NFD).
        text = unicodedata.normalize("NFC", text)
    return text


# -- text to data -------------------------------------------------------------------------------


def _yaml_error(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or str(exc)
    hint = None
    lines = text.splitlines()
    bad_line = lines[mark.line] if mark and mark.line < len(lines) else ""
    indent = bad_line[: len(bad_line) - len(bad_line.lstrip())]
    if "\t" in indent or "'\\t'" in problem:
        message = "Thụt lề bằng ký tự Tab; YAML chỉ chấp nhận dấu cách."
        hint = "Thay mỗi Tab ở đầu dòng bằng dấu cách (2 dấu cách cho mỗi cấp)."
    elif "mapping values are not allowed" in problem:
        message = "Sai cú pháp YAML: có dấu ':' ở chỗ không được phép."
        hint = "Nếu giá trị có chứa ': ', hãy đặt cả giá trị trong dấu nháy kép."
    elif "could not find expected ':'" in problem:
        message = "Sai cú pháp YAML: thiếu dấu ':' sau tên khóa."
    elif "did not find expected key" in problem or "expected <block end>" in problem:
        message = "Sai cú pháp YAML: thụt lề không thẳng hàng."
        hint = "Các khóa cùng cấp phải thẳng cột; mục danh sách bắt đầu bằng '- '."
    elif "found unexpected end of stream" in problem or "while scanning a quoted scalar" in str(
        exc.context or ""
    ):
        message = "Sai cú pháp YAML: dấu nháy mở nhưng chưa đóng."
    elif "found character" in problem and "cannot start any token" in problem:
        message = "Sai cú pháp YAML: ký tự không được đứng đầu một giá trị."
        hint = "Đặt giá trị trong dấu nháy kép."
    else:
        message = f"Sai cú pháp YAML ({problem})."
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    return YamlProblem("yaml-syntax", message, line, column, hint)


def _check_anchors(text: str) -> None:
    for event in yaml.parse(text, Loader=_BaseLoader):
        if getattr(event, "anchor", None):
            mark = event.start_mark
            raise YamlProblem(
                "yaml-alias",
                "Không dùng neo và bí danh YAML (&tên, *tên).",
                mark.line + 1,
                mark.column + 1,
                "Hãy chép lại nội dung ở mỗi chỗ cần dùng.",
            )


def load_text(text: str):
    """Text to data (dict/list/str/None), or a YamlProblem."""
    m = _CONFLICT.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise YamlProblem(
            "merge-conflict",
            "Tệp còn dấu xung đột khi gộp (merge) của git.",
            line,
            1,
            "Giữ lại phần đúng, xóa các dòng '<<<<<<<', '=======', '>>>>>>>' rồi lưu lại.",
        )
    try:
        if "&" in text or "*" in text:
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
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml-syntax", f"Sai cú pháp YAML ({exc}).", 1, 1) from None
    except RecursionError:
        raise YamlProblem("too-deep", "Cấu trúc lồng nhau quá sâu, không đọc được.", 1, 1) from None
    return data


# -- paths to positions -------------------------------------------------------------------------


def locate(text: str, path: Path, key: bool = False) -> tuple[int, int] | None:
    """1-based (line, column) of the deepest node along `path`; with key=True, of the last key."""
    try:
        node = yaml.compose(text, Loader=_BaseLoader)
    except (yaml.YAMLError, RecursionError):
        return None
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
