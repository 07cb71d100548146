"""Bytes of a directive as it arrives -> lines of text, one reader per kind of input.

Every reader returns `Source`: the lines in reading order, and whether they are hard-wrapped
(a PDF's lines end where the page did, not where the sentence did). Table rows come as one line
with their cells separated by tabs, whatever the input, so that the task reader sees one shape.
Anything unreadable raises `ExtractError` with a Vietnamese message that says what to do.

The PDF and Word libraries are imported here, inside the readers, so that only `dtrack import`
pays for them.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

# Below this many letters per page a PDF is taken as a scan without a text layer.
_MIN_LETTERS_PER_PAGE = 40
_OCR_LANG = "vie"
_OCR_DPI = 200  # enough for 12-14 pt type; 300 doubles the time for no gain on these scans
_INSTALL_OCR = "sudo apt-get install tesseract-ocr tesseract-ocr-vie"


# The signature block's lines: the authority ("KT. CHỦ TỊCH", "KT. BỘ TRƯỞNG, CHỦ NHIỆM") and
# the signer's title. Here, the lowest module, because the Word reader needs them to know a
# signature table that has no "Nơi nhận" beside it; header.py reads the signer with them.
AUTHORITY = re.compile(r"^(?:KT|TM|TL|TUQ|Q|KT\.?\s*CHỦ TỊCH)\.?\s+[A-ZĐÀ-Ỹ ]+(?:,[A-ZĐÀ-Ỹ ]+)*$")
SIGNER_TITLES = (
    "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
    "PHÓ CHỦ TỊCH",
    "CHỦ TỊCH",
    "PHÓ GIÁM ĐỐC",
    "GIÁM ĐỐC",
    "CHÁNH VĂN PHÒNG",
    "PHÓ CHÁNH VĂN PHÒNG",
    "BỘ TRƯỞNG",
    "THỨ TRƯỞNG",
    "THỦ TƯỚNG",
    "PHÓ THỦ TƯỚNG",
    "CHỦ NHIỆM",
    "PHÓ CHỦ NHIỆM",
    "TRƯỞNG BAN",
    "PHÓ TRƯỞNG BAN",
)


def is_signature_line(text: str) -> bool:
    up = re.sub(r"\s+", " ", text.strip()).upper()
    return bool(AUTHORITY.match(up)) or up in SIGNER_TITLES


class ExtractError(Exception):
    """The input cannot be read; the message is for the clerk."""


@dataclass(frozen=True)
class Source:
    lines: list[str]
    wrapped: bool  # lines end where the page did (PDF, OCR), not at paragraph ends
    how: str  # "text", "docx", "pdf", "ocr": said in the summary


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# A file that holds no letter or digit once read: a Word file with empty paragraphs only, a
# text file that is just its byte order mark, a scan of blank pages. As for a 0-byte file, an
# error: a draft without a word in it would only look like a reading.
_NOTHING_READ = {
    "docx": "Tệp Word '{name}' rỗng (không có chữ nào): không có gì để đọc.",
    "text": "Tệp '{name}' rỗng (không có chữ nào): không có gì để đọc.",
    "pdf": "Tệp PDF '{name}' rỗng (không có chữ nào): không có gì để đọc.",
    "ocr": (
        "Tệp PDF '{name}' là bản quét nhưng không nhận dạng được chữ nào (trang trắng hoặc ảnh "
        "quá mờ): không có gì để đọc. Hãy quét lại rõ hơn, hoặc xin bản có lớp chữ, bản Word."
    ),
}


def read(name: str, data: bytes, *, ocr_program: str | None = None) -> Source:
    """Read `data` (the bytes of file `name`; name "-" is standard input)."""
    src = _read(name, data, ocr_program)
    if not any(ch.isalnum() for line in src.lines for ch in line):
        raise ExtractError(_NOTHING_READ[src.how].format(name=name))
    return src


def _read(name: str, data: bytes, ocr_program: str | None) -> Source:
    if not data.strip():
        raise ExtractError(
            f"Tệp '{name}' rỗng (0 byte hoặc chỉ có khoảng trắng): không có gì để đọc."
        )
    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF"):
        return read_pdf(name, data, ocr_program=ocr_program)
    if data.startswith(b"PK\x03\x04"):
        return read_docx(name, data)
    if suffix == ".pdf":
        raise ExtractError(f"Tệp '{name}' có đuôi .pdf nhưng không phải PDF (thiếu dấu hiệu %PDF).")
    if suffix == ".docx":
        raise ExtractError(
            f"Tệp '{name}' có đuôi .docx nhưng không phải tệp Word (.docx là tệp nén zip)."
        )
    if suffix == ".doc" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ExtractError(
            f"Tệp '{name}' là tệp Word cũ (.doc): hãy mở bằng Word hoặc LibreOffice và lưu lại "
            "dưới dạng .docx (hoặc: soffice --headless --convert-to docx TỆP), rồi nhập tệp .docx."
        )
    return read_text(name, data)


def read_text(name: str, data: bytes) -> Source:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # Notepad's "Unicode" is UTF-16 with its byte order mark: Unicode still, not an old code.
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ExtractError(
            f"Tệp '{name}' không phải văn bản UTF-8 (byte lạ ở vị trí {exc.start}): có thể là "
            "bảng mã cũ (TCVN3, VNI, Windows-1258). Hãy mở và lưu lại với bảng mã UTF-8 (Unicode)."
        ) from None
    if "\x00" in text:
        raise ExtractError(f"Tệp '{name}' là tệp nhị phân, không phải văn bản, Word hay PDF.")
    lines = _nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Source(lines, wrapped=_looks_wrapped(lines), how="text")


def _looks_wrapped(lines: list[str]) -> bool:
    """Text copied from a PDF: most lines stop near one width, mid-sentence."""
    body = [ln.strip() for ln in lines if len(ln.strip()) > 20]
    if len(body) < 10:
        return False
    mid = sorted(len(ln) for ln in body)[len(body) // 2]
    near = sum(1 for ln in body if abs(len(ln) - mid) <= 20)
    open_end = sum(1 for ln in body if not ln.endswith((".", ";", ":", "!", "?")))
    return mid <= 130 and near >= 0.6 * len(body) and open_end >= 0.5 * len(body)


# --------------------------------------------------------------------------- Word


def read_docx(name: str, data: bytes) -> Source:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        raise ExtractError(f"Tệp '{name}' hỏng: không mở được như tệp nén (.docx).") from None
    if "word/document.xml" not in names:
        raise ExtractError(
            f"Tệp '{name}' là tệp nén zip nhưng không phải tệp Word .docx (không có "
            "word/document.xml). Hãy nhập tệp .docx, .pdf hoặc văn bản (.txt, .md)."
        )
    import docx  # lazy: start-up time (python-docx, installed with docxtpl)
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise ExtractError(f"Tệp Word '{name}' hỏng, không đọc được: {exc}.") from None
    lines: list[str] = []
    body = document.element.body
    started = False  # a paragraph of the body seen: tables after it hold data
    numbers = _Numbering(document)
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = _nfc(_paragraph_text(child))
            mark = numbers.mark(child) if text else ""
            text = f"{mark} {text}" if mark else text
            started = started or len(text) > 100
            lines.append(text)
        elif child.tag == qn("w:tbl"):
            if _layout_table(child, started):
                lines += _layout_lines(child)
            else:
                lines += _table_lines(child)
            lines.append("")
    return Source(lines, wrapped=_looks_wrapped(lines), how="docx")


class _Numbering:
    """Word's automatic numbering ("1.", "a)", "-" that the text itself does not hold), worked
    out as Word shows it: counters per list and level, deeper levels restarting."""

    _ROMAN = (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    )  # fmt: skip

    def __init__(self, document) -> None:
        from docx.oxml.ns import qn

        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> fmt
        self.counters: dict[str, list[int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for a in root.iterchildren(qn("w:abstractNum")):
            lv = {}
            for lvl in a.iterchildren(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                txt = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                lv[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
                    txt.get(qn("w:val"), "") if txt is not None else "",
                    int(start.get(qn("w:val"), "1")) if start is not None else 1,
                )
            abstract[a.get(qn("w:abstractNumId"))] = lv
        for num in root.iterchildren(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None and ref.get(qn("w:val")) in abstract:
                self.levels[num.get(qn("w:numId"))] = abstract[ref.get(qn("w:val"))]
        for style in document.styles.element.iterchildren(qn("w:style")):
            found = self._num_pr(style)
            if found is not None:
                self.style_num[style.get(qn("w:styleId"))] = found

    @staticmethod
    def _num_pr(element) -> tuple[str, int] | None:
        from docx.oxml.ns import qn

        ppr = element.find(qn("w:pPr"))
        npr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if npr is None:
            return None
        num = npr.find(qn("w:numId"))
        lvl = npr.find(qn("w:ilvl"))
        if num is None:
            return None
        return num.get(qn("w:val")), int(lvl.get(qn("w:val"), "0")) if lvl is not None else 0

    def mark(self, p) -> str:
        from docx.oxml.ns import qn

        found = self._num_pr(p)
        if found is None:
            ppr = p.find(qn("w:pPr"))
            style = ppr.find(qn("w:pStyle")) if ppr is not None else None
            if style is not None:
                found = self.style_num.get(style.get(qn("w:val")))
        if found is None or found[0] not in self.levels:
            return ""
        num, ilvl = found
        levels = self.levels[num]
        counts = self.counters.setdefault(num, [0] * 9)
        ilvl = min(ilvl, 8)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        fmt, text, _ = levels.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
        if fmt == "bullet" or fmt == "none":
            return "-" if fmt == "bullet" else ""

        def shown(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            f, _, start = levels.get(k, ("decimal", "", 1))
            n = counts[k] + start - 1 if counts[k] else start
            return self._format(f, n)

        return re.sub(r"%([1-9])", shown, text)

    def _format(self, fmt: str, n: int) -> str:
        if fmt in ("lowerLetter", "upperLetter"):
            letter = "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]  # Word's letters: no "đ"
            return letter.upper() if fmt == "upperLetter" else letter
        if fmt in ("upperRoman", "lowerRoman"):
            out = ""
            for value, letters in self._ROMAN:
                while n >= value:
                    out, n = out + letters, n - value
            return out if fmt == "upperRoman" else out.lower()
        return str(n)


def _layout_table(tbl, started: bool) -> bool:
    """The header (issuer | motto, Số | place and date) and the signature (Nơi nhận | signer)
    are laid out as borderless two-column tables: their cells are lines, not data."""
    from docx.oxml.ns import qn

    rows = list(tbl.iterchildren(qn("w:tr")))
    widest = max((len(list(r.iterchildren(qn("w:tc")))) for r in rows), default=0)
    if widest > 2:
        return False
    text = " ".join(t.text or "" for t in tbl.iter(qn("w:t")))
    if not started or "Nơi nhận" in text:
        return True
    # The signer's cell alone, with no "Nơi nhận" beside it.
    return any(
        is_signature_line(line)
        for p in tbl.iter(qn("w:p"))
        for line in _paragraph_text(p, "\n").split("\n")
    )


def _layout_lines(tbl) -> list[str]:
    """Each paragraph of each cell as a line: the left column first, then the right."""
    from docx.oxml.ns import qn

    columns: list[list[str]] = [[], []]
    for tr in tbl.iterchildren(qn("w:tr")):
        for i, tc in enumerate(tr.iterchildren(qn("w:tc"))):
            for p in tc.iterchildren(qn("w:p")):
                columns[min(i, 1)] += _nfc(_paragraph_text(p, "\n")).split("\n")
    return [line.strip() for col in columns for line in col if line.strip()]


def _paragraph_text(p, breaks: str = " ") -> str:
    """The text of a w:p; a line break inside it (Shift+Enter) becomes `breaks`."""
    from docx.oxml.ns import qn

    parts = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts).replace("\n", breaks).strip()


def _table_lines(tbl) -> list[str]:
    """One line a row, cells joined by tabs; a merged cell's text is repeated in each row and
    each column it spans, so that every row has the table's columns in place."""
    from docx.oxml.ns import qn

    out: list[str] = []
    above: dict[int, str] = {}
    for tr in tbl.iterchildren(qn("w:tr")):
        cells = []
        col = 0
        for tc in tr.iterchildren(qn("w:tc")):
            pr = tc.find(qn("w:tcPr"))
            span = 1
            merge = None
            if pr is not None:
                gs = pr.find(qn("w:gridSpan"))
                if gs is not None:
                    span = int(gs.get(qn("w:val"), "1"))
                vm = pr.find(qn("w:vMerge"))
                if vm is not None:
                    merge = vm.get(qn("w:val"), "continue")
            text = " ".join(
                t for t in (_paragraph_text(p) for p in tc.iterchildren(qn("w:p"))) if t
            )
            if merge == "continue":
                text = above.get(col, "")
            above[col] = text
            cells += [_nfc(text)] * span  # a cell spanning columns fills each: columns stay put
            col += span
        out.append("\t".join(cells))
    return out


# --------------------------------------------------------------------------- PDF


def read_pdf(name: str, data: bytes, *, ocr_program: str | None = None) -> Source:
    # pypdf: measured against pdfminer.six on PDFs made from the seeds (README, "import").
    import logging

    from pypdf import PdfReader  # lazy: start-up time
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not the clerk's business
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise ExtractError(
                    f"Tệp PDF '{name}' có mật khẩu: không đọc được. Hãy xin bản không đặt mật "
                    "khẩu, hoặc mở bằng mật khẩu rồi in/lưu ra PDF mới."
                )
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ExtractError(f"Tệp PDF '{name}' hỏng, không đọc được: {exc}.") from None
    letters = sum(ch.isalpha() for page in pages for ch in page)
    if letters < _MIN_LETTERS_PER_PAGE * max(1, len(pages)):
        return read_scanned(name, data, len(pages), ocr_program=ocr_program)
    lines: list[str] = []
    for page in pages:
        lines += _nfc(page).split("\n")
        lines.append("\f")  # page break: running headers and page numbers sit next to it
    return Source(lines, wrapped=True, how="pdf")


def ocr_program_path() -> str | None:
    return shutil.which("tesseract")


def read_scanned(name: str, data: bytes, pages: int, *, ocr_program: str | None) -> Source:
    """A PDF of page images: rasterise with pdftoppm, read with Tesseract's Vietnamese data."""
    tesseract = ocr_program
    pdftoppm = shutil.which("pdftoppm")
    if tesseract is None or pdftoppm is None:
        missing = "tesseract" if tesseract is None else "pdftoppm (poppler-utils)"
        raise ExtractError(
            f"Tệp PDF '{name}' là bản quét (ảnh), không có lớp chữ; cần chương trình nhận dạng "
            f"chữ {missing} để đọc. Cài đặt (Debian/Ubuntu): {_INSTALL_OCR} poppler-utils; "
            "hoặc xin bản PDF có lớp chữ, bản Word của văn bản."
        )
    with tempfile.TemporaryDirectory(prefix="dtrack-ocr-") as tmp:
        pdf = os.path.join(tmp, "in.pdf")
        with open(pdf, "wb") as fh:
            fh.write(data)
        try:
            subprocess.run(
                [pdftoppm, "-r", str(_OCR_DPI), "-gray", "-png", pdf, os.path.join(tmp, "p")],
                check=True,
                capture_output=True,
                timeout=600,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise ExtractError(f"Không chuyển được tệp PDF '{name}' thành ảnh: {exc}.") from None
        images = sorted(p for p in os.listdir(tmp) if p.startswith("p") and p.endswith(".png"))
        lines: list[str] = []
        for image in images:
            try:
                done = subprocess.run(
                    [tesseract, os.path.join(tmp, image), "-", "-l", _OCR_LANG, "--psm", "4"],
                    check=True,
                    capture_output=True,
                    timeout=600,
                    # One thread: OpenMP's threads cost more than they give on a busy 2-core
                    # office machine (measured: 2.5 s a page against 7 s).
                    env={**os.environ, "OMP_THREAD_LIMIT": "1"},
                )
            except subprocess.CalledProcessError as exc:
                err = exc.stderr.decode("utf-8", "replace")
                if "vie" in err and ("traineddata" in err or "language" in err.lower()):
                    raise ExtractError(
                        "Tesseract chưa có dữ liệu tiếng Việt; cài đặt: "
                        "sudo apt-get install tesseract-ocr-vie"
                    ) from None
                raise ExtractError(
                    f"Tesseract không đọc được trang {image}: {err.strip()}"
                ) from None
            except (subprocess.SubprocessError, OSError) as exc:
                raise ExtractError(f"Không chạy được tesseract: {exc}.") from None
            lines += _nfc(done.stdout.decode("utf-8", "replace")).split("\n")
            lines.append("\f")
    return Source(lines, wrapped=True, how="ocr")
