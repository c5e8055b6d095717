"""The system map and the referral navigator in a real browser: the network is drawn by the
locally served Plotly (under the strict Content-Security-Policy), the navigator is filled in
as a person would, a scenario is saved and replayed, and axe finds no serious problem."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from impactkit.services import accounts, workspaces
from impactkit.services.accounts import operator
from impactkit.store.records import add_records
from tests.browser.axe import assert_accessible
from tests.browser.conftest import SCREENSHOTS, LiveServer, screenshot
from tests.web.conftest import LATEST
from tests.web.test_map_page import BIG, big_map

MAP = f"/workspaces/{LATEST}/map"


def test_the_map_draws_the_network_beside_its_tables(page_as: Callable[[str], Page]) -> None:
    page = page_as("viewer")
    page.goto(f"/workspaces/{LATEST}")
    page.get_by_role("link", name="System map", exact=True).click()  # the menu entry
    expect(page).to_have_url(re.compile(f"{MAP}$"))
    expect(page.get_by_role("heading", name="System map", level=1)).to_be_visible()
    # Plotly drew the graph: its svg, with one point per actor in the node trace
    expect(page.locator("#map-graph .main-svg").first).to_be_attached()
    actors = page.request.get(f"{MAP}.json").json()["summary"]["actors"]
    points = page.locator("#map-graph .scatterlayer .trace").nth(-3).locator("path.point")
    expect(points).to_have_count(actors)
    # hovering an actor names it (the graph's tooltip); a link drawn across a point may take
    # the hover, so try the points until one answers as an actor
    tooltip = page.locator("#map-graph .hoverlayer")
    for i in range(min(actors, 10)):
        points.nth(i).hover(force=True)
        page.wait_for_timeout(100)
        if "Sector:" in (tooltip.text_content() or ""):
            break
    expect(tooltip).to_contain_text("Sector:")
    screenshot(page, "system-map")
    page.locator(".map-layout").screenshot(path=str(SCREENSHOTS / "system-map-graph.png"))
    assert_accessible(page, f"the system map ({MAP})")


def test_filters_fade_the_other_actors(page_as: Callable[[str], Page]) -> None:
    page = page_as("viewer")
    page.goto(MAP)
    page.get_by_label("Sector", exact=True).select_option("law-enforcement")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"sector=law-enforcement"))
    expect(page.get_by_role("status")).to_contain_text("actors match")
    expect(page.locator("#map-graph .main-svg").first).to_be_attached()
    for cell in page.locator("#actors-table tbody tr td:nth-child(2)").all_inner_texts():
        assert cell == "Law enforcement"


def test_the_navigator_answers_and_a_scenario_is_saved_and_replayed(
        page_as: Callable[[str], Page]) -> None:
    page = page_as("contributor")
    page.goto(f"{MAP}/navigator")
    expect(page.get_by_text("No personal data is needed or kept")).to_be_visible()
    assert_accessible(page, "the navigator form")
    page.get_by_label("Age band").select_option("12-14")
    page.get_by_label("Unaccompanied children").check()
    page.get_by_label("Sexual exploitation", exact=True).check()
    page.get_by_label("All protection needs").check()
    page.get_by_label("Where the child is (level)").select_option("local")
    page.get_by_role("button", name="Show the route").click()
    expect(page).to_have_url(re.compile(r"age_band=12-14"))
    answer = page.request.get(page.url.replace("/navigator?", "/navigator.json?")).json()
    steps = len(answer["route"]["steps"])
    expect(page.locator("ol.steps > li")).to_have_count(steps)
    expect(page.locator(".route-gaps")).to_contain_text("Gap: Conflicting mandates")
    screenshot(page, "navigator-answer")
    assert_accessible(page, "the navigator with an answer and the save form")

    page.get_by_label("Key").fill("browser-story")
    page.get_by_label("Title").fill("A story for session 2")
    page.get_by_label("Training session").select_option("2")
    page.locator("#note-kind-0").select_option("hindering")
    page.locator("#note-dimension-0").select_option("coordination")
    page.locator("#note-text-0").fill("Police and social services never meet.")
    page.get_by_role("button", name="Save the scenario").click()
    expect(page).to_have_url(re.compile(f"{MAP}/scenarios/browser-story"))
    expect(page.get_by_role("status")).to_have_text("Scenario saved.")
    expect(page.get_by_text("Nothing changed")).to_be_visible()
    expect(page.locator("ol.steps > li")).to_have_count(steps)
    screenshot(page, "scenario-replay")
    assert_accessible(page, "a scenario's replay")
    page.get_by_role("link", name="Scenarios", exact=True).click()
    expect(page.get_by_role("link", name="A story for session 2")).to_be_visible()
    assert_accessible(page, "the scenario list")


def test_a_thousand_actor_map_stays_a_readable_page(page_as: Callable[[str], Page],
                                                    live_server: LiveServer) -> None:
    """The summary first, a page of each long table: a size bound, not a timing (a map of
    eight actors once made a page 146,577 px tall)."""
    setup = operator("setup")
    workspaces.create_workspace(live_server.db, setup, key=BIG, jurisdiction="XBG",
                                jurisdiction_name="Bigland", fictional=True, cycle="2024")
    with live_server.db.begin() as conn:
        add_records(conn, workspace_key=BIG, data=big_map(), user="setup", summary="big map")
    accounts.grant(live_server.db, setup, username="viewer", workspace_key=BIG,
                   role=accounts.Role.VIEWER)
    page = page_as("viewer")
    page.goto(f"/workspaces/{BIG}/map")
    expect(page.get_by_role("heading", name="What the analysis finds")).to_be_visible()
    expect(page.locator("#map-graph .main-svg").first).to_be_attached()
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 20_000, f"the map page of 1,000 actors is {height} px tall"
    assert_accessible(page, "the map of a thousand actors")
