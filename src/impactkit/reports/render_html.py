"""The document model as one self-contained HTML file, with a print stylesheet.

Jinja2 with autoescaping renders the model: every text, editorial Markdown included, is
escaped, and the only markup that is not ours is the charts' SVG, which matplotlib writes
from our own labels (escaped by it). The stylesheet is inlined, so the file opens anywhere
and prints as the PDF does; WeasyPrint renders the PDF from this same HTML.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from gettext import gettext as _
from importlib import resources
from typing import Any

from jinja2 import Environment, StrictUndefined, select_autoescape
from markupsafe import Markup

from impactkit.reports import charts
from impactkit.reports.model import (
    GENERATED_FORMAT,
    Document,
    Figure,
    ItemList,
    Link,
    Paragraph,
    Ref,
    Section,
    Table,
    Text,
)


@cache
def _environment() -> Environment:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.globals.update(_=_, is_paragraph=lambda b: isinstance(b, Paragraph),
                       is_list=lambda b: isinstance(b, ItemList),
                       is_table=lambda b: isinstance(b, Table),
                       is_figure=lambda b: isinstance(b, Figure),
                       is_text=lambda r: isinstance(r, Text),
                       is_link=lambda r: isinstance(r, Link),
                       is_ref=lambda r: isinstance(r, Ref), is_str=lambda c: isinstance(c, str))
    return env


def _template(name: str) -> str:
    folder = resources.files("impactkit.reports").joinpath("templates")
    return folder.joinpath(name).read_text("utf-8")


def stylesheet() -> str:
    return _template("report.css")


def render_html(document: Document, *, for_print: bool = False) -> str:
    """The report as HTML. ``for_print`` drops nothing but tells the stylesheet the page is
    headed for WeasyPrint (running headers and page numbers)."""
    env = _environment()
    template = env.from_string(_template("report.html.j2"))
    figures: dict[int, Markup] = {}
    for section in document.walk():
        for block in section.blocks:
            if isinstance(block, Figure):
                # matplotlib writes this SVG and escapes our labels in it
                figures[id(block)] = Markup(charts.svg(block.chart))
    context: dict[str, Any] = {"doc": document, "css": Markup(stylesheet()),
                               "svg": lambda block: figures[id(block)],
                               "for_print": for_print,
                               "toc": _toc(document.sections, document.toc_depth),
                               "created": datetime.strptime(
                                   document.provenance.generated_at, GENERATED_FORMAT
                               ).strftime("%Y-%m-%dT%H:%M:00+00:00")}
    return template.render(context)


def _toc(sections: tuple[Section, ...], deepest: int, depth: int = 0
         ) -> list[tuple[int, Section]]:
    out: list[tuple[int, Section]] = []
    for section in sections:
        if section.placeholder:
            continue
        out.append((depth, section))
        if depth < deepest:
            out += _toc(section.sections, deepest, depth + 1)
    return out
