"""The summary as JSON: one object per row with the raw count of every status, total row last."""

from __future__ import annotations

import json

from ..summary import Summary


def render(summary: Summary) -> str:
    records = [row.record() for row in [*summary.rows, summary.total]]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
