"""The records a clerk writes: agencies.yaml and one file per directive.

Field descriptions are Vietnamese: they become the JSON Schema editors show (`dtrack schema`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    model_validator,
)

from ..diagnostics import SALVAGED
from ..vocabulary import EVERY_PATTERN, AgencyKind, DirectiveKind, UpdateKind

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Text = Annotated[str, StringConstraints(min_length=1)]
# A reference to an agency or group: its id, or its exact name or short name (validate.py
# turns a name into the id, so the rest of dtrack only ever sees ids).
AgencyRef = Annotated[str, StringConstraints(min_length=1)]


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


# A day as clerks write it (03/11/2025, 3.11.2025): accepted in files as on the command line.
_VN_DAY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
# A directive whose day of issue is not known, only its month.
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _vn_day(value: Any) -> Any:
    if isinstance(value, str):
        m = _VN_DAY.match(value.strip())
        if m:
            try:  # an impossible day (31/11/2025) is reported as the clerk wrote it
                return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
            except ValueError:
                pass
    return value


Day = Annotated[dt.date, BeforeValidator(_vn_day)]


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
    short: str | None = Field(None, description="Tên viết tắt (dùng được thay cho mã)")


class Group(Record):
    id: Id = Field(description="Mã nhóm")
    name: Text = Field(description="Tên nhóm, ví dụ: UBND các xã, phường")
    members: list[AgencyRef] | None = Field(None, description="Danh sách mã (hoặc tên) cơ quan")
    kinds: list[AgencyKind] | None = Field(None, description="Mọi cơ quan thuộc các loại này")
    short: str | None = Field(None, description="Tên viết tắt (dùng được thay cho mã)")


class AgencyFile(Record):
    issuer: Issuer
    agencies: list[Agency] = Field(min_length=1)
    groups: list[Group] = Field(default_factory=list)
    holidays: list[Day] = Field(default_factory=list, description="Ngày nghỉ riêng của địa phương")
    workdays: list[Day] = Field(default_factory=list, description="Ngày làm bù (thứ Bảy) riêng")


class Lead(Record):
    agency: AgencyRef = Field(description="Mã (hoặc tên) cơ quan hoặc nhóm chủ trì")
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
    date: Day = Field(description="Ngày xảy ra (YYYY-MM-DD)")
    kind: UpdateKind = Field(
        description="done, progress, extended, cancelled, reopened, started (ngày của mốc "
        "tính hạn, cho thời hạn tính từ một sự kiện)"
    )
    agency: AgencyRef | None = Field(
        None, description="Cơ quan liên quan (mã hoặc tên); bỏ trống là mọi cơ quan chủ trì"
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
    support: Annotated[list[AgencyRef], BeforeValidator(_one_or_many)] = Field(
        default_factory=list, description="Cơ quan phối hợp (mã hoặc tên)"
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
    issued: Day | None = Field(
        None,
        description="Ngày ban hành (YYYY-MM-DD); chỉ biết tháng thì ghi YYYY-MM; "
        "bỏ trống nếu là dự thảo (không theo dõi)",
    )
    issuer: Id | None = Field(
        None, description="Cơ quan ban hành (mặc định: issuer trong agencies.yaml)"
    )
    signer: str | None = Field(None, description="Người ký")
    signer_title: str | None = Field(None, description="Chức vụ người ký")
    subject: Text | None = Field(
        None, description="Trích yếu nội dung (bỏ trống nếu văn bản không ghi trích yếu)"
    )
    recipients: Annotated[list[AgencyRef], BeforeValidator(_one_or_many)] = Field(
        default_factory=list, description="Kính gửi (mã hoặc tên)"
    )
    tasks: list[Task] = Field(default_factory=list, description="Các nhiệm vụ được giao")

    # `issued: 2025-09`: only the month is known. It counts from the month's first day
    # (docs/format.md); `issued` holds that day and this flag says it is a month.
    _issued_month: bool = PrivateAttr(False)

    @model_validator(mode="wrap")
    @classmethod
    def _month_of_issue(cls, data: Any, handler: Any) -> Any:
        month = None
        if isinstance(data, dict) and isinstance(data.get("issued"), str):
            month = _MONTH.match(data["issued"].strip())
            if month and 1 <= int(month[2]) <= 12:
                data = {**data, "issued": f"{month[1]}-{int(month[2]):02d}-01"}
        record = handler(data)
        if month:
            record._issued_month = True
        return record

    @property
    def issued_month(self) -> bool:
        return self._issued_month


def salvage_directive(data: Any) -> tuple[Directive | None, set[str]]:
    """What of a directive file's `data` validates, for the cross-file checks of a file whose
    structure has errors (already reported), so that one run of `check` shows every problem
    that can be known: the top-level values that validate, each task that validates (its
    optional keys that do not, left out; a lead that does not, its items that do, the others
    as stand-ins), and in place of a task that cannot, a placeholder with no lead (paths stay
    right). Also the top-level keys left out."""
    from pydantic import ValidationError

    if not isinstance(data, dict):
        return None, set()
    top = {k: v for k, v in data.items() if k in Directive.model_fields}
    tasks = top.pop("tasks", None)
    dropped: set[str] = set()
    for _ in range(len(top) + 1):
        try:
            record = Directive.model_validate({**top, "tasks": []})
            break
        except ValidationError as exc:
            keys = {e["loc"][0] for e in exc.errors() if e["loc"]} & set(top)
            if not keys:
                return None, dropped
            for key in keys:
                top.pop(key)
            dropped |= keys
    else:
        return None, dropped
    out = []
    for i, task in enumerate(tasks if isinstance(tasks, list) else []):
        task = dict(task) if isinstance(task, dict) else {}
        task = {k: v for k, v in task.items() if k in Task.model_fields}  # unknown keys: reported
        # for the checks of the rest
        stand_in = {"id": f"{SALVAGED}{i}", "title": "…", "lead": [{"agency": SALVAGED}]}
        lead = None  # what of a lead that does not validate does
        for _ in range(len(task) + 4):
            try:
                record_task = Task.model_validate(task)
                if lead is not None:
                    record_task.lead = lead
                out.append(record_task)
                break
            except ValidationError as exc:
                keys = {e["loc"][0] for e in exc.errors() if e["loc"]}
                if not keys:
                    out.append(Task.model_construct(id=stand_in["id"], title="", lead=[]))
                    break
                for key in keys:
                    if key == "lead":
                        lead = _salvage_lead(task.get("lead"))
                    if key in stand_in:
                        task[key] = stand_in[key]
                    else:
                        task.pop(key, None)
        else:
            out.append(Task.model_construct(id=stand_in["id"], title="", lead=[]))
    record.tasks = out
    return record, dropped


def _salvage_lead(value: Any) -> list[Lead]:
    """The items of a lead that validate; a stand-in for each that does not, or for the whole
    when it is not a list, so that the rest of its task is checked."""
    from pydantic import ValidationError

    items = _lead_items(value)
    if not isinstance(items, list):
        items = [None]
    out = []
    for item in items:
        try:
            out.append(Lead.model_validate(item))
        except ValidationError:
            out.append(Lead.model_construct(agency=SALVAGED, detail=None))
    return out or [Lead.model_construct(agency=SALVAGED, detail=None)]
