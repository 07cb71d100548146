"""The records a clerk writes: agencies.yaml and one file per directive.

Field descriptions are Vietnamese: they become the JSON Schema editors show (`dtrack schema`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from ..vocabulary import EVERY_PATTERN, AgencyKind, DirectiveKind, UpdateKind

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Text = Annotated[str, StringConstraints(min_length=1)]


def _one_or_many(value: Any) -> Any:
    """`lead: snv` means `lead: [snv]`: a clerk writes the short form for one agency."""
    if isinstance(value, str):
        return [value]
    return value


def _lead_items(value: Any) -> Any:
    value = _one_or_many(value)
    if isinstance(value, list):
        return [{"agency": v} if isinstance(v, str) else v for v in value]
    return value


class Record(BaseModel):
    # Unknown keys are errors: a typo like `dead-line:` must not silently drop a deadline.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class Signer(Record):
    authority: str | None = Field(None, description="Quyền hạn ký, ví dụ: KT. CHỦ TỊCH")
    title: Text = Field(description="Chức vụ người ký, ví dụ: PHÓ CHỦ TỊCH")
    name: Text = Field(description="Họ và tên người ký")
    placeholder: bool = Field(
        False, description="true: tên mẫu, chưa phải người ký thật (dtrack remind cảnh báo)"
    )


class LetterDefaults(Record):
    code: Text = Field("UBND", description="Ký hiệu công văn: Số: …/UBND-NC")
    via: str | None = Field(None, description="Cơ quan đầu mối nhận báo cáo (qua …)")
    signer: Signer | None = Field(None, description="Người ký công văn đôn đốc")
    cc: list[Text] = Field(default_factory=list, description="Nơi nhận để biết")
    archive: Text = Field("VT", description="Lưu: VT, …")
    reply_days: int = Field(5, ge=0, le=60, description="Số ngày làm việc để báo cáo")


class Issuer(Record):
    id: Id = Field(description="Mã cơ quan ban hành")
    name: Text = Field(description="Tên đầy đủ, ví dụ: Ủy ban nhân dân tỉnh Thái Nguyên")
    short: Text = Field(description="Tên viết tắt, ví dụ: UBND tỉnh")
    parent: str | None = Field(None, description="Cơ quan chủ quản (nếu có)")
    place: Text = Field(description="Địa danh ghi ở ngày tháng văn bản")
    letter: LetterDefaults = Field(default_factory=LetterDefaults)


class Agency(Record):
    id: Id = Field(description="Mã cơ quan: chữ thường không dấu, số, gạch nối")
    name: Text = Field(description="Tên cơ quan")
    kind: AgencyKind = Field(description="Loại: so, nganh, su-nghiep, xa, phuong, dac-khu, khac")
    code: str | None = Field(None, description="Mã đơn vị hành chính (nếu có)")
    addressee: str | None = Field(None, description="Dòng 'Kính gửi' (mặc định: tên)")


class Group(Record):
    id: Id = Field(description="Mã nhóm")
    name: Text = Field(description="Tên nhóm, ví dụ: UBND các xã, phường")
    members: list[Id] | None = Field(None, description="Danh sách mã cơ quan")
    kinds: list[AgencyKind] | None = Field(None, description="Mọi cơ quan thuộc các loại này")


class AgencyFile(Record):
    issuer: Issuer
    agencies: list[Agency] = Field(min_length=1)
    groups: list[Group] = Field(default_factory=list)
    holidays: list[dt.date] = Field(
        default_factory=list, description="Ngày nghỉ riêng của địa phương"
    )
    workdays: list[dt.date] = Field(default_factory=list, description="Ngày làm bù (thứ Bảy) riêng")


class Lead(Record):
    agency: Id = Field(description="Mã cơ quan hoặc nhóm chủ trì")
    detail: str | None = Field(None, description="Nội dung riêng giao cho cơ quan này")


class Repeat(Record):
    model_config = ConfigDict(extra="forbid")
    every: Annotated[str, StringConstraints(pattern=EVERY_PATTERN)] = Field(
        description="Chu kỳ: week, month, quarter, half-year, year, hoặc N-months, N-years "
        "(ví dụ 2-years: hai năm một lần)"
    )
    start: str = Field(alias="from", description="Kỳ đầu tiên, ví dụ 2025-10")
    until: str | None = Field(None, description="Kỳ cuối cùng (nếu có)")


class Update(Record):
    date: dt.date = Field(description="Ngày xảy ra (YYYY-MM-DD)")
    kind: UpdateKind = Field(
        description="done, progress, extended, cancelled, reopened, started (ngày của mốc "
        "tính hạn, cho thời hạn tính từ một sự kiện)"
    )
    agency: Id | None = Field(
        None, description="Cơ quan liên quan; bỏ trống là mọi cơ quan chủ trì"
    )
    period: str | None = Field(None, description="Kỳ báo cáo (nhiệm vụ định kỳ)")
    due: str | None = Field(None, description="Thời hạn mới (khi gia hạn)")
    ref: str | None = Field(None, description="Văn bản báo cáo hoặc quyết định")
    note: str | None = Field(None, description="Ghi chú")


class Task(Record):
    # ':', '@' and '#' separate the parts of a reference (DIRECTIVE:TASK@AGENCY#PERIOD).
    id: Annotated[str, StringConstraints(min_length=1, pattern=r"^[^:@#\s]+$")] = Field(
        description='Số hiệu nhiệm vụ, ví dụ "3.2"; không có dấu cách, ":", "@", "#"'
    )
    title: Text = Field(description="Nội dung nhiệm vụ")
    lead: Annotated[list[Lead], BeforeValidator(_lead_items)] = Field(
        min_length=1, description="Cơ quan chủ trì: một mã, danh sách mã, hoặc {agency, detail}"
    )
    support: Annotated[list[Id], BeforeValidator(_one_or_many)] = Field(
        default_factory=list, description="Cơ quan phối hợp"
    )
    due: str | None = Field(
        None, description="Thời hạn: ngày hoặc cụm từ, ví dụ 'trước ngày 20/9/2025'"
    )
    repeat: Repeat | None = Field(None, description="Nhiệm vụ định kỳ")
    report_to: str | None = Field(None, description="Báo cáo kết quả cho ai")
    source: str | None = Field(None, description="Vị trí trong văn bản, ví dụ 'Mục 3'")
    note: str | None = Field(None, description="Ghi chú")
    updates: list[Update] = Field(default_factory=list, description="Diễn biến, cũ trước mới sau")


class Directive(Record):
    number: str | None = Field(
        None, description="Số, ký hiệu, ví dụ 1958/UBND-NC (bỏ trống nếu là dự thảo)"
    )
    kind: DirectiveKind = Field("cong-van", description="Loại văn bản")
    issued: dt.date | None = Field(None, description="Ngày ban hành (YYYY-MM-DD)")
    issuer: Id | None = Field(
        None, description="Cơ quan ban hành (mặc định: issuer trong agencies.yaml)"
    )
    signer: str | None = Field(None, description="Người ký")
    signer_title: str | None = Field(None, description="Chức vụ người ký")
    subject: Text = Field(description="Trích yếu nội dung")
    recipients: Annotated[list[Id], BeforeValidator(_one_or_many)] = Field(
        default_factory=list, description="Kính gửi"
    )
    tasks: list[Task] = Field(default_factory=list, description="Các nhiệm vụ được giao")
