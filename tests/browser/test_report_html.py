"""The HTML reports in Chromium: axe-core finds no serious or critical accessibility
violation, and the charts and notes are there to be seen."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from impactkit.services import reports
from impactkit.services.accounts import operator
from impactkit.services.demo import build_demo_database
from impactkit.store.db import Database
from tests.browser.axe import assert_accessible
from tests.browser.conftest import SCREENSHOTS

CURRENT = "demo-veldmark-2024"


@pytest.fixture(scope="module")
def report_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("report-html")
    db = Database(f"sqlite:///{folder / 'demo.db'}")
    try:
        build_demo_database(db, user="browser-tester")
        me = operator("browser-tester")
        out = {}
        for kind, workspaces in (("national", (CURRENT,)), ("alternative", (CURRENT,)),
                                 ("recommendations", (CURRENT,)),
                                 ("comparative", ("demo-veldmark-2019", CURRENT))):
            request = reports.ReportRequest(kind, workspaces, "html", status="all")
            out[kind] = folder / f"{kind}.html"
            out[kind].write_bytes(reports.report_bytes(db, me, request)[1])
        return out
    finally:
        db.dispose()


@pytest.mark.parametrize("kind", ["national", "alternative", "recommendations",
                                  "comparative"])
def test_the_html_report_passes_axe(browser: Browser, report_files: dict[str, Path],
                                    kind: str) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.goto(report_files[kind].as_uri())
        assert page.locator("h1").count() == 1
        if kind != "alternative":  # the alternative report has tables, no chart
            assert page.locator("figure svg").count() >= 1
        assert_accessible(page, f"the {kind} report")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"report-{kind}.png")
    finally:
        page.close()


def test_a_note_leads_to_its_explanation_target(browser: Browser,
                                                report_files: dict[str, Path]) -> None:
    page = browser.new_page()
    try:
        page.goto(report_files["national"].as_uri())
        first = page.locator("sup.note a").first
        first.click()
        assert page.evaluate("location.hash") == "#note-1"
        assert page.locator("#note-1 code").inner_text().startswith(("area:", "cluster:",
                                                                     "gap:", "cell:"))
    finally:
        page.close()
