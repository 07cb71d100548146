"""A draft as a directive file in the project's own style, the file written (never over an
existing one), and the terminal summary.

Every line the clerk must look at carries `# KIỂM TRA: …` (an unresolved agency, a guessed task
boundary, a deadline kept as written). A name that agencies.yaml lacks is written as the
directive wrote it, so that `dtrack check` stops on it until the clerk picks an id; everything
else is valid as written.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from ..agency_names import Ref
from ..diagnostics import os_error_text
from ..errors import DtrackError
from ..files import create_exclusive
from .draft import Draft, json_text
from .tasks import Task

WIDTH = 100
HOW = {"text": "văn bản", "docx": "tệp Word", "pdf": "PDF", "ocr": "PDF bản quét, nhận dạng chữ"}
MARK = "# KIỂM TRA:"


class SaveProblem(DtrackError):
    """The draft cannot be written: its file exists (never overwritten), or the folder is not
    writable."""


def _scalar(text: str) -> str:
    # lazy: start-up time (yamledit brings the loader's modules); its rule for plain vs quoted
    from ..yamledit import scalar

    return scalar(text)


def _block(key: str, text: str, indent: int) -> list[str]:
    """`key: value` on one line when it fits, else a folded block (`>-`) wrapped at WIDTH."""
    pad = " " * indent
    one = f"{pad}{key}: {_scalar(text)}"
    if len(one) <= WIDTH:
        return [one]
    body = textwrap.wrap(text, WIDTH - indent - 2, break_long_words=False, break_on_hyphens=False)
    return [f"{pad}{key}: >-"] + [f"{pad}  {line}" for line in body]


def _id_of(r: Ref) -> str:
    return r.id if r.id and not r.id.startswith("@") else _scalar(r.name)


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _comment(line: str, message: str) -> str:
    return f"{line}  {MARK} {message}"


def _list(key: str, ids: list[str], msgs: list[str]) -> list[str]:
    """`key: id` or `key: [a, b]`; a list too long for a line is wrapped inside its brackets,
    and the review note then goes on a line of its own above it."""
    value = ids[0] if len(ids) == 1 else _flow(ids)
    line = f"    {key}: {value}"
    note = " ".join(msgs)
    if len(line) <= WIDTH:
        return [_comment(line, note) if note else line]
    pad = " " * (len(key) + 7)
    body = textwrap.wrap(", ".join(ids), WIDTH - len(pad) - 1, break_on_hyphens=False)
    lines = [f"    {key}: [{body[0]}"] + [pad + b for b in body[1:]]
    lines[-1] += "]"
    return ([f"    {MARK} {note}"] if note else []) + lines


def _task_lines(t: Task) -> list[str]:
    out: list[str] = []
    due_msgs = [m for m in t.review if m == t.due.problem]
    lead_msgs = [
        m for m in t.review if m.startswith(("Chủ trì", "'", "Lấy", "Đoạn không nêu", "Giao cho"))
    ]
    support_msgs = [m for m in t.review if m.startswith("Phối hợp")]
    other = [m for m in t.review if m not in due_msgs + lead_msgs + support_msgs]
    for m in other:
        out.append(f"  {MARK} {m}")
    out.append(f'  - id: "{t.id}"')
    out += _block("title", t.title, 4)
    if any(x.detail for x in t.lead):
        out.append(_comment("    lead:", " ".join(lead_msgs)) if lead_msgs else "    lead:")
        for x in t.lead:
            out.append(f"      - agency: {_id_of(x.ref)}  # {x.ref.name}")
            if x.detail:
                out += _block("detail", x.detail, 8)
    else:
        ids = [_id_of(x.ref) for x in t.lead]
        out += _list("lead", ids, lead_msgs)
    support = [s for s in t.support if s.id]
    if support:
        out += _list("support", [s.id for s in support], support_msgs)
    elif support_msgs:
        out.append(f"    {MARK} {' '.join(support_msgs)}")
    if t.due.text:
        line = f"    due: {_scalar(t.due.text)}"
        out.append(_comment(line, " ".join(due_msgs)) if due_msgs else line)
    if t.due.repeat:
        every = t.due.repeat["every"]
        out.append(
            _comment(f"    repeat: {{every: {every}}}", "ghi from (kỳ đầu), until (kỳ cuối).")
        )
    if t.report_to:
        out.append(f"    report_to: {_scalar(t.report_to)}")
    out.append(f"    source: {_scalar(t.source)}")
    out += _block("note", t.text, 4)
    return out


def render(d: Draft) -> str:
    lines = [
        f"# Nhập từ '{Path(d.source_name).name}' ({HOW[d.how]}) bằng dtrack import.",
        f"# Xem lại mọi dòng có '{MARK}', sửa cho đúng văn bản, rồi chạy: dtrack check",
    ]
    lines += [f"{MARK} {m}" for m in d.review]
    if d.number:
        lines.append(f"number: {_scalar(d.number)}")
    lines.append(f"kind: {d.kind}")
    if d.issued:
        lines.append(f"issued: {d.issued.isoformat()}")
    if d.signer:
        lines.append(f"signer: {_scalar(d.signer)}")
    if d.signer_title:
        lines.append(f"signer_title: {_scalar(d.signer_title)}")
    if d.subject:
        lines += _block("subject", d.subject, 0)
    else:
        lines.append(f"subject: ''  {MARK} điền trích yếu của văn bản.")
    if d.recipients:
        ids = [_id_of(r) for r in d.recipients]
        line = f"recipients: {_flow(ids)}"
        if any(r.id is None for r in d.recipients):
            line = _comment(line, "nơi nhận chưa có trong agencies.yaml.")
        lines.append(line)
    if d.tasks:
        lines.append("tasks:")
        for t in d.tasks:
            lines += _task_lines(t)
    else:
        lines.append("tasks: []")
    return "\n".join(lines) + "\n"


def summary(d: Draft, target: str | None) -> list[str]:
    marked = [t for t in d.tasks if t.review]
    out = []
    if target:
        out.append(f"Đã ghi {target}")
    out.append(
        f"Tìm thấy {len(d.tasks)} nhiệm vụ; {len(marked)} nhiệm vụ cần kiểm tra"
        + (f", và {len(d.review)} điểm chung của văn bản." if d.review else ".")
    )
    for m in d.review:
        out.append(f"  - {m}")
    for t in marked:
        where = f"dòng {t.line}" if t.line else t.source
        out.append(f"  - Nhiệm vụ {t.id} ({t.source}, {where} của văn bản): {' '.join(t.review)}")
    out.append("Xem lại các dòng '# KIỂM TRA:' trong tệp, rồi chạy 'dtrack check'.")
    return out


def save(d: Draft, out: Path, as_json: bool = False) -> None:
    """The draft as the new file `out`, YAML (render) or JSON: written whole under a temporary
    name, then linked in only if `out` does not exist yet."""
    text = json_text(d) + "\n" if as_json else render(d)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        create_exclusive(out, text.encode("utf-8"))
    except FileExistsError:
        raise SaveProblem(
            f"tệp '{out}' đã có: không ghi đè. Chọn tên khác bằng --out hoặc --id."
        ) from None
    except OSError as exc:
        raise SaveProblem(f"không ghi được tệp '{out}': {os_error_text(exc)}.") from None
