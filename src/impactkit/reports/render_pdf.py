"""The document model as PDF: WeasyPrint lays out the same HTML the HTML report is.

The PDF is tagged (a structure tree for screen readers), states its title, language and
author in its metadata, and carries the score tables as CSV attachments, so the numbers can
be read by a program without copying them out of the page. Before laying out anything, every
character is checked against the report fonts (:mod:`impactkit.reports.fonts`). With
``SOURCE_DATE_EPOCH`` set, two renders of one document are identical byte for byte.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from gettext import gettext as _

from impactkit.analysis.report import paused_gc
from impactkit.reports.fonts import check_glyphs
from impactkit.reports.model import GENERATED_FORMAT, Document, Ref, Table, block_text
from impactkit.reports.render_html import render_html


def document_texts(document: Document) -> Iterator[tuple[str, str]]:
    """Every text the PDF will print, with the section it is in (for error messages)."""
    cover = _("the cover")
    yield cover, document.title
    yield cover, document.subtitle
    yield cover, document.provenance.catalogue
    for name, value in (*document.provenance.filters, *document.provenance.data_versions):
        yield cover, name
        yield cover, value
    for section in document.walk():
        place = _("section {title!r}").format(title=section.title)
        yield place, section.title
        for block in section.blocks:
            for text in block_text(block):
                yield place, text
    for note in document.notes:
        yield _("the notes"), note.target + note.workspace + (note.url or "")


def table_csv(table: Table) -> str:
    """A data table as CSV: the visible text of each cell, with the explanation target of
    each explained number in a column of its own after it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header: list[str] = []
    explained = [any(isinstance(row.cells[i], Ref) for row in table.rows)
                 for i in range(len(table.columns))]
    for column, has_ref in zip(table.columns, explained, strict=True):
        header.append(column.title)
        if has_ref:
            header.append(_("{column}: explanation").format(column=column.title))
    writer.writerow(header)
    for row in table.rows:
        cells: list[str] = []
        for cell, has_ref in zip(row.cells, explained, strict=True):
            if isinstance(cell, Ref):
                cells += [cell.text, cell.target]
                continue
            cells.append(cell if isinstance(cell, str) else "".join(r.text for r in cell))
            if has_ref:
                cells.append("")
        writer.writerow(cells)
    return out.getvalue()


def data_tables(document: Document) -> list[Table]:
    """The tables worth attaching: every table and figure table with a data name, once."""
    seen: dict[str, Table] = {}
    for table in document.attachments:
        if table.data_name:
            seen.setdefault(table.data_name, table)
    for section in document.walk():
        for block in section.blocks:
            found = block if isinstance(block, Table) else getattr(block, "table", None)
            if isinstance(found, Table) and found.data_name:
                seen.setdefault(found.data_name, found)
    return list(seen.values())


def generated(document: Document) -> datetime:
    """The document's generation time (its attachments are dated with it, so that two
    renders of one document match)."""
    return datetime.strptime(document.provenance.generated_at, GENERATED_FORMAT
                             ).replace(tzinfo=UTC)


def render_pdf(document: Document) -> bytes:
    check_glyphs(document_texts(document))
    from weasyprint import HTML, Attachment

    html = render_html(document, for_print=True)
    moment = generated(document)
    attachments = [Attachment(string=table_csv(t), name=f"{t.data_name}.csv",
                              description=t.caption, created=moment, modified=moment)
                   for t in data_tables(document)]
    # WeasyPrint builds hundreds of thousands of boxes; the cyclic collector would rescan
    # them again and again (a fifth of the run on the demo's national report), so it waits
    # until the PDF is written
    with paused_gc():
        return bytes(HTML(string=html).write_pdf(pdf_tags=True, attachments=attachments,
                                                 custom_metadata=True))
