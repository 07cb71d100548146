"""Recording progress (dtrack done/extend/cancel/reopen/progress/start): the update checked
against the data, appended to its file (yamledit.py), the new file validated in memory against
agencies.yaml before it is written, and the status it gives.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .deadlines import DeadlineError, parse_deadline, parse_period
from .diagnostics import os_error_text
from .errors import EditError
from .loading.cache import digest
from .loading.load import load_files
from .reading.models import Update
from .refs import RefError, normalize, parse_ref, resolve
from .repository import AGENCIES_FILE, DIRECTIVES_DIR, Repository, agency_hint
from .status import compute
from .validate import period_outside
from .wording import UPDATE_KIND_LABELS, update_line
from .yamledit import plan, write_atomic

if TYPE_CHECKING:
    from .diagnostics import Diagnostic
    from .refs import Ref


@dataclass
class Recorded:
    file: str  # as shown to the user
    lines: list[str]  # the lines as they now read in the file
    update: Update
    ref: Ref
    directive: Any  # LoadedDirective after the edit (in memory)
    assignments: list = field(default_factory=list)  # status after the edit, at `today`
    # Shares the REF covers that were already in the state recorded (a REF naming several
    # agencies is still recorded when it changes some of them).
    unchanged: list = field(default_factory=list)
    # Every update written, one per agency when several were named (`update` is the first).
    updates: list = field(default_factory=list)


def _clean(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    text = unicodedata.normalize("NFC", value).strip()
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise EditError(f"{option} có ký tự không hợp lệ (không phải UTF-8).")
    return text or None


def _find_file(root: Path, ident: str) -> Path | None:
    """The directive's file when the loader did not say (a repository built from a cache)."""
    for suffix in (".yaml", ".yml"):
        for path in sorted((root / DIRECTIVES_DIR).rglob(ident + suffix)):
            return path
    return None


def _file_problems(repo: Repository, shown: str) -> list[Diagnostic]:
    return [d for d in repo.errors if d.file == shown]


def build_update(
    repo: Repository,
    ref: Ref,
    kind: str,
    date: dt.date,
    *,
    due: str | None = None,
    doc: str | None = None,
    note: str | None = None,
):
    """Check the new entry against the data; returns (LoadedDirective, Task, Update)."""
    if repo.issuer is None or any(d.file.endswith("agencies.yaml") for d in repo.errors):
        raise EditError(
            "Tệp agencies.yaml có lỗi: không kiểm tra được cơ quan chủ trì; sửa lỗi trước.",
            [d for d in repo.errors if d.file.endswith("agencies.yaml")],
        )
    if ref.task is None:
        raise EditError(
            f"Cần chỉ rõ nhiệm vụ: '{ref.directive}:NHIỆM-VỤ' (mọi cơ quan chủ trì) hoặc "
            f"'{ref.directive}:NHIỆM-VỤ@CƠ-QUAN' (một cơ quan)."
        )
    ld = repo.directive(ref.directive)
    if ld is None:
        broken = sorted(f for f in repo.broken_files if Path(f).stem == ref.directive)
        if broken:
            raise EditError(
                f"Tệp {broken[0]} có lỗi; sửa các lỗi trên rồi ghi lại.",
                [d for d in repo.errors if d.file in broken],
            )
    if ld is not None and ld.file in repo.broken_files:
        raise EditError(
            f"Tệp {ld.file} có lỗi; sửa các lỗi trên rồi ghi lại.", _file_problems(repo, ld.file)
        )
    try:
        ld, task = resolve(repo, ref)
    except RefError as exc:
        raise EditError(str(exc)) from None
    assert task is not None
    issued = ld.model.issued
    if issued is not None and date < issued:
        raise EditError(
            f"Ngày {date:%d/%m/%Y} trước ngày ban hành văn bản ({issued:%d/%m/%Y}); "
            "kiểm tra lại --date."
        )
    period = None
    if ref.period is not None:
        assert task.repeat is not None  # resolve() refused a period on a one-off task
        try:
            p = parse_period(ref.period, task.repeat.every)
        except DeadlineError as exc:
            raise EditError(str(exc)) from None
        outside = period_outside(p, task.repeat)
        if outside:
            raise EditError(outside + " Kiểm tra lại kỳ sau dấu '#'.")
        if p.start > date:
            raise EditError(
                f"Kỳ {p.label} ({p.key}) bắt đầu từ ngày {p.start:%d/%m/%Y}, chưa đến vào ngày "
                f"{date:%d/%m/%Y}; không ghi cho một kỳ chưa bắt đầu. Kiểm tra lại kỳ sau dấu '#' "
                "hoặc --date."
            )
        period = p.key
    elif task.repeat is not None and kind in ("done", "extended"):
        raise EditError(
            f"Nhiệm vụ '{ld.id}:{task.id}' là nhiệm vụ định kỳ: ghi rõ kỳ sau dấu '#', "
            f"ví dụ {ref}#2025-10 (tháng), #2025-Q4 (quý), #2025-H2 (6 tháng), #2025 (năm)."
        )
    if kind == "started":
        try:
            counted = task.repeat is None and (
                parse_deadline(task.due, issued, repo.calendar).kind == "event"
            )
        except DeadlineError:
            counted = False
        if not counted:
            raise EditError(
                f"Nhiệm vụ '{ld.id}:{task.id}' không tính hạn từ một sự kiện ('{task.due}'); "
                "chỉ ghi mốc tính hạn cho thời hạn như 'trong 10 ngày kể từ ngày nhận được văn "
                "bản'."
            )
    if kind == "extended":
        if not due:
            raise EditError("Gia hạn cần thời hạn mới: --to NGÀY hoặc cụm từ.")
        try:
            dl = parse_deadline(due, date, repo.calendar)  # counted from the extension
        except DeadlineError as exc:
            raise EditError(str(exc)) from None
        if dl.due is None:
            raise EditError(
                f"Thời hạn mới '{due}' không chỉ một ngày cụ thể; gia hạn cần một ngày, "
                "ví dụ 2025-10-15 hoặc 'trước ngày 15/10/2025'."
            )
    values = {
        "date": date,
        "kind": kind,
        "agency": ref.agency,
        "period": period,
        "due": due,
        "ref": doc,
        "note": note,
    }
    try:
        update = Update.model_validate(values)
    except Exception as exc:
        raise EditError(f"Cập nhật không hợp lệ: {exc}") from None
    return ld, task, update


def record(
    repo: Repository,
    ref_text: str,
    kind: str,
    date: dt.date,
    today: dt.date,
    *,
    due: str | None = None,
    doc: str | None = None,
    note: str | None = None,
    agencies: list[str] | None = None,
) -> Recorded:
    """Append one update for REF to its directive file; refuse (EditError) and leave it alone
    if anything is wrong."""
    try:
        ref = normalize(repo, parse_ref(ref_text))
    except RefError as exc:
        raise EditError(str(exc)) from None
    due, doc, note = _clean(due, "--to"), _clean(doc, "--ref"), _clean(note, "--note")
    named = list(agencies or [])
    if ref.agency is not None and (
        "," in ref.agency or (ref.agency in repo.groups and ref.agency not in repo.agencies)
    ):
        named.append(ref.agency)  # '@a,b,c' or '@group': one update per agency
        ref = dataclasses.replace(ref, agency=None)
    if named:
        if ref.agency is not None:
            named.append(ref.agency)
        ld, task, _ = build_update(repo, ref, kind, date, due=due, doc=doc, note=note)
        ids = agency_list(repo, ld, task, named)
        refs = [dataclasses.replace(ref, agency=i) for i in ids]
    else:
        refs = [ref]
    built, unchanged, skipped = [], [], []
    for one in refs:
        ld, task, update = build_update(repo, one, kind, date, due=due, doc=doc, note=note)
        try:
            unchanged += _unchanged_shares(repo, ld, task, update)
        except EditError as exc:
            if len(refs) == 1:
                raise
            skipped.append((one, exc.message))  # already so: the others are still recorded
            continue
        built.append(update)
    if not built:
        raise EditError(
            f"Cả {len(refs)} cơ quan đã ở tình trạng này; không ghi thêm. "
            + "; ".join(message for _, message in skipped[:3])
        )
    update = built[0]
    path = ld.path or _find_file(repo.root, ld.id)
    if path is None:
        raise EditError(f"Không tìm thấy tệp của văn bản '{ld.id}'.")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EditError(f"Không đọc được tệp '{ld.file}': {os_error_text(exc)}.") from None
    expected = digest(raw)
    new_raw, lines = raw, []
    for one in built:  # all of them in one write: the file has every line or none
        new_raw, lines = plan(new_raw, task.id, one)
    if len(built) > 1:
        lines = _changed_lines(raw, new_raw)

    # The whole new file, validated in memory against agencies.yaml before it is written.
    try:
        agencies_raw = (repo.root / AGENCIES_FILE).read_bytes()
    except OSError as exc:
        raise EditError(f"Không đọc được {AGENCIES_FILE}: {os_error_text(exc)}.") from None
    rel = path.relative_to(repo.root).as_posix()
    label = ld.file[: -len(rel)] if ld.file.endswith(rel) else ""
    after = load_files({AGENCIES_FILE: agencies_raw, rel: new_raw}, label=label)
    problems = [d for d in after.errors if d.file == label + rel]
    if problems or not after.directives:
        raise EditError(f"Sau khi ghi, tệp {ld.file} sẽ có lỗi; không ghi.", problems)

    write_atomic(path, new_raw, expected)
    new_ld = after.directives[0]
    shares = compute(after, today)
    items = [a for a in shares if any(a.covers(task.id, u.agency, update.period) for u in built)]
    unchanged += [  # agencies of a list already in that state, passed by
        a for a in shares if any(a.covers(task.id, r.agency, update.period) for r, _ in skipped)
    ]
    return Recorded(ld.file, lines, update, ref, new_ld, items, unchanged, built)


def _changed_lines(old: bytes, new: bytes) -> list[str]:
    """The lines of `new` that `old` does not have, as they read in the file."""
    import difflib

    a = old.decode("utf-8-sig").splitlines()
    b = new.decode("utf-8-sig").splitlines()
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return [line for tag, _, _, j1, j2 in ops if tag != "equal" for line in b[j1:j2]]


def read_list_file(path: Path) -> str:
    """The text of a clerk's list of agencies (--agencies-from): UTF-8, with or without a BOM,
    or cp1258, as Excel on Vietnamese Windows saves CSV."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EditError(f"không đọc được tệp '{path}': {os_error_text(exc)}.") from None
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise EditError(f"tệp '{path}' không phải văn bản UTF-8.")


def unnamed_leads(repo: Repository, ref: str) -> tuple[str, int] | None:
    """When `ref` names a task with several leads and no agency, so that one update would
    close every share: the task ("DIRECTIVE:TASK") and how many leads. None otherwise, and for
    a ref that does not resolve (record says what is wrong with it)."""
    try:
        parsed = normalize(repo, parse_ref(ref))
        if parsed.agency is not None or parsed.task is None:
            return None
        ld, task = resolve(repo, parsed)
    except RefError:
        return None
    leads = {a for lead in task.lead for a in repo.expand(lead.agency)}
    if len(leads) <= 1:
        return None
    return f"{ld.id}:{task.id}", len(leads)


def others_broken(repo: Repository, written: str) -> str | None:
    """A warning when files other than the one just written have errors."""
    others = sorted(repo.broken_files - {written})
    if not others:
        return None
    return (
        f"{len(others)} tệp khác có lỗi ({', '.join(others[:3])}"
        + ("…" if len(others) > 3 else "")
        + "); chạy 'dtrack check'."
    )


def agencies_from(repo: Repository, text: str, source: str) -> list[str]:
    """The agencies a clerk's list names, one a line: an id or a name, or a CSV row (as a
    spreadsheet exports it, with ',', ';' or tabs) whose first cell naming an agency is taken;
    a first row naming none is a header. EditError lists every line that names nothing."""
    import csv

    out, problems = [], []
    lines = text.lstrip("\ufeff").splitlines()
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if len(repo.lookup(line)) == 1:  # a whole line naming one ('UBND các xã, phường')
            out.append(line)
            continue
        dialect = csv.excel_tab if "\t" in line else csv.excel
        delimiter = "\t" if "\t" in line else (";" if ";" in line else ",")
        try:
            cells = next(csv.reader([line], dialect, delimiter=delimiter), [])
        except csv.Error:  # a field past the csv module's limit: no agency's name
            cells = []
        found = [c.strip() for c in cells if len(repo.lookup(c.strip())) == 1]
        if found:
            out.append(found[0])
        elif not out and not problems:
            continue  # a title or header row before the first agency ("STT,Đơn vị,…")
        else:
            hint = agency_hint(repo, cells[0].strip() if cells else line)
            problems.append(
                f"{source}:{number}: '{line}' không có mã hay tên cơ quan nào."
                + (f" {hint}" if hint else "")
            )
    if problems:
        raise EditError(
            f"{len(problems)} dòng không đọc được (không ghi gì cả):\n  " + "\n  ".join(problems)
        )
    if not out:
        raise EditError(f"Tệp {source} không có cơ quan nào.")
    return out


def agency_list(repo: Repository, ld: Any, task: Any, texts: list[str]) -> list[str]:
    """The lead agencies `texts` name, in the official order: ids or exact names, several to a
    text when separated by commas ('snv,stc'; a name with a comma, 'UBND các xã, phường', is
    still one), a group for its members that lead the task. EditError lists every text that
    names no lead of the task."""
    leads = {a for lead in task.lead for a in repo.expand(lead.agency)}
    wanted: set[str] = set()
    problems = []
    for text in texts:
        pieces = [p.strip() for p in text.split(",")]
        i = 0
        while i < len(pieces):
            # the longest run of pieces that names something ('UBND các xã' + 'phường')
            for j in range(len(pieces), i, -1):
                ids = repo.lookup(", ".join(pieces[i:j]))
                if len(ids) == 1:
                    break
            else:
                j = i + 1
            piece = ", ".join(pieces[i:j])
            i = j
            if not piece:
                continue
            if len(ids) != 1:
                hint = agency_hint(repo, piece, leads)
                problems.append(
                    f"'{piece}' không phải mã hay tên cơ quan chủ trì nào."
                    + (f" {hint}" if hint else "")
                )
                continue
            ident = ids.pop()
            members = set(repo.expand(ident))
            mine = members & leads
            if not mine:
                problems.append(
                    f"'{piece}' không phải cơ quan chủ trì nhiệm vụ '{ld.id}:{task.id}'."
                )
            wanted |= mine
    if problems:
        raise EditError(
            f"{len(problems)} cơ quan không ghi được (không ghi gì cả):\n  " + "\n  ".join(problems)
        )
    return [a for a in repo.agencies if a in wanted]


# Kinds whose update changes nothing for a share already in the state they set.
_SAME_STATE = {
    "done": ("done", "done_on_time", "done_late"),
    "cancelled": ("cancelled",),
}


def _state_since(a: Any) -> dt.date | None:
    """The day a done or cancelled share got that state."""
    if a.status == "cancelled":
        days = [u.date for u in a.updates if u.kind == "cancelled"]
        return max(days) if days else None
    return a.done_on


def _already(a: Any, kind: str, reaches_future: bool) -> bool:
    """Would an update of `kind` leave this share (as computed at the update's date) as it is?"""
    if kind == "reopened":
        return a.status not in (*_SAME_STATE["done"], *_SAME_STATE["cancelled"])
    if a.status not in _SAME_STATE.get(kind, ()):
        return False
    if reaches_future:
        # A recurring task's update without a period also covers the periods to come: it changes
        # nothing only when the state already comes from such an update.
        last = [u for u in a.updates if u.kind == kind]
        return bool(last) and max(last, key=lambda u: u.date).period is None
    return True


def _share_state(a: Any) -> str:
    since = _state_since(a)
    if a.status == "cancelled":
        return "đã dừng thực hiện" + (f" từ ngày {since:%d/%m/%Y}" if since else "")
    if a.status in _SAME_STATE["done"]:
        return "đã hoàn thành" + (f" ngày {since:%d/%m/%Y}" if since else "")
    return f"đang ở tình trạng '{a.status_label}', chưa hoàn thành cũng chưa dừng thực hiện"


def _unchanged_shares(repo: Repository, ld: Any, task: Any, update: Update) -> list:
    """The shares an update of done/cancelled/reopened would leave as they are, by the status
    rules at the update's date; EditError when that is every share the REF covers."""
    kind = update.kind
    if kind not in ("done", "cancelled", "reopened"):
        return []
    # Only this directive: the other files need not be computed.
    shares = [
        a
        for a in compute(dataclasses.replace(repo, directives=[ld]), update.date)
        if a.covers(task.id, update.agency, update.period)
    ]
    reaches_future = task.repeat is not None and update.period is None and kind != "reopened"
    same = [a for a in shares if _already(a, kind, reaches_future)]
    if not shares or len(same) < len(shares):
        return same
    when = f"{update.date:%d/%m/%Y}"
    if len(same) == 1:
        a = same[0]
        what = f"Phần việc {a.ref} ({a.agency.name}) {_share_state(a)}"
    else:
        what = f"Cả {len(same)} phần việc của {ld.id}:{task.id} đều {_SAME_WORD[kind]}"
    if kind == "reopened":
        raise EditError(f"{what} (tính đến ngày {when}); không có gì để mở lại, không ghi.")
    raise EditError(f"{what}; không ghi thêm. Nếu cần sửa, dùng 'dtrack reopen' trước.")


_SAME_WORD = {
    "done": "đã hoàn thành",
    "cancelled": "đã dừng thực hiện",
    "reopened": "chưa hoàn thành cũng chưa dừng thực hiện",
}


def describe_update(update: Update, agency_name: str | None = None) -> str:
    """ "10/10/2025: Sở Nội vụ (snv) — hoàn thành; văn bản: …" in one line."""
    return update_line(
        {
            **update.model_dump(mode="json"),
            "agency_name": agency_name,
            "due_date": None,
        }
    )


def format_recorded(result: Recorded, repo: Repository, today: dt.date) -> str:
    """What was written and the status it gives, in Vietnamese."""
    u = result.update
    agency = repo.agencies.get(u.agency) if u.agency else None
    out = [f"Đã ghi vào {result.file}:"]
    out += [f"  {line}" for line in result.lines]
    if len(result.updates) > 1:
        names = [repo.agencies[x.agency].name for x in result.updates]
        shown = ", ".join(names[:10]) + (
            f" và {len(names) - 10} cơ quan khác" if len(names) > 10 else ""
        )
        out.append(
            f"Nội dung: {len(names)} cập nhật '{UPDATE_KIND_LABELS[u.kind]}' ngày "
            f"{u.date:%d/%m/%Y}, mỗi cơ quan một dòng: {shown}."
        )
    else:
        out.append(f"Nội dung: {describe_update(u, agency.name if agency else None)}.")
    items = result.assignments
    when = f"tính đến ngày {today:%d/%m/%Y}"
    if not items:
        out.append(f"Tình trạng ({when}): văn bản chưa ban hành hoặc chưa đến kỳ nào.")
    elif len(items) <= 10:
        out.append(f"Tình trạng ({when}):")
        for a in items:
            due = f", hạn {a.due:%d/%m/%Y}" if a.due else ""
            out.append(f"  {a.ref}  {a.agency.name}: {a.status_label}{due}")
    else:
        counts = Counter(a.status_label for a in items)
        parts = ", ".join(f"{label}: {n}" for label, n in counts.most_common())
        out.append(f"Tình trạng ({when}) của {len(items)} phần việc: {parts}.")
    if result.unchanged:
        same = result.unchanged
        shown = ", ".join(a.ref for a in same[:10]) + ("…" if len(same) > 10 else "")
        out.append(
            f"Lưu ý: {len(same)} phần việc {_SAME_WORD[u.kind]}"
            + (" từ trước" if u.kind != "reopened" else "")
            + f", lần ghi này không đổi tình trạng của chúng: {shown}."
        )
    if u.date > today:
        out.append(
            f"Lưu ý: ngày ghi {u.date:%d/%m/%Y} sau ngày {today:%d/%m/%Y}; "
            "cập nhật chỉ được tính từ ngày đó."
        )
    return "\n".join(out)
