"""Pickers of several values in a real browser: the provision picker of the mandate form
searched, used by keyboard alone, switched to the view by reporting cluster, its chips
removed, saved; the same form without JavaScript; and the accessibility check."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Browser, Locator, Page, expect

from impactkit.catalogue.loader import load_default_catalogue
from tests.browser.axe import assert_accessible
from tests.browser.conftest import LiveServer, log_in_page, screenshot
from tests.web.conftest import LATEST

MANDATES = f"/workspaces/{LATEST}/mandates"
CATALOGUE = load_default_catalogue()
TOTAL = len(list(CATALOGUE.provisions()))
SEARCH = "Search by code or words"


def shown(picker: Locator, view: str = "instrument") -> list[str]:
    """The values of the boxes the picker shows now, in the view given."""
    boxes = picker.locator(f'[data-view="{view}"] input[type="checkbox"]:visible')
    attribute = "value" if view == "instrument" else "data-value"
    return [str(box.get_attribute(attribute)) for box in boxes.all()]


def record_json(page: Page, key: str) -> Any:
    response = page.request.get(f"{MANDATES}/{key}.json")
    assert response.ok, f"{key}: {response.status}"
    return response.json()


def fill_the_rest(page: Page, key: str) -> None:
    page.locator("#f-key").fill(key)
    page.locator("#f-actor_key").select_option("asylum-reception")


def test_search_keyboard_clusters_and_chips_then_save(
        page_as: Callable[[str], Page]) -> None:
    page = page_as("contributor")
    page.goto(f"{MANDATES}/new")
    picker = page.locator("#f-provisions")
    search = picker.get_by_label(SEARCH)
    status = picker.get_by_role("status")
    expect(search).to_be_visible()
    expect(picker.get_by_role("list", name="Chosen:")).to_have_text("None chosen yet.")

    search.fill("guardian")
    expect(status).to_have_text(f"Provisions: 2 of {TOTAL} shown.")
    assert shown(picker) == ["CETS197-10", "EUATD-16"]
    expect(picker.locator("fieldset.picker-group:visible legend")).to_have_text(
        ["CoE Anti-Trafficking Convention", "EU Anti-Trafficking Directive"])
    assert_accessible(page, "the mandate form with the provision picker searched")
    screenshot(page, "picker-searched")

    # keyboard only: Tab past the view toggle into the list (one Tab stop), Space ticks,
    # the down arrow moves to the next box shown
    search.focus()
    page.keyboard.press("Tab")
    expect(picker.get_by_role("button", name="Group by reporting cluster")).to_be_focused()
    page.keyboard.press("Tab")
    first = picker.locator('input[name="provisions"][value="CETS197-10"]')
    expect(first).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    second = picker.locator('input[name="provisions"][value="EUATD-16"]')
    expect(second).to_be_focused()
    page.keyboard.press("Enter")  # ticks the box, does not send the form
    expect(first).to_be_checked()
    expect(second).to_be_checked()
    expect(page).to_have_url(re.compile(f"{re.escape(MANDATES)}/new$"))
    remove_second = picker.get_by_role("button", name="Remove EUATD-16 · ", exact=False)
    expect(remove_second).to_have_count(1)

    # Escape clears the search and every provision shows again
    page.keyboard.press("Escape")
    expect(search).to_be_focused()
    expect(search).to_have_value("")
    expect(status).to_have_text(f"Provisions: {TOTAL} of {TOTAL} shown.")
    search.fill("CRC-3")
    crc_3 = [p.code for p in CATALOGUE.provisions()
             if "crc-3" in f"{p.code} {p.title}".lower()]  # CRC-3 and CRC-30 to CRC-39
    expect(status).to_have_text(f"Provisions: {len(crc_3)} of {TOTAL} shown.")
    assert shown(picker) == crc_3

    # by reporting cluster: CRC-6 sits in two clusters and is chosen once
    toggle = picker.get_by_role("button", name="Group by reporting cluster")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    search.fill("CRC-6")
    expect(status).to_have_text(f"Provisions: 1 of {TOTAL} shown.")
    copies = picker.locator('[data-view="cluster"] input[data-value="CRC-6"]')
    expect(copies).to_have_count(2)
    assert shown(picker, "cluster") == ["CRC-6", "CRC-6"]
    copies.first.check()
    expect(copies.last).to_be_checked()
    expect(picker.locator('input[name="provisions"][value="CRC-6"]')).to_be_checked()
    screenshot(page, "picker-by-cluster")

    remove_second.click()
    expect(second).not_to_be_checked()
    expect(picker.get_by_role("list", name="Chosen:").get_by_role("listitem")).to_have_count(2)

    fill_the_rest(page, "picker-keyboard")
    page.get_by_role("button", name="Create").click()
    expect(page).to_have_url(re.compile(f"{re.escape(MANDATES)}/picker-keyboard([?#].*)?$"))
    saved = record_json(page, "picker-keyboard")
    assert saved["record"]["provisions"] == ["CRC-6", "CETS197-10"]


def test_without_javascript_every_box_shows_grouped_and_saves(
        browser: Browser, live_server: LiveServer) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = log_in_page(context.new_page(), "contributor")
        page.goto(f"{MANDATES}/new")
        picker = page.locator("#f-provisions")
        expect(picker.get_by_label(SEARCH)).to_be_hidden()
        expect(picker.locator('[data-view="cluster"]')).to_be_hidden()
        assert len(shown(picker)) == TOTAL
        boxes = picker.locator('[data-view="instrument"]')
        boxes.get_by_label("PALERMO-6 · ", exact=False).check()
        boxes.get_by_label("CRC-22 · ", exact=False).check()
        fill_the_rest(page, "picker-plain")
        page.get_by_role("button", name="Create").click()
        expect(page).to_have_url(re.compile(f"{re.escape(MANDATES)}/picker-plain([?#].*)?$"))
        assert record_json(page, "picker-plain")["record"]["provisions"] == [
            "CRC-22", "PALERMO-6"]
    finally:
        context.close()
