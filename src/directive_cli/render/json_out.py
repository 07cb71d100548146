"""JSON: the SPEC's assignment records, fields in order."""

from __future__ import annotations

import json

from ..status import Assignment


def render(items: list[Assignment]) -> str:
    return json.dumps([a.record() for a in items], ensure_ascii=False, indent=2) + "\n"
