"""Calendar feeds (RFC 5545): one VCALENDAR per agency, one all-day VEVENT per open share.

The wording comes from templates/site/calendar.ics.j2, which writes one content line per line
with every value already escaped here; this module then folds the lines at 75 octets (never
inside a UTF-8 sequence) and ends them with CRLF, as the RFC asks. The UID of a share's event
is its reference, which does not change from one build to the next, so a subscribed calendar
updates the event instead of adding a second one. DTSTAMP is T: the same data and T give the
same bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .. import templating
from .build import Calendar

LIMIT = 75  # octets of a content line, CRLF not counted


def text(value: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): backslash, semicolon, comma and newline escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> bytes:
    """One content line, folded: at most 75 octets a line, continuation lines start with a
    space, a multi-byte character never split."""
    raw = line.encode("utf-8")
    if len(raw) <= LIMIT:
        return raw + b"\r\n"
    parts = []
    start, limit = 0, LIMIT
    while len(raw) - start > limit:
        end = start + limit
        while end > start and (raw[end] & 0xC0) == 0x80:  # inside a UTF-8 sequence
            end -= 1
        parts.append(raw[start:end])
        start, limit = end, LIMIT - 1  # the leading space counts
    parts.append(raw[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def render(calendar: Calendar, today: dt.date, issuer: str, user_dir: Path | None) -> bytes:
    events: list[dict[str, Any]] = []
    for e in calendar.events:
        day: dt.date = e["date"]
        events.append(
            {
                "uid": text(e["uid"]),
                "start": day.strftime("%Y%m%d"),
                "end": (day + dt.timedelta(days=1)).strftime("%Y%m%d"),
                "status": e["status"],
                "status_label": text(e["status_label"]),
                "task": text(e["task"]),
                "document": text(e["document"]),
                "due_text": text(e["due_text"]),
                "due": f"{day:%d/%m/%Y}",
                "url": e["url"],  # a URI: not TEXT, not escaped
            }
        )
    context = {
        "name": text(calendar.name),
        "issuer": text(issuer),
        "stamp": today.strftime("%Y%m%dT000000Z"),
        "today": f"{today:%d/%m/%Y}",
        "events": events,
    }
    body = templating.render("site/calendar.ics.j2", context, user_dir)
    return b"".join(fold(line) for line in body.splitlines() if line.strip())
