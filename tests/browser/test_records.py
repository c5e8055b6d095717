"""The other records (evidence, actors, laws and policies, mandates, coordination links,
indicator values): each list and one record's page open in the browser, match their JSON
twin, and pass the accessibility check."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import screenshot
from tests.web.conftest import LATEST

ENTITIES = ("evidence", "actors", "instruments", "mandates", "links", "indicator-values")


@pytest.mark.parametrize("entity", ENTITIES)
def test_a_record_list_and_a_record_page(page_as: Callable[[str], Page], entity: str) -> None:
    page = page_as("viewer")
    base = f"/workspaces/{LATEST}/{entity}"
    listing = page.request.get(f"{base}.json")
    assert listing.ok, f"{base}.json: {listing.status}"
    data = listing.json()
    assert data["total"] > 0, f"the demo has {entity}"
    page.goto(base)
    expect(page.locator(f'nav a[href="{base}"]')).to_have_attribute("aria-current", "page")
    expect(page.locator("table.records tbody tr")).to_have_count(len(data["items"]))
    expect(page.locator(f'a[href="{base}/new"]')).to_have_count(0)  # a viewer adds nothing
    screenshot(page, f"{entity}-list")
    assert_accessible(page, f"the {entity} list ({base})")

    key = data["items"][0]["key"]
    page.locator(f'table.records a[href="{base}/{key}"]').first.click()
    expect(page).to_have_url(re.compile(f"{re.escape(base)}/{re.escape(key)}$"))
    expect(page.locator("main")).to_contain_text(key)
    screenshot(page, f"{entity}-record")
    assert_accessible(page, f"a record of {entity} ({base}/{key})")
