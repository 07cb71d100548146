"""The Word letter: templates/letter.docx filled by docxtpl, written byte-for-byte reproducibly.

The default template is built by `build_template()` below (python-docx), so its layout is code
that can be reviewed: A4, margins 20/20/30/15 mm, Times New Roman, the two-column header and the
"Nơi nhận" / signature block of Nghị định 30/2020/NĐ-CP. An office that wants another layout
copies templates/letter.docx, edits it in Word (keeping the {{ … }} / {%p … %} tags) and points
`--templates` at its folder. Rebuild the default with
`python -m directive_cli.render.letter_docx templates/letter.docx`.

Templates run in Jinja's sandbox with StrictUndefined (templating.environment), autoescaped for
XML. Reproducible: fixed core properties (from the letter date) and a zip rewritten with fixed
entry dates and order.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from ..templating import TemplateProblem, environment, jinja_message, packaged_templates

TEMPLATE_NAME = "letter.docx"
FONT = "Times New Roman"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


# -- rendering ------------------------------------------------------------------------------------


def template_path(user_dir: Path | None) -> Path:
    if user_dir is not None and (user_dir / TEMPLATE_NAME).is_file():
        return user_dir / TEMPLATE_NAME
    path = packaged_templates() / TEMPLATE_NAME
    if not path.is_file():
        raise TemplateProblem(f"Không tìm thấy mẫu '{TEMPLATE_NAME}'.")
    return path


def render(context: dict, user_dir: Path | None, letter_date: dt.date) -> bytes:
    """The filled Word letter as bytes; a template problem names the template and paragraph."""
    from docxtpl import DocxTemplate  # lazy: start-up time
    from jinja2 import TemplateError, TemplateSyntaxError
    from jinja2.sandbox import SecurityError

    path = template_path(user_dir)
    shown = str(path) if path.parent != packaged_templates() else TEMPLATE_NAME
    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
    except Exception:  # a damaged or non-Word file
        raise TemplateProblem(
            f"Mẫu '{shown}' không phải tệp Word (.docx) đọc được (tệp hỏng, hoặc không phải "
            "tệp .docx lưu từ Word)."
        ) from None
    # Line structure matters in WordprocessingML: no block trimming (docxtpl's own default).
    env = environment(user_dir, trim=False)
    try:
        tpl.render(context, jinja_env=env, autoescape=True)
    except TemplateSyntaxError as exc:
        where = _where(path, exc.lineno)
        raise TemplateProblem(f"{shown}:{where}: lỗi cú pháp mẫu: {jinja_message(exc)}") from None
    except SecurityError as exc:
        raise TemplateProblem(
            f"Mẫu '{shown}': thao tác không được phép: {jinja_message(exc)}"
        ) from None
    except TemplateError as exc:
        where = _where(path, _failing_line(exc))
        raise TemplateProblem(f"{shown}:{where}: lỗi khi điền mẫu: {jinja_message(exc)}") from None
    except Exception as exc:  # Python raised inside a user's template ({{ 1/0 }})
        where = _where(path, _failing_line(exc))
        raise TemplateProblem(
            f"{shown}:{where}: lỗi khi điền mẫu: {type(exc).__name__}: {exc}"
        ) from None

    stamp = dt.datetime.combine(letter_date, dt.time(0, 0))
    props = tpl.docx.core_properties
    props.created = props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    author = context.get("issuer", {}).get("name", "")
    props.author = props.last_modified_by = author
    props.title = context.get("subject_line", "")
    props.subject = "Công văn đôn đốc"
    props.comments = props.keywords = ""
    buf = io.BytesIO()
    tpl.save(buf)
    return normalize_zip(buf.getvalue(), {"word/document.xml": _no_break_hyphens})


_HYPHENATED = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*\u2011[^<]*)</w:t>")


def _no_break_hyphens(xml: bytes) -> bytes:
    """U+2011 as Word's own non-breaking hyphen (<w:noBreakHyphen/>, what Ctrl+Shift+- types):
    drawn by any font, found by Word's search for "^~"."""

    def split(m: re.Match) -> str:
        pieces = m.group(2).split("\u2011")
        texts = [f'<w:t xml:space="preserve">{piece}</w:t>' for piece in pieces]
        return "<w:noBreakHyphen/>".join(texts)

    return _HYPHENATED.sub(split, xml.decode("utf-8")).encode("utf-8")


def _failing_line(exc: BaseException) -> int | None:
    """The template line (one per paragraph in docxtpl's XML) where rendering failed."""
    tb, line = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _where(path: Path, line: int | None) -> str:
    """ "đoạn 12 («Kính gửi: {{ adressees }}»)": docxtpl puts each paragraph on its own line."""
    if line is None:
        return "?"
    try:
        from docxtpl import DocxTemplate  # lazy: start-up time

        tpl = DocxTemplate(str(path))
        tpl.init_docx()
        xml = tpl.patch_xml(tpl.get_xml())
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
        text = re.sub(r"<[^>]+>", "", xml.splitlines()[line - 1]).strip()
    except Exception:  # only a hint: the line number stands without it
        text = ""
    if len(text) > 80:
        text = text[:77] + "..."
    return f" đoạn {line}" + (f" («{text}»)" if text else "")


def normalize_zip(data: bytes, transforms: dict | None = None) -> bytes:
    """Same content, same bytes: fixed entry dates, attributes and order; `transforms` rewrite
    the named parts on the way."""
    transforms = transforms or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in names]
    ordered = first + sorted(n for n in names if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            part = src.read(name)
            if name in transforms:
                part = transforms[name](part)
            dst.writestr(info, part)
    return out.getvalue()


# -- the default template -------------------------------------------------------------------------


def build_template() -> bytes:
    """templates/letter.docx, from scratch (python-docx): the layout of NĐ 30, Phụ lục I."""
    from docx import Document  # lazy: start-up time
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm, Mm, Pt

    center, justify, left = (
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.JUSTIFY,
        WD_ALIGN_PARAGRAPH.LEFT,
    )
    doc = Document()
    _drop_thumbnail(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)
    _defaults(doc)
    _page_numbers(section)

    normal = doc.styles["Normal"]
    normal.font.size = Pt(14)
    _style_fonts(normal)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    for name in ("Table Grid", "Normal Table"):
        _style_fonts(doc.styles[name])

    def para(
        container,
        text="",
        *,
        size=14,
        bold=False,
        italic=False,
        underline=False,
        align=center,
        before=0,
        after=0,
        indent=None,
        first=None,
        right=None,
    ):
        p = container.add_paragraph()
        p.alignment = align
        pf = p.paragraph_format
        pf.space_before, pf.space_after = Pt(before), Pt(after)
        if indent is not None:
            pf.left_indent = indent
        if first is not None:
            pf.first_line_indent = first
        if right is not None:
            pf.right_indent = right
        if text:
            run(p, text, size=size, bold=bold, italic=italic, underline=underline)
        _mark_size(p, size)
        return p

    def run(p, text, *, size=14, bold=False, italic=False, underline=False):
        r = p.add_run(text)
        r.font.size = Pt(size)
        r.font.name = FONT
        r.bold, r.italic, r.underline = bold or None, italic or None, underline or None
        return r

    def tag(container, text):
        # A docxtpl paragraph tag: the whole paragraph is replaced by the Jinja statement.
        return para(container, text, align=left)

    def body(container, text, before=6):
        return para(container, text, align=justify, before=before, first=Cm(1))

    # Header: issuing body | national title; number and subject | place and date.
    head = doc.add_table(rows=2, cols=2)
    _layout(head, [Cm(6.2), Cm(10.3)], borders=False)
    org, nation = head.rows[0].cells
    number, date = head.rows[1].cells
    _clear(org, nation, number, date)
    tag(org, "{%p for line in issuer.parent_lines %}")
    para(org, "{{ line }}", size=13)
    tag(org, "{%p endfor %}")
    tag(org, "{%p for line in issuer.name_lines %}")
    para(org, "{{ line }}", size=13, bold=True)
    tag(org, "{%p endfor %}")
    _rule(para(org, size=2), Cm(1.9))
    para(nation, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True)
    para(nation, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, underline=True)
    para(number, "{{ number_line }}", size=13, before=6)
    para(number, "{{ subject_line }}", size=12, before=2)
    para(date, "{{ date_line }}", size=14, italic=True, before=6)

    # Kính gửi: one addressee on one centred line; several as a list under "Kính gửi:".
    tag(doc, "{%p if addressees|length == 1 %}")
    para(doc, "Kính gửi: {{ addressees[0] }}.", before=18, after=6)
    tag(doc, "{%p else %}")
    para(doc, "", size=12)
    tag(doc, "{%p for name in addressees %}")
    p = para(doc, "", align=left, indent=Cm(4.6), first=Cm(-2.3))
    p.paragraph_format.tab_stops.add_tab_stop(Cm(4.6))
    run(p, "{% if loop.first %}Kính gửi:{% endif %}")
    run(p, "\t")
    run(p, "- {{ name }}{{ '.' if loop.last else ';' }}")
    tag(doc, "{%p endfor %}")
    para(doc, "", size=6)
    tag(doc, "{%p endif %}")

    # Body: what was assigned (in the body, or in the annex), what the letter finds, the request.
    tag(doc, "{%p if annex %}")
    body(
        doc,
        "Tại {{ cited }}, {{ assigner }} đã giao {{ assignee }} chủ trì thực hiện các nhiệm vụ "
        "cụ thể, có thời hạn hoàn thành.",
    )
    tag(doc, "{%p else %}")
    tag(doc, "{%p for d in directives %}")
    tag(doc, "{%p if d.one %}")
    body(
        doc,
        "Tại {{ d.citation }}, {{ d.assigner }} đã giao {{ d.assignee }} chủ trì thực hiện "
        "nhiệm vụ: {{ d.tasks[0].text }}; thời hạn: {{ d.tasks[0].deadline }}"
        "{{ '; ' ~ d.tasks[0].state if not one else '' }}.",
    )
    tag(doc, "{%p else %}")
    body(
        doc,
        "Tại {{ d.citation }}, {{ d.assigner }} đã giao {{ d.assignee }} chủ trì thực hiện "
        "các nhiệm vụ sau:",
    )
    tag(doc, "{%p for t in d.tasks %}")
    body(
        doc,
        "- {{ t.text }}; thời hạn: {{ t.deadline }}; {{ t.state }}{{ '.' if loop.last else ';' }}",
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    # The closing block stays with the last lines of the body: keep-with-next from here on.
    _keep_next(body(doc, "{{ situation }}"))
    _keep_next(body(doc, "{{ request }}./."))

    # Nơi nhận | signature: one row that never splits, every paragraph kept with the next.
    _keep_next(para(doc, "", size=6))
    foot = doc.add_table(rows=1, cols=2)
    _layout(foot, [Cm(7.8), Cm(8.7)], borders=False)
    _cant_split(foot.rows[0])
    cc, sign = foot.rows[0].cells
    _clear(cc, sign)
    para(cc, "Nơi nhận:", size=12, bold=True, italic=True, align=left, before=6)
    para(cc, "- Như trên;", size=11, align=left)
    tag(cc, "{%p for c in cc %}")
    para(cc, "- {{ c }};", size=11, align=left)
    tag(cc, "{%p endfor %}")
    para(cc, "- Lưu: {{ archive }}.", size=11, align=left)
    tag(sign, "{%p if signer.authority %}")
    para(sign, "{{ signer.authority }}", bold=True, before=6)
    tag(sign, "{%p endif %}")
    para(sign, "{{ signer.title }}", bold=True)
    for _ in range(4):
        para(sign, "")
    para(sign, "{{ signer.name }}", bold=True)
    for cell in (cc, sign):
        for p in cell.paragraphs:
            _keep_next(p)

    # Annex, on a new page: one row per task (a group task once, with its late members).
    tag(doc, "{%p if annex %}")
    p = para(doc, "")
    p.add_run().add_break(WD_BREAK.PAGE)
    para(doc, "PHỤ LỤC", bold=True)
    para(doc, "{{ annex_title }}", bold=True)
    para(doc, "{{ annex_note }}", italic=True, after=6)
    tag(doc, "{%p if combined %}")
    _tasks_table(
        doc,
        [
            ("STT", Cm(1.2)),
            ("Nhiệm vụ", Cm(4.4)),
            ("Cơ quan chủ trì", Cm(3.1)),
            ("Văn bản giao", Cm(3.5)),
            ("Thời hạn", Cm(2.4)),
            ("Tình trạng", Cm(1.9)),
        ],
        [
            "{{ r.stt }}",
            "{{ r.task }}",
            "{{ r.agency }}",
            "{{ r.document }}",
            "{{ r.due }}",
            "{{ r.state }}",
        ],
        para,
    )
    tag(doc, "{%p else %}")
    _tasks_table(
        doc,
        [
            ("STT", Cm(1.2)),
            ("Nhiệm vụ", Cm(6.7)),
            ("Văn bản giao", Cm(3.7)),
            ("Thời hạn", Cm(2.4)),
            ("Tình trạng", Cm(2.5)),
        ],
        ["{{ r.stt }}", "{{ r.task }}", "{{ r.document }}", "{{ r.due }}", "{{ r.state }}"],
        para,
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")
    para(doc, "", size=2)  # Word wants a paragraph after the last table

    props = doc.core_properties
    props.author = props.last_modified_by = ""
    props.title = "Mẫu công văn đôn đốc (dtrack)"
    props.comments = props.keywords = props.subject = ""
    props.created = props.modified = dt.datetime(2025, 1, 1)
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue())


def _tasks_table(doc, columns, cells, para) -> None:
    """Header row, then a docxtpl row loop: {%tr for r in rows %} / the row / {%tr endfor %}."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # lazy: start-up time

    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    table = doc.add_table(rows=4, cols=len(columns))
    table.style = doc.styles["Table Grid"]
    _layout(table, [w for _, w in columns], borders=True)
    header, loop_start, row, loop_end = table.rows
    _repeat_header(header)
    _cant_split(header)
    _cant_split(row)  # docxtpl copies the row, its properties with it
    for cell, (title, _) in zip(header.cells, columns, strict=True):
        _clear(cell)
        para(cell, title, size=13, bold=True, before=2, after=2)
    # Only the first cell holds the tag (docxtpl drops the whole row); the others keep the
    # empty paragraph every cell needs.
    _clear(loop_start.cells[0], loop_end.cells[0])
    para(loop_start.cells[0], "{%tr for r in rows %}", size=13)
    para(loop_end.cells[0], "{%tr endfor %}", size=13)
    for cell, text in zip(row.cells, cells, strict=True):
        _clear(cell)
        # Narrow columns justified leave gaps: text columns stay ragged right.
        narrow = text in ("{{ r.stt }}", "{{ r.due }}", "{{ r.state }}")
        align = center if narrow else left
        para(cell, text, size=13, align=align, before=2, after=2)


# -- python-docx details --------------------------------------------------------------------------


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn  # lazy: start-up time

    return qn(tag)


def _set_fonts(rpr) -> None:
    """Times New Roman for every script, replacing the theme fonts (Calibri/Cambria)."""
    from docx.oxml import OxmlElement  # lazy: start-up time

    fonts = rpr.find(_qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(_qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(_qn(attr), FONT)


def _defaults(doc) -> None:
    """Document defaults: Times New Roman 14, Vietnamese proofing, no spacing of Word's own."""
    styles = doc.styles.element
    defaults = styles.find(_qn("w:docDefaults"))
    rpr = defaults.find(_qn("w:rPrDefault")).find(_qn("w:rPr"))
    _set_fonts(rpr)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(_qn(tag)).set(_qn("w:val"), "28")
    lang = rpr.find(_qn("w:lang"))
    lang.set(_qn("w:val"), "vi-VN")
    lang.set(_qn("w:eastAsia"), "vi-VN")
    spacing = defaults.find(_qn("w:pPrDefault")).find(_qn("w:pPr")).find(_qn("w:spacing"))
    spacing.set(_qn("w:after"), "0")
    spacing.set(_qn("w:line"), "240")
    spacing.set(_qn("w:lineRule"), "auto")


def _style_fonts(style) -> None:
    style.font.name = FONT
    _set_fonts(style.element.get_or_add_rPr())


def _mark_size(p, size: float) -> None:
    """The paragraph mark's size: an empty paragraph is as tall as its mark."""
    from docx.oxml import OxmlElement  # lazy: start-up time

    ppr = p._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(_qn("w:val"), str(int(size * 2)))
        rpr.append(el)
    ppr.append(rpr)


def _rule(p, inset) -> None:
    """The short line under the issuing body's name: a bottom border on a tiny paragraph."""
    from docx.oxml import OxmlElement  # lazy: start-up time

    p.paragraph_format.left_indent = inset
    p.paragraph_format.right_indent = inset
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(_qn(f"w:{key}"), value)
    border.append(bottom)
    ppr.insert(0, border)  # first in pPr (schema order; these paragraphs have no pStyle)


def _layout(table, widths, borders: bool) -> None:
    """Fixed column widths (grid and every cell), centred; no borders for the layout tables."""
    from docx.enum.table import WD_TABLE_ALIGNMENT  # lazy: start-up time
    from docx.oxml import OxmlElement

    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(_qn("w:type"), "fixed")
    tbl_pr.append(layout)
    if not borders:
        edges = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            el = OxmlElement(f"w:{edge}")
            el.set(_qn("w:val"), "nil")
            edges.append(el)
        tbl_pr.append(edges)
    margins = OxmlElement("w:tblCellMar")
    for edge, value in (("left", 57 if borders else 0), ("right", 57 if borders else 0)):
        el = OxmlElement(f"w:{edge}")
        el.set(_qn("w:w"), str(value))
        el.set(_qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)
    for col, width in zip(table._tbl.tblGrid.findall(_qn("w:gridCol")), widths, strict=True):
        col.set(_qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _page_numbers(section) -> None:
    """NĐ 30: pages numbered from the second, centred at the top, Arabic numerals. A PAGE field
    in the default header; the first page has its own, empty header (titlePg)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2")):
        r = p.add_run()
        r.font.size = Pt(13)
        r.font.name = FONT
        if kind is not None:
            el = OxmlElement("w:fldChar")
            el.set(_qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(_qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        r._r.append(el)
    end = p.add_run()
    el = OxmlElement("w:fldChar")
    el.set(_qn("w:fldCharType"), "end")
    end._r.append(el)


def _keep_next(p):
    p.paragraph_format.keep_with_next = True
    return p


def _cant_split(row) -> None:
    from docx.oxml import OxmlElement

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.insert(0, OxmlElement("w:cantSplit"))


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement  # lazy: start-up time

    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    tr_pr.append(el)


def _clear(*cells) -> None:
    """Remove the empty paragraph python-docx puts in a new cell (ours are added after)."""
    for cell in cells:
        for p in list(cell._tc.findall(_qn("w:p"))):
            cell._tc.remove(p)


def _drop_thumbnail(doc) -> None:
    """python-docx's default package carries a preview picture that is not our letter, and
    Word 2010's stylesWithEffects (430 kB that every letter would parse for nothing)."""
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rid]
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[rid]


if __name__ == "__main__":  # pragma: no cover - maintenance: rebuild the default template
    import sys

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else packaged_templates() / TEMPLATE_NAME
    target.write_bytes(build_template())
    print(f"Đã ghi {target}")
