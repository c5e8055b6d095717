"""The document model: paragraph numbers, notes, words; and editorial Markdown as blocks."""

from __future__ import annotations

from impactkit.reports.markdown import blocks_of
from impactkit.reports.model import (
    Column,
    Document,
    ItemList,
    Link,
    Paragraph,
    Provenance,
    Ref,
    Row,
    Section,
    Table,
    Text,
    count_words,
    finish,
    runs,
)


def _doc(*sections: Section) -> Document:
    return Document(kind="national", title="T", subtitle="S", language="en",
                    provenance=Provenance("c", (), "2026-01-01 00:00 UTC", ()),
                    sections=sections)


def test_paragraphs_are_numbered_across_sections_and_unnumbered_ones_are_skipped() -> None:
    doc = finish(_doc(
        Section("a", "A", (Paragraph(runs("one")), Paragraph(runs("aside"), numbered=False))),
        Section("b", "B", (Paragraph(runs("two")),),
                (Section("c", "C", (Paragraph(runs("three")),)),))))
    numbers = [b.number for s in doc.walk() for b in s.blocks if isinstance(b, Paragraph)]
    assert numbers == [1, 0, 2, 3]


def test_each_explanation_gets_one_note_in_order_of_first_use_with_its_link() -> None:
    first, second = Ref("40.2", "ws", "area:compliance"), Ref("12.0", "ws", "gap:CRC-32")
    table = Table("t", (Column("x"), Column("y", numeric=True)),
                  (Row(("a", second)), Row(("b", first))))
    doc = finish(_doc(Section("a", "A", (Paragraph(runs("score ", first)), table,
                                         Paragraph(runs("again ", first))))),
                 link=lambda ws, target: f"https://impact.example/{ws}/{target}")
    assert [(n.number, n.target, n.url) for n in doc.notes] == [
        (1, "area:compliance", "https://impact.example/ws/area:compliance"),
        (2, "gap:CRC-32", "https://impact.example/ws/gap:CRC-32")]
    blocks = doc.sections[0].blocks
    assert isinstance(blocks[0], Paragraph) and blocks[0].runs[1] == Ref(
        "40.2", "ws", "area:compliance", note=1)
    assert isinstance(blocks[1], Table) and blocks[1].rows[0].cells[1] == Ref(
        "12.0", "ws", "gap:CRC-32", note=2)
    assert isinstance(blocks[2], Paragraph) and blocks[2].runs[1].note == 1  # type: ignore


def test_words_are_counted_in_the_body_not_on_the_cover() -> None:
    body = (Section("a", "Two words", (
        Paragraph(runs("Four words in here.")), ItemList((runs("one item"),)),
        Table("Caption here", (Column("Col"),), (Row(("cell - 3",)),))),),)
    # 2 (title) + 4 + 2 + 2 (caption) + 1 (column) + 2 ("cell", "3"; the dash is no word)
    assert count_words(body) == 13


def test_markdown_keeps_raw_html_and_scripts_as_plain_text() -> None:
    blocks = blocks_of("Hello <script>alert(1)</script> and <img src=x onerror=alert(1)>")
    assert blocks == (Paragraph((Text("Hello <script>alert(1)</script> and "
                                      "<img src=x onerror=alert(1)>"),)),)


def test_markdown_links_only_to_the_web_and_mail() -> None:
    (paragraph,) = blocks_of("[ok](https://example.org) [no](javascript:alert(1)) "
                             "[mail](mailto:a@example.org)")
    assert isinstance(paragraph, Paragraph)
    links = [r for r in paragraph.runs if isinstance(r, Link)]
    assert [link.url for link in links] == ["https://example.org", "mailto:a@example.org"]
    assert "javascript" in "".join(r.text for r in paragraph.runs)  # shown, never linked


def test_markdown_emphasis_lists_and_headings() -> None:
    blocks = blocks_of("# Heading\n\nSome **bold** and *soft* text.\n\n- first\n- second\n")
    assert blocks[0] == Paragraph((Text("Heading", "strong"),), numbered=False)
    assert blocks[1] == Paragraph((Text("Some "), Text("bold", "strong"), Text(" and "),
                                   Text("soft", "em"), Text(" text.")))
    assert blocks[2] == ItemList(((Text("first"),), (Text("second"),)))


def test_a_message_keeps_its_numbers_as_runs_in_their_place() -> None:
    from impactkit.reports.common import fill, number_text

    gap = Ref("52.6", "ws", "gap:cluster:violence")
    assert fill("In {cluster} the gap is {gap} points ({n:,} cells).", cluster="X", gap=gap,
                n=1234) == (Text("In X the gap is "), gap, Text(" points (1,234 cells)."))
    assert number_text(-0.04) == "0.0" and number_text(25.06) == "25.1"


def test_a_value_beside_its_median_gets_the_decimal_that_tells_them_apart() -> None:
    """50.78 and 50.80 lie either side of the median 50.79: printed as 50.8 both would
    read as on the median, in opposite quadrants."""
    from impactkit.reports.figures import beside_median

    assert beside_median(50.78, 50.79) == "50.78"
    assert beside_median(50.80, 50.79) == "50.80"
    assert beside_median(50.79, 50.79) == "50.8"
    assert beside_median(12.34, 50.79) == "12.3"
