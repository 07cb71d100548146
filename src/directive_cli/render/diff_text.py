"""`dtrack diff` as Vietnamese text (and JSON): changes by meaning, per directive and task."""

from __future__ import annotations

import json

from ..diagnostics import format_text
from ..gitdiff import DirectiveDiff, FieldChange, RepoDiff, TaskDiff
from ..vocabulary import DIRECTIVE_KIND_LABELS
from ..wording import due_words as _due
from ..wording import short as _short
from ..wording import update_line
from ..wording import vn_day as _d

FIELD_LABELS = {
    "number": "Số, ký hiệu",
    "kind": "Loại văn bản",
    "issued": "Ngày ban hành",
    "issuer": "Cơ quan ban hành",
    "signer": "Người ký",
    "signer_title": "Chức vụ người ký",
    "subject": "Trích yếu",
    "recipients": "Kính gửi",
    "title": "Nội dung",
    "lead": "Chủ trì",
    "support": "Phối hợp",
    "due": "Thời hạn",
    "repeat": "Định kỳ",
    "report_to": "Báo cáo cho",
    "source": "Vị trí trong văn bản",
    "note": "Ghi chú",
    "holidays": "Ngày nghỉ riêng",
    "workdays": "Ngày làm bù riêng",
}


def names(*repos) -> dict[str, str]:
    """The groups' and agencies' names of both sides (the newer side's where they differ):
    an agency removed or renamed is still named."""
    found: dict[str, str] = {}
    for repo in repos:
        found.update({k: v.name for k, v in repo.groups.items()})
        found.update({k: v.name for k, v in repo.agencies.items()})
    return found


def _named(ids: list[str], names: dict[str, str]) -> str:
    """ "Sở Tài chính (stc)"; a lead with its own detail ("vp-ubnd: …") is named by its id."""
    out = []
    for i in ids:
        ident = i.split(":", 1)[0]
        out.append(f"{names[ident]} ({ident})" if ident in names else ident)
    return ", ".join(out)


def _field_line(ch: FieldChange, names: dict[str, str]) -> str:
    label = FIELD_LABELS.get(ch.field, ch.field)
    if ch.field == "due":
        return f"{label}: {_due(ch.old, ch.old_date)} → {_due(ch.new, ch.new_date)}"
    line = f"{label}: {_short(ch.old)} → {_short(ch.new)}"
    extra = []
    if ch.added:
        extra.append("thêm: " + _named(ch.added, names))
    if ch.removed:
        extra.append("bỏ: " + _named(ch.removed, names))
    if extra and ch.field in ("lead", "support", "recipients"):
        line += " (" + "; ".join(extra) + ")"
    return line


def _heading(d: DirectiveDiff) -> str:
    kind = DIRECTIVE_KIND_LABELS.get(d.kind or "", "Văn bản")
    text = f"{kind} số {d.number}" if d.number else f"{kind} (chưa có số)"
    if d.issued:
        text += f" ngày {_d(d.issued)}"
    return text


def _task_summary(t: TaskDiff) -> str:
    text = f"{t.id}: {t.title}"
    if t.lead:
        text += f"; chủ trì: {', '.join(t.lead)}"
    if t.due:
        text += f"; thời hạn: {_due(t.due, t.due_date)}"
    return text


def _task_lines(t: TaskDiff, names: dict[str, str]) -> list[str]:
    if t.change == "added":
        out = [f"  + Nhiệm vụ mới {_task_summary(t)}"]
        out += [f"      đã có cập nhật: {update_line(u)}" for u in t.updates_added]
        return out
    if t.change == "removed":
        return [f"  - Đã xóa nhiệm vụ {_task_summary(t)}"]
    out = [f"  Nhiệm vụ {t.id}: {t.title}"]
    out += [f"    ~ {_field_line(ch, names)}" for ch in t.fields]
    out += [f"    + Ghi nhận {update_line(u)}" for u in t.updates_added]
    out += [
        f"    - Xóa ghi nhận {update_line(u)} (sửa lịch sử: cần kiểm tra)"
        for u in t.updates_removed
    ]
    return out


def _directive_lines(d: DirectiveDiff, names: dict[str, str]) -> list[str]:
    if d.change == "unreadable":
        return [f"! Văn bản {d.id}: tệp ở {d.note} có lỗi (xem trên), không so sánh được nội dung."]
    if d.change == "added":
        about = f" — {d.subject}" if d.subject else ""
        out = [f"+ Văn bản mới {d.id}: {_heading(d)}{about} ({d.task_count} nhiệm vụ)"]
    elif d.change == "removed":
        about = f" — {d.subject}" if d.subject else ""
        return [f"- Đã xóa văn bản {d.id}: {_heading(d)}{about} ({d.task_count} nhiệm vụ)"]
    else:
        out = [f"Văn bản {d.id}: {_heading(d)}"]
        out += [f"  ~ {_field_line(ch, names)}" for ch in d.fields]
    for t in d.tasks:
        out += _task_lines(t, names)
    return out


def _agency_line(ch: FieldChange, names: dict[str, str]) -> str:
    kind, _, rest = ch.field.partition(":")
    if kind in ("agency", "group"):
        what = "Cơ quan" if kind == "agency" else "Nhóm"
        ident, _, attr = rest.partition(".")
        if not attr:
            if ch.old is None:
                return f"+ {what} mới {ident}: {ch.new}"
            return f"- Đã xóa {what.lower()} {ident}: {ch.old}"
        if attr == "members":
            parts = []
            if ch.added:
                parts.append("thêm: " + _named(ch.added, names))
            if ch.removed:
                parts.append("bỏ: " + _named(ch.removed, names))
            return f"~ Thành viên nhóm {ident}: " + "; ".join(parts)
        return f"~ {what} {ident}, {attr}: {_short(ch.old)} → {_short(ch.new)}"
    if ch.field.startswith("issuer."):
        return f"~ Cơ quan ban hành, {ch.field[7:]}: {_short(ch.old)} → {_short(ch.new)}"
    return "~ " + _field_line(ch, names)


def render_text(diff: RepoDiff, names: dict[str, str]) -> str:
    where = f" ({diff.data})" if diff.data else ""
    out = [f"Thay đổi dữ liệu từ {diff.old} đến {diff.new}{where}:"]
    for label in diff.missing:
        out.append(f"(Ở {label} chưa có thư mục dữ liệu này.)")
    for label, problems in ((diff.old, diff.problems_old), (diff.new, diff.problems_new)):
        if problems:
            out.append("")
            out.append(f"Lưu ý: dữ liệu ở {label} có {len(problems)} lỗi:")
            out += ["  " + line for line in format_text(problems).splitlines()]
    if diff.agencies:
        out.append("")
        out.append("Cơ quan, nhóm, lịch (agencies.yaml):")
        out += ["  " + _agency_line(ch, names) for ch in diff.agencies]
    for d in diff.directives:
        out.append("")
        out += _directive_lines(d, names)
    if diff.layout_only:
        out.append("")
        out.append(
            "Chỉ đổi cách trình bày hoặc chú thích, nội dung không đổi: "
            + ", ".join(diff.layout_only)
        )
    out.append("")
    if diff.empty:
        out.append(f"Không có thay đổi nào về nội dung giữa {diff.old} và {diff.new}.")
    else:
        c = diff.counts()
        parts = []
        for key, label in (
            ("directives_added", "văn bản mới"),
            ("directives_removed", "văn bản bị xóa"),
            ("directives_changed", "văn bản có thay đổi"),
            ("directives_unreadable", "văn bản không so sánh được vì tệp có lỗi"),
            ("tasks_added", "nhiệm vụ mới"),
            ("tasks_removed", "nhiệm vụ bị xóa"),
            ("tasks_changed", "nhiệm vụ có thay đổi"),
            ("updates_added", "cập nhật được ghi"),
            ("updates_removed", "cập nhật bị xóa"),
        ):
            if c[key]:
                parts.append(f"{c[key]} {label}")
        if diff.agencies:
            parts.append(f"{len(diff.agencies)} thay đổi về cơ quan, nhóm, lịch")
        out.append("Tổng cộng: " + ", ".join(parts) + ".")
    return "\n".join(out) + "\n"


def render_json(diff: RepoDiff) -> str:
    return json.dumps(diff.as_dict(), ensure_ascii=False, indent=2) + "\n"
