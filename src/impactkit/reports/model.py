"""The document model every report is built as, and every renderer reads.

A report is a :class:`Document`: a cover, then :class:`Section` objects holding blocks
(paragraphs, lists, tables, figures) and sub-sections. The builders
(:mod:`impactkit.reports.national` and its siblings) make one from analysis results and
workspace data; the renderers (:mod:`impactkit.reports.render_html`, ``render_pdf``,
``render_docx``) turn the same model into each format, so the same numbers appear in all
three. The model holds no formatting: no fonts, no colours, no markup.

Traceability is part of the model. A number is a :class:`Ref` naming the explanation that
gives it (an ``impact explain`` target in one workspace), in a paragraph or a table cell.
:func:`finish` numbers the body paragraphs (continuously, as UN documents are numbered) and
the notes, so the renderers only print what they are given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal


@dataclass(frozen=True, slots=True)
class Text:
    """A run of text, plain or emphasised."""

    text: str
    style: Literal["plain", "strong", "em", "code"] = "plain"


@dataclass(frozen=True, slots=True)
class Link:
    """A run of text pointing somewhere outside the document."""

    text: str
    url: str


@dataclass(frozen=True, slots=True)
class Ref:
    """A number and the explanation that gives it: ``impact explain TARGET`` in workspace
    ``workspace``. ``note`` is set by :func:`finish` (the note's number in the document)."""

    text: str
    workspace: str
    target: str
    note: int = 0


Run = Text | Link | Ref

Linker = Callable[[str, str], str]
"""The web address of an explanation, from a workspace key and a target (the web layer
knows the path; the service joins it to the base address the user gave)."""


def runs(*parts: str | Run) -> tuple[Run, ...]:
    """Runs from plain strings and runs (a string becomes a plain :class:`Text`)."""
    return tuple(Text(p) if isinstance(p, str) else p for p in parts)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of body text. Numbered paragraphs get their number from :func:`finish`;
    ``draft`` marks one that rests on a finding not yet validated."""

    runs: tuple[Run, ...]
    numbered: bool = True
    draft: bool = False
    number: int = 0


@dataclass(frozen=True, slots=True)
class ItemList:
    """A bulleted (or numbered) list; each item is a tuple of runs."""

    items: tuple[tuple[Run, ...], ...]
    ordered: bool = False


@dataclass(frozen=True, slots=True)
class Column:
    """A table column. ``numeric`` ones are right-aligned and narrow; a ``wide`` one takes
    the room the long texts of a row need (a recommendation's text)."""

    title: str
    numeric: bool = False
    wide: bool = False


Cell = str | Ref | tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class Row:
    """One table row; ``draft`` marks a row about a finding not yet validated."""

    cells: tuple[Cell, ...]
    draft: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a caption. ``data_name`` names it in the data attached to the PDF (the
    score tables travel as CSV), None for tables that are not data."""

    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    data_name: str | None = None
    empty: str = ""  # what to print instead of an empty table


@dataclass(frozen=True, slots=True)
class Chart:
    """What a chart shows, as data: the renderers draw it (SVG in HTML and PDF, PNG in
    Word). ``kind``: ``heatmap`` (rows x columns of 0-100 values), ``bars`` (one value per
    label), ``grouped-bars`` (one value per label and series), ``scatter`` (one (x, y) point
    per label, ``axis`` naming x and ``y_axis`` y; ``guides`` draws a dashed line at an x
    and a y value, the medians that split the points into quadrants, and ``columns`` then
    names the quadrants: upper left, upper right, lower left, lower right). None is "no
    value"."""

    kind: Literal["heatmap", "bars", "grouped-bars", "scatter"]
    title: str
    labels: tuple[str, ...]
    values: tuple[tuple[float | None, ...], ...]
    series: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    axis: str = "Score (0-100)"
    low: float = 0.0
    high: float = 100.0
    y_axis: str = ""
    guides: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart with its caption, its alternative text, and its numbers as a table beside it."""

    chart: Chart
    caption: str
    alt: str
    table: Table


Block = Paragraph | ItemList | Table | Figure


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of the document. ``key`` is stable (anchors, tests); ``placeholder``
    marks a section the model reserves for a later kind of content."""

    key: str
    title: str
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    placeholder: bool = False

    def walk(self) -> Iterator[Section]:
        yield self
        for sub in self.sections:
            yield from sub.walk()


@dataclass(frozen=True, slots=True)
class Note:
    """Where a number is explained: the command that explains it, and its web page when a
    base address was given."""

    number: int
    workspace: str
    target: str
    url: str | None = None


GENERATED_FORMAT = "%Y-%m-%d %H:%M UTC"
"""How the generation time is written on the cover (and parsed back by the renderers)."""


@dataclass(frozen=True, slots=True)
class Provenance:
    """What a report was built from, stated on its cover."""

    catalogue: str
    data_versions: tuple[tuple[str, str], ...]  # (workspace, "audit entry N of <time>")
    generated_at: str
    filters: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Document:
    kind: str
    title: str
    subtitle: str
    language: str
    provenance: Provenance
    sections: tuple[Section, ...]
    notes: tuple[Note, ...] = ()
    word_count: int | None = None
    word_limit: int | None = None
    attachments: tuple[Table, ...] = field(default=())
    toc_depth: int = 1
    """How deep the table of contents goes: 0 lists the top-level sections only."""

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    def section(self, key: str) -> Section:
        for section in self.walk():
            if section.key == key:
                return section
        raise KeyError(key)


# --- finishing: numbers for paragraphs and notes ---------------------------------------------

class _Numbering:
    def __init__(self, link: Linker | None) -> None:
        self.paragraphs = 0
        self.notes: dict[tuple[str, str], Note] = {}
        self.link = link

    def ref(self, ref: Ref) -> Ref:
        key = (ref.workspace, ref.target)
        note = self.notes.get(key)
        if note is None:
            url = self.link(ref.workspace, ref.target) if self.link else None
            note = self.notes[key] = Note(len(self.notes) + 1, ref.workspace, ref.target, url)
        return replace(ref, note=note.number)

    def runs(self, items: Sequence[Run]) -> tuple[Run, ...]:
        return tuple(self.ref(r) if isinstance(r, Ref) else r for r in items)

    def cell(self, cell: Cell) -> Cell:
        if isinstance(cell, Ref):
            return self.ref(cell)
        if isinstance(cell, tuple):
            return self.runs(cell)
        return cell

    def table(self, table: Table) -> Table:
        return replace(table, rows=tuple(
            replace(row, cells=tuple(self.cell(c) for c in row.cells)) for row in table.rows))

    def block(self, block: Block) -> Block:
        if isinstance(block, Paragraph):
            number = 0
            if block.numbered:
                self.paragraphs += 1
                number = self.paragraphs
            return replace(block, runs=self.runs(block.runs), number=number)
        if isinstance(block, ItemList):
            return replace(block, items=tuple(self.runs(item) for item in block.items))
        if isinstance(block, Table):
            return self.table(block)
        return replace(block, table=self.table(block.table))

    def section(self, section: Section) -> Section:
        return replace(section, blocks=tuple(self.block(b) for b in section.blocks),
                       sections=tuple(self.section(s) for s in section.sections))


def finish(document: Document, link: Linker | None = None) -> Document:
    """The document with its body paragraphs numbered from 1 (cover paragraphs are not) and
    every :class:`Ref` given a note: one note per explanation, numbered in order of first
    use; with ``link``, each note carries the explanation's web address."""
    numbering = _Numbering(link)
    sections = tuple(numbering.section(s) for s in document.sections)
    return replace(document, sections=sections, notes=tuple(numbering.notes.values()))


# --- words -------------------------------------------------------------------------------------

def _run_text(run: Run) -> str:
    return run.text


def _cell_text(cell: Cell) -> str:
    if isinstance(cell, str):
        return cell
    if isinstance(cell, Ref):
        return cell.text
    return " ".join(_run_text(r) for r in cell)


def block_text(block: Block) -> Iterator[str]:
    """Every piece of text a reader sees in a block, in order."""
    if isinstance(block, Paragraph):
        yield " ".join(_run_text(r) for r in block.runs)
    elif isinstance(block, ItemList):
        for item in block.items:
            yield " ".join(_run_text(r) for r in item)
    else:
        table = block if isinstance(block, Table) else block.table
        if isinstance(block, Figure):
            yield block.caption
        yield table.caption
        yield from (c.title for c in table.columns)
        for row in table.rows:
            yield from (_cell_text(c) for c in row.cells)


def section_text(section: Section) -> Iterator[str]:
    yield section.title
    for block in section.blocks:
        yield from block_text(block)
    for sub in section.sections:
        yield from section_text(sub)


def count_words(sections: Sequence[Section]) -> int:
    """Words in the body (headings, paragraphs, lists, tables and captions; the cover and
    the notes are not counted): whitespace-separated tokens holding a letter or a digit,
    the way word processors count."""
    return sum(1 for section in sections for text in section_text(section)
               for token in text.split() if any(ch.isalnum() for ch in token))
