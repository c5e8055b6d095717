"""The assessing body's own recommendations, through their pages: drafted from the analysis
and written by hand by contributors, edited from the version a form carries (a stale one
gets the conflict page and nothing is written), a status beyond draft set by reviewers only,
deleted with the version; every POST needs the CSRF token, and viewers only read."""

from __future__ import annotations

from collections.abc import Callable

from bs4 import Tag
from fastapi.testclient import TestClient

from impactkit.recommendations.own import OwnRecommendation, OwnStatus
from impactkit.services import own_recommendations as service
from impactkit.services.accounts import operator
from impactkit.store import audit
from impactkit.store.db import Database
from tests.web.conftest import LATEST
from tests.web.test_records import post, soup, version_in

Login = Callable[[str], TestClient]
OWN = f"/workspaces/{LATEST}/own-recommendations"
MINE = {"key": "own-guardians", "text": "Appoint a guardian within a day.",
        "grade": "urge", "rationale": "Guardians come late.",
        "actors": ["guardianship-authority"], "provisions": "CRC-20, CRC-22"}


def stored(db: Database) -> dict[str, OwnRecommendation]:
    """Every own recommendation of the workspace, by key (as the service reads them)."""
    return {r.key: r for r in service.list_own(db, operator("tests"), key=LATEST)}


def write_one(contributor: TestClient) -> None:
    made = post(contributor, OWN, MINE)
    assert made.status_code == 303, made.text
    assert made.headers["location"] == f"{OWN}/own-guardians?written=1"


def test_a_contributor_drafts_from_the_analysis_and_readers_see_the_list(
        login: Login, web_database: Database) -> None:
    assert stored(web_database) == {}
    contributor = login("contributor")
    page = soup(contributor.get(OWN))
    form = page.find("form", attrs={"action": f"{OWN}/draft"})
    assert isinstance(form, Tag) and form.find("input", attrs={"name": "csrf_token"})
    drafted = post(contributor, f"{OWN}/draft", {})
    assert drafted.status_code == 303
    records = stored(web_database)
    assert records and all(r.status == OwnStatus.DRAFT for r in records.values())
    assert drafted.headers["location"] == f"{OWN}?drafted={len(records)}&refreshed=0"
    viewer = login("viewer")
    listed = soup(viewer.get(OWN))
    nav = listed.find("a", attrs={"aria-current": "page"})
    assert nav is not None and nav.text == "Our recommendations"
    rows = listed.select("table.own-recommendations tbody tr")
    assert len(rows) == len(records)
    grades = [row.td.text for row in rows]  # type: ignore[union-attr]
    order = {"urge": 0, "consider": 1, "invite": 2}
    assert grades == sorted(grades, key=order.__getitem__)
    twin = viewer.get(f"{OWN}.json").json()
    assert [r["key"] for r in twin["recommendations"]] == [row["data-key"] for row in rows]
    assert {r["key"]: r["text"] for r in twin["recommendations"]} == {
        k: r.text for k, r in records.items()}
    related = [str(a["href"]) for a in listed.select("table.own-recommendations a")
               if "/recommendations/" in str(a["href"])]
    assert related and all(h.startswith(f"/workspaces/{LATEST}/recommendations/")
                           for h in related)
    assert viewer.get(related[0]).status_code == 200
    assert not listed.find("form", attrs={"action": f"{OWN}/draft"})
    assert not listed.find("textarea")  # viewers read only
    again = post(contributor, f"{OWN}/draft", {})
    assert again.headers["location"] == f"{OWN}?drafted=0&refreshed=0"


def test_posts_are_refused_to_viewers_and_without_the_csrf_token(
        login: Login, web_database: Database) -> None:
    viewer = login("viewer")
    for url, data in ((f"{OWN}/draft", {}), (OWN, MINE)):
        assert post(viewer, url, data).status_code == 403
    contributor = login("contributor")
    assert contributor.post(f"{OWN}/draft", follow_redirects=False).status_code == 403
    assert contributor.post(OWN, data=MINE, follow_redirects=False).status_code == 403
    assert stored(web_database) == {}
    write_one(contributor)
    forged = contributor.post(f"{OWN}/own-guardians", data={**MINE, "version": "1"},
                              follow_redirects=False)
    assert forged.status_code == 403
    assert post(viewer, f"{OWN}/own-guardians", {**MINE, "version": "1"}).status_code == 403
    assert post(viewer, f"{OWN}/own-guardians/delete", {"version": "1"}).status_code == 403
    assert stored(web_database)["own-guardians"].version == 1
    page = soup(viewer.get(f"{OWN}/own-guardians"))
    assert page.find("form", attrs={"method": "post", "action": f"{OWN}/own-guardians"}) \
        is None
    with web_database.connect() as conn:
        assert audit.history(conn, workspace_key=LATEST, user="viewer") == []


def test_a_recommendation_written_by_hand_is_a_draft_and_refusals_keep_the_input(
        login: Login, web_database: Database) -> None:
    contributor = login("contributor")
    empty = post(contributor, OWN, {**MINE, "text": "  "})
    assert empty.status_code == 422
    html = soup(empty)
    assert "Write the recommendation's text." in html.select_one(  # type: ignore[union-attr]
        ".error-summary").text
    assert html.find("input", attrs={"name": "key"})["value"] == "own-guardians"  # type: ignore[index]
    bad_key = post(contributor, OWN, {**MINE, "key": "own guardians"})
    assert bad_key.status_code == 422
    assert stored(web_database) == {}
    write_one(contributor)
    record = stored(web_database)["own-guardians"]
    assert (record.basis, record.status, record.version, record.actors,
            record.provisions) == ("person", OwnStatus.DRAFT, 1,
                                   ("guardianship-authority",), ("CRC-20", "CRC-22"))
    twice = post(contributor, OWN, MINE)
    assert twice.status_code == 400 and "already exist" in twice.text
    view = contributor.get(f"{OWN}/own-guardians?written=1")
    assert "Written as a draft." in view.text
    assert version_in(view) == "1"
    twin = contributor.get(f"{OWN}/own-guardians.json").json()["recommendation"]
    assert twin["addressees"][0]["key"] == "guardianship-authority"


def test_a_stale_edit_shows_both_versions_and_writes_nothing(
        login: Login, web_database: Database) -> None:
    ana, bo = login("contributor"), login("reviewer")
    write_one(ana)
    first = post(ana, f"{OWN}/own-guardians", {**MINE, "version": "1",
                                                "text": "Ana's text."})
    assert first.status_code == 303 and first.headers["location"] == \
        f"{OWN}/own-guardians?saved=1"
    late = post(bo, f"{OWN}/own-guardians", {**MINE, "version": "1", "text": "Bo's text.",
                                              "status": "draft"})
    assert late.status_code == 409
    html = soup(late)
    alert = html.find(role="alert")
    assert alert is not None and "changed by someone else" in alert.text
    text_row = html.select_one('tr[data-field="text"]')
    assert isinstance(text_row, Tag) and "differs" in (text_row.get("class") or [])
    assert text_row.select_one("td.mine").text == "Bo's text."  # type: ignore[union-attr]
    assert text_row.select_one("td.theirs").text == "Ana's text."  # type: ignore[union-attr]
    form = html.find("form", id="edit")
    assert isinstance(form, Tag)
    assert form.find("input", attrs={"name": "version"})["value"] == "2"  # type: ignore[index]
    assert form.find("textarea", attrs={"name": "text"}).text == "Bo's text."  # type: ignore[union-attr]
    record = stored(web_database)["own-guardians"]
    assert (record.text, record.version) == ("Ana's text.", 2)
    merged = post(bo, f"{OWN}/own-guardians", {**MINE, "version": "2", "text": "Both."})
    assert merged.status_code == 303
    assert stored(web_database)["own-guardians"].version == 3


def test_only_reviewers_move_a_recommendation_beyond_draft(
        login: Login, web_database: Database) -> None:
    contributor, reviewer = login("contributor"), login("reviewer")
    write_one(contributor)
    assert soup(contributor.get(f"{OWN}/own-guardians")).find(
        "select", attrs={"name": "status"}) is None
    refused = post(contributor, f"{OWN}/own-guardians",
                   {**MINE, "version": "1", "status": "accepted"})
    assert refused.status_code == 403
    assert stored(web_database)["own-guardians"].status == OwnStatus.DRAFT
    assert soup(reviewer.get(f"{OWN}/own-guardians")).find(
        "select", attrs={"name": "status"}) is not None
    accepted = post(reviewer, f"{OWN}/own-guardians",
                    {**MINE, "version": "1", "status": "accepted"})
    assert accepted.status_code == 303
    record = stored(web_database)["own-guardians"]
    assert (record.status, record.version) == (OwnStatus.ACCEPTED, 2)
    kept = post(contributor, f"{OWN}/own-guardians", {**MINE, "version": "2",
                                                      "text": "Sharper."})
    assert kept.status_code == 303  # a contributor's edit keeps the status a reviewer set
    assert stored(web_database)["own-guardians"].status == OwnStatus.ACCEPTED


def test_delete_needs_the_current_version(login: Login, web_database: Database) -> None:
    contributor = login("contributor")
    write_one(contributor)
    post(contributor, f"{OWN}/own-guardians", {**MINE, "version": "1", "text": "Changed."})
    stale = post(contributor, f"{OWN}/own-guardians/delete", {"version": "1"})
    assert stale.status_code == 409
    confirm = soup(stale).find("form", attrs={"action": f"{OWN}/own-guardians/delete"})
    assert isinstance(confirm, Tag)
    assert confirm.find("input", attrs={"name": "version"})["value"] == "2"  # type: ignore[index]
    assert "own-guardians" in stored(web_database)
    gone = post(contributor, f"{OWN}/own-guardians/delete", {"version": "2"})
    assert gone.status_code == 303 and gone.headers["location"] == \
        f"{OWN}?deleted=own-guardians"
    assert "own-guardians" not in stored(web_database)
    assert contributor.get(f"{OWN}/own-guardians").status_code == 404
    assert post(contributor, f"{OWN}/own-guardians", {"version": "1"}).status_code == 404


def test_the_pages_are_closed_to_outsiders_and_anonymous_visitors(
        login: Login, client: TestClient) -> None:
    assert login("outsider").get(OWN).status_code == 403
    anonymous = client.get(OWN, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    assert client.get(f"{OWN}.json").status_code == 401
