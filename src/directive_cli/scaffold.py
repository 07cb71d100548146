"""`dtrack new ID`: a directive file to fill in, with the fields given and a commented task sketch.

The file is valid as written once it has a subject (a directive may have no tasks yet), so the
rest of the data keeps working while the clerk transcribes. The task sketch is commented out and
has no `updates:` key: the first `dtrack done` then adds lines only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import os_error_text
from .errors import EditError
from .files import create_exclusive
from .loading.load import load_files
from .repository import AGENCIES_FILE, DIRECTIVE_ID, DIRECTIVES_DIR
from .vocabulary import DirectiveKind
from .yamledit import scalar

KINDS: tuple[str, ...] = DirectiveKind.__args__  # type: ignore[attr-defined]
SCHEMA_DIR = "schema"
SCHEMA_FILE = "directive.schema.json"


@dataclass
class Fields:
    number: str | None = None
    kind: str | None = None
    issued: dt.date | None = None
    subject: str | None = None
    signer: str | None = None


def _line(key: str, value: str | None, comment: str, example: str) -> str:
    """`key: value   # comment`, or the commented-out example line when there is no value."""
    text = f"{key}: {scalar(value)}" if value else f"# {key}: {example}"
    return f"{text:<30}# {comment}" if len(text) < 30 else f"{text}  # {comment}"


def render(ident: str, fields: Fields, schema_ref: str) -> str:
    kinds = " | ".join(KINDS)
    issued = fields.issued.isoformat() if fields.issued else None
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        f"# Văn bản {ident}: điền các trường còn thiếu (bỏ dấu '# ' ở đầu dòng), rồi các nhiệm vụ",
        "# theo khuôn mẫu ở cuối tệp. Kiểm tra bằng lệnh: dtrack check",
        _line("number", fields.number, "số, ký hiệu; bỏ trống nếu là dự thảo", "1958/UBND-NC"),
        f"kind: {fields.kind or 'cong-van':<24}# {kinds}",
        _line("issued", issued, "ngày ban hành (năm-tháng-ngày)", "2025-09-11"),
        _line("signer", fields.signer, "người ký", "Phạm Hoàng Sơn"),
        _line("signer_title", None, "chức vụ người ký", "Chủ tịch"),
    ]
    if fields.subject:
        lines.append(f"subject: {scalar(fields.subject)}")
    else:
        lines.append(f"{'subject:':<30}# trích yếu: bắt buộc, điền sau dấu ':'")
    lines += [
        _line("recipients", None, "kính gửi: mã cơ quan hoặc nhóm", "[so-ban-nganh, xa-phuong]"),
        "",
        "# Mỗi nhiệm vụ một khối '- id: …'; chép khối mẫu cho từng nhiệm vụ, bỏ dấu '# ' đầu dòng.",
        "# Tiến độ (hoàn thành, gia hạn…) ghi bằng: dtrack done / dtrack extend …",
        "# tasks:",
        '#   - id: "1"                   # số hiệu trong văn bản, ví dụ "3.2" (trong dấu nháy)',
        "#     title: …                  # nội dung nhiệm vụ",
        "#     lead: snv                 # chủ trì: một mã, danh sách [snv, stc], hoặc mã nhóm",
        "#     support: [stc]            # phối hợp (nếu có)",
        "#     due: trước ngày 30/9/2025 # thời hạn: ngày hoặc cụm từ; thử: dtrack deadline '…'",
        "#     source: Mục 1             # vị trí trong văn bản (nếu có)",
        "#     note: …                   # ghi chú (nếu có)",
    ]
    return "\n".join(lines) + "\n"


def _existing(directives: Path, ident: str) -> Path | None:
    if not directives.is_dir():
        return None
    for suffix in (".yaml", ".yml"):
        for path in directives.rglob(ident + suffix):
            return path
    return None


def id_problem(ident: str) -> str | None:
    if DIRECTIVE_ID.match(ident) and not ident.endswith((".yaml", ".yml")):
        return None
    return (
        f"Mã văn bản '{ident}' không dùng được làm tên tệp: dùng chữ không dấu, chữ số, dấu "
        "chấm và gạch nối, không có đuôi .yaml; ví dụ 2025-1958-UBND-NC."
    )


def create(data: Path, ident: str, fields: Fields) -> Path:
    """Write data/directives/ID.yaml; refuse (EditError) if that directive exists already."""
    problem = id_problem(ident)
    if problem:
        raise EditError(problem)
    if not data.is_dir():
        raise EditError(f"Không tìm thấy thư mục dữ liệu '{data}'.")
    directives = data / DIRECTIVES_DIR
    found = _existing(directives, ident)
    if found is not None:
        raise EditError(f"Văn bản '{ident}' đã có: {found}. Không ghi đè.")
    target = directives / f"{ident}.yaml"
    schema_ref = os.path.relpath(data / SCHEMA_DIR / SCHEMA_FILE, target.parent).replace("\\", "/")
    text = render(ident, fields, schema_ref)
    try:
        directives.mkdir(parents=True, exist_ok=True)
        create_exclusive(target, text.encode("utf-8"))
    except FileExistsError:
        raise EditError(f"Văn bản '{ident}' đã có: {target}. Không ghi đè.") from None
    except OSError as exc:
        raise EditError(f"Không tạo được tệp '{target}': {os_error_text(exc)}.") from None
    return target


def follow_up(data: Path, path: Path) -> list[str]:
    """What the clerk should do next: what the new file still lacks, and the editor schema."""
    from .diagnostics import format_text  # lazy: start-up time

    out: list[str] = []
    files = {path.relative_to(data).as_posix(): path.read_bytes()}
    with contextlib.suppress(OSError):
        files[AGENCIES_FILE] = (data / AGENCIES_FILE).read_bytes()
    rel = path.relative_to(data).as_posix()
    shown = str(path)
    label = shown[: -len(rel)] if shown.endswith(rel) else ""
    repo = load_files(files, label=label)
    problems = [d for d in repo.diagnostics if d.file == label + rel]
    if problems:
        errors = any(d.severity == "error" for d in problems)
        out.append("Tệp chưa hợp lệ cho đến khi điền đủ:" if errors else "Tệp còn cần điền:")
        out += ["  " + line for line in format_text(problems).splitlines()]
    out.append(
        "Tiếp theo: điền các nhiệm vụ theo khuôn mẫu trong tệp, rồi chạy 'dtrack check' "
        "và xem lại bằng 'git diff' trước khi commit."
    )
    schema = data / SCHEMA_DIR / SCHEMA_FILE
    if not schema.is_file():
        out.append(
            "Để VS Code gợi ý và kiểm tra khi gõ, tạo tệp schema một lần: "
            f"dtrack schema --out {schema}"
        )
    return out
