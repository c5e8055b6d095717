"""No lost updates: a save or delete based on a stale version is refused with both versions
side by side, nothing changes, and the merge form saves against the stored version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bs4 import Tag
from fastapi.testclient import TestClient

from impactkit.store import audit
from impactkit.store.db import Database
from tests.web.conftest import LATEST
from tests.web.test_records import W, _dict, draft_finding, form_values, post, soup

Login = Callable[[str], TestClient]


def stored(client: TestClient, key: str) -> dict[str, Any]:
    finding: dict[str, Any] = client.get(f"{W}/findings/{key}.json").json()["finding"]
    return finding


def test_a_stale_save_shows_both_versions_changes_nothing_and_merges(
        login: Login, web_database: Database) -> None:
    key = draft_finding(web_database)
    ana, bo = login("contributor"), login("reviewer")
    form_ana = _dict(form_values(ana.get(f"{W}/findings/{key}/edit")))
    form_bo = _dict(form_values(bo.get(f"{W}/findings/{key}/edit")))
    original = stored(ana, key)

    first = post(ana, f"{W}/findings/{key}/edit",
                 {**form_ana, "version": "1", "title": "Ana's title", "rating": "3",
                  "provisions": ["CRC-32", "CRC-36"]})
    assert first.status_code == 303
    after_ana = stored(ana, key)
    assert (after_ana["title"], after_ana["rating"], after_ana["version"]) == (
        "Ana's title", 3, 2)

    late = post(bo, f"{W}/findings/{key}/edit",
                {**form_bo, "version": "1", "title": "Bo's title",
                 "narrative": "Bo's <new> narrative"})
    assert late.status_code == 409
    assert stored(bo, key) == after_ana  # nothing written
    page = soup(late)
    assert "was changed by someone else" in page.find(role="alert").text  # type: ignore[union-attr]
    table = page.find("table", class_="compare")
    assert isinstance(table, Tag)
    rows = {row.th.text: [td.text.strip() for td in row.find_all("td")]
            for row in table.select("tbody tr")}
    assert rows["Title"] == ["Bo's title", "Ana's title", "≠ differs"]
    assert rows["Narrative"][0] == "Bo's <new> narrative"
    assert rows["Narrative"][2] == "≠ differs"
    assert rows["Rating"][2] == "≠ differs"  # Bo's form still had the old rating
    assert rows["Provisions"][2] == "≠ differs"
    assert rows["Area of analysis"][2] == "same"
    assert "s &lt;new&gt; narrative" in late.text and "<new>" not in late.text
    merge = page.find("form", class_="record-form")
    assert isinstance(merge, Tag)
    assert merge.find("input", attrs={"name": "version"})["value"] == "2"  # type: ignore[index]
    picks = sorted({str(i["name"]) for i in merge.find_all("input", type="radio")})
    assert picks == ["pick__narrative", "pick__provisions", "pick__rating", "pick__title"]

    # keep Bo's narrative, take Ana's title, rating and provisions
    merged = _dict(form_values(late))
    merged.update({"pick__title": ["theirs"], "pick__rating": ["theirs"],
                   "pick__provisions": ["theirs"], "version": ["2"]})
    saved = post(bo, f"{W}/findings/{key}/edit", merged)
    assert saved.status_code == 303, saved.text[:3000]
    final = stored(bo, key)
    assert (final["title"], final["narrative"], final["rating"], final["provisions"],
            final["version"]) == ("Ana's title", "Bo's <new> narrative", 3,
                                  ["CRC-32", "CRC-36"], 3)
    assert final["area"] == original["area"]
    with web_database.connect() as conn:
        updates = [(e.user, e.before["version"], e.after["version"])  # type: ignore[index]
                   for e in audit.history(conn, workspace_key=LATEST, record_key=key)
                   if e.action == "update"]
    assert updates == [("reviewer", 2, 3), ("contributor", 1, 2)]


def test_a_merge_that_is_stale_again_is_refused_again(login: Login,
                                                      web_database: Database) -> None:
    key = draft_finding(web_database)
    ana, bo = login("contributor"), login("reviewer")
    form = _dict(form_values(ana.get(f"{W}/findings/{key}/edit")))
    post(ana, f"{W}/findings/{key}/edit", {**form, "version": "1", "title": "One"})
    late = post(bo, f"{W}/findings/{key}/edit", {**form, "version": "1", "title": "Two"})
    assert late.status_code == 409
    post(ana, f"{W}/findings/{key}/edit", {**form, "version": "2", "title": "Three"})
    again = post(bo, f"{W}/findings/{key}/edit", {**_dict(form_values(late)), "version": "2"})
    assert again.status_code == 409
    assert "Three" in again.text and stored(bo, key)["title"] == "Three"


def test_a_stale_delete_is_refused_and_can_be_confirmed(login: Login,
                                                        web_database: Database) -> None:
    key = draft_finding(web_database)
    ana, bo = login("contributor"), login("reviewer")
    form = _dict(form_values(ana.get(f"{W}/findings/{key}/edit")))
    post(ana, f"{W}/findings/{key}/edit", {**form, "version": "1", "title": "Kept"})
    refused = post(bo, f"{W}/findings/{key}/delete", {"version": "1"})
    assert refused.status_code == 409
    assert "nothing was deleted" in refused.text and "Kept" in refused.text
    assert stored(bo, key)["title"] == "Kept"
    confirm = soup(refused).find("form", attrs={"action": f"{W}/findings/{key}/delete"})
    assert isinstance(confirm, Tag)
    assert confirm.find("input", attrs={"name": "version"})["value"] == "2"  # type: ignore[index]
    assert post(bo, f"{W}/findings/{key}/delete", {"version": "2"}).status_code == 303
    assert bo.get(f"{W}/findings/{key}").status_code == 404


def test_other_records_conflict_the_same_way(login: Login) -> None:
    ana, bo = login("contributor"), login("wsadmin")
    url = f"{W}/actors/asylum-reception"
    form = _dict(form_values(ana.get(f"{url}/edit")))
    assert post(ana, f"{url}/edit", {**form, "version": "1", "level": "regional"}
                ).status_code == 303
    late = post(bo, f"{url}/edit", {**form, "version": "1", "description": "Bo was here"})
    assert late.status_code == 409
    rows = {row.th.text: row.find_all("td")[-1].text.strip()
            for row in soup(late).select("table.compare tbody tr")}
    assert rows["Level"] == "≠ differs" and rows["Description"] == "≠ differs"
    assert rows["Name"] == "same"
    twin = bo.get(f"{url}.json").json()["record"]
    assert (twin["level"], twin["version"]) == ("regional", 2)
    assert twin["description"] != "Bo was here"
