"""A record whose key an older version stored (with a space and a colon) is still edited
through its form: the key rule applies to keys being chosen, not to stored ones."""

from __future__ import annotations

from urllib.parse import quote

from impactkit.domain import Actor
from impactkit.store import editing
from impactkit.store.db import Database
from tests.web.conftest import LATEST
from tests.web.test_records import Login, _dict, form_values, post

OLD_KEY = "old key:1"


def test_a_record_with_a_key_stored_under_the_older_rule_is_edited_through_its_form(
        login: Login, web_database: Database) -> None:
    with web_database.begin() as conn:
        editing.insert_record(conn, workspace_key=LATEST, entity="actor", user="setup",
                              record=Actor(key=OLD_KEY, name="Old inspectorate",
                                           sector="labour"))
    contributor = login("contributor")
    url = f"/workspaces/{LATEST}/actors/{quote(OLD_KEY, safe='')}/edit"
    edit = contributor.get(url)
    assert edit.status_code == 200
    values = _dict(form_values(edit))
    saved = post(contributor, url, {**values, "name": "Renamed inspectorate", "version": "1"})
    assert saved.status_code == 303, saved.text[:2000]
    page = contributor.get(saved.headers["location"])
    assert "Renamed inspectorate" in page.text and "Saved (version 2)" in page.text
