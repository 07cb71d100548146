"""`dtrack check`'s last line in text: what it found valid, or how many errors in how many files."""

from __future__ import annotations

from ..repository import Repository


def closing_line(repo: Repository) -> str:
    errors = repo.errors
    if errors:
        return (
            f"Có {len(errors)} lỗi trong {len(repo.broken_files)} tệp. "
            "Sửa các lỗi trên rồi chạy lại 'dtrack check'."
        )
    # A file that could not be read at all is no directive: count it among the files.
    files = len(repo.directives) + len(repo.broken_files - {d.file for d in repo.directives})
    tasks = sum(d.task_count for d in repo.directives)
    return (
        f"Dữ liệu hợp lệ: {len(repo.agencies)} cơ quan, {len(repo.groups)} nhóm, "
        f"{files} văn bản, {tasks} nhiệm vụ."
    )
