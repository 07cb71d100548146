"""The header and footer facts of a directive (Nghị định 30/2020/NĐ-CP, Phụ lục I layout).

Số/ký hiệu, kind, place and date, issuing body, trích yếu, Kính gửi, and the signature block.
The header block may sit in the middle of the text (a PDF extraction puts it where the text
boxes fell): the reader looks for each fact wherever it is and marks the paragraphs it took, so
the task reader skips them. A draft's blanks ("Số: /KH-UBND", "ngày tháng 4 năm 2026") stay blank.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .extract import AUTHORITY, SIGNER_TITLES, is_signature_line
from .paragraphs import Document, Para

# Title line -> kind (the data format's word list), longest first.
KIND_TITLES = (
    ("THÔNG BÁO KẾT LUẬN", "ket-luan"),
    ("KẾT LUẬN", "ket-luan"),
    ("KẾ HOẠCH", "ke-hoach"),
    ("CHỈ THỊ", "chi-thi"),
    ("QUYẾT ĐỊNH", "quyet-dinh"),
    ("THÔNG BÁO", "thong-bao"),
    ("NGHỊ QUYẾT", "nghi-quyet"),
    ("CÔNG VĂN", "cong-van"),
    ("CHƯƠNG TRÌNH", "khac"),
)
# The type code in the number: "…/KH-UBND" is a kế hoạch; "…/UBND-NC" has none (công văn).
KIND_CODES = {
    "KH": "ke-hoach",
    "TB": "thong-bao",
    "CT": "chi-thi",
    "QĐ": "quyet-dinh",
    "NQ": "nghi-quyet",
    "KL": "ket-luan",
    "CV": "cong-van",
}

# "1958/UBND-NC"; also "1958/UBND - NC" as a PDF or a scan spaces it (read back without spaces).
# The colon is sometimes left out ("Số 1958/UBND-NC"): see _number_of.
_NUMBER = re.compile(
    r"^Số\s*(?P<colon>:)?\s*(?P<n>[0-9A-Za-zĐđ./\-&]*\s*/\s*[A-ZĐ0-9][A-ZĐa-zđ0-9.&]*"
    r"(?:-[A-ZĐa-zđ0-9][A-ZĐa-zđ0-9.&]*|(?:\s+-\s*|-\s+)[A-ZĐ0-9][A-ZĐa-zđ0-9.&]*)*-?)"
)
_DATE = re.compile(
    r"^(?P<place>[A-ZĐÀ-Ỹ][^,]{1,40}),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*"
    r"năm\s*(?P<y>\d{4})"
)
_MOTTO = re.compile(
    r"^(?:CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    r"|Độc lập\s*[-–]\s*Tự do"
    r"\s*[-–]\s*Hạnh phúc)",
    re.I,
)
# A signature block: authorities, title, a stamp line, the name (twice when a stamp is read).
_SIGNATURE_LINES = 8
_STAMP = re.compile(r"[-–\s]*\(?(?:đã\s+)?ký\)?\.?", re.I)
_ANNEX = re.compile(r"^(?:PHỤ LỤC|DANH SÁCH|DANH MỤC|BIỂU|BẢNG)\b")


@dataclass
class Header:
    number: str | None = None
    number_blank: bool = False  # "Số: /KH-UBND": a draft
    kind: str | None = None
    place: str | None = None
    issued: dt.date | None = None
    issued_text: str | None = None
    issuer_name: str | None = None
    subject: str | None = None
    recipients: list[str] = field(default_factory=list)
    signer: str | None = None
    signer_title: str | None = None
    authority: str | None = None
    body_start: int = 0  # index of the first paragraph of the body
    body_end: int = 0  # index after its last paragraph (Nơi nhận, or the annex)
    annex_start: int | None = None
    plan: tuple[int, int] | None = None  # the plan a Quyết định issues: its paragraphs
    review: list[str] = field(default_factory=list)


def _caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _title_case(s: str) -> str:
    s = s.strip().lower()
    return s[:1].upper() + s[1:]


def _issuer_name(lines: list[str]) -> str:
    text = " ".join(lines).strip()
    text = re.sub(r"\s+", " ", text)
    words = text.lower().split(" ")
    # "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN" -> "Ủy ban nhân dân tỉnh Thái Nguyên": the place is a
    # proper name after the unit word (tỉnh, thành phố, xã, phường, huyện).
    out = []
    proper = False
    for w in words:
        out.append(w.capitalize() if proper else w)
        if w in ("tỉnh", "phố", "xã", "phường", "huyện", "quận", "khu"):
            proper = True
    name = " ".join(out)
    return name[:1].upper() + name[1:]


def read(doc: Document) -> Header:
    h = Header()
    paras = doc.paras
    h.body_end = len(paras)
    # Footer: from "Nơi nhận" (or the signature) to the annex.
    for i, p in enumerate(paras):
        if (
            p.cells is None
            and _ANNEX.match(p.text)
            and _caps(" ".join(p.text.split()[:2]))
            and i > 5
        ):
            h.annex_start = i
            break
    end = h.annex_start if h.annex_start is not None else len(paras)
    for i in range(end):
        if re.match(r"^Nơi nhận\s*:?", paras[i].text):
            h.body_end = i
            break
    else:
        h.body_end = end
    # No "Nơi nhận" (or the signer's column read before it): the signature block ends the body.
    h.body_end = _signature_start(paras, h.body_end)
    # A Quyết định ban hành Kế hoạch: the plan follows the decision's signature, under its own
    # title ("KẾ HOẠCH … (Kèm theo Quyết định số …)"); its sections are the tasks' body.
    for i in range(h.body_end, end):
        if paras[i].cells is None and _kind_title(paras[i].text) in ("ke-hoach", "khac"):
            h.plan = (i + 1, end)
            end = i
            paras[i].consumed = True
            break
    _signature(paras[h.body_end : end], h)
    for p in paras[h.body_end : end]:
        p.consumed = True
    if h.plan is not None:
        start, stop = h.plan
        for i in range(start, stop):  # the plan's own footer, when it has one
            if re.match(r"^Nơi nhận\s*:?", paras[i].text):
                for p in paras[i:stop]:
                    p.consumed = True
                h.plan = (start, i)
                break
        for i in range(start, min(start + 4, stop)):  # the plan's title and "(Kèm theo …)"
            t = paras[i].text
            if paras[i].cells is None and (_caps(t) or re.match(r"^\(?(?:Kèm|Ban hành kèm)", t)):
                paras[i].consumed = True
            else:
                break

    # Header facts: anywhere in the body part (a PDF may put the block mid-text).
    issuer_lines: list[str] = []
    last_header = -1
    kind_title_at = None
    for i in range(h.body_end):
        p = paras[i]
        t = p.text
        if p.cells is not None:
            continue
        if _MOTTO.match(t):
            p.consumed = True
            if i < 12:
                last_header = max(last_header, i)
            continue
        found = _number_of(t)
        if found is not None and h.number is None and not h.number_blank:
            n = re.sub(r"\s+", "", found)
            if n.startswith("/"):
                h.number_blank = True
            else:
                h.number = n
            code = n.split("/", 1)[1].split("-", 1)[0] if "/" in n else ""
            h.kind = h.kind or KIND_CODES.get(code)
            p.consumed = True
            last_header = max(last_header, i)
            continue
        m = _DATE.match(t)
        if m and h.place is not None and len(t) < 90:
            p.consumed = True  # the place and date once more (a header block repeated)
            continue
        if m and h.place is None and len(t) < 90:
            h.place = m.group("place").strip()
            h.issued_text = m.group(0)
            if m.group("d") and m.group("m"):
                try:
                    h.issued = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                except ValueError:
                    h.review.append(f"Ngày ban hành không có thật: '{m.group(0)}'.")
            else:
                h.review.append(
                    f"Ngày ban hành còn để trống ('{m.group(0)}'): văn bản là dự thảo; "
                    "điền issued khi văn bản được ban hành."
                )
            p.consumed = True
            if i < 12:
                last_header = max(last_header, i)
            continue
        if (
            i < 8
            and _caps(t)
            and len(t) < 80
            and not _kind_title(t)
            and h.number is None
            and not h.number_blank
            and not re.match(r"^[IVX]+\.", t)
        ):
            issuer_lines.append(t)
            p.consumed = True
            last_header = max(last_header, i)
            continue
        if kind_title_at is None and i < 20 and _kind_title(t):
            h.kind = _kind_title(t)
            kind_title_at = i
            p.consumed = True
            last_header = max(last_header, i)
            continue
        if h.subject is None and re.match(r"^V/v\b", t):
            h.subject = re.sub(r"^V/v\.?\s*", "", t).strip() + _continued(paras, i, h.body_end)
            h.kind = h.kind or "cong-van"
            p.consumed = True
            last_header = max(last_header, i)
            continue
        if kind_title_at is not None and h.subject is None and i == kind_title_at + 1:
            h.subject = (t + _continued(paras, i, h.body_end)).rstrip(".")
            p.consumed = True
            last_header = max(last_header, i)
            continue
        if re.match(r"^Kính gửi\s*:?", t):
            p.consumed = True
            inline = re.sub(r"^Kính gửi\s*:?\s*", "", t).strip()
            if inline:
                h.recipients.append(inline.rstrip(".;"))
            j = i + 1
            while j < h.body_end and re.match(r"^[-–+•]\s", paras[j].text):
                h.recipients.append(paras[j].text[1:].strip().rstrip(".;"))
                paras[j].consumed = True
                j += 1
            last_header = max(last_header, j - 1)
            continue
    if issuer_lines:
        h.issuer_name = _issuer_name(issuer_lines)
    if h.kind is None and h.recipients:
        h.kind = "cong-van"  # "Kính gửi" without a title of its own: a công văn
    if h.subject and h.subject[:1].isupper() and h.kind != "cong-van":
        h.subject = h.subject[:1].lower() + h.subject[1:] if not _caps(h.subject[:3]) else h.subject
    if h.subject and _caps(h.subject):
        h.subject = _title_case(h.subject)
    h.body_start = last_header + 1
    if h.number is None:
        h.review.append(
            "Không thấy số, ký hiệu của văn bản"
            + (" (dự thảo: 'Số: /…')" if h.number_blank else "")
            + ": điền number khi có."
        )
    if h.subject is None:
        h.review.append("Không thấy trích yếu (V/v … hoặc tên văn bản): điền subject.")
    if h.issued_text is None:
        h.review.append("Không thấy ngày ban hành ('…, ngày … tháng … năm …'): điền issued khi có.")
    return h


def _number_of(t: str) -> str | None:
    """The number of a "Số: …" line. Without the colon only a line that is the number alone
    counts ("Số 1958/UBND-NC", "Số /KH-UBND"): a sentence may start "Số 12/KH-UBND ngày …"."""
    m = _NUMBER.match(t)
    if m is None:
        return None
    if m.group("colon") is None and (
        not re.match(r"[0-9/]", m.group("n")) or t[m.end() :].strip(" .;")
    ):
        return None
    return m.group("n")


def _kind_title(t: str) -> str | None:
    if not _caps(t) or len(t) > 40:
        return None
    s = re.sub(r"\s+", " ", t.strip().rstrip("."))
    for title, kind in KIND_TITLES:
        if s == title:
            return kind
    return None


def _signature_start(paras: list[Para], end: int) -> int:
    """Where the signature block that ends paras[:end] starts: its first authority ("KT. CHỦ
    TỊCH", "TL. CHỦ TỊCH") or title ("PHÓ CHỦ TỊCH"), when only such lines, names and stamps
    ("(Đã ký)") follow it; `end` when there is none. Anything else (a sentence, the header
    block a PDF put last) stops the search."""
    start = end
    for i in range(end - 1, max(end - _SIGNATURE_LINES, 0) - 1, -1):
        p = paras[i]
        t = re.sub(r"\s+", " ", p.text.strip())
        if p.cells is not None:
            break
        if is_signature_line(t):
            start = i
        elif not (_name_like(t) or _STAMP.fullmatch(t)):
            break
    return start


def _name_like(t: str) -> bool:
    """ "Phạm Hoàng Sơn": a person's name as signed."""
    words = t.split()
    return (
        2 <= len(words) <= 5
        and all(w[:1].isupper() for w in words)
        and not _caps(t)
        and not re.search(r"[\d:;/()]", t)
    )


def _signature(paras: list[Para], h: Header) -> None:
    """Authority ("KT. CHỦ TỊCH"), title ("PHÓ CHỦ TỊCH") and the name under them."""
    seen_title = False
    for p in paras:
        t = p.text.strip()
        if p.cells is not None or not t:
            continue
        up = re.sub(r"\s+", " ", t).upper()
        if AUTHORITY.match(up) and h.authority is None:
            h.authority = up
            continue
        if up in SIGNER_TITLES:
            h.signer_title = re.sub(
                r"^Phó (chủ|giám|trưởng|chánh|thủ)",
                lambda m: "Phó " + m.group(1).capitalize(),
                _title_case(up),
            )
            seen_title = True
            continue
        if seen_title and _name_like(t):
            h.signer = t  # the last name-like line wins: "Hoàng Sơn" (a stamp), "Phạm Hoàng Sơn"
    if h.signer_title and h.signer is None:
        h.review.append("Không thấy tên người ký: điền signer nếu cần.")


def _continued(paras, i: int, end: int) -> str:
    """The lines that continue a subject broken over several lines ("Phê duyệt Kế hoạch …,
    chống úng ngập" / "khu vực nội thành …"): they start in lower case. Marked as read."""
    out = ""
    j = i + 1
    while j < end and not paras[j].consumed:
        t = paras[j].text.strip()
        if not t or not t[0].islower() or len(t) > 200 or t.endswith(":"):
            break
        out += " " + t
        paras[j].consumed = True
        j += 1
    return out
