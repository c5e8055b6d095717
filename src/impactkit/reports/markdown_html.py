"""Markdown written by people (report texts) as HTML that is safe to put in a page.

Report texts are typed by members of a workspace and shown to everyone who may read it
(anyone, for a public workspace), so the HTML made from them must never run anything: the
renderer is CommonMark with raw HTML switched off (``<script>`` and ``<img onerror=...>``
come out as the text they are, escaped) and links limited to web and mail addresses and
addresses without a scheme (``javascript:``, ``data:``, ``vbscript:``... stay plain text).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markupsafe import Markup

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
"""The schemes a link or an image may use; an address without one (``#notes``,
``/workspaces/x``) stays within the site and is allowed too."""

_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]*):")


def safe_link(url: str) -> bool:
    """Whether a link's address may become a link: no scheme, or one of SAFE_SCHEMES.
    markdown-it already refuses ``javascript:`` and its kin; an allow-list also refuses
    whatever scheme a browser adds next."""
    found = _SCHEME.match(url)
    return found is None or found.group(1).lower() in SAFE_SCHEMES


def leaves_the_page(url: str) -> bool:
    """Whether a safe link leads to a web or mail address (a scheme of SAFE_SCHEMES): what
    a report keeps as a link, since an address within the site means nothing in a file."""
    found = _SCHEME.match(url)
    return found is not None and found.group(1).lower() in SAFE_SCHEMES


def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = safe_link  # type: ignore[method-assign]
    return md


PARSER = _renderer()
"""The one Markdown parser of report texts: the web preview renders with it, the reports
parse with it (:mod:`impactkit.reports.markdown`)."""
_MARKDOWN = PARSER


def markdown_html(text: str) -> Markup:
    """``text`` (Markdown) as HTML, marked safe for Jinja2's autoescaping: every character
    of the input that is not Markdown syntax reaches the page escaped."""
    return Markup(_MARKDOWN.render(text))
