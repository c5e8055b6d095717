"""Publication safety, on SQLite and PostgreSQL: who may get a report, what a public
workspace publishes, editorial text that stays text, glyphs no font can draw."""

from __future__ import annotations

import io

import pypdf
import pytest
from tests.reports.conftest import CURRENT

from impactkit.errors import PermissionDenied
from impactkit.reports.fonts import MissingGlyphs
from impactkit.reports.model import Document, Paragraph, Provenance, Section, finish, runs
from impactkit.reports.render_pdf import render_pdf
from impactkit.services import accounts, editorial, reports
from impactkit.services.accounts import ANONYMOUS, operator
from impactkit.services.demo import build_demo_database
from impactkit.store.accounts import find_user
from impactkit.store.db import Database

ADMIN = operator("report-admin")


@pytest.fixture
def demo(database: Database) -> Database:
    build_demo_database(database, user="report-admin")
    return database


def _html(db: Database, principal: accounts.Principal, **options: object) -> str:
    request = reports.ReportRequest("national", (CURRENT,), "html", **options)  # type: ignore
    return reports.report_bytes(db, principal, request)[1].decode("utf-8")


def test_a_reader_without_access_gets_no_report(demo: Database) -> None:
    accounts.create_user(demo, ADMIN, username="outsider", password="outsider-password-1")
    with demo.connect() as conn:
        outsider = accounts.Principal(user=find_user(conn, username="outsider"))
    for who in (ANONYMOUS, outsider):
        with pytest.raises(PermissionDenied):
            _html(demo, who)


def test_a_public_workspace_publishes_validated_findings_only(demo: Database) -> None:
    accounts.set_public(demo, ADMIN, workspace_key=CURRENT, public=True)
    html = _html(demo, ANONYMOUS)
    assert "validated" in html and "[Draft" not in html
    with pytest.raises(PermissionDenied, match="validated findings only"):
        _html(demo, ANONYMOUS, status="all")
    assert "[Draft" in _html(demo, ADMIN, status="all")  # a member still may


def test_scripts_and_raw_html_in_editorial_texts_stay_inert(demo: Database) -> None:
    hostile = ("Intro <script>alert('x')</script> and <img src=x onerror=alert(1)>, "
               "a [link](javascript:alert(2)) and a [real one](https://example.org).")
    current = editorial.sections(demo, ADMIN, workspace_key=CURRENT)["introduction"]
    editorial.save_section(demo, ADMIN, workspace_key=CURRENT, key="introduction",
                           body=hostile, expected_version=current.version)
    html = _html(demo, ADMIN)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert 'href="javascript' not in html
    assert '<a href="https://example.org">real one</a>' in html


def test_the_same_document_comes_from_sqlite_and_postgresql(demo: Database,
                                                            demo_db: Database) -> None:
    """Whatever the backend, the report's body is the same as the one built from the
    module's SQLite demo (only the data version on the cover, an audit time, differs)."""
    request = reports.ReportRequest("national", (CURRENT,), "html")
    document = reports.build_document(demo, ADMIN, request)
    reference = reports.build_document(demo_db, ADMIN, request)
    assert document.provenance.data_versions[0][1].startswith("as of ")
    assert document.sections == reference.sections
    assert document.notes == reference.notes and len(document.notes) > 100
    paragraphs = [b for s in document.walk() for b in s.blocks if isinstance(b, Paragraph)]
    assert paragraphs[0].number == 1


def _one_paragraph(text: str) -> Document:
    return finish(Document(
        kind="national", title="Glyphs", subtitle="", language="en",
        provenance=Provenance("c", (), "2026-01-01 00:00 UTC", ()),
        sections=(Section("s", "Section", (Paragraph(runs(text)),)),)))


def test_greek_and_cyrillic_are_drawn() -> None:
    data = render_pdf(_one_paragraph("Παιδιά θύματα εμπορίας και Дети-жертвы торговли."))
    text = pypdf.PdfReader(io.BytesIO(data)).pages[1].extract_text()
    assert "Παιδιά θύματα εμπορίας" in text and "Дети-жертвы торговли" in text


def test_a_glyph_no_font_can_draw_is_an_error_not_a_blank_box() -> None:
    with pytest.raises(MissingGlyphs, match=r"U\+6F22.*section 'Section'"):
        render_pdf(_one_paragraph("A word in another script: 漢."))


def test_empty_workspaces_give_reports_that_say_so(database: Database) -> None:
    """A workspace with nothing in it yet still gives each kind of report, saying what is
    missing instead of failing or printing zeros."""
    from impactkit.services.setup import init_database
    from impactkit.services.workspaces import create_workspace

    init_database(database, user="report-admin")
    for key, country in (("empty-a", "GRC"), ("empty-b", "CYP")):
        create_workspace(database, ADMIN, key=key, jurisdiction=country, cycle="2025")
    for kind, keys in (("national", ("empty-a",)), ("alternative", ("empty-a",)),
                       ("recommendations", ("empty-a",)), ("comparative", ("empty-a",
                                                                            "empty-b"))):
        request = reports.ReportRequest(kind, keys, "html", status="all")
        html = reports.report_bytes(database, ADMIN, request)[1].decode("utf-8")
        assert "<h1>" in html and "0.0[" not in html, kind
    national = reports.report_bytes(database, ADMIN, reports.ReportRequest(
        "national", ("empty-a",), "html"))[1].decode("utf-8")
    assert "No actor is recorded." in national
    assert "No finding included in this report concerns this cluster." in national
