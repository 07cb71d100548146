"""The closed word lists of the data format and their Vietnamese labels. Apart from models.py
so that listings can name a kind of directive without importing pydantic."""

from __future__ import annotations

from typing import Literal

AgencyKind = Literal["so", "nganh", "su-nghiep", "xa", "phuong", "dac-khu", "khac"]
DirectiveKind = Literal[
    "cong-van", "ke-hoach", "ket-luan", "thong-bao", "chi-thi", "quyet-dinh", "nghi-quyet", "khac"
]
UpdateKind = Literal["done", "progress", "extended", "cancelled", "reopened", "started"]
# week, month, quarter, half-year, year, or N-months / N-years ("2-years": hai năm một lần)
EVERY_PATTERN = r"^(?:week|month|quarter|half-year|year|[1-9][0-9]?-(?:months|years))$"

DIRECTIVE_KIND_LABELS: dict[str, str] = {
    "cong-van": "Công văn",
    "ke-hoach": "Kế hoạch",
    "ket-luan": "Kết luận",
    "thong-bao": "Thông báo",
    "chi-thi": "Chỉ thị",
    "quyet-dinh": "Quyết định",
    "nghi-quyet": "Nghị quyết",
    "khac": "Văn bản",
}


def issued_words(day, month_only: bool = False, *, prefix: bool = True) -> str:
    """ "ngày 11/09/2025", or "tháng 9/2025" when only the month of issue is known."""
    if day is None:
        return ""
    if month_only:
        return f"tháng {day.month}/{day.year}"
    text = f"{day.day:02d}/{day.month:02d}/{day.year}"
    return f"ngày {text}" if prefix else text
