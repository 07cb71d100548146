"""How an update reads in Vietnamese, one line: shared by `dtrack diff` and the edit commands."""

from __future__ import annotations

import datetime as dt
from typing import Any

UPDATE_KIND_LABELS: dict[str, str] = {
    "done": "hoàn thành",
    "progress": "báo cáo tiến độ",
    "extended": "gia hạn",
    "cancelled": "dừng thực hiện",
    "reopened": "mở lại",
    "started": "có mốc tính hạn",
}
_LONG = 300


def vn_day(iso: str | None) -> str:
    """ "2025-10-10" as "10/10/2025"."""
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def short(value: Any) -> str:
    """A value in a line: lists joined, long text cut."""
    if value is None:
        return "(không có)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "(không có)"
    text = str(value)
    return text if len(text) <= _LONG else text[: _LONG - 1] + "…"


def due_words(text: str | None, date: str | None) -> str:
    """A deadline as written, with its date when that says more."""
    if not text:
        return "(không có)"
    if date and date != text:
        return f"{text} ({vn_day(date)})"
    return vn_day(date) if date else text


def update_line(u: dict[str, Any]) -> str:
    """ "10/10/2025: Sở Nội vụ (snv) — hoàn thành; văn bản: …" """
    if u["agency"]:
        who = f"{u['agency_name']} ({u['agency']})" if u.get("agency_name") else u["agency"]
    else:
        who = "mọi cơ quan chủ trì"
    what = UPDATE_KIND_LABELS.get(u["kind"], u["kind"])
    if u["kind"] == "extended" and u.get("due"):
        what += f" đến {due_words(u['due'], u.get('due_date'))}"
    text = f"{vn_day(u['date'])}: {who} — {what}"
    if u.get("period"):
        text += f" (kỳ {u['period']})"
    if u.get("ref"):
        text += f"; văn bản: {u['ref']}"
    if u.get("note"):
        text += f"; ghi chú: {short(u['note'])}"
    return text
