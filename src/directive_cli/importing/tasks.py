"""The tasks of a directive: its numbered sections and items, its annex tables.

Reading order, as a clerk reads: headings (I., 1., 1.1, a)) give a section its number and, when
they name an agency ("3. Giao Sở Nội vụ", "1. Các sở, ban, ngành"), the lead of the items under
them; each item (a bullet, or an unbulleted paragraph that assigns work) is one task, numbered
section.item. Text that assigns nothing is not a task: the preamble (căn cứ, thực hiện), the
sections on purposes, requirements, content outlines and funding, closing formulas that only
urge ("Trên đây là…", "khẩn trương triển khai thực hiện") or ask for a report only if a problem
arises. The opening request and the closing paragraph are tasks when they assign work of their
own ("mo-dau", "ket-thuc").
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import pairwise

from ..agency_names import ADDRESSEES, INDEFINITE, ISSUER, Ref, Resolver
from .due import DueReading, due_of, read_due
from .header import Header
from .paragraphs import MARKER, Document, Para


@dataclass
class Lead:
    ref: Ref
    detail: str | None = None


@dataclass
class Task:
    id: str
    text: str  # the directive's words for this task (one paragraph, or a part of one)
    title: str
    lead: list[Lead]
    support: list[Ref]
    due: DueReading
    report_to: str | None
    source: str
    line: int
    review: list[str] = field(default_factory=list)


# Sections and sub-headings that describe, not assign.
_SKIP_SECTION = re.compile(
    r"^(?:MỤC ĐÍCH|YÊU CẦU|MỤC TIÊU|QUAN ĐIỂM|KINH PHÍ|CĂN CỨ|PHẠM VI|ĐỐI TƯỢNG|KẾT QUẢ|"
    r"TÌNH HÌNH|ĐÁNH GIÁ|NỘI DUNG (?:SƠ KẾT|TỔNG KẾT|BÁO CÁO|ĐÁNH GIÁ)|"
    r"HÌNH THỨC$|THÀNH PHẦN|ĐỊA ĐIỂM|THỜI GIAN, ĐỊA ĐIỂM|Ý NGHĨA)",
)
_CLOSING = re.compile(
    r"^(?:Trên đây là|(?:Chủ tịch )?(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân) tỉnh yêu cầu|"
    r"Yêu cầu (?:Thủ trưởng|Giám đốc|Chủ tịch|các|người đứng đầu)|Đề nghị (?:Thủ trưởng|các))",
)
_CONDITIONAL = re.compile(
    r"Trên đây là|[Tt]rường hợp phát sinh|[Nn]ếu có khó khăn|[Nn]ếu có vướng mắc|"
    r"[Tt]rong quá trình (?:tổ chức )?thực hiện(?:,)? nếu",
)
# "Văn phòng Chính phủ thông báo để các Bộ, cơ quan biết, thực hiện": passes the word on.
_NOTICE = re.compile(r"thông báo (?:để|đến)\b[^.;]*\bbiết\b", re.I)
_FILLER = frozenset(
    """triển khai và tổ chức thực hiện nghiêm túc các những nội dung nhiệm vụ sau khẩn trương cụ
    thể như kế hoạch này văn bản đầy đủ có hiệu quả quyết liệt chỉ đạo công việc theo tinh
    thần chủ động tích cực kịp thời đồng bộ""".split()  # noqa: SIM905
)
_GIAO = re.compile(
    r"(?<!được )(?<!đã )(?<!bàn )(?<!chuyển )(?<!\w)[Gg]iao\s+(?:cho\s+)?"
    r"(?!(?:thông|dịch|lưu|ban|nhận|tiếp|kết|khoán|đất|rừng)\b)"
)
_ASK = re.compile(r"(?<!\w)(?:[Yy]êu cầu|[Đđ]ề nghị)\s+")
_SUPPORT = re.compile(r"(?<!\w)[Pp]hối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+")
_REPORT = re.compile(
    r"(?:báo cáo(?:\s+(?:kết quả(?:\s+thực hiện)?|tham luận))?(?:\s+về)?"
    r"|gửi(?:\s+báo cáo(?:\s+(?:kết quả|tham luận))?)?\s+về"
    r"|trình)\s+(?P<to>(?:Chủ tịch\s+)?(?:UBND|Ủy ban nhân dân)\s+tỉnh"
    r"|Sở\s+[A-ZĐ][\wđ]*(?:\s+[\wđ]+)?"
    r"|Bộ\s+[A-ZĐ][\wđ]*(?:\s+[\wđ]+)?)"
)
# The subject's start: after "Yêu cầu", "Đề nghị", and a doubled word ("Các các sở").
_SUBJECT_START = re.compile(r"(?:[Yy]êu cầu|[Đđ]ề nghị)?\s*(?:(\w+)\s+(?=(?i:\1)\b))?")
_ANNEX_REF = re.compile(r"danh sách[^.;]{0,20}kèm theo|phụ lục|kèm theo[^.;]{0,20}danh sách", re.I)
_ROMAN = {"I": 1, "V": 5, "X": 10}


@dataclass
class _Section:
    label: str  # "3", "V.1", "III.2"
    heading: str
    context: list[Ref]  # the lead named in the heading
    skip: bool
    items: list[tuple[Para, str, bool]] = field(default_factory=list)  # (para, text, bulleted)
    item_task: Para | None = None  # a numbered paragraph that is a task itself
    parent: str = ""  # the heading of the roman section around it


class _Marks:
    """Where the forms _lead reads are in one text, found once: "giao" before a definite
    agency, "yêu cầu"/"đề nghị", "phối hợp với". A piece from any position on reads the first
    of each at or after its start, as _lead of the piece's own text would find it."""

    def __init__(self, resolver: Resolver, text: str) -> None:
        self._giao: list[tuple[int, list[Ref]]] = []
        for m in _GIAO.finditer(text):
            refs, _ = resolver.scan(text, m.end())
            if any(r.id not in (INDEFINITE,) for r in refs):
                self._giao.append((m.start(), refs))
        self._giao_at = [at for at, _ in self._giao]
        self.ask = [(m.start(), m.end()) for m in _ASK.finditer(text)]
        self.support = [(m.start(), m.end()) for m in _SUPPORT.finditer(text)]

    def giao_from(self, at: int) -> list[Ref]:
        i = bisect_left(self._giao_at, at)
        return list(self._giao[i][1]) if i < len(self._giao) else []

    @staticmethod
    def first(found: list[tuple[int, int]], at: int) -> int | None:
        """The end of the first match that starts at or after `at`."""
        i = bisect_left(found, (at, -1))
        return found[i][1] if i < len(found) else None


def _caps_heading(text: str) -> bool:
    """A heading in capitals that the outline does not number ("A. NHIỆM VỤ CHUNG")."""
    letters = [c for c in text if c.isalpha()]
    return len(text) < 120 and len(letters) >= 4 and all(c.isupper() for c in letters)


def _words(s: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", s.lower())


def _generic(rest: str) -> bool:
    return len([w for w in _words(rest) if w not in _FILLER]) < 5


class Reader:
    def __init__(
        self,
        resolver: Resolver,
        header: Header,
        addressees: list[Ref],
        issued: dt.date | None,
        calendar=None,
    ) -> None:
        self.r = resolver
        self.h = header
        self.addressees = addressees
        self.issued = issued
        self.calendar = calendar

    # -- outline ---------------------------------------------------------------------------

    def read(self, doc: Document) -> list[Task]:
        body = [
            p
            for p in doc.paras[self.h.body_start : self.h.body_end]
            + (doc.paras[self.h.plan[0] : self.h.plan[1]] if self.h.plan else [])
            if not p.consumed and p.cells is None
        ]
        intro: list[Para] = []
        sections: list[_Section] = []
        closing: list[Para] = []
        roman = ""
        roman_heading = ""
        contexts: dict[str, list[Ref]] = {}  # section label -> the lead its heading names
        roman_skip = False
        current: _Section | None = None
        for p in body:
            m = MARKER.match(p.text)
            if closing or (m is None and current is not None and _CLOSING.match(p.text)):
                closing.append(p)
                continue
            if m is None:
                if current is None:
                    intro.append(p)
                elif not _caps_heading(p.text):  # "B. NHIỆM VỤ CỤ THỂ" assigns nothing
                    current.items.append((p, p.text, False))
                continue
            rest = p.text[m.end() :].strip()
            if m.group("roman"):
                roman = m.group("roman")
                roman_skip = bool(_SKIP_SECTION.match(rest.upper()))
                roman_heading = rest
                current = _Section(roman, rest, self._context(rest), roman_skip)
                contexts[roman] = current.context
                sections.append(current)
                continue
            if m.group("num"):
                label = f"{roman}.{m.group('num')}" if roman else m.group("num")
                heading = self._is_heading(rest)
                skip = roman_skip or bool(_SKIP_SECTION.match(rest.upper()))
                ctx = self._context(rest) if heading else []
                if not ctx:  # "1. Sở Nội vụ:" leads its "1.1.", "1.2."; "V. …" its "V.1."
                    parent = label.rsplit(".", 1)[0] if "." in label else ""
                    ctx = contexts.get(parent, [])
                current = _Section(label, rest if heading else "", ctx, skip)
                current.parent = roman_heading if roman else ""
                contexts[label] = ctx
                if not heading:
                    current.item_task = p
                    current.items.append((p, rest, False))
                sections.append(current)
                continue
            # a bullet or a lettered item
            if current is None:
                current = _Section("", "", [], False)
                sections.append(current)
            current.items.append((p, rest, True))
        if not sections and intro:
            implicit, intro, closing = self._unnumbered(intro, closing)
            if implicit is not None:
                sections.append(implicit)
        # After a last section that is one task ("9. Giao Sở Nội vụ …"), unnumbered paragraphs
        # are the closing text, not items of that section.
        if sections and sections[-1].item_task is not None:
            last = sections[-1]
            closing[:0] = [p for p, _, _ in last.items[1:]]
            del last.items[1:]
        tasks: list[Task] = []
        opening = self._opening(intro)
        if opening:
            tasks.append(opening)
        for sec in sections:
            if sec.skip:
                continue
            tasks += self._section_tasks(sec)
        for p in closing:
            t = self._closing(p, tasks)
            if t:
                tasks.append(t)
        return tasks

    def _unnumbered(
        self, intro: list[Para], closing: list[Para]
    ) -> tuple[_Section | None, list[Para], list[Para]]:
        """A directive without numbered items ("… có ý kiến như sau:", then "Giao các Bộ: …"):
        each paragraph after the lead-in that names who is to act is a task (1, 2, …)."""
        leads_in = [i + 1 for i, p in enumerate(intro) if p.text.rstrip().endswith(":")]
        start = max(leads_in, default=0)
        sec = _Section("", "", [], False)
        tail: list[Para] = []
        for p in intro[start:]:
            if _NOTICE.search(p.text) or _CONDITIONAL.search(p.text):
                continue
            if _CLOSING.match(p.text) or tail:
                tail.append(p)
            elif self._lead(p.text)[0]:
                sec.items.append((p, p.text, False))
        if not sec.items:
            return None, intro, closing
        return sec, intro[:start], tail + closing

    def _is_heading(self, rest: str) -> bool:
        if rest.endswith(":") or (rest.startswith("Về ") and not rest.endswith(".")):
            return True
        words = rest.split()
        return len(words) <= 14 and not rest.endswith((".", ";"))

    def _context(self, heading: str) -> list[Ref]:
        """The lead a heading names: "Giao Sở Nội vụ", "Các sở, ban, ngành", "UBND các xã"."""
        text = re.sub(r"^(?:Về\s+)?(?:[Gg]iao\s+(?:cho\s+)?)?", "", heading.strip().rstrip(":"))
        refs, end = self.r.scan(text)
        if refs and end >= len(text.rstrip(". ")) - 1:
            return [r for r in refs if r.id not in (INDEFINITE,)]
        return []

    # -- tasks of a section -----------------------------------------------------------------

    def _section_tasks(self, sec: _Section) -> list[Task]:
        parts: list[tuple[Para, str, bool]] = []
        for p, text, bulleted in sec.items:
            for i, piece in enumerate(self._split(text)):
                parts.append((p, piece, bulleted if i == 0 else False))
        out: list[Task] = []
        previous: list[Lead] | None = None
        for p, text, bulleted in parts:
            lead, support, how = self._lead(text)
            review: list[str] = []
            if not lead:
                if not bulleted and previous and sec.items and out:
                    lead = [Lead(x.ref) for x in previous]
                    review.append("Đoạn không nêu cơ quan: lấy cơ quan chủ trì của đoạn trước.")
                elif sec.context:
                    lead = [Lead(r) for r in sec.context]
                elif self.addressees:
                    lead = [Lead(r) for r in self.addressees]
                    if not bulleted or sec.item_task is None:
                        review.append("Đoạn không nêu cơ quan: giao cho các nơi nhận (Kính gửi).")
            task = self._task(sec.label, text, lead, support, p, review)
            if task is None:
                continue
            if len(_words(task.title)) < 6:
                # "Cấp xã: Hoàn thành trước ngày 24/4/2026": the headings say what is to be done.
                where = "; ".join(_sentence_case(h) for h in (sec.parent, sec.heading) if h)
                if where:
                    item = _title(task.text, after_subject=False)
                    task.text = f"({where}) {task.text}"
                    task.title = f"{_sentence_case(sec.parent or sec.heading)}: {item}"
                    task.review.append("Tiêu đề ghép từ đề mục: viết lại cho rõ việc phải làm.")
            if how == "issuer-only" and task.due.due is None:
                continue  # the issuing body's own step ("UBND tỉnh: Tổ chức Hội nghị")
            out.append(task)
            previous = task.lead
        if not sec.label and not sec.heading:
            for t in out:  # numbered by dtrack, not by the directive
                t.review.append("Văn bản không đánh số các ý: kiểm tra ranh giới nhiệm vụ.")
        if len(out) == 1:
            out[0].id = sec.label or "1"
        else:
            for k, t in enumerate(out, 1):
                t.id = f"{sec.label}.{k}" if sec.label else str(k)
        return out

    def _split(self, text: str) -> list[str]:
        """One paragraph that assigns to two subjects in turn ("… cấp xã. Sở Khoa học và Công
        nghệ tiếp tục …") is two tasks."""
        # Linear in the paragraph: its marks are found once, the lead of the piece being read
        # is worked out once per piece (it runs from its start to the paragraph's end, as
        # before), and the pieces are cut out at the end. Reading that lead anew at every
        # sentence made a paragraph of 1,000 sentences take 10 s, of 2,000 sentences 38 s.
        marks = _Marks(self.r, text)
        starts = [0]
        first: set | None = None  # the ids of the lead of the piece from starts[-1] on
        for m in re.finditer(r"(?<=[.])\s+(?=[A-ZĐÀ-Ỹ])", text):
            start = m.end()
            refs, end = self.r.scan(text, start)
            real = [r for r in refs if r.id not in (None, INDEFINITE, ADDRESSEES, ISSUER)]
            if not real or end >= len(text) or text[end] in ":":
                continue
            if first is None:
                first = {x.ref.id for x in self._lead_at(text, starts[-1], marks)[0]}
            if first == {r.id for r in real}:
                continue
            starts.append(start)
            first = None
        if len(starts) == 1:
            return [text]
        return [text[a:b].strip() for a, b in pairwise(starts)] + [text[starts[-1] :]]

    def _lead(self, text: str) -> tuple[list[Lead], list[Ref], str]:
        """Who leads and who supports, by the forms directives use."""
        return self._lead_at(text, 0, _Marks(self.r, text))

    def _lead_at(self, text: str, at: int, marks: _Marks) -> tuple[list[Lead], list[Ref], str]:
        """_lead of text[at:], read in place: `marks` are text's own, found once."""
        lead: list[Ref] = []
        how = ""
        g = marks.giao_from(at)
        if g:
            lead, how = g, "giao"
        else:
            # "Các các sở, ban, ngành": a doubled word does not hide the subject.
            refs, _ = self.r.scan(text, _SUBJECT_START.match(text, at).end())
            if refs:
                lead, how = refs, "subject"
            else:
                a = marks.first(marks.ask, at)
                if a is not None:
                    refs, _ = self.r.scan(text, a)
                    lead, how = refs, "ask"
        support: list[Ref] = []
        anchors = [r for r in lead if r.note and "đầu mối" in r.note]
        if anchors:
            support = [r for r in lead if r not in anchors]
            lead = anchors
        s = marks.first(marks.support, at)
        if s is not None:
            refs, _ = self.r.scan(text, s)
            support += [r for r in refs if r not in support and r not in lead]
        lead = [r for r in lead if r.id != INDEFINITE]
        if lead and all(r.id == ISSUER for r in lead):
            how = "issuer-only"
        return [Lead(r) for r in lead], support, how

    def _subject_end(self, text: str) -> int:
        """Where the agencies that open a paragraph end ("Sở Tài chính, UBND các xã, phường",
        "Giao Sở Nội vụ"): the title starts after them."""
        m = re.match(
            r"^(?:[Yy]êu cầu|[Đđ]ề nghị|[Gg]iao(?:\s+cho)?)?\s*(?:(\w+)\s+(?=(?i:\1)\b))?", text
        )
        refs, end = self.r.scan(text, m.end())
        if not refs:
            # "Nhân dịp …, UBND thành phố đề nghị các sở, ban, ngành treo cờ …": the request
            # comes after a clause that only says why.
            a = _ASK.search(text)
            if a is None or not re.search(r"[.,]\s", text[: a.start()]):
                return 0
            refs, end = self.r.scan(text, a.end())
            if not refs:
                return 0
        rest = re.match(r"\s*[:,;]?\s*", text[end:])
        return end + rest.end()

    def _task(
        self, label: str, text: str, lead: list[Lead], support: list[Ref], p: Para, review
    ) -> Task | None:
        if not lead:
            return None
        lead = self._expand(lead)
        cut = self._subject_end(text)
        if not lead:
            # "Các cơ quan, đơn vị …" with no Kính gửi to name them (a kế hoạch): nobody.
            if _generic(text[cut:]):
                return None  # "… căn cứ Kế hoạch này tổ chức thực hiện"
            review = [
                *review,
                "Giao cho các nơi nhận nhưng văn bản không có Kính gửi: ghi cơ quan chủ trì.",
            ]
        due = due_of(text, self.issued, self.calendar)
        rt = _REPORT.search(text)
        report_to = rt.group("to").strip() if rt else None
        if report_to:
            report_to = re.sub(r"^Ủy ban nhân dân", "UBND", report_to)
        task = Task(
            id=label,
            text=text,
            title=_title(text[cut:], after_subject=cut > 0),
            lead=lead,
            support=[s for s in support if s.id not in (INDEFINITE, ADDRESSEES, ISSUER)],
            due=due,
            report_to=report_to,
            source=_source(label),
            line=p.line,
            review=list(review),
        )
        self._exclude_partner(task)
        return task

    def _expand(self, lead: list[Lead]) -> list[Lead]:
        out: list[Lead] = []
        for x in lead:
            if x.ref.id == ADDRESSEES:
                out += [Lead(r) for r in self.addressees if all(r != y.ref for y in out)]
            elif all(x.ref.id != y.ref.id or (x.ref.id is None and x.ref != y.ref) for y in out):
                out.append(x)
        return out

    def _exclude_partner(self, task: Task) -> None:
        """ "Các sở, ban, ngành … phối hợp với Sở Nội vụ": the Sở Nội vụ is the partner, not one
        of the leads its own group would make it."""
        groups = [x for x in task.lead if x.ref.id in self.r.members]
        partners = {
            s.id for s in task.support if s.id in self.r.names and s.id not in self.r.members
        }
        if len(groups) != 1 or not partners:
            return
        members = self.r.members[groups[0].ref.id]
        hit = partners & set(members)
        if not hit:
            return
        kept = [m for m in members if m not in hit]
        at = task.lead.index(groups[0])
        task.lead[at : at + 1] = [Lead(Ref(m, self.r.names[m])) for m in kept]
        task.support = [s for s in task.support if s.id not in hit]
        names = ", ".join(self.r.names[h] for h in sorted(hit))
        task.review.append(
            f"'{groups[0].ref.name}' trừ {names} (cơ quan được phối hợp): "
            "kiểm tra danh sách chủ trì."
        )

    # -- opening and closing ---------------------------------------------------------------

    def _opening(self, intro: list[Para]) -> Task | None:
        for p in intro:
            a = _ASK.search(p.text)
            if a is None:
                continue
            refs, end = self.r.scan(p.text, a.end())
            if not refs or _generic(_before_list_end(p.text[end:])):
                continue
            t = self._task("mo-dau", p.text, [Lead(r) for r in refs], [], p, [])
            if t:
                t.id, t.source = "mo-dau", "Phần mở đầu"
                t.text = p.text[a.start() :]
                t.title = _title(p.text[end:])
                t.review.append("Phần mở đầu giao việc chung: có theo dõi như một nhiệm vụ không?")
                return t
        return None

    def _closing(self, p: Para, tasks: list[Task]) -> Task | None:
        if _CONDITIONAL.search(p.text):
            return None
        a = _ASK.search(p.text)
        if a is None:
            return None
        refs, end = self.r.scan(p.text, a.end())
        if not refs or _generic(p.text[end:]):
            return None
        if any(t.id == "ket-thuc" for t in tasks):
            return None
        t = self._task("ket-thuc", p.text, [Lead(r) for r in refs], [], p, [])
        if t:
            t.source = "Phần kết"
            t.title = _title(p.text[end:])
            t.review.append("Đoạn kết giao việc chung: có theo dõi như một nhiệm vụ không?")
        return t

    # -- annex -----------------------------------------------------------------------------

    def annex(self, doc: Document, tasks: list[Task]) -> list[str]:
        """Fill the tasks that point at the annex ("theo danh sách gửi kèm theo") with its rows:
        one lead per row, with the row's topic as `detail`. Returns review messages."""
        if self.h.annex_start is None:
            return []
        parts = self._annex_parts(doc.paras[self.h.annex_start :])
        if not parts:
            return []
        pointing = [t for t in tasks if _ANNEX_REF.search(t.text)]
        review: list[str] = []
        used: set[int] = set()
        for t in pointing:
            want = {x.ref.id for x in t.lead}
            pick = next(
                (i for i, (label, _) in enumerate(parts) if i not in used and label & want), None
            )
            if pick is None:
                pick = next((i for i in range(len(parts)) if i not in used), None)
            if pick is None:
                break
            used.add(pick)
            rows = parts[pick][1]
            t.lead = [Lead(ref, detail) for ref, detail in rows]
            t.source += "; Danh sách kèm theo" + (
                f", phần {_roman(pick + 1)}" if len(parts) > 1 else ""
            )
            t.review.append(f"Lấy {len(rows)} cơ quan chủ trì từ danh sách kèm theo.")
        if len(used) < len(parts):
            review.append("Có phần của danh sách kèm theo không gắn được với nhiệm vụ nào.")
        return review

    def table_tasks(self, doc: Document) -> list[Task]:
        """Tables whose header names a lead column ("STT | Nội dung | Cơ quan chủ trì | Cơ quan
        phối hợp | Thời gian hoàn thành | Sản phẩm"): one task a numbered row. A row with a
        number and a title only (I., II.) heads a group: its number prefixes the rows' ids."""
        out: list[Task] = []
        cols: dict[str, int] | None = None
        group = ""
        group_title = ""
        for p in doc.paras:
            if p.cells is None:
                continue
            cells = list(p.cells)
            header = _columns(cells)
            if header is not None:
                cols, group, group_title = header, "", ""
                continue
            if cols is None:
                continue
            number = cells[0].strip().rstrip(".") if cells else ""
            filled = {c.strip() for c in cells[1:] if c.strip()}
            if re.fullmatch(r"[IVX]{1,5}|[A-Z]", number) or (number and len(filled) <= 1):
                group, group_title = number, next(iter(filled), "")
                continue
            if not re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*", number):
                continue

            def cell(key: str, cols=cols, cells=cells) -> str:
                i = cols.get(key)
                return cells[i].strip() if i is not None and i < len(cells) else ""

            content = cell("content")
            if not content:
                continue
            lead = self._names(cell("lead"))
            support = [r for r in self._names(cell("support")) if r.id != INDEFINITE]
            review: list[str] = []
            if not lead:
                review.append("Dòng bảng không ghi cơ quan chủ trì.")
            due_text = cell("due")
            due = read_due(due_text, self.issued, self.calendar) if due_text else due_of("", None)
            ident = f"{group}.{number}" if group else number
            text = content + (f" (Sản phẩm: {cell('product')})" if cell("product") else "")
            task = Task(
                id=ident,
                text=text,
                title=_title(content, after_subject=False),
                lead=self._expand([Lead(r) for r in lead]),
                support=support,
                due=due,
                report_to=None,
                source="Bảng nhiệm vụ, STT " + ident + (f" ({group_title})" if group_title else ""),
                line=p.line,
                review=review,
            )
            if task.lead:
                out.append(task)
        return out

    def _names(self, text: str) -> list[Ref]:
        """The agencies of a table cell: resolved, or kept as written."""
        text = re.sub(r"\s+", " ", text).strip().strip(".;")
        if not text:
            return []
        refs, end = self.r.scan(text)
        rest = text[end:].strip(" ,;.")
        if rest:
            refs.append(Ref(None, rest))
        return [r for r in refs if r.id != ISSUER] or refs

    def _annex_parts(self, paras: list[Para]) -> list[tuple[set, list[tuple[Ref, str | None]]]]:
        parts: list[tuple[set, list[tuple[Ref, str | None]]]] = []
        rows: list[tuple[Ref, str | None]] = []
        label: set = set()

        def close() -> None:
            if rows:
                parts.append((set(label), list(rows)))
                rows.clear()

        for p in paras:
            cells = [c for c in (p.cells or ()) if c is not None]
            text = p.text if p.cells is None else ""
            first = cells[0] if cells else ""
            head = cells[0] if cells else text
            rm = re.match(r"^([IVX]{1,4})\.?\s+(.*)$", head.strip())
            if rm and (cells or len(text) < 80):
                close()
                rest = rm.group(2) or (cells[1] if len(cells) > 1 else "")
                label = {r.id for r in self.r.scan(rest.strip())[0]}
                continue
            if cells and re.fullmatch(r"\d{1,3}\.?", first.strip()) and len(cells) >= 2:
                ref = self.r.resolve(cells[1])
                detail = " ".join(c for c in cells[2:] if c).strip() or None
                rows.append((ref, detail))
                continue
            nm = re.match(r"^(\d{1,3})\.?\s+(.*)$", text)
            if nm and not cells:
                refs, end = self.r.scan(nm.group(2))
                if refs:
                    rows.append((refs[0], nm.group(2)[end:].strip() or None))
                continue
            if text and rows and not cells and not re.match(r"^(?:Ghi chú|\(|STT)", text):
                ref, detail = rows[-1]
                rows[-1] = (ref, f"{detail} {text}".strip() if detail else text)
        close()
        return parts


_COLUMN_WORDS = (
    ("lead", r"chủ trì"),
    ("support", r"phối hợp"),
    ("due", r"thời gian|thời hạn|tiến độ"),
    ("product", r"sản phẩm|kết quả"),
    ("content", r"nội dung|nhiệm vụ|công việc|tên"),
)


def _columns(cells: list[str]) -> dict[str, int] | None:
    """The columns of a task table from its header row, or None when it is not one."""
    found: dict[str, int] = {}
    for i, c in enumerate(cells):
        low = c.lower()
        for key, words in _COLUMN_WORDS:
            if key not in found and re.search(words, low):
                found[key] = i
                break
    return found if "lead" in found and "content" in found else None


def _sentence_case(s: str) -> str:
    s = s.strip().rstrip(":.")
    if s.upper() == s:
        s = s.lower()
    return s[:1].upper() + s[1:]


def _before_list_end(rest: str) -> str:
    return re.split(r"\btrong đó\b", rest)[0]


def _roman(n: int) -> str:
    return (
        ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][n - 1] if n <= 10 else str(n)
    )


def _source(label: str) -> str:
    if not label:
        return "Văn bản"
    return "Mục " + label


_VERBS = (
    "tham mưu|rà soát|xây dựng|triển khai|thực hiện|hướng dẫn|tổ chức|nghiên cứu|đề xuất|kiểm tra|"
    "tiếp tục|khẩn trương|tăng cường|tập trung|chuẩn bị|theo dõi|tổng hợp|đôn đốc|báo cáo|ban hành"
)
# "chủ trì, phối hợp với các sở, ban, ngành …" before the verb that says what to do.
_LEAD_IN = re.compile(
    rf"^(?:chủ trì,?\s*(?:và\s+)?)?"
    rf"(?:phối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+[^;]*?(?=\s(?:{_VERBS})\b))?\s*",
    re.I,
)


def _title(text: str, after_subject: bool = True) -> str:
    """The assignment in the directive's own words: the first clause that says what to do,
    without who does it and when."""
    s = re.sub(r"\s+", " ", text).strip()
    s = re.split(r"(?<=[.;])\s", s)[0].rstrip(".;")
    if after_subject:  # "Sở X chủ trì, phối hợp với …": the partners are not the task
        s = _LEAD_IN.sub("", s, count=1)
    s = re.sub(
        r"^(?:Các|các)\s+[^,]*?(?=\s(?:tiếp tục|tổ chức|thực hiện|chủ động|tập trung)\b)", "", s
    )
    s = re.sub(
        r",?\s*(?:yêu cầu\s+)?(?:hoàn thành|thực hiện xong)?\s*"
        r"(?:trước|chậm nhất)\s+(?:ngày\s+)?\d.*$",
        "",
        s,
    )
    s = s.strip(" ,;:-")
    if len(s) > 220:
        cut = s.rfind(",", 0, 220)
        s = s[: cut if cut > 80 else 220].rstrip(" ,;")
    return s[:1].upper() + s[1:] if s else text[:200]
