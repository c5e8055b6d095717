"""Logging in through the browser, and the two pages every visitor sees first."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible, blocking_violations
from tests.browser.conftest import log_in_page, screenshot
from tests.web.conftest import EARLIER, LATEST


def test_login_page_is_accessible(anonymous_page: Page) -> None:
    anonymous_page.goto("/login")
    expect(anonymous_page.get_by_role("heading", name="Log in")).to_be_visible()
    screenshot(anonymous_page, "login")
    assert_accessible(anonymous_page, "the login page")


def test_a_wrong_password_keeps_the_user_on_the_login_page(anonymous_page: Page) -> None:
    page = anonymous_page
    page.goto("/login")
    page.get_by_label("Username").fill("reviewer")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong username or password.")
    expect(page.get_by_label("Username")).to_have_value("reviewer")
    screenshot(page, "login-failed")
    assert_accessible(page, "the login page after a wrong password")


def test_log_in_and_see_my_workspaces(page_as: Callable[[str], Page]) -> None:
    page = page_as("reviewer")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Workspaces")).to_be_visible()
    # the reviewer is a member of the latest cycle only
    expect(page.locator(f'a[href="/workspaces/{LATEST}"]')).to_have_count(1)
    expect(page.locator(f'a[href="/workspaces/{EARLIER}"]')).to_have_count(0)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    screenshot(page, "home")
    assert_accessible(page, "the start page (logged in)")


def test_the_admin_sees_every_workspace(anonymous_page: Page) -> None:
    page = log_in_page(anonymous_page, "admin")
    for key in (LATEST, EARLIER):
        expect(page.locator(f'a[href="/workspaces/{key}"]')).to_have_count(1)


def test_log_out_ends_the_session(page_as: Callable[[str], Page]) -> None:
    page = page_as("viewer")
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/")
    expect(page.locator(f'a[href="/workspaces/{LATEST}"]')).to_have_count(0)


def test_the_accessibility_check_does_fail_on_a_serious_violation(anonymous_page: Page) -> None:
    """The guard for every page test above and in the other modules: axe runs and a missing
    label (critical) and an image without text (critical) are reported by rule id."""
    anonymous_page.set_content('<html lang="en"><head><title>t</title></head><body><main>'
                               '<h1>t</h1><img src="data:,"><input id="q"></main></body></html>')
    rules = {v["id"] for v in blocking_violations(anonymous_page)}
    assert {"image-alt", "label"} <= rules
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(anonymous_page, "a page made to fail")
