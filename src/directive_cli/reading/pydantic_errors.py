"""The Vietnamese wording of pydantic's validation errors: a code, a message, where, a hint."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..diagnostics import suggest
from ..repository import file_name_for

if TYPE_CHECKING:  # pydantic is imported only when a file is validated: warm runs do without
    from pydantic import BaseModel


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Known keys of the mapping at `loc`, for "did you mean" hints."""
    current: type[BaseModel] | None = model
    for step in loc:
        if isinstance(step, int) or current is None:
            continue
        info = current.model_fields.get(step)
        if info is None:
            return []
        current = _model_in(info.annotation)
    if current is None:
        return []
    return [f.alias or name for name, f in current.model_fields.items()]


def _model_in(annotation) -> type[BaseModel] | None:
    from pydantic import BaseModel  # lazy: start-up time

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        return _model_in(origin)
    return None


def _shown(value) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


# Words a clerk may reach for instead of the English key.
_SYNONYMS = {
    "deadline": "due",
    "dead-line": "due",
    "due-date": "due",
    "han": "due",
    "thoi-han": "due",
    "hạn": "due",
    "thời-hạn": "due",
    "chu-tri": "lead",
    "chủ-trì": "lead",
    "leads": "lead",
    "phoi-hop": "support",
    "phối-hợp": "support",
    "supports": "support",
    "ngay": "date",
    "ngày": "date",
    "ngay-ban-hanh": "issued",
    "so": "number",
    "số": "number",
    "trich-yeu": "subject",
    "update": "updates",
    "task": "tasks",
    "members-of": "members",
}


def translate_error(err: dict, model: type[BaseModel]) -> tuple[str, str, tuple, str | None, bool]:
    """(code, message, path, hint, points_at_key) for one pydantic error."""
    loc = tuple(err["loc"])
    kind = err["type"]
    key = next((str(s) for s in reversed(loc) if isinstance(s, str)), "")
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        known_keys = _fields_at(model, loc[:-1])
        synonym = _SYNONYMS.get(key.lower().replace("_", "-"))
        if synonym in known_keys:
            hint = f"Có phải ý là '{synonym}'?"
        else:
            hint = suggest(key, known_keys)
        known = ", ".join(_fields_at(model, loc[:-1]))
        hidden = hidden_chars(key)
        return (
            "unknown-key",
            f"Khóa '{key}' không hợp lệ ở đây" + (f" ({hidden})." if hidden else "."),
            loc,
            hint or (f"Các khóa được dùng: {known}." if known else None),
            True,
        )
    if kind == "missing":
        return "missing-key", f"Thiếu khóa bắt buộc '{key}'.", loc[:-1], None, False
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        where = _item(loc, key) if key else "Nội dung tệp"
        return (
            "expected-mapping",
            f"{where} phải là một ánh xạ (các dòng 'khóa: giá trị'), không phải {kind_of(value)}.",
            loc,
            None,
            False,
        )
    if kind == "list_type":
        return (
            "expected-list",
            f"{_item(loc, key)} phải là một danh sách, không phải {kind_of(value)}.",
            loc,
            "Viết mỗi mục trên một dòng bắt đầu bằng '- ', hoặc [a, b].",
            False,
        )
    if kind in ("string_type",):
        if value is None:
            return "empty-value", f"{_item(loc, key)} đang để trống.", loc, None, False
        return (
            "expected-text",
            f"{_item(loc, key)} phải là một đoạn chữ, không phải {kind_of(value)}.",
            loc,
            None,
            False,
        )
    if kind.startswith("date") or kind.startswith("datetime"):
        return (
            "bad-date",
            f"Ngày '{_shown(value)}' không hợp lệ ở '{key}'.",
            loc,
            _date_hint(value),
            False,
        )
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = re.findall(r"'([^']*)'", expected)
        hint = suggest(str(value), options) if isinstance(value, str) else None
        return (
            "bad-value",
            f"Giá trị '{_shown(value)}' không hợp lệ ở '{key}'.",
            loc,
            (hint + " " if hint else "") + f"Chấp nhận: {', '.join(options)}.",
            False,
        )
    if kind == "string_pattern_mismatch":
        if loc[:1] == ("tasks",) and loc[-1] == "id":
            return (
                "bad-task-id",
                f"Mã nhiệm vụ '{_shown(value)}' không được có dấu cách, ':', '@' hay '#'.",
                loc,
                "Các dấu này dùng để ghi tham chiếu VĂN-BẢN:NHIỆM-VỤ@CƠ-QUAN#KỲ; "
                "ví dụ viết 'II.1' thay cho 'II#1'.",
                False,
            )
        hidden = hidden_chars(value) if isinstance(value, str) else None
        meant = _id_for(value) if isinstance(value, str) and not hidden else None
        return (
            "bad-id",
            f"Mã '{_shown(value)}' không hợp lệ" + (f" ({hidden})." if hidden else "."),
            loc,
            (f"Có phải ý là '{meant}'? " if meant else "")
            + "Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối, ví dụ 'xa-an-khanh'.",
            False,
        )
    if kind == "string_too_short":
        return "empty-value", f"{_item(loc, key)} không được để trống.", loc, None, False
    if kind == "too_short":
        return "empty-list", f"'{key}' cần ít nhất một mục.", loc, None, False
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return (
            "expected-number",
            f"'{key}' phải là một số nguyên, không phải '{_shown(value)}'.",
            loc,
            None,
            False,
        )
    if kind in ("greater_than_equal", "less_than_equal"):
        return (
            "out-of-range",
            f"Giá trị '{_shown(value)}' của '{key}' nằm ngoài khoảng cho phép.",
            loc,
            None,
            False,
        )
    # Not expected with these models; no English pydantic text reaches the clerk either way.
    return "invalid", f"Giá trị '{_shown(value)}' không hợp lệ ở '{key}'.", loc, None, False


def _item(loc: tuple, key: str) -> str:
    """How to name the place: 'tasks', or the 2nd item of 'support'."""
    if loc and isinstance(loc[-1], int):
        return f"Mục thứ {loc[-1] + 1} của '{key}'"
    return f"'{key}'"


def _id_for(text: str) -> str | None:
    """The id a clerk probably meant: 'Xã An Khánh' -> 'xa-an-khanh', 'STC' -> 'stc'."""
    name = file_name_for(text.strip().lower() + ".x")
    ident = name[:-2] if name else None
    return ident if ident and ident != text and re.fullmatch(r"[a-z0-9][a-z0-9-]*", ident) else None


def hidden_chars(text: str) -> str | None:
    """Invisible or look-alike characters that make a key or id differ from what is seen."""
    import unicodedata  # lazy: start-up time

    odd = [c for c in dict.fromkeys(text) if c != " " and unicodedata.category(c) in _HIDDEN]
    if not odd:
        return None
    from .yamlio import char_name  # lazy: start-up time (yaml)

    names = ", ".join(char_name(c) for c in odd)
    return f"có ký tự ẩn: {names}, thường do chép từ Word; hãy xóa rồi gõ lại"


_HIDDEN = {"Zs", "Zl", "Zp", "Cf", "Cc"}


def _date_hint(value) -> str:
    """Suggest the ISO date a clerk probably meant (2025-9-5, 5/9/2025), or say it is not real."""
    import datetime as dt  # lazy: start-up time

    default = "Ghi ngày theo dạng năm-tháng-ngày, đủ hai chữ số, ví dụ 2025-09-05."
    if not isinstance(value, str):
        return default
    text = value.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        year, month, day = (int(g) for g in m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if not m:
            return default
        day, month, year = (int(g) for g in m.groups())
    try:
        meant = dt.date(year, month, day)
    except ValueError:
        return f"Không có ngày {day}/{month}/{year}; kiểm tra lại ngày và tháng."
    return f"Có phải ý là {meant.isoformat()}? {default}"


def kind_of(value) -> str:
    if value is None:
        return "giá trị rỗng"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một ánh xạ"
    return f"'{_shown(value)}'"
