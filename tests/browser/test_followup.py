"""Following a recommendation up in the browser: a finding linked from the recommendation's
page (the picker, the form, the redirect) shows on the finding's page, and both pages pass
the accessibility check."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from impactkit.store.editing import choices
from tests.browser.axe import assert_accessible
from tests.browser.conftest import LiveServer, screenshot
from tests.web.test_recommendation_followup import WS, seed_followup

R = f"/workspaces/{WS}/recommendations"


@pytest.fixture(scope="module")
def finding(live_server: LiveServer, tmp_path_factory: pytest.TempPathFactory
            ) -> tuple[str, str]:
    """The page tests' workspace with its four recommendations; a finding of it (key,
    title)."""
    db = seed_followup(live_server.db, tmp_path_factory.mktemp("followup"))
    with db.connect() as conn:
        return choices(conn, workspace_key=WS, entity="finding")[0]


def test_a_finding_linked_from_the_recommendation_shows_on_the_finding(
        page_as: Callable[[str], Page], finding: tuple[str, str]) -> None:
    fkey, title = finding
    page = page_as("contributor")
    page.goto(f"{R}/crc-5-35")
    page.locator("#findings details > summary").click()
    picker = page.locator("#link-findings")
    search = picker.get_by_label("Search by code or words")
    if search.count():  # the picker of a long list narrows it as one types
        search.fill(fkey)
    picker.locator(f'input[name="findings"][value="{fkey}"]').check()
    assert_accessible(page, f"a recommendation's page ({R}/crc-5-35), the link form open")
    page.get_by_role("button", name="Link the findings ticked").click()
    expect(page.get_by_role("status")).to_have_text("Link saved.")
    link = page.locator("#findings tbody th a").first
    expect(link).to_contain_text(title or fkey)
    link.click()
    expect(page).to_have_url(f"{live_url(page)}/workspaces/{WS}/findings/{fkey}")
    expect(page.locator("#recommendations tbody th a")).to_have_text(["crc-5-35"])
    screenshot(page, "finding-with-recommendations")
    assert_accessible(page, f"a finding's page with its recommendations ({fkey})")


def live_url(page: Page) -> str:
    scheme, _, rest = page.url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"
