"""References to a directive, a task, or one agency's share: DIRECTIVE[:TASK[@AGENCY][#PERIOD]]."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .diagnostics import suggest
from .errors import DtrackError
from .repository import LoadedDirective, Repository

if TYPE_CHECKING:  # a listing's --directive reads refs without importing pydantic
    from .reading.models import Task


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


def directive_id(repo: Repository, text: str) -> str:
    """The id a directive is written as: its id, or any unambiguous short form of it: its
    number ("1958/UBND-NC"), the number alone ("1958"), or whole parts of its id
    ("1958-UBND-NC", "so-ket"). RefError names the candidates when there are several; text
    that names none comes back as it is."""
    if repo.directive(text) is not None:
        return text
    wanted = text.strip().casefold()
    parts = [p for p in wanted.replace("/", "-").split("-") if p]
    found = []
    for ld in repo.directives:
        number = (ld.number or "").casefold()
        words = ld.id.casefold().split("-")
        by_number = bool(number) and wanted in (number, number.split("/")[0])
        by_parts = any(words[i : i + len(parts)] == parts for i in range(len(words)))
        if by_number or (parts and by_parts):
            found.append(ld.id)
    if len(found) == 1:
        return found[0]
    if found:
        raise RefError(
            f"'{text}' có thể là {len(found)} văn bản: {', '.join(sorted(found))}; ghi rõ hơn."
        )
    return text  # unknown: resolve() says so, with a suggestion


def normalize(repo: Repository, ref: Ref) -> Ref:
    """`ref` with its directive's full id and its agency's id (a name or short name of the
    agency is accepted: '@"Xã Đại Phúc"'), as files and listings write them."""
    from dataclasses import replace

    ref = replace(ref, directive=directive_id(repo, ref.directive))
    if ref.agency is not None and ref.agency not in repo.agencies:
        ids = repo.lookup(ref.agency)
        if len(ids) == 1:
            ref = replace(ref, agency=ids.pop())
        elif len(ids) > 1:
            raise RefError(
                f"Tên '{ref.agency}' trùng với nhiều cơ quan, nhóm: {', '.join(sorted(ids))}; "
                "ghi mã thay cho tên."
            )
    return ref


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
