"""Markdown typed by people becomes HTML in which nothing runs: raw HTML comes out as text,
and only web, mail and scheme-less addresses become links."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from impactkit.reports.markdown_html import markdown_html, safe_link


def test_markdown_becomes_html_marked_safe() -> None:
    html = markdown_html("Para *one*.\n\n- a\n- b\n\n[IMPACT](https://example.org/x)")
    assert isinstance(html, Markup)
    assert html == ("<p>Para <em>one</em>.</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
                    '<p><a href="https://example.org/x">IMPACT</a></p>\n')


@pytest.mark.parametrize(("typed", "shown"), [
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
    ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n"),
    ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>\n"),
    ("[x](JavaScript:alert(1))", "<p>[x](JavaScript:alert(1))</p>\n"),
    ("<javascript:alert(1)>", "<p>&lt;javascript:alert(1)&gt;</p>\n"),
    ("[x](data:text/html,<b>hi</b>)", "<p>[x](data:text/html,<b>hi</b>)</p>\n".replace(
        "<b>", "&lt;b&gt;").replace("</b>", "&lt;/b&gt;")),
    ("![x](vbscript:msgbox)", "<p>![x](vbscript:msgbox)</p>\n"),
    ('<a href="https://example.org" onclick="alert(1)">x</a>',
     "<p>&lt;a href=&quot;https://example.org&quot; onclick=&quot;alert(1)&quot;&gt;x&lt;/a&gt;"
     "</p>\n"),
])
def test_nothing_typed_can_run(typed: str, shown: str) -> None:
    assert str(markdown_html(typed)) == shown


def test_only_safe_schemes_become_links() -> None:
    assert [safe_link(url) for url in ("https://a.org", "HTTP://a.org", "mailto:a@b.org",
                                       "/workspaces/x", "#notes", "notes.html")] == [True] * 6
    assert [safe_link(url) for url in ("javascript:x", " javascript:x", "data:x", "ftp://a",
                                       "file:///etc/passwd")] == [False] * 5
