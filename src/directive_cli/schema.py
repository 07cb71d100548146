"""`dtrack schema`: JSON Schema of directive files and of agencies.yaml, for editors.

Made from the pydantic models, so it never drifts from what `dtrack check` accepts; their
Vietnamese field descriptions become the hints an editor shows. A few adjustments make the schema
read the files the way dtrack does rather than the way a generic YAML 1.2 reader does:

- `lead`, `support`, `recipients` take one id or a list (`lead: snv` is `lead: [snv]`);
- text fields also accept what an editor reads as a number (`id: 1`, `code: 05809`): dtrack keeps
  every scalar as the text that was written.

The schema can only check one file at a time: ids of agencies, deadlines phrases and dates against
`issued` are checked by `dtrack check`.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from .reading.models import AgencyFile, Directive

KINDS = ("directive", "agencies")
# Draft-07: what VS Code's YAML extension (yaml-language-server) implements in full.
DRAFT = "http://json-schema.org/draft-07/schema#"
FILE_NAMES = {"directive": "directive.schema.json", "agencies": "agencies.schema.json"}
_ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$"}


def _one_or_many(item: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any]:
    """`key: x` or `key: [x, y]`, keeping the description and list constraints."""
    array = {k: v for k, v in prop.items() if k not in ("description", "title", "default")}
    array["type"] = "array"
    array["items"] = item
    out: dict[str, Any] = {"anyOf": [copy.deepcopy(item), array]}
    for key in ("title", "description", "default"):
        if key in prop:
            out[key] = prop[key]
    return out


def _text_accepts_numbers(node: Any) -> None:
    if isinstance(node, dict):
        if (
            node.get("type") == "string"
            and not {"format", "enum", "const", "pattern"} & node.keys()
        ):
            node["type"] = ["string", "number"]
        for value in node.values():
            _text_accepts_numbers(value)
    elif isinstance(node, list):
        for value in node:
            _text_accepts_numbers(value)


def schema(kind: str = "directive") -> dict[str, Any]:
    """The JSON Schema (draft-07) of one file kind: "directive" or "agencies"."""
    if kind == "directive":
        s = Directive.model_json_schema(by_alias=True)
        title = "Tệp văn bản chỉ đạo của dtrack (data/directives/*.yaml)"
        description = (
            "Một văn bản (công văn, kế hoạch, kết luận…) và các nhiệm vụ được giao. "
            "Kiểm tra đầy đủ (mã cơ quan, thời hạn, ngày) bằng lệnh: dtrack check"
        )
        task = s["$defs"]["Task"]["properties"]
        task["lead"] = _one_or_many({"anyOf": [dict(_ID), {"$ref": "#/$defs/Lead"}]}, task["lead"])
        task["support"] = _one_or_many(dict(_ID), task["support"])
        s["properties"]["recipients"] = _one_or_many(dict(_ID), s["properties"]["recipients"])
        # `id: 1` is text to dtrack; an editor must not flag it (the pattern applies to text).
        task["id"] = {
            "anyOf": [task["id"], {"type": "number"}],
            "description": task["id"].get("description", ""),
        }
        # `issued: 2025-09`: only the month known (docs/format.md).
        issued = s["properties"]["issued"]
        issued["anyOf"].append({"type": "string", "pattern": r"^\d{4}-\d{1,2}$"})
    elif kind == "agencies":
        s = AgencyFile.model_json_schema(by_alias=True)
        title = "Tệp cơ quan của dtrack (data/agencies.yaml)"
        description = "Cơ quan ban hành, các cơ quan (theo thứ tự chính thức) và các nhóm."
    else:
        raise ValueError(kind)
    _text_accepts_numbers(s)
    _clerks_dates(s)
    _drop_titles(s)
    s = _draft7(s)
    out: dict[str, Any] = {"$schema": DRAFT, "title": title, "description": description}
    out.update({k: v for k, v in s.items() if k not in out})
    return out


_VN_DAY = {"type": "string", "pattern": r"^\d{1,2}[/.]\d{1,2}[/.]\d{4}$"}


def _clerks_dates(node: Any) -> None:
    """A date may also be written as clerks do (30/9/2025), in files as on the command line."""
    if isinstance(node, dict):
        for key, value in list(node.items()):
            if isinstance(value, dict) and value.get("format") == "date":
                node[key] = {"anyOf": [value, dict(_VN_DAY)]}
                if "description" in value:
                    node[key]["description"] = value.pop("description")
            else:
                _clerks_dates(value)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, dict) and value.get("format") == "date":
                node[i] = {"anyOf": [value, dict(_VN_DAY)]}
            else:
                _clerks_dates(value)


def _draft7(s: dict[str, Any]) -> dict[str, Any]:
    """Pydantic writes `$defs` (2020-12); draft-07 calls them `definitions`."""
    text = json.dumps(s, ensure_ascii=False).replace('"#/$defs/', '"#/definitions/')
    out = json.loads(text)
    if "$defs" in out:
        out["definitions"] = out.pop("$defs")
    return out


def _drop_titles(node: Any) -> None:
    """Pydantic's titles are the English field names: an editor should show the Vietnamese
    description instead. (A field may itself be called "title": only schema titles go.)"""
    if isinstance(node, dict):
        if isinstance(node.get("title"), str):
            del node["title"]
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for prop in value.values():
                    _drop_titles(prop)
            else:
                _drop_titles(value)
    elif isinstance(node, list):
        for value in node:
            _drop_titles(value)


def render(kind: str = "directive") -> str:
    return json.dumps(schema(kind), ensure_ascii=False, indent=2) + "\n"
