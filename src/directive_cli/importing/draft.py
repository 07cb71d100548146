"""A directive read from its text, as data: the draft that emit.py writes as YAML and that
`--format json` prints. Pure: bytes and the agencies in, a Draft out; no file is written here."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..agency_names import ADDRESSEES, INDEFINITE, ISSUER, Ref, Resolver
from ..repository import ascii_fold
from . import extract, header, paragraphs
from .tasks import Reader, Task


@dataclass
class Options:
    ident: str | None = None
    number: str | None = None
    issued: dt.date | None = None
    kind: str | None = None


@dataclass
class Draft:
    ident: str
    source_name: str
    how: str  # "text", "docx", "pdf", "ocr"
    number: str | None
    kind: str
    issued: dt.date | None
    issuer_name: str | None
    subject: str | None
    recipients: list[Ref]
    signer: str | None
    signer_title: str | None
    tasks: list[Task]
    review: list[str] = field(default_factory=list)


def build(
    name: str,
    data: bytes,
    agencies,
    groups,
    issuer=None,
    options: Options | None = None,
    calendar=None,
    ocr_program: str | None = None,
) -> Draft:
    """Read `data` (the file `name`) into a draft. Raises extract.ExtractError when unreadable."""
    opts = options or Options()
    src = extract.read(name, data, ocr_program=ocr_program)
    doc = paragraphs.build(src)
    h = header.read(doc)
    resolver = Resolver(agencies, groups, issuer)
    review = list(h.review)
    if opts.number:
        h.number = opts.number
        review = [m for m in review if not m.startswith("Không thấy số")]
    if opts.issued:
        h.issued = opts.issued
        review = [m for m in review if not m.startswith(("Ngày ban hành", "Không thấy ngày"))]
    recipients: list[Ref] = []
    for line in h.recipients:
        refs, end = resolver.scan(line)
        if refs and end >= len(line.rstrip(" .;")) - 1:
            recipients += [r for r in refs if r.id not in (INDEFINITE, ISSUER, ADDRESSEES)]
        else:
            recipients.append(Ref(None, line))
    for r in recipients:
        if r.id is None:
            review.append(f"Nơi nhận '{r.name}' không có trong agencies.yaml: chọn mã hoặc bỏ.")
    reader = Reader(resolver, h, recipients, h.issued, calendar)
    tasks = reader.read(doc)
    review += reader.annex(doc, tasks)
    table = reader.table_tasks(doc)
    review += _table_ids(table, {t.id for t in tasks})
    tasks += table
    _unique_ids(tasks)
    for t in tasks:
        _mark(t, resolver)
    if not tasks:
        review.append(
            "Không tìm thấy nhiệm vụ nào: văn bản có giao việc không? Nhập tay các nhiệm vụ."
        )
    kind = opts.kind or h.kind or "khac"
    if not (opts.kind or h.kind):
        review.append("Không nhận ra loại văn bản: ghi kind.")
    ident = opts.ident or default_id(h.number, h.issued, h.issued_text, kind, h.subject)
    return Draft(
        ident=ident,
        source_name=name,
        how=src.how,
        number=h.number,
        kind=kind,
        issued=h.issued,
        issuer_name=h.issuer_name,
        subject=h.subject,
        recipients=recipients,
        signer=h.signer,
        signer_title=h.signer_title,
        tasks=tasks,
        review=review,
    )


TABLE_PREFIX = "bang-"


def _table_ids(table: list[Task], taken: set[str]) -> list[str]:
    """A table of tasks numbered 1, 2, … under a body numbered the same way: its rows once
    vanished. Every row keeps its task, under `bang-<STT>` (all of them, so that the table's
    ids stay one series), each marked; the returned note says it once for the whole draft."""
    clash = [t.id for t in table if t.id in taken]
    if not clash:
        return []
    for t in table:
        stt = t.id
        t.id = TABLE_PREFIX + stt
        t.review.append(
            f"Mã '{t.id}' (STT {stt} của bảng nhiệm vụ) là mã tạm, do STT của bảng trùng với "
            "mã nhiệm vụ ở thân văn bản: đặt lại mã nếu cần."
        )
    return [
        f"STT của bảng nhiệm vụ trùng với mã nhiệm vụ ở thân văn bản ({', '.join(clash)}): "
        f"giữ đủ {len(table)} dòng của bảng, ghi mã '{TABLE_PREFIX}' + STT "
        f"({', '.join(t.id for t in table[:3])}{', …' if len(table) > 3 else ''})."
    ]


def _unique_ids(tasks: list[Task]) -> None:
    """Numbering that starts again under headings the reader does not number ("A.", "B.",
    "Phần I"): a second "1" becomes "1-2", marked, so that the draft stays valid."""
    taken = {t.id for t in tasks}
    seen: set[str] = set()
    for t in tasks:
        if t.id in seen:
            n = 2
            while f"{t.id}-{n}" in taken:
                n += 1
            new = f"{t.id}-{n}"
            t.review.append(
                f"Mã nhiệm vụ '{t.id}' trùng với một nhiệm vụ trước: tạm ghi '{new}'; "
                "đặt mã theo số mục của văn bản."
            )
            t.id = new
            taken.add(new)
        seen.add(t.id)


def _mark(t: Task, resolver: Resolver) -> None:
    for x in t.lead:
        if x.ref.id == ISSUER:
            t.review.append(
                f"Chủ trì '{x.ref.name}' là cơ quan ban hành: ghi cơ quan tham mưu thực hiện."
            )
        elif x.ref.id is None:
            t.review.append(
                f"Chủ trì '{x.ref.name}' không có trong agencies.yaml: chọn mã cơ quan."
            )
    outside = [s.name for s in t.support if s.id is None]
    if outside:
        t.review.append(
            "Phối hợp với cơ quan không có trong agencies.yaml (giữ trong ghi chú): "
            + "; ".join(outside)
            + "."
        )
    if t.due.problem:
        t.review.append(t.due.problem)


_KIND_CODE = {
    "cong-van": "CV",
    "ke-hoach": "KH",
    "thong-bao": "TB",
    "chi-thi": "CT",
    "quyet-dinh": "QD",
    "ket-luan": "KL",
    "nghi-quyet": "NQ",
    "khac": "VB",
}


def ascii_slug(text: str, words: int = 6) -> str:
    parts = re.findall(r"[A-Za-z0-9]+", ascii_fold(text))
    return "-".join(p.lower() for p in parts[:words])


def default_id(
    number: str | None,
    issued: dt.date | None,
    issued_text: str | None,
    kind: str,
    subject: str | None,
) -> str:
    """`<year>-<number with / as ->` (the data format's convention), else a descriptive id."""
    year = str(issued.year) if issued else None
    if year is None and issued_text:
        m = re.search(r"năm\s*(\d{4})", issued_text)
        year = m.group(1) if m else None
    if number:
        n = ascii_slug(number.replace("/", " "), 8).upper()
        return f"{year}-{n}" if year else n
    slug = ascii_slug(subject or "", 5) or "van-ban"
    return "-".join(p for p in (year, _KIND_CODE.get(kind, "VB"), slug) if p)


def to_json(d: Draft) -> dict:
    def ref(r: Ref) -> dict:
        return {"id": r.id if r.id and not r.id.startswith("@") else None, "name": r.name}

    return {
        "number": d.number,
        "kind": d.kind,
        "issued": d.issued.isoformat() if d.issued else None,
        "issuer_name": d.issuer_name,
        "subject": d.subject,
        "recipients": [ref(r) for r in d.recipients],
        "signer": d.signer,
        "signer_title": d.signer_title,
        "tasks": [
            {
                "id": t.id,
                "title": t.title,
                "lead": [{**ref(x.ref), "detail": x.detail} for x in t.lead],
                "support": [ref(s) for s in t.support],
                "due_text": t.due.text,
                "due": t.due.due.isoformat() if t.due.due else None,
                "repeat": t.due.repeat,
                "urgent": t.due.urgent,
                "report_to": t.report_to,
                "source": t.source,
                "line": t.line,
                "review": t.review,
            }
            for t in d.tasks
        ],
        "review": d.review,
    }


def json_text(d: Draft) -> str:
    """The draft as JSON (to_json), as `dtrack import --format json` prints or writes it."""
    import json  # lazy: start-up time

    return json.dumps(to_json(d), ensure_ascii=False, indent=2)
