"""Recommendation pages in the browser: the search swaps its results as one types and the
address follows, a suggestion is accepted in place, and every page (with its forms opened)
passes the accessibility check."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from impactkit.services import recommendations as service
from tests.browser.axe import assert_accessible
from tests.browser.conftest import LiveServer, screenshot
from tests.web.test_recommendations import ROWS, WS, admin, seed
from tests.web.test_review_queue import QWS, Q, seed_queue

R = f"/workspaces/{WS}/recommendations"


@pytest.fixture(scope="module", autouse=True)
def seeded(live_server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The page tests' workspace (a copy of the demo's latest cycle, without the demo's
    recommendations) with their four recommendations and two pending suggestions."""
    seed(live_server.db, tmp_path_factory.mktemp("recs"))


def open_all_details(page: Page) -> None:
    for summary in page.locator("details > summary").all():
        summary.click()


def test_the_search_swaps_its_results_and_the_address_follows(
        page_as: Callable[[str], Page]) -> None:
    page = page_as("contributor")
    page.goto(R)
    expect(page.locator(f'nav a[href="{R}"]')).to_have_attribute("aria-current", "page")
    expect(page.locator("#results tbody tr")).to_have_count(len(ROWS))
    screenshot(page, "recommendations-list")
    assert_accessible(page, f"the recommendations list ({R})")
    page.get_by_label("Words in the text").fill("trafficked")
    expect(page).to_have_url(re.compile(r"text=trafficked"))
    expect(page.locator("#results tbody tr")).to_have_count(2)
    page.get_by_label("Mechanism").select_option("crc")
    expect(page).to_have_url(re.compile(r"mechanism=crc"))
    expect(page.locator("#results tbody tr")).to_have_count(1)
    assert_accessible(page, "the recommendations list, filtered")


def test_a_recommendation_page_with_its_forms_open(page_as: Callable[[str], Page]) -> None:
    page = page_as("contributor")
    page.goto(f"{R}/crc-5-32a")
    expect(page.locator("h1")).to_contain_text("crc-5-32a")
    open_all_details(page)
    expect(page.get_by_label("Responsible actors")).to_be_visible()
    screenshot(page, "recommendation")
    assert_accessible(page, f"a recommendation's page ({R}/crc-5-32a), forms open")


def test_a_suggestion_is_accepted_in_place(page_as: Callable[[str], Page]) -> None:
    page = page_as("contributor")
    page.goto(f"{R}/suggestions")
    assert_accessible(page, f"the suggestion queue ({R}/suggestions)")
    row = page.locator("tbody tr").filter(has_text="crc-5-35")
    row.get_by_role("button", name="Accept summary trafficking for crc-5-35").click()
    expect(page.locator("tbody tr").filter(has_text="crc-5-35")).to_contain_text("Accepted")
    expect(page).to_have_url(re.compile(r"/recommendations/suggestions$"))  # no reload
    screenshot(page, "recommendation-suggestions")
    assert_accessible(page, "the suggestion queue after a decision")
    page.goto(f"{R}/crc-5-35")
    expect(page.locator("#tags")).to_contain_text("trafficking")


def test_the_import_page(page_as: Callable[[str], Page]) -> None:
    page = page_as("contributor")
    page.goto(f"{R}/import")
    expect(page.get_by_label("Format", exact=True)).to_have_value("auto")
    assert_accessible(page, f"the import page ({R}/import)")


def test_a_rejected_import_and_a_tag_conflict(page_as: Callable[[str], Page],
                                              live_server: LiveServer) -> None:
    page = page_as("contributor")
    page.goto(f"{R}/import")
    page.get_by_label("File (CSV or XLSX)").set_input_files(files=[{
        "name": "bad.csv", "mimeType": "text/csv",
        "buffer": b"key,mechanism,text\nb-1,nobody,Protect children\n"}])
    page.get_by_label("Format", exact=True).select_option("generic")
    page.get_by_label("Column mapping (generic format)").fill(
        "key=key\nmechanism=mechanism\ntext=text")
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".error-summary tbody tr")).to_have_count(1)
    expect(page.locator(".error-summary")).to_contain_text("bad.csv")
    assert_accessible(page, "the import page listing a rejected file's problems")

    page.goto(f"{R}/upr-4-1")
    page.get_by_text("Edit tags").click()
    db = live_server.db
    current = service.get(db, admin(db), workspace_key=WS, key="upr-4-1")
    service.set_tags(db, admin(db), workspace_key=WS, key="upr-4-1",
                     tags={"summary": ("trafficking",)}, expected_version=current.version)
    page.get_by_role("button", name="Save tags").click()
    expect(page.locator("h1")).to_contain_text("changed by someone else")
    screenshot(page, "recommendation-conflict")
    assert_accessible(page, "the tag conflict page")


def test_the_queue_is_worked_through_by_keyboard(page_as: Callable[[str], Page],
                                                 live_server: LiveServer,
                                                 tmp_path: Path) -> None:
    """j/k and the arrow keys move between recommendations, r rejects and a accepts all of
    a row's suggested tags in place; focus moves on to the next recommendation."""
    db = seed_queue(live_server.db, tmp_path)
    page = page_as("contributor")
    page.goto(f"{Q}/suggestions")
    expect(page.locator("#queue-keys")).to_be_visible()
    rows = page.locator("#queue-table tbody tr")
    expect(rows).to_have_count(3)
    for key, row in (("j", 0), ("ArrowDown", 1), ("j", 2), ("k", 1)):
        page.keyboard.press(key)
        expect(rows.nth(row)).to_be_focused()
    page.keyboard.press("r")  # upr-9-121.9: its one suggestion
    expect(rows.nth(1)).to_contain_text("Rejected one suggested tag")
    expect(rows.nth(2)).to_be_focused()
    page.keyboard.press("a")  # upr-9-121.10: its four
    expect(rows.nth(2)).to_contain_text("Accepted 4 suggested tags")
    expect(page).to_have_url(re.compile(r"/recommendations/suggestions$"))  # no reload
    assert_accessible(page, "the suggestion queue worked by keyboard")
    rec = service.get(db, admin(db), workspace_key=QWS, key="upr-9-121.10")
    assert (rec.provisions, rec.sectors) == (("CRC-32", "CRC-35"), ("labour",))
