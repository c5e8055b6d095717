"""The dashboard, its explanations and the comparison page, in a real browser; and the loop a
team relies on: edit a finding's rating, and the dashboard's numbers move."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import screenshot
from tests.web.conftest import EARLIER, LATEST

DASHBOARD = f"/workspaces/{LATEST}"


def open_dashboard(page: Page, key: str = LATEST, query: str = "") -> Page:
    page.goto(f"/workspaces/{key}{query}")
    expect(page.locator("table.heatmap")).to_be_visible()
    # the gap chart is drawn by the locally served Plotly: wait for it, so the screenshot
    # shows it and so a broken asset (or the CSP blocking it) fails here
    expect(page.locator("#gap-chart .main-svg").first).to_be_attached()
    return page


def json_of(page: Page, path: str) -> Any:
    """The JSON twin of a page, fetched with this browser's session."""
    response = page.request.get(path)
    assert response.ok, f"{path}: {response.status}"
    return response.json()


def test_the_dashboard_shows_the_heatmap_and_the_gap_chart(
        page_as: Callable[[str], Page]) -> None:
    page = page_as("viewer")
    page.get_by_role("link", name=re.compile("Republic of Veldmark, 2020-2024")).click()
    expect(page).to_have_url(re.compile(f"{DASHBOARD}$"))
    open_dashboard(page)
    expect(page.get_by_role("link", name="Dashboard")).to_have_attribute("aria-current", "page")
    data = json_of(page, f"{DASHBOARD}.json")
    rows = data["heatmap"]["rows"]
    areas = data["heatmap"]["areas"]
    # one row per reporting cluster, one cell per area, all on the page
    expect(page.locator("table.heatmap tbody tr")).to_have_count(len(rows))
    expect(page.locator("table.heatmap td.heat")).to_have_count(len(rows) * len(areas))
    # unassessed cells read as such (not as a low score) and look different
    unassessed = [c for r in rows for c in r["cells"] if c["score"] is None]
    assert unassessed, "the demo has unassessed cells: the test relies on one"
    cell = page.locator(f'td.heat[data-target="{unassessed[0]["target"]}"]')
    expect(cell.locator(".value")).to_have_text("not assessed")
    expect(cell).to_have_class(re.compile(r"\bheat-none\b"))
    scored = next(c for r in rows for c in r["cells"] if c["score"] is not None)
    scored_cell = page.locator(f'td.heat[data-target="{scored["target"]}"]')
    expect(scored_cell.locator(".value")).to_have_text(f"{scored['score']:.1f}")
    assert "heat-none" not in (scored_cell.get_attribute("class") or "")
    screenshot(page, "dashboard")
    assert_accessible(page, f"the dashboard ({DASHBOARD})")


def test_every_number_leads_to_its_explanation(page_as: Callable[[str], Page]) -> None:
    """Click a heatmap cell: the explanation page shows the same score, and its findings."""
    page = open_dashboard(page_as("reviewer"))
    data = json_of(page, f"{DASHBOARD}.json")
    cell = max((c for r in data["heatmap"]["rows"] for c in r["cells"]
                if c["score"] is not None), key=lambda c: c["n_findings"])
    page.locator(f'td.heat[data-target="{cell["target"]}"] a').click()
    expect(page).to_have_url(re.compile(re.escape(cell["url"]) + "$"))
    expect(page.locator("dl.figures dd[data-score]").first).to_have_text(
        f"{cell['score']:.1f}")
    expect(page.locator("table.explained tbody tr")).to_have_count(cell["n_findings"])
    screenshot(page, "explain")
    assert_accessible(page, f"the explanation page ({cell['url']})")


def test_compare_two_cycles_side_by_side(page_as: Callable[[str], Page]) -> None:
    page = page_as("admin")  # a member (site admin) of both cycles
    page.goto(f"/compare?w={LATEST}&w={EARLIER}")
    expect(page.get_by_role("heading", name="Compare workspaces")).to_be_visible()
    # each workspace's column shows the scores its own dashboard shows
    for key in (LATEST, EARLIER):
        for area in json_of(page, f"/workspaces/{key}.json")["areas"]:
            cell = page.locator(f'td[data-workspace="{key}"][data-target="area:{area["code"]}"]')
            expect(cell).to_have_text(f"{area['score']:.1f}")
    screenshot(page, "compare")
    assert_accessible(page, "the comparison page")


def _first_draft_rated_finding(page: Page) -> dict[str, Any]:
    listing = json_of(page, f"{DASHBOARD}/findings.json?status=draft&rating=rated&per_page=200")
    assert listing["items"], "the demo has rated draft findings: the test relies on one"
    return dict(listing["items"][0])


def _area_column(page: Page, area: str) -> dict[str, str]:
    """What the heatmap shows in one area's column: cell target -> its visible score."""
    cells = page.locator(f'td.heat[data-target$=":{area}"]')
    return {cells.nth(i).get_attribute("data-target") or "": cells.nth(i).locator(
        ".value").inner_text() for i in range(cells.count())}


def test_editing_a_rating_changes_the_dashboard(page_as: Callable[[str], Page]) -> None:
    # a draft counts only where the dashboard counts all findings (by default: validated only)
    page = open_dashboard(page_as("contributor"), query="?status=all")
    finding = _first_draft_rated_finding(page)
    area = finding["area"]
    area_score = page.locator(f'a[data-target="area:{area}"]').first
    before_area = area_score.inner_text()
    before_column = _area_column(page, area)
    new_rating = "4" if finding["rating"] <= 2 else "0"

    page.goto(f"{DASHBOARD}/findings/{finding['key']}")
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page).to_have_url(re.compile(r"/edit$"))
    page.get_by_label(re.compile(r"^Rating\b")).select_option(new_rating)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Saved (version {finding['version'] + 1})")

    open_dashboard(page, query="?status=all")
    after_area = area_score.inner_text()
    assert after_area != before_area, f"area:{area} still reads {before_area}"
    new_value = json_of(page, f"{DASHBOARD}.json?status=all")
    expected = next(a for a in new_value["areas"] if a["code"] == area)["score"]
    assert after_area == f"{expected:.1f}"
    after_column = _area_column(page, area)
    changed = {t for t in before_column if before_column[t] != after_column.get(t)}
    assert changed, f"no heatmap cell of the {area} column changed"
