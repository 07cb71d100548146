"""Deadlines in a task's text: find the phrase as written, then ask deadlines.py what it means.

Finding is this module's job (which words of a paragraph are its deadline); reading is
deadlines.py's, through `read_due` alone, so that a richer reader there serves the importer as is.
A date in a citation ("Công văn số 1891/UBND-NC ngày 15/08/2025") is not a deadline: a phrase
counts only after a word that sets a time limit ("trước", "chậm nhất", "hoàn thành … trong",
"đến hết ngày").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..deadlines import DeadlineError, parse_deadline, recurring_rule

_DAY = (
    r"\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?"
)
_TIME = r"(?:\d{1,2}\s*(?:h|giờ)\s*(?:\d{2})?(?:\s*phút)?,?\s+)?"
_PERIOD = (
    r"(?:tháng\s+\d{1,2}\s*(?:/|năm)\s*\d{4}|quý\s+[IVX\d]+\s*(?:/|năm)\s*\d{4}"
    r"|6\s+tháng\s+(?:đầu|cuối)\s+năm\s+\d{4}|năm\s+\d{4})"
)
_EDGE = r"(?:đầu|giữa|cuối)\s+"
_PATTERNS = [
    # "trước ngày 20/9/2025", "chậm nhất ngày 05/5/2026", "trước 17h00 ngày 20/9/2025"
    rf"(?:trước|chậm nhất(?:\s+là)?|không muộn hơn|hạn chót|hoàn thành(?:\s+trước)?)\s+{_TIME}"
    rf"(?:ngày\s+)?(?:{_DAY})(?:\s+(?:hằng|hàng)\s+(?:tháng|quý|năm))?",
    # "treo cờ từ ngày 10/5/2026 đến hết ngày 14/5/2026": the end of the period
    rf"(?:đến|tới)\s+hết\s+(?:ngày\s+)?(?:{_DAY})",
    # "trước ngày 15 của tháng cuối quý", "trước ngày 20 hằng tháng"
    r"(?:trước|chậm nhất)\s+ngày\s+\d{1,2}\s+"
    r"(?:của\s+tháng\s+cuối\s+quý|(?:hằng|hàng)\s+(?:tháng|quý|năm))",
    # "hoàn thành trong năm 2025", "thực hiện xong trong tháng 9/2025", "trình … trong quý III/2025"
    rf"(?<=\s)(?:trong|trước|vào|ngay trong)\s+(?:{_EDGE})?{_PERIOD}"
    r"(?=\s*(?:[.;,)]|$))",
    # "trong 15 ngày kể từ ngày ký", "trong vòng 10 ngày làm việc kể từ ngày ban hành"
    r"trong(?:\s+vòng|\s+thời\s+hạn)?\s+\d{1,3}\s+(?:ngày(?:\s+làm\s+việc)?|tuần|tháng)\s+"
    r"kể\s+từ\s+ngày\s+(?:ký|ban\s+hành|nhận)[^\s,.;]*",
]
_FIND = [re.compile(p, re.I) for p in _PATTERNS]
# A month, quarter or year is a deadline only when a completion word comes shortly before it:
# "chỉ tiêu tăng trưởng của địa phương trong năm 2025" is not one.
_DONE_BEFORE = re.compile(
    r"(?:hoàn thành|xong|báo cáo|trình|gửi|ban hành|tổ chức|thực hiện|triển khai)[^.;]{0,25}$",
    re.I,
)


@dataclass(frozen=True)
class DueReading:
    text: str | None  # the phrase as written (or the word kept: "thường xuyên", "khẩn trương")
    due: dt.date | None
    repeat: dict | None  # {"every": …} for a recurring phrase; the clerk adds from/until
    urgent: bool
    problem: str | None  # why the clerk must look (unreadable, recurring, several deadlines)


def find_phrases(text: str) -> list[tuple[int, str]]:
    """Deadline phrases in `text`, with where each starts, in reading order."""
    found: list[tuple[int, int, str]] = []
    for i, rx in enumerate(_FIND):
        for m in rx.finditer(text):
            if i == 3 and not _DONE_BEFORE.search(text[: m.start()]):
                continue
            if any(s <= m.start() < e for s, e, _ in found):
                continue
            phrase = re.sub(r"^hoàn thành\s+(?=trước)", "", m.group(0).strip(), flags=re.I)
            found.append((m.start(), m.end(), phrase))
    found.sort()
    return [(s, t) for s, _, t in found]


def read_due(phrase: str, issued: dt.date | None, calendar=None) -> DueReading:
    """What `phrase` means, by the project's own deadline reader. The one call into it."""
    try:
        d = parse_deadline(phrase, issued, calendar)
    except DeadlineError as exc:
        every = _every(phrase)
        if every is not None:
            try:
                recurring_rule(phrase, every)
            except DeadlineError:
                pass
            else:
                return DueReading(
                    phrase,
                    None,
                    {"every": every},
                    False,
                    "Thời hạn định kỳ: ghi kỳ đầu, kỳ cuối (repeat: from, until).",
                )
        return DueReading(phrase, None, None, False, f"Thời hạn giữ nguyên văn: {exc}")
    return DueReading(d.text, d.due, None, d.urgent, None)


def _every(phrase: str) -> str | None:
    s = phrase.lower()
    if re.search(r"(?:hằng|hàng)\s+tháng", s):
        return "month"
    if re.search(r"(?:hằng|hàng)\s+quý|cuối\s+quý", s):
        return "quarter"
    if re.search(r"(?:hằng|hàng)\s+năm", s):
        return "year"
    return None


_ONGOING = re.compile(r"\b(?:thường xuyên|hằng ngày|hàng ngày)\b", re.I)
_URGENT = re.compile(r"\b(?:khẩn trương|ngay)\b", re.I)


def due_of(text: str, issued: dt.date | None, calendar=None) -> DueReading:
    """The deadline of a task from its whole text: the first phrase that sets one; else
    "thường xuyên" for a standing duty; else "khẩn trương" when the text urges."""
    phrases = find_phrases(text)
    urgent = _URGENT.search(text) is not None
    if phrases:
        reading = read_due(phrases[0][1], issued, calendar)
        others = {p for _, p in phrases[1:] if p != phrases[0][1]}
        problem = reading.problem
        if others and problem is None:
            problem = "Có nhiều thời hạn trong đoạn: " + "; ".join(sorted(others)) + "."
        return DueReading(
            reading.text, reading.due, reading.repeat, reading.urgent or urgent, problem
        )
    if _ONGOING.search(text):
        return DueReading("thường xuyên", None, None, urgent, None)
    if urgent:
        return DueReading("khẩn trương", None, None, True, None)
    return DueReading(None, None, None, False, None)
