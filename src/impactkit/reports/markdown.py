"""Editorial Markdown as blocks of the document model, safely.

People write the introduction, the conclusions and the rest in Markdown (CommonMark). It is
parsed with raw HTML switched off, so ``<script>`` or ``<img onerror=...>`` stay literal
text, and only ``http``, ``https`` and ``mailto`` links become links. What comes out is
model blocks (paragraphs and lists of plain, strong, emphasised and code runs), which every
renderer escapes as it escapes any other text: nothing a person types reaches a report as
markup.
"""

from __future__ import annotations

from typing import Literal

from markdown_it.token import Token

from impactkit.reports.markdown_html import PARSER, leaves_the_page
from impactkit.reports.model import Block, ItemList, Link, Paragraph, Run, Text

Style = Literal["plain", "strong", "em", "code"]


def blocks_of(markdown: str) -> tuple[Block, ...]:
    """The blocks a Markdown text holds. Headings become unnumbered paragraphs in bold (a
    report's own headings carry its structure); quotes and code are kept as text."""
    tokens = PARSER.parse(markdown)
    out: list[Block] = []
    lists: list[tuple[bool, list[tuple[Run, ...]]]] = []
    heading = False
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append((token.type == "ordered_list_open", []))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            ordered, items = lists.pop()
            if lists:  # a nested list joins its parent's items
                lists[-1][1].extend(items)
            else:
                out.append(ItemList(tuple(items), ordered=ordered))
        elif token.type == "heading_open":
            heading = True
        elif token.type == "heading_close":
            heading = False
        elif token.type == "inline":
            content = _runs(token.children or [])
            if heading:
                content = tuple(Text(r.text, "strong") for r in content)
            if not content:
                continue
            if lists:
                lists[-1][1].append(content)
            else:
                out.append(Paragraph(content, numbered=not heading))
        elif token.type in ("fence", "code_block"):
            text = token.content.rstrip("\n")
            if text:
                out.append(Paragraph((Text(text, "code"),)))
    return tuple(out)


def _runs(children: list[Token]) -> tuple[Run, ...]:
    out: list[Run] = []
    strong = em = 0
    href: str | None = None
    link_text: list[str] = []
    for child in children:
        kind = child.type
        if kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            em += 1
        elif kind == "em_close":
            em -= 1
        elif kind == "link_open":
            target = str(child.attrs.get("href", ""))
            href = target if leaves_the_page(target) else ""
            link_text = []
        elif kind == "link_close":
            text = "".join(link_text)
            out.append(Link(text, href) if href else Text(text))
            href = None
        elif kind in ("text", "code_inline", "softbreak", "hardbreak", "image"):
            text = " " if kind in ("softbreak", "hardbreak") else child.content
            if kind == "image":
                text = child.content or str(child.attrs.get("alt", ""))
            if href is not None:
                link_text.append(text)
                continue
            style: Style = ("code" if kind == "code_inline" else "strong" if strong
                            else "em" if em else "plain")
            if out and isinstance(out[-1], Text) and out[-1].style == style:
                out[-1] = Text(out[-1].text + text, style)
            else:
                out.append(Text(text, style))
    return tuple(out) if any(r.text.strip() for r in out) else ()
