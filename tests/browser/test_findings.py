"""Findings in a real browser: the filtered list (a shareable URL), a finding's page and its
edit form with server-side validation, an edit conflict between two people resolved by a
merge, and a viewer who cannot edit. Each test works on its own finding."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import screenshot
from tests.web.conftest import LATEST

FINDINGS = f"/workspaces/{LATEST}/findings"


def json_of(page: Page, path: str) -> Any:
    """The JSON twin of a page, fetched with this browser's session."""
    response = page.request.get(path)
    assert response.ok, f"{path}: {response.status}"
    return response.json()


def draft_finding(page: Page, index: int) -> dict[str, Any]:
    """The index-th draft finding of the demo (tests take different ones)."""
    items = json_of(page, f"{FINDINGS}.json?status=draft&per_page=200")["items"]
    assert len(items) > index, "the demo has enough draft findings"
    return dict(items[index])


def finding_json(page: Page, key: str) -> dict[str, Any]:
    return dict(json_of(page, f"{FINDINGS}/{key}.json")["finding"])


def test_the_findings_list_filters_into_a_shareable_url(page_as: Callable[[str], Page]) -> None:
    page = page_as("contributor")
    page.goto(FINDINGS)
    total = json_of(page, f"{FINDINGS}.json")["total"]
    expect(page.locator("#count")).to_contain_text(f"of {total}")
    expect(page.get_by_role("link", name="New finding")).to_be_visible()
    screenshot(page, "findings")
    assert_accessible(page, f"the findings list ({FINDINGS})")

    matching = json_of(page, f"{FINDINGS}.json?area=compliance&layer=practice")["total"]
    assert 0 < matching < total
    page.get_by_label("Area", exact=True).select_option("compliance")
    page.get_by_label("Layer", exact=True).select_option("practice")
    # htmx swaps the results in place and the address bar follows the filters
    expect(page).to_have_url(re.compile(r"area=compliance.*layer=practice|"
                                        r"layer=practice.*area=compliance"))
    expect(page.locator("#count")).to_contain_text(f"of {matching} matching the filters")
    shared = page.url
    page.goto(shared)  # the same URL, opened afresh, shows the same selection
    expect(page.get_by_label("Area", exact=True)).to_have_value("compliance")
    expect(page.get_by_label("Layer", exact=True)).to_have_value("practice")
    expect(page.locator("#count")).to_contain_text(f"of {matching} matching the filters")
    expect(page.locator("table.records tbody tr")).to_have_count(min(matching, 50))
    screenshot(page, "findings-filtered")
    assert_accessible(page, f"the filtered findings list ({shared})")


def test_a_finding_page_and_its_edit_form_with_validation(
        page_as: Callable[[str], Page]) -> None:
    page = page_as("contributor")
    finding = draft_finding(page, 0)
    page.goto(f"{FINDINGS}/{finding['key']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(finding["title"] or finding["key"])
    screenshot(page, "finding")
    assert_accessible(page, f"a finding's page ({FINDINGS}/{finding['key']})")

    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page).to_have_url(re.compile(r"/edit$"))
    expect(page.get_by_label("Title", exact=True)).to_have_value(finding["title"])
    screenshot(page, "finding-edit")
    assert_accessible(page, "a finding's edit form")

    # a finding needs a sector: untick them all and the server says so, keeping the input
    sectors = page.locator('#f-sectors input[type="checkbox"]:checked')
    assert sectors.count() >= 1
    while sectors.count():
        sectors.first.uncheck()
    page.get_by_label("Title", exact=True).fill("A title that must not be saved")
    page.get_by_role("button", name="Save").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page.locator("#f-sectors")).to_contain_text("Error:")
    expect(page.get_by_label("Title", exact=True)).to_have_value(
        "A title that must not be saved")
    screenshot(page, "finding-edit-errors")
    assert_accessible(page, "a finding's edit form showing validation errors")
    stored = finding_json(page, finding["key"])
    assert (stored["version"], stored["title"]) == (finding["version"], finding["title"])


def test_an_edit_conflict_shows_both_versions_and_is_merged(
        page_as: Callable[[str], Page]) -> None:
    first, second = page_as("contributor"), page_as("reviewer")
    finding = draft_finding(first, 1)
    edit = f"{FINDINGS}/{finding['key']}/edit"
    version = finding["version"]
    for page in (first, second):  # both open the same version's form
        page.goto(edit)
        expect(page.locator('input[name="version"]')).to_have_value(str(version))

    first.get_by_label("Title", exact=True).fill("Title saved first by the contributor")
    first.get_by_role("button", name="Save").click()
    expect(first.get_by_role("status")).to_contain_text(f"Saved (version {version + 1})")

    second.get_by_label("Narrative").fill("Narrative written by the reviewer meanwhile.")
    second.get_by_role("button", name="Save").click()
    expect(second.get_by_role("heading", level=1)).to_contain_text(
        "was changed by someone else")
    both = second.locator("table.compare")
    expect(both).to_contain_text(f"stored version {version + 1}")
    title_row = both.locator("tr.differs", has=second.get_by_role("rowheader", name="Title"))
    expect(title_row).to_contain_text("Title saved first by the contributor")  # theirs
    expect(title_row).to_contain_text(finding["title"])  # mine: still the old title
    narrative_row = both.locator("tr.differs",
                                 has=second.get_by_role("rowheader", name="Narrative"))
    expect(narrative_row).to_contain_text("Narrative written by the reviewer meanwhile.")
    assert finding_json(second, finding["key"])["version"] == version + 1  # nothing written
    screenshot(second, "conflict")
    assert_accessible(second, "the edit-conflict page")

    # merge: take the stored title, keep my narrative
    second.locator('input[name="pick__title"][value="theirs"]').check()
    second.get_by_role("button", name="Save the merged version").click()
    expect(second.get_by_role("status")).to_contain_text(f"Saved (version {version + 2})")
    expect(second.get_by_role("heading", level=1)).to_have_text(
        "Title saved first by the contributor")
    expect(second.locator("dl.record")).to_contain_text(
        "Narrative written by the reviewer meanwhile.")
    stored = finding_json(first, finding["key"])
    assert stored["version"] == version + 2
    assert stored["title"] == "Title saved first by the contributor"
    assert stored["narrative"] == "Narrative written by the reviewer meanwhile."


def test_a_viewer_sees_no_edit_controls_and_a_direct_post_is_refused(
        page_as: Callable[[str], Page]) -> None:
    page = page_as("viewer")
    finding = draft_finding(page, 2)
    page.goto(FINDINGS)
    expect(page.locator("table.records")).to_be_visible()
    expect(page.get_by_role("link", name="New finding")).to_have_count(0)

    page.goto(f"{FINDINGS}/{finding['key']}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    main = page.locator("main")
    expect(main.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    expect(main.get_by_role("button")).to_have_count(0)  # no review, delete or comment
    expect(main.locator('form[method="post"]')).to_have_count(0)

    response = page.goto(f"{FINDINGS}/{finding['key']}/edit")
    assert response is not None and response.status == 403
    screenshot(page, "forbidden")

    # a hand-made POST with the session's valid CSRF token is refused by the service layer
    page.goto(f"{FINDINGS}/{finding['key']}")
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    assert token
    form = {"csrf_token": token, "version": str(finding["version"]),
            "title": "Changed by a viewer", "area": finding["area"],
            "layer": finding["layer"], "rating": "4", "confidence": "high",
            "provisions": finding["provisions"][0], "sectors": finding["sectors"][0]}
    for action in ("edit", "delete", "review", "validate"):
        refused = page.request.post(f"{FINDINGS}/{finding['key']}/{action}", form=form,
                                    max_redirects=0)
        assert refused.status == 403, f"{action}: {refused.status}"
    stored = finding_json(page, finding["key"])
    assert (stored["version"], stored["title"], stored["status"]) == (
        finding["version"], finding["title"], finding["status"])
