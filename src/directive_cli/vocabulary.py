"""The closed word lists of the data format and their Vietnamese labels. Apart from models.py
so that listings can name a kind of directive without importing pydantic."""

from __future__ import annotations

from typing import Literal

AgencyKind = Literal["so", "nganh", "su-nghiep", "xa", "phuong", "dac-khu", "khac"]
DirectiveKind = Literal[
    "cong-van", "ke-hoach", "ket-luan", "thong-bao", "chi-thi", "quyet-dinh", "nghi-quyet", "khac"
]
UpdateKind = Literal["done", "progress", "extended", "cancelled", "reopened"]
Every = Literal["month", "quarter", "half-year", "year"]

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
