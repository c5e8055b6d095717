"""The national assessment of the demo in HTML, PDF and Word: the same numbers as the
analysis, traceable, safe to publish, and the same bytes when rendered again."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import docx
import pypdf
import pytest
from PIL import Image, ImageStat
from tests.reports.conftest import CURRENT, Render, write

from impactkit.domain import FindingStatus
from impactkit.reports.model import Paragraph
from impactkit.services import reports
from impactkit.services.accounts import Principal
from impactkit.services.analysis import analyse_workspace
from impactkit.store.db import Database
from impactkit.store.records import load_workspace_data

ACCOUNT_NAMES = ("legal-analyst", "field-researcher", "child-participation-lead",
                 "peer-reviewer", "validation-workshop", "report-tester")


@pytest.fixture(scope="module")
def analysis(demo_db: Database, me: Principal) -> dict:
    return analyse_workspace(demo_db, me, key=CURRENT, statuses=["validated"]).to_dict()


@pytest.fixture(scope="module")
def pdf_text(render: Render) -> str:
    _, data = render("national", "pdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _html(render: Render, **options: object) -> str:
    return render("national", "html", **options)[1].decode("utf-8")


def test_the_sections_come_in_the_method_order(render: Render) -> None:
    """The demo has an introduction and conclusions but no context or State's comments,
    which are therefore left out."""
    document, _ = render("national", "html")
    keys = [s.key for s in document.sections]
    assert keys == ["introduction", "summary", "method", "system", "findings", "gaps",
                    "exclusion", "coherence", "recommendations", "conclusions", "annexes"]
    clusters = [s.key for s in document.section("findings").sections]
    assert clusters[0] == "cluster-general-measures" and clusters[4] == "cluster-violence"


def test_every_area_and_cluster_score_of_the_analysis_is_in_the_pdf(
        pdf_text: str, analysis: dict) -> None:
    for kind in ("area", "cluster"):
        for score in analysis["scores"][kind]:
            if score["score"] is None:
                continue
            assert f"{score['score']:.1f}[" in pdf_text, (kind, score["code"], score["score"])


def test_the_html_and_the_word_file_hold_the_same_numbers(render: Render,
                                                         analysis: dict) -> None:
    html = _html(render)
    text = _docx_text(render("national", "docx")[1])
    for kind in ("area", "cluster"):
        for score in analysis["scores"][kind]:
            if score["score"] is not None:
                shown = f"{score['score']:.1f}["
                assert shown in text and f'{score["score"]:.1f}</span>' in html, shown


def test_every_number_carries_a_note_naming_its_explanation(render: Render,
                                                            analysis: dict) -> None:
    document, _ = render("national", "html")
    targets = {note.target for note in document.notes}
    assert {s["target"] for s in analysis["scores"]["area"]} <= targets
    assert {g["target"] for g in analysis["gaps"]["cluster"]} <= targets
    html = _html(render)
    assert re.search(r'<span class="num">[0-9.]+</span><sup class="note"><a href="#note-1"',
                     html)
    assert '<li id="note-1" value="1"><code>' in html


def test_the_pdf_is_tagged_titled_and_carries_the_score_tables(
        render: Render, analysis: dict) -> None:
    document, data = render("national", "pdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata is not None and reader.metadata.title == document.title
    assert reader.metadata.author == "Generated with IMPACT"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en" and "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    attached = reader.attachments
    assert {"scores-area.csv", "scores-cluster.csv", "scores-provision.csv",
            "cluster-area-scores.csv", "provision-gaps.csv"} <= set(attached)
    rows = list(csv.reader(io.StringIO(attached["scores-area.csv"][0].decode("utf-8"))))
    assert rows[0][:3] == ["Slice", "Score (0-100)", "Score (0-100): explanation"]
    expected = {s["target"]: s["score"] for s in analysis["scores"]["area"]}
    got = {row[2]: float(row[1]) for row in rows[1:]}
    assert got == pytest.approx(expected, abs=0.051)


def test_pdf_pages_render_as_pictures_that_are_not_blank(render: Render,
                                                         tmp_path: Path) -> None:
    _, data = render("national", "pdf")
    pdf = write(tmp_path, "national.pdf", data)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "3", str(pdf),
                    str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 3
    for page in pages:
        grey = Image.open(page).convert("L")
        dark = sum(grey.histogram()[:128]) / (grey.width * grey.height)
        assert dark > 0.005, f"{page.name} is blank"
        assert ImageStat.Stat(grey).stddev[0] > 10


def test_drafts_are_left_out_by_default_and_labelled_when_asked_for(
        render: Render, demo_db: Database) -> None:
    with demo_db.connect() as conn:
        data = load_workspace_data(conn, workspace_key=CURRENT)
    draft = next(f for f in data.findings if f.status is FindingStatus.DRAFT
                 and f.title and all(f.title not in g.title for g in data.findings
                                     if g is not f and g.status is FindingStatus.VALIDATED))
    validated = sum(1 for f in data.findings if f.status is FindingStatus.VALIDATED)
    html = _html(render)
    assert draft.title not in html and "[Draft" not in html
    assert f"This assessment rests on {validated} findings" in html
    document, _ = render("national", "html", status="all")
    labelled = [b for s in document.walk() for b in s.blocks
                if isinstance(b, Paragraph) and b.draft and b.numbered]
    assert labelled and all(b.runs[0].text.startswith("[Draft") for b in labelled)
    assert {b.runs[0].text for b in labelled} == {"[Draft]", "[Draft: reviewed, not yet validated]"}
    assert draft.title in _html(render, status="all")


def test_no_account_name_is_published(render: Render) -> None:
    for fmt in ("html", "docx"):
        _, data = render("national", fmt, status="all")
        text = data.decode("utf-8") if fmt == "html" else _docx_text(data)
        for name in ACCOUNT_NAMES:
            assert name not in text, (fmt, name)


def test_confidential_sources_are_cited_by_type_and_date_only(
        render: Render, demo_db: Database) -> None:
    with demo_db.connect() as conn:
        data = load_workspace_data(conn, workspace_key=CURRENT)
    shown = {f.key for f in data.findings if f.status is FindingStatus.VALIDATED}
    secret = [e for e in data.evidence if e.confidential and e.finding_key in shown]
    public = [e for e in data.evidence if not e.confidential and e.finding_key in shown]
    assert secret and public
    html = _html(render)
    for item in secret:
        assert item.title not in html
    assert f"Key informant interview, {secret[0].date} (confidential source)" in html
    assert public[0].title.replace("'", "&#39;") in html


def test_the_word_file_has_the_headings_numbered_paragraphs_and_tables(render: Render) -> None:
    document, data = render("national", "docx")
    word = docx.Document(io.BytesIO(data))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == ["Introduction", "Summary of key findings", "Method",
                            "The child protection system"]
    assert "Findings by reporting cluster" in headings and "Annexes" in headings
    numbered = [p.text for p in word.paragraphs if re.match(r"^\d+\.\t", p.text)]
    html_numbers = [b.number for s in document.walk() for b in s.blocks
                    if isinstance(b, Paragraph) and b.number]
    assert len(numbered) == len(html_numbers) and numbered[0].startswith("1.\t")
    captions = [p.text for p in word.paragraphs if p.style.name == "Caption"]
    assert "Scores by reporting cluster and area" in captions
    assert len(word.tables) >= 15
    assert word.core_properties.title == document.title
    alts = word.element.body.xpath(".//wp:docPr/@descr")
    assert any(alt.startswith("Heatmap of scores") for alt in alts)


def test_the_same_data_and_settings_give_the_same_bytes(
        demo_db: Database, me: Principal) -> None:
    for fmt in ("html", "pdf", "docx"):
        request = reports.ReportRequest("recommendations", (CURRENT,), fmt)
        first = reports.report_bytes(demo_db, me, request)[1]
        again = reports.report_bytes(demo_db, me, request)[1]
        assert first == again, fmt


def _docx_text(data: bytes) -> str:
    word = docx.Document(io.BytesIO(data))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)
