"""The Reports page in a real browser: choose a report, and the browser saves its file."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from playwright.sync_api import Page, expect

from impactkit.services import accounts
from impactkit.services.reports import ReportRequest, build_document
from impactkit.store.accounts import find_user
from tests.browser.axe import assert_accessible
from tests.browser.conftest import LiveServer, screenshot
from tests.web.conftest import LATEST

WORKSPACE = f"/workspaces/{LATEST}"


def test_a_viewer_downloads_the_html_report_from_the_reports_page(
        page_as: Callable[[str], Page], live_server: LiveServer) -> None:
    page = page_as("viewer")
    page.goto(WORKSPACE)
    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page).to_have_url(re.compile(rf"{WORKSPACE}/reports$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    page.get_by_label("National assessment").check()
    page.get_by_label("HTML", exact=True).check()
    assert_accessible(page, f"the Reports page ({WORKSPACE}/reports)")
    screenshot(page, "reports")

    with page.expect_download() as started:
        page.get_by_role("button", name="Download the report").click()
    download = started.value
    assert download.suggested_filename == f"impact-national-{LATEST}.html"
    saved = Path(download.path())
    report = BeautifulSoup(saved.read_text(encoding="utf-8"), "html.parser")

    with live_server.db.connect() as conn:
        viewer = accounts.Principal(user=find_user(conn, username="viewer"))
    title = build_document(live_server.db, viewer,
                           ReportRequest("national", (LATEST,), "html")).title
    assert report.title is not None and report.title.get_text() == title
    assert report.h1 is not None and report.h1.get_text() == title
    expect(page).to_have_url(re.compile(rf"{WORKSPACE}/reports$"))  # the page stays
