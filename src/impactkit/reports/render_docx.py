"""The document model as a Word file (python-docx), for people who edit before publishing.

Headings keep Word's built-in heading styles (so Word's navigation pane and table of contents
work), body paragraphs carry their number, tables use the grid style with a repeating header
row, and charts are PNG images with their alternative text. A number with an explanation is
followed by its note number in superscript; the notes close the document.

Word files are zip archives stamped with the time each part was written; the parts are
rewritten here with the document's generation time, and the core properties carry it too,
so that ``SOURCE_DATE_EPOCH`` makes two renders identical.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from gettext import gettext as _
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from impactkit.reports import charts
from impactkit.reports.model import (
    GENERATED_FORMAT,
    Block,
    Cell,
    Document,
    Figure,
    ItemList,
    Link,
    Paragraph,
    Ref,
    Run,
    Section,
    Table,
)

AUTHOR = _("Generated with IMPACT")
IMAGE_WIDTH = Inches(6.3)


def _moment(document: Document) -> datetime:
    return datetime.strptime(document.provenance.generated_at, GENERATED_FORMAT
                             ).replace(tzinfo=UTC)


def _hyperlink(paragraph: Any, text: str, url: str) -> None:
    part = paragraph.part
    rel = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    run.append(props)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _runs(paragraph: Any, items: tuple[Run, ...] | list[Run]) -> None:
    for item in items:
        if isinstance(item, Ref):
            paragraph.add_run(item.text)
            if item.note:
                note = paragraph.add_run(f"[{item.note}]")
                note.font.superscript = True
        elif isinstance(item, Link):
            _hyperlink(paragraph, item.text, item.url)
        else:
            run = paragraph.add_run(item.text)
            run.bold = item.style == "strong" or None
            run.italic = item.style == "em" or None
            if item.style == "code":
                run.font.name = "Courier New"


def _cell(cell: Any, value: Cell, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    if isinstance(value, str):
        paragraph.add_run(value).bold = bold or None
    elif isinstance(value, Ref):
        _runs(paragraph, [value])
    else:
        _runs(paragraph, value)


def _repeat_header(row: Any) -> None:
    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def _table(doc: Any, table: Table) -> None:
    doc.add_paragraph(table.caption, style="Caption")
    if not table.rows:
        doc.add_paragraph(table.empty)
        return
    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.autofit = False
    header = grid.rows[0]
    _repeat_header(header)
    for cell, column in zip(header.cells, table.columns, strict=True):
        _cell(cell, column.title, bold=True)
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value, column in zip(cells, row.cells, table.columns, strict=True):
            _cell(cell, value)
            if column.numeric:  # figures line up on the right, as in the HTML and the PDF
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    widths = _widths(table)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width  # the table's grid, which LibreOffice reads; Word reads cells
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)


def _widths(table: Table) -> list[int]:
    """Column widths as the HTML's stylesheet sets them: a wide text column takes 40% of
    the line, a numeric one about an inch, the others share the rest."""
    total = int(IMAGE_WIDTH)
    fixed = {i: int(total * 0.4) if c.wide else int(Inches(1.0)) if c.numeric else 0
             for i, c in enumerate(table.columns)}
    free = [i for i, width in fixed.items() if not width]
    share = (total - sum(fixed.values())) // len(free) if free else 0
    return [fixed[i] or max(share, int(Inches(0.6))) for i in range(len(table.columns))]


def _figure(doc: Any, figure: Figure) -> None:
    doc.add_picture(io.BytesIO(charts.png(figure.chart)), width=IMAGE_WIDTH)
    inline = doc.paragraphs[-1].runs[-1]._r.xpath(".//wp:docPr")
    if inline:
        inline[0].set("descr", figure.alt)
        inline[0].set("title", figure.chart.title)
    doc.add_paragraph(figure.caption, style="Caption")
    _table(doc, figure.table)


def _block(doc: Any, block: Block) -> None:
    if isinstance(block, Paragraph):
        paragraph = doc.add_paragraph()
        if block.number:
            paragraph.add_run(f"{block.number}.\t").bold = True
        _runs(paragraph, block.runs)
    elif isinstance(block, ItemList) and block.ordered:
        # numbered by hand: Word's "List Number" style runs on from one list to the next,
        # so the proposals of a cluster would continue the numbers of its questions
        for number, item in enumerate(block.items, start=1):
            paragraph = doc.add_paragraph(style="List Paragraph")
            paragraph.add_run(f"{number}.\t")
            _runs(paragraph, item)
    elif isinstance(block, ItemList):
        for item in block.items:
            _runs(doc.add_paragraph(style="List Bullet"), item)
    elif isinstance(block, Figure):
        _figure(doc, block)
    else:
        _table(doc, block)


def _section(doc: Any, section: Section, level: int) -> None:
    if section.placeholder:
        return
    doc.add_heading(section.title, level=min(level, 9))
    for block in section.blocks:
        _block(doc, block)
    for sub in section.sections:
        _section(doc, sub, level + 1)


def _cover(doc: Any, document: Document) -> None:
    doc.add_paragraph(document.subtitle, style="Subtitle")
    doc.add_heading(document.title, level=0)
    rows: list[tuple[str, str]] = [(_("Catalogue"), document.provenance.catalogue)]
    rows += [(_("Data of workspace {ws}").format(ws=ws), version)
             for ws, version in document.provenance.data_versions]
    rows.append((_("Generated"), document.provenance.generated_at))
    rows += list(document.provenance.filters)
    if document.word_count is not None:
        if document.word_limit:
            words = _("{count} of a limit of {limit}").format(
                count=f"{document.word_count:,}", limit=f"{document.word_limit:,}")
            if document.word_count > document.word_limit:
                words = _("{words} (over the limit by {n})").format(
                    words=words, n=f"{document.word_count - document.word_limit:,}")
        else:
            words = f"{document.word_count:,}"
        rows.append((_("Words"), words))
    table = doc.add_table(rows=0, cols=2)
    for name, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(name).bold = True
        cells[1].paragraphs[0].add_run(value)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _notes(doc: Any, document: Document) -> None:
    if not document.notes:
        return
    doc.add_heading(_("Notes: where each number is explained"), level=1)
    doc.add_paragraph(_("Each number marked with a note is explained, with the findings, "
                        "weights and arithmetic behind it, by the command impact explain "
                        "TARGET --workspace WORKSPACE, where TARGET is the note below; where "
                        "the report was given the address of the web app, the note links to "
                        "the explanation page."))
    for note in document.notes:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"[{note.number}]\t")
        label = _("{target} (workspace {ws})").format(target=note.target, ws=note.workspace)
        if note.url:
            _hyperlink(paragraph, label, note.url)
        else:
            paragraph.add_run(label)


def render_docx(document: Document) -> bytes:
    doc = docx.Document()
    moment = _moment(document)
    props = doc.core_properties
    props.title = document.title
    props.subject = document.subtitle
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.language = document.language
    props.created = moment.replace(tzinfo=None)
    props.modified = moment.replace(tzinfo=None)
    props.revision = 1
    props.comments = ""
    _cover(doc, document)
    for section in document.sections:
        _section(doc, section, 1)
    _notes(doc, document)
    out = io.BytesIO()
    doc.save(out)
    return _stamped(out.getvalue(), moment)


def _stamped(data: bytes, moment: datetime) -> bytes:
    """The zip rewritten with every part dated ``moment``, in the same order."""
    stamp = max(moment, datetime(1980, 1, 1, tzinfo=UTC)).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
