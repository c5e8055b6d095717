"""A workspace's audit trail, a record's history, and its settings (public read-only mode),
in a real browser; and an anonymous visitor sent to log in and back."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import log_in_page, screenshot
from tests.web.conftest import LATEST

WORKSPACE = f"/workspaces/{LATEST}"


def json_of(page: Page, path: str) -> Any:
    response = page.request.get(path)
    assert response.ok, f"{path}: {response.status}"
    return response.json()


def test_an_anonymous_visitor_logs_in_and_lands_where_they_were_going(
        anonymous_page: Page) -> None:
    page = anonymous_page
    page.goto(f"{WORKSPACE}/findings?area=compliance")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    log_in_page(page, "viewer", open_form=False)
    expect(page).to_have_url(re.compile(rf"{WORKSPACE}/findings\?area=compliance$"))
    expect(page.get_by_label("Area", exact=True)).to_have_value("compliance")


def test_an_edit_appears_in_the_audit_trail_and_the_record_history(
        page_as: Callable[[str], Page]) -> None:
    editor = page_as("contributor")
    finding = json_of(editor, f"{WORKSPACE}/findings.json?status=draft")["items"][3]
    key, old_title = finding["key"], finding["title"]
    new_title = "Title changed for the audit trail"
    editor.goto(f"{WORKSPACE}/findings/{key}/edit")
    editor.get_by_label("Title", exact=True).fill(new_title)
    editor.get_by_role("button", name="Save").click()
    expect(editor.get_by_role("status")).to_contain_text("Saved")

    page = page_as("reviewer")
    page.goto(WORKSPACE)
    page.get_by_role("link", name="Changes", exact=True).click()
    expect(page).to_have_url(re.compile(rf"{WORKSPACE}/audit$"))
    page.get_by_label("Changed by").select_option("contributor")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"user=contributor"))
    row = page.locator("table.audit tbody tr", has=page.get_by_role("link", name=key,
                                                                     exact=True)).first
    expect(row).to_contain_text("contributor")
    expect(row).to_contain_text(old_title)  # before
    expect(row).to_contain_text(new_title)  # after
    # only the title changed: nothing else is recorded (no list re-ordered by the form)
    expect(row.locator("ul.changes > li .field")).to_have_text(["Title"], ignore_case=True)
    screenshot(page, "audit")
    assert_accessible(page, f"the audit trail ({WORKSPACE}/audit?user=contributor)")

    row.get_by_role("link", name=re.compile(r"^history")).click()
    expect(page).to_have_url(re.compile(rf"/findings/{re.escape(key)}/history$"))
    expect(page.locator("main")).to_contain_text(new_title)
    screenshot(page, "history")
    assert_accessible(page, f"the history of finding {key}")


def test_public_read_only_mode_is_switched_by_an_admin(
        page_as: Callable[[str], Page], anonymous_page: Page) -> None:
    admin = page_as("wsadmin")
    admin.goto(WORKSPACE)
    admin.get_by_role("link", name="Settings", exact=True).click()
    expect(admin.get_by_role("heading", level=1)).to_contain_text("Settings of")
    screenshot(admin, "settings")
    assert_accessible(admin, f"the settings page ({WORKSPACE}/settings)")

    admin.get_by_role("button", name="Switch public mode on").click()
    expect(admin.get_by_role("status")).to_have_text("Public read-only mode saved.")
    try:
        visitor = anonymous_page
        visitor.goto(WORKSPACE)
        expect(visitor.locator("table.heatmap")).to_be_visible()
        expect(visitor.get_by_role("link", name="Log in")).to_be_visible()
        finding = json_of(visitor, f"{WORKSPACE}/findings.json")["items"][0]
        visitor.goto(f"{WORKSPACE}/findings/{finding['key']}")
        expect(visitor.locator("main").get_by_role("link", name="Edit", exact=True)
               ).to_have_count(0)
        screenshot(visitor, "public-finding")
        assert_accessible(visitor, "a finding's page in public mode, anonymous")
        visitor.goto(f"{WORKSPACE}/audit")  # the trail stays for members only
        expect(visitor).to_have_url(re.compile(r"/login\?next="))
    finally:
        admin.goto(f"{WORKSPACE}/settings")
        admin.get_by_role("button", name="Switch public mode off").click()
        expect(admin.get_by_role("status")).to_have_text("Public read-only mode saved.")
    anonymous_page.goto(WORKSPACE)
    expect(anonymous_page).to_have_url(re.compile(r"/login\?next="))
