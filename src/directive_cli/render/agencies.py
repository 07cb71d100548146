"""`dtrack agencies`: the issuer, the agencies in official order, the groups."""

from __future__ import annotations

import csv as _csv
import io
import json as _json

from ..repository import Repository

KIND_LABELS = {
    "so": "Sở, cơ quan cấp tỉnh",
    "nganh": "Ngành",
    "su-nghiep": "Đơn vị sự nghiệp",
    "xa": "Xã",
    "phuong": "Phường",
    "dac-khu": "Đặc khu",
    "khac": "Khác",
}


def _rows(repo: Repository) -> list[dict]:
    return [
        {
            "id": a.id,
            "name": a.name,
            "kind": a.kind,
            "code": a.code,
            "addressee": a.addressee or a.name,
            "groups": [g for g, members in repo.members.items() if a.id in members],
        }
        for a in repo.agencies.values()
    ]


def json(repo: Repository) -> str:
    issuer = repo.issuer
    data = {
        "issuer": {"id": issuer.id, "name": issuer.name, "short": issuer.short},
        "agencies": _rows(repo),
        "groups": [
            {"id": g.id, "name": g.name, "members": list(repo.members.get(g.id, ()))}
            for g in repo.groups.values()
        ],
    }
    return _json.dumps(data, ensure_ascii=False, indent=2)


def csv(repo: Repository) -> str:
    buf = io.StringIO()
    w = _csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "name", "kind", "code", "addressee", "groups"])
    for r in _rows(repo):
        w.writerow(
            [r["id"], r["name"], r["kind"], r["code"] or "", r["addressee"], " ".join(r["groups"])]
        )
    return buf.getvalue()


def markdown(repo: Repository) -> str:
    lines = ["| STT | Mã | Tên | Loại | Mã ĐVHC |", "|---:|---|---|---|---|"]
    for i, a in enumerate(repo.agencies.values(), 1):
        lines.append(f"| {i} | {a.id} | {a.name} | {KIND_LABELS[a.kind]} | {a.code or ''} |")
    lines += ["", "| Nhóm | Tên | Số thành viên |", "|---|---|---:|"]
    for g in repo.groups.values():
        lines.append(f"| {g.id} | {g.name} | {len(repo.members.get(g.id, ()))} |")
    return "\n".join(lines)


def table(repo: Repository, console) -> None:
    from rich.table import Table  # lazy: start-up time

    issuer = repo.issuer
    console.print(f"Cơ quan ban hành: {issuer.name} ({issuer.id})")
    t = Table(title="Các cơ quan (theo thứ tự chính thức)", header_style="bold")
    for col in ("STT", "Mã", "Tên", "Loại", "Mã ĐVHC"):
        t.add_column(col)
    for i, a in enumerate(repo.agencies.values(), 1):
        t.add_row(str(i), a.id, a.name, KIND_LABELS[a.kind], a.code or "")
    console.print(t)
    g = Table(title="Các nhóm", header_style="bold")
    for col in ("Mã nhóm", "Tên", "Số thành viên", "Thành viên"):
        g.add_column(col, overflow="fold")
    for grp in repo.groups.values():
        members = repo.members.get(grp.id, ())
        shown = ", ".join(members[:5]) + (f", … (+{len(members) - 5})" if len(members) > 5 else "")
        g.add_row(grp.id, grp.name, str(len(members)), shown)
    console.print(g)
    console.print(f"Tổng cộng: {len(repo.agencies)} cơ quan, {len(repo.groups)} nhóm.")
