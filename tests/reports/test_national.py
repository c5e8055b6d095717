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
from impactkit.reports.common import number_text
from impactkit.reports.model import Figure, Paragraph, Ref, Table
from impactkit.services import reports
from impactkit.services.accounts import Principal
from impactkit.services.analysis import analyse_workspace, explain_score
from impactkit.services.determinants import determinants
from impactkit.services.indicators import workspace_readings
from impactkit.services.vulnerability import workspace_vulnerability
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
    assert keys == ["introduction", "summary", "method", "vulnerability", "system", "findings",
                    "indicators", "gaps", "exclusion", "coherence", "determinants",
                    "recommendations", "own-recommendations", "conclusions", "annexes"]
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
            "cluster-area-scores.csv", "provision-gaps.csv", "vulnerability-dimensions.csv",
            "indicators-effectiveness.csv", "determinants-risk.csv"} <= set(attached)
    rows = list(csv.reader(io.StringIO(
        attached["vulnerability-dimensions.csv"][0].decode("utf-8"))))
    assert rows[0][:3] == ["Dimension", "Vulnerability (0-100)",
                           "Vulnerability (0-100): explanation"]
    assert {row[2] for row in rows[1:]} == {f"vulnerability:{d}" for d in (
        "survival", "development", "protection", "participation")}
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
    assert headings[:5] == ["Introduction", "Summary of key findings", "Method",
                            "Structural vulnerability", "The child protection system"]
    assert "Findings by reporting cluster" in headings and "Annexes" in headings
    new = ["Structural vulnerability", "Indicators beside the scores",
           "Key determinants of risk and protection", "Our recommendations",
           "Annex 5. Structural vulnerability: the arithmetic"]
    assert [h for h in headings if h in new] == new  # present, once each, in reading order
    assert headings.index("Method") < headings.index("Structural vulnerability") \
        < headings.index("The child protection system")
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


# --- structural vulnerability, indicators, key determinants -----------------------------------

def _refs(section) -> list[Ref]:
    """Every number with a note in a section and its sub-sections, in order."""
    found: list[Ref] = []
    for part in section.walk():
        for block in part.blocks:
            if isinstance(block, Paragraph):
                found += [r for r in block.runs if isinstance(r, Ref)]
            elif isinstance(block, Table | Figure):
                table = block if isinstance(block, Table) else block.table
                for row in table.rows:
                    for cell in row.cells:
                        if isinstance(cell, Ref):
                            found.append(cell)
                        elif isinstance(cell, tuple):
                            found += [r for r in cell if isinstance(r, Ref)]
    return found


def test_the_vulnerability_printed_is_the_services(render: Render, demo_db: Database,
                                                    me: Principal) -> None:
    """Whatever the demo holds, the index and each dimension read as the service computes
    them, "not enough data" where it has no value (never 0), each with its note."""
    index = workspace_vulnerability(demo_db, me, key=CURRENT)
    document, _ = render("national", "html")
    printed = {r.target: r.text for r in _refs(document.section("vulnerability"))}
    expected = {"vulnerability": index.value,
                **{f"vulnerability:{d.code}": d.value for d in index.dimensions}}
    assert printed == {target: "not enough data" if value is None else number_text(value)
                       for target, value in expected.items()}
    annex = document.section("annex-vulnerability")
    steps = [b for b in annex.blocks if isinstance(b, Table)][-1]
    assert [row.cells[2] for row in steps.rows] == [
        *(d.arithmetic for d in index.dimensions), index.arithmetic]


def test_indicators_stand_beside_the_area_scores_and_never_in_them(
        render: Render, demo_db: Database, me: Principal, analysis: dict) -> None:
    readings = workspace_readings(demo_db, me, key=CURRENT)
    assert readings
    document, _ = render("national", "html")
    section = document.section("indicators")
    latest: dict[str, str] = {}
    for part in section.sections:
        for table in (b for b in part.blocks if isinstance(b, Table)):
            assert [c.title for c in table.columns][2] == "Latest value (year)"
            for row in table.rows:
                value = row.cells[2]
                assert isinstance(value, tuple) and isinstance(value[0], Ref)
                latest[value[0].target] = value[0].text
                assert "".join(r.text for r in value).endswith(")")  # "38 percent (2023)"
    assert latest == {r.target: f"{r.latest.value:g}" for r in readings
                      if r.latest is not None and any(kind == "area" for kind, _ in r.tags)}
    areas = {s["target"]: f"{s['score']:.1f}" for s in analysis["scores"]["area"]
             if s["score"] is not None}
    beside = {r.target: r.text for r in _refs(section) if r.target.startswith("area:")}
    assert beside == areas  # the finding-based scores, unchanged by any indicator
    assert [s.key for s in section.sections] == [
        f"indicators-{a['code']}" for a in analysis["scores"]["area"]]


def test_each_determinant_score_with_a_note_is_the_number_its_explanation_gives(
        render: Render, demo_db: Database, me: Principal) -> None:
    found = determinants(demo_db, me, keys=[CURRENT], statuses=["validated"])
    document, _ = render("national", "html")
    refs = _refs(document.section("determinants")) + _refs(document.section("annexes"))
    checked = 0
    for ref in refs:
        if ref.target.split(":")[0] not in ("group", "sector", "tension", "gap"):
            continue
        explained = explain_score(demo_db, me, key=CURRENT, target=ref.target,
                                  statuses=["validated"])
        value = explained.components[1].value if ref.target.startswith("gap:") \
            else explained.value
        assert ref.text == number_text(value), ref.target
        checked += 1
    assert checked >= 10
    risks = next(b for b in document.section("determinants").blocks if isinstance(b, Table))
    shown = len(risks.rows)
    assert [row.cells[0] for row in risks.rows] == [d.title for d in found.risks][:shown]


def test_the_pdf_has_the_new_sections_in_reading_order(render: Render, pdf_text: str
                                                       ) -> None:
    document, _ = render("national", "pdf")
    last_in_contents = document.section("annexes").sections[-1].title
    body = pdf_text[pdf_text.index(last_in_contents) + len(last_in_contents):]
    titles = ["Structural vulnerability", "The child protection system",
              "Indicators beside the scores", "Law-practice gaps",
              "Key determinants of risk and protection", "Our recommendations",
              "Annex 5. Structural vulnerability: the arithmetic"]
    positions = [body.index(t) for t in titles]
    assert positions == sorted(positions)
