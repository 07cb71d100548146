"""How `dtrack deadline` says it read a phrase (deadlines.describe's record) on the terminal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..workdays import WEEKDAY_NAMES

KIND_LABELS = {
    "date": "ngày cụ thể",
    "ongoing": "thường xuyên (không có hạn)",
    "no_deadline": "chưa có thời hạn",
    "conditional": "theo điều kiện (giữ nguyên cụm từ, liệt kê riêng)",
    "event": "tính từ một sự kiện (chờ ngày của sự kiện)",
    "recurring": "định kỳ",
}


def text(info: dict[str, Any]) -> str:
    lines = [f"Cụm từ: {info['phrase']}"]
    if info["due"]:
        d = dt.date.fromisoformat(info["due"])
        first = " (kỳ đầu)" if info["kind"] == "recurring" else ""
        lines.append(f"Hạn: {d:%d/%m/%Y} ({WEEKDAY_NAMES[d.weekday()]}){first}")
    if info.get("start"):
        lines.append(f"Bắt đầu: {dt.date.fromisoformat(info['start']):%d/%m/%Y}")
    lines.append(f"Loại: {KIND_LABELS[info['kind']]}" + ("; khẩn trương" if info["urgent"] else ""))
    lines.append(f"Cách đọc: {info['how']}")
    return "\n".join(lines)
