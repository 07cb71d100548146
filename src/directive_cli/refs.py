"""References to a directive, a task, or one agency's share: DIRECTIVE[:TASK[@AGENCY][#PERIOD]]."""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import suggest
from .errors import DtrackError
from .reading.models import Task
from .repository import LoadedDirective, Repository


class RefError(DtrackError):
    """A reference that names nothing in the data; the message says what is missing."""


@dataclass(frozen=True, slots=True)
class Ref:
    directive: str
    task: str | None = None
    agency: str | None = None
    period: str | None = None

    def __str__(self) -> str:
        text = self.directive
        if self.task is not None:
            text += f":{self.task}"
        if self.agency is not None:
            text += f"@{self.agency}"
        if self.period is not None:
            text += f"#{self.period}"
        return text


def parse_ref(text: str) -> Ref:
    text = text.strip()
    directive, sep, rest = text.partition(":")
    if not directive or (sep and not rest):
        raise RefError(
            f"Tham chiếu '{text}' không đúng dạng. Dạng đúng: VĂN-BẢN, VĂN-BẢN:NHIỆM-VỤ, "
            "VĂN-BẢN:NHIỆM-VỤ@CƠ-QUAN hoặc thêm #KỲ, ví dụ 2025-1958-UBND-NC:3.2@snv."
        )
    if not sep:
        return Ref(directive)
    rest, _, period = rest.partition("#")
    task, _, agency = rest.partition("@")
    if not task:
        raise RefError(f"Tham chiếu '{text}' thiếu mã nhiệm vụ sau dấu ':'.")
    return Ref(directive, task, agency or None, period or None)


def resolve(repo: Repository, ref: Ref) -> tuple[LoadedDirective, Task | None]:
    ld = repo.directive(ref.directive)
    if ld is None:
        hint = suggest(ref.directive, [d.id for d in repo.directives])
        raise RefError(f"Không có văn bản nào mã '{ref.directive}'." + (f" {hint}" if hint else ""))
    if ref.task is None:
        return ld, None
    for task in ld.model.tasks:
        if task.id == ref.task:
            break
    else:
        ids = [t.id for t in ld.model.tasks]
        hint = suggest(ref.task, ids)
        raise RefError(
            f"Văn bản '{ld.id}' không có nhiệm vụ '{ref.task}'."
            + (f" {hint}" if hint else f" Các nhiệm vụ: {', '.join(ids)}.")
        )
    if ref.agency is not None:
        leads = {a for lead in task.lead for a in repo.expand(lead.agency)}
        if ref.agency not in leads:
            # Ids are lower case: '@SNV' means 'snv' (suggested, not silently taken).
            lowered = ref.agency.lower()
            group = repo.groups.get(lowered)
            if group is not None:
                raise RefError(
                    f"'{ref.agency}' là mã nhóm ({group.name}); ghi cho từng cơ quan bằng "
                    "@MÃ-CƠ-QUAN, hoặc bỏ phần @… để ghi cho mọi cơ quan chủ trì."
                )
            hint = f"Có phải ý là '{lowered}'?" if lowered in leads else suggest(lowered, leads)
            raise RefError(
                f"'{ref.agency}' không phải cơ quan chủ trì nhiệm vụ '{ld.id}:{task.id}'."
                + (f" {hint}" if hint else "")
            )
    if ref.period is not None and task.repeat is None:
        raise RefError(
            f"Nhiệm vụ '{ld.id}:{task.id}' không phải nhiệm vụ định kỳ; bỏ phần '#{ref.period}'."
        )
    return ld, task
