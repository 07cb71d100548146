"""The directives without a date of issue (drafts, not in force), as the commands show them:
the note under every report and `dtrack list --drafts`."""

from __future__ import annotations

from collections.abc import Iterable

from ..repository import Repository
from ..vocabulary import DIRECTIVE_KIND_LABELS


def note(repo: Repository, directives: Iterable[str] | None = None) -> str | None:
    """The line under a report naming the drafts it left out (of `directives`, when given),
    or None when there are none."""
    wanted = None if directives is None else set(directives)
    drafts = [
        ld.id
        for ld in repo.directives
        if ld.issued_ordinal is None and (wanted is None or ld.id in wanted)
    ]
    if not drafts:
        return None
    return (
        f"Ghi chú: {len(drafts)} văn bản chưa có ngày ban hành, không tính "
        f"({', '.join(drafts)}); xem bằng 'dtrack list --drafts'."
    )


def rows(repo: Repository) -> list[dict]:
    """The drafts as records (`list --drafts -f json`)."""
    return [
        {
            "id": ld.id,
            "number": ld.number,
            "kind": ld.kind,
            "subject": ld.subject,
            "tasks": ld.task_count,
            "file": ld.file,
        }
        for ld in repo.directives
        if ld.issued_ordinal is None
    ]


def text(records: list[dict]) -> str:
    """The drafts as lines for the terminal."""
    if not records:
        return "Không có văn bản nào chưa có ngày ban hành."
    lines = [f"Văn bản chưa có ngày ban hành (dự thảo, không tính): {len(records)}"]
    for i, r in enumerate(records, 1):
        number = f"số {r['number']}" if r["number"] else "chưa có số"
        kind = DIRECTIVE_KIND_LABELS[r["kind"]]
        lines.append(f"{i}. {r['id']} — {kind} {number}, {r['tasks']} nhiệm vụ — tệp {r['file']}")
        if r["subject"]:
            lines.append(f"   V/v {r['subject']}")
    return "\n".join(lines)
