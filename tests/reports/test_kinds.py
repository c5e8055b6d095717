"""The alternative report, the follow-up of recommendations and the comparative analysis on
the demo; each kind in each format."""

from __future__ import annotations

import io
import zipfile

import docx
import pypdf
import pytest
from tests.reports.conftest import CURRENT, EARLIER, Render

from impactkit.errors import UsageError
from impactkit.recommendations.model import Mechanism
from impactkit.reports.common import in_cluster, recommendation_reference
from impactkit.reports.model import Paragraph, Table
from impactkit.services import reports
from impactkit.services.accounts import Principal
from impactkit.services.catalogue import workspace_catalogue
from impactkit.services.determinants import determinants
from impactkit.services.recommendations import find
from impactkit.services.vulnerability import implementation_against_vulnerability
from impactkit.store.db import Database
from impactkit.store.recommendation_search import SearchFilters

KINDS = [("national", (CURRENT,)), ("alternative", (CURRENT,)),
         ("recommendations", (CURRENT,)), ("comparative", (EARLIER, CURRENT))]


@pytest.mark.parametrize(("kind", "workspaces"), KINDS, ids=[k for k, _ in KINDS])
@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_each_kind_renders_in_each_format(render: Render, kind: str,
                                          workspaces: tuple[str, ...], fmt: str) -> None:
    document, data = render(kind, fmt, *workspaces)
    if fmt == "html":
        text = data.decode("utf-8")
        assert text.startswith("<!DOCTYPE html>") and f"<h1>{document.title}</h1>" in text
    elif fmt == "pdf":
        reader = pypdf.PdfReader(io.BytesIO(data))
        first_page = " ".join(reader.pages[0].extract_text().split())
        assert document.title.split(":")[0] in first_page
    else:
        assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert docx.Document(io.BytesIO(data)).core_properties.title == document.title


def _all_recommendations(db: Database, me: Principal) -> list:
    page = find(db, me, workspace_key=CURRENT, filters=SearchFilters(), limit=200)
    assert page.total == len(page.items)
    return list(page.items)


@pytest.mark.parametrize("scheme", ["crc-2015", "crc-2005"])
def test_the_alternative_report_follows_the_scheme_and_lists_each_clusters_recommendations(
        render: Render, demo_db: Database, me: Principal, scheme: str) -> None:
    catalogue = workspace_catalogue(demo_db, CURRENT)
    chosen = catalogue.cluster_scheme(scheme)
    document, _ = render("alternative", "html", scheme=scheme)
    clusters = [s for s in document.sections if s.key.startswith("cluster-")]
    assert [s.key for s in clusters] == [f"cluster-{c.code}" for c in chosen.clusters]
    assert [s.title.split(". ", 1)[0] for s in clusters] == [
        str(n) for n in range(1, len(chosen.clusters) + 1)]
    recs = _all_recommendations(demo_db, me)
    assert recs
    for entry, section in zip(chosen.clusters, clusters, strict=True):
        expected = {r.key for r in recs if r.mechanism in (Mechanism.CRC, Mechanism.UPR)
                    and in_cluster(r, catalogue.scheme_provisions(entry), entry.clusters)}
        progress = next(s for s in section.sections if s.key.endswith("-progress"))
        (table,) = [b for b in progress.blocks if isinstance(b, Table)]
        listed = {row.cells[0] for row in table.rows}
        by_reference = {r.key: recommendation_reference(r) for r in recs}
        assert listed == {by_reference[k] for k in expected}, entry.code
    subsections = [s.title for s in clusters[0].sections]
    assert subsections == ["Situation", "Progress on earlier recommendations", "Gaps",
                           "Suggested questions for the list of issues",
                           "Proposed recommendations"]


def test_the_older_scheme_puts_violence_under_the_family_environment(render: Render) -> None:
    document, _ = render("alternative", "html", scheme="crc-2005")
    keys = [s.key for s in document.sections if s.key.startswith("cluster-")]
    assert "cluster-violence" not in keys and len(keys) == 8
    family = document.section("cluster-family-care-progress")
    (table,) = [b for b in family.blocks if isinstance(b, Table)]
    assert any("31(a)" in str(row.cells[0]) for row in table.rows)  # corporal punishment


def test_the_pdf_of_the_alternative_report_prints_the_clusters_in_order(render: Render) -> None:
    _, data = render("alternative", "pdf")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    body = text[text.index("About this report", text.index("About this report") + 1):]
    positions = [body.index(title) for title in (
        "1. General measures of implementation", "2. Definition of the child",
        "5. Violence against children", "9. Special protection measures")]
    assert positions == sorted(positions)


def test_the_word_count_is_on_the_cover_against_the_limit(render: Render) -> None:
    document, data = render("alternative", "html", word_limit=1000)
    assert document.word_count is not None and document.word_count > 1000
    html = data.decode("utf-8")
    assert f"{document.word_count:,} of a limit of 1,000" in html
    assert "over the limit by" in html
    _, data = render("alternative", "html", word_limit=10**6)
    assert "over the limit" not in data.decode("utf-8")


def test_an_unknown_scheme_is_refused_with_the_known_ones(render: Render) -> None:
    with pytest.raises(UsageError, match="crc-2015, crc-2005"):
        render("alternative", "html", scheme="crc-1991")


def test_the_follow_up_tallies_match_the_recommendations(render: Render, demo_db: Database,
                                                         me: Principal) -> None:
    recs = _all_recommendations(demo_db, me)
    document, _ = render("recommendations", "html")
    tallies = document.section("tallies")
    mechanisms = next(b for b in tallies.blocks if isinstance(b, Table)
                      and b.data_name == "recommendations-by-mechanism")
    counted = {row.cells[0]: int(str(row.cells[1])) for row in mechanisms.rows}
    assert counted == {"CRC Committee": sum(r.mechanism is Mechanism.CRC for r in recs),
                       "Universal Periodic Review": sum(r.mechanism is Mechanism.UPR
                                                        for r in recs)}
    by_status = next(b.table for b in tallies.blocks if hasattr(b, "chart"))
    assert [c.title for c in by_status.columns] == ["Status", "State", "NHRI or ombudsperson",
                                                    "Civil society"]
    for column in range(1, 4):  # each source's column counts every recommendation once
        assert sum(int(str(row.cells[column])) for row in by_status.rows) == len(recs)
    (full,) = [b for b in document.section("recommendations-table").blocks
               if isinstance(b, Table)]
    assert len(full.rows) == len(recs)


def test_the_comparative_report_flags_low_coverage_and_fills_every_section(
        render: Render) -> None:
    document, data = render("comparative", "html", EARLIER, CURRENT)
    html = data.decode("utf-8")
    assert "low coverage: not a measured change" in html  # the demo covers ~12% of cells
    assert [s.key for s in document.sections] == [
        "overview", "scores-area", "scores-cluster", "scores-layer", "shared", "vulnerability",
        "determinants"]
    assert not any(s.placeholder for s in document.walk())
    assert 'id="vulnerability"' in html and 'id="determinants"' in html
    shared = document.section("shared-gaps")
    assert any(isinstance(b, Paragraph) for b in shared.blocks)


def test_a_comparative_report_needs_two_workspaces(render: Render) -> None:
    with pytest.raises(UsageError, match="at least two"):
        render("comparative", "html", CURRENT, CURRENT)


def test_reports_about_one_workspace_take_one(demo_db: Database, me: Principal) -> None:
    with pytest.raises(UsageError, match="about one workspace"):
        reports.ReportRequest("national", (CURRENT, EARLIER)).checked()


def test_every_validated_finding_is_printed_once_in_the_national_report(
        render: Render, demo_db: Database) -> None:
    from impactkit.domain import FindingStatus
    from impactkit.store.records import load_workspace_data

    with demo_db.connect() as conn:
        data = load_workspace_data(conn, workspace_key=CURRENT)
    validated = [f for f in data.findings if f.status is FindingStatus.VALIDATED]
    document, _ = render("national", "html")
    heads = [b.runs[0].text for s in document.section("findings").walk() for b in s.blocks
             if isinstance(b, Paragraph) and b.numbered and b.runs
             and b.runs[0].style == "strong"]
    titles = [f"{(f.title or f.key).rstrip('.')}." for f in validated]
    assert sorted(heads) == sorted(titles)
    assert document.section("cluster-other").blocks  # Palermo, CETS 197, EU directive...


def test_groups_nobody_assessed_never_read_as_included(render: Render) -> None:
    document, _ = render("national", "html")
    (table,) = [b for b in document.section("exclusion").blocks if isinstance(b, Table)]
    readings = {str(row.cells[0]): (row.cells[1], row.cells[4]) for row in table.rows}
    assert "not excluded" not in {reading for _, reading in readings.values()}
    for score, reading in readings.values():
        if score == "no score":
            assert reading == "not assessed"
    assert {"excluded", "too little evidence to tell"} <= {r for _, r in readings.values()}


def test_proposals_speak_as_the_committee_would(render: Render) -> None:
    document, _ = render("alternative", "html")
    texts = [" ".join(r.text for r in item) for s in document.walk()
             if s.key.endswith("-recommendations") for b in s.blocks
             if hasattr(b, "items") for item in b.items]
    assert texts and all(t.startswith("We recommend that the Committee ") for t in texts)
    assert any("reiterate its recommendation in CRC/C/XVM/CO/4, para. 57(a): the NHRI or "
               "ombudsperson assesses it as regressed" in t for t in texts)
    assert any("implement the recommendation it received in A/HRC/38/XVM" in t for t in texts)
    assert not any("reiterate its recommendation in A/HRC" in t for t in texts)
    for section in document.walk():
        if section.key.endswith("-questions"):
            lists = [b for b in section.blocks if hasattr(b, "items")]
            assert not lists or len(lists[0].items) <= 5


def test_overdue_actions_are_marked_in_the_follow_up(render: Render) -> None:
    _, data = render("recommendations", "html")
    html = data.decode("utf-8")
    # due 2023-06-30, still planned when the report is generated (2026-01-01)
    assert "Child protection data system (pilot in two regions) (planned, due 2023-06-30, " \
        "overdue)" in html
    assert "Actions past their due date on 2026-01-01" in html


def test_numbered_lists_in_word_start_at_one_and_no_figure_reads_minus_zero(
        render: Render) -> None:
    _, data = render("alternative", "docx")
    firsts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs
              if p.style.name == "List Paragraph" and p.text.startswith("1.\t")]
    assert len(firsts) > 9  # questions and proposals of each cluster, each list from 1
    assert "-0.0" not in render("national", "html")[1].decode("utf-8")


def test_the_comparative_report_prints_the_hypothesis_as_the_test_gives_it(
        render: Render, demo_db: Database, me: Principal) -> None:
    """Two cycles are far too few for a test of association: the section says it describes
    only, prints the test's own sentence, and nothing anywhere calls a result significant."""
    test = implementation_against_vulnerability(demo_db, me, keys=[EARLIER, CURRENT],
                                                statuses=["validated"])
    document, data = render("comparative", "html", EARLIER, CURRENT)
    section = document.section("vulnerability-hypothesis")
    texts = ["".join(r.text for r in b.runs) for b in section.blocks
             if isinstance(b, Paragraph)]
    assert texts[0].startswith("Descriptive only. Fewer than 5 workspaces")
    assert test.message in texts
    assert "significant" not in data.decode("utf-8").lower()
    indices = document.section("vulnerability").blocks[1]
    assert isinstance(indices, Table) and len(indices.rows) == 2


def test_the_comparative_determinants_are_the_services_common_and_particular(
        render: Render, demo_db: Database, me: Principal) -> None:
    found = determinants(demo_db, me, keys=[EARLIER, CURRENT], statuses=["validated"])
    assert found.common and found.particular
    document, _ = render("comparative", "html", EARLIER, CURRENT)
    section = document.section("determinants")
    common, particular = [b for b in section.blocks if isinstance(b, Table)]
    assert [row.cells[0] for row in common.rows] == [d.title for d in found.common]
    assert [(row.cells[0], row.cells[2]) for row in particular.rows] == [
        (d.title, d.jurisdictions[0]) for d in found.particular]
    assert [s.key for s in section.sections][:len(found.by_cluster)] == [
        f"determinants-{code}" for code in found.by_cluster]
    violence = document.section("determinants-violence")
    text = " ".join(r.text for b in violence.blocks if isinstance(b, Paragraph)
                    for r in b.runs)
    for item in found.by_cluster["violence"]:
        assert item.title in text
