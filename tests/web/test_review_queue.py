"""The review queue one row per recommendation (its suggested tags grouped by kind, in the
order of the source's paragraphs, accepted or rejected one by one or all at once, with
htmx and without), and the recommendation list's theme column and filter, on SQLite and
PostgreSQL.

The recommendations live in a workspace of a State of their own (the fictional
"Queueland"), so that no other workspace's recommendations or suggestions mix with them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from impactkit.recommendations.model import Suggestion
from impactkit.services import accounts
from impactkit.services import recommendation_tagging as tagging
from impactkit.services import recommendations as service
from impactkit.services.accounts import operator
from impactkit.services.workspaces import create_workspace
from impactkit.store import recommendation_tracking as tracking
from impactkit.store.db import Database
from tests.services.test_recommendations import write_csv
from tests.web.conftest import ROLE_USERS
from tests.web.test_recommendations import admin
from tests.web.test_records import post, soup

Login = Callable[[str], TestClient]
QWS = "queueland-2025"
Q = f"/workspaces/{QWS}/recommendations"
SYMBOL = "A/HRC/99/1"
ROWS = [  # paragraph 121.10 comes first in the file and in a text sort; last in the queue
    {"key": "upr-9-121.10", "paragraph": "121.10", "themes": "Child labour|Labour rights",
     "text": "Eliminate the worst forms of child labour and protect children from economic "
             "exploitation."},
    {"key": "upr-9-121.2", "paragraph": "121.2", "themes": "Trafficking",
     "text": "Combat trafficking in persons, especially women and children."},
    {"key": "upr-9-121.9", "paragraph": "121.9", "themes": "Trafficking|Child labour",
     "text": "Identify and refer child victims of trafficking to services."},
    {"key": "upr-9-121.11", "paragraph": "121.11", "themes": "",
     "text": "Reform the tax system to reduce inequality."},
]
SUGGESTED = [
    Suggestion(recommendation="upr-9-121.10", kind="provisions", code="CRC-35",
               confidence=0.6, support=("exploitation",)),
    Suggestion(recommendation="upr-9-121.10", kind="summary", code="child-rights",
               confidence=0.8, support=("children",)),
    Suggestion(recommendation="upr-9-121.10", kind="provisions", code="CRC-32",
               confidence=0.91, support=("child labour",)),
    Suggestion(recommendation="upr-9-121.10", kind="sectors", code="labour",
               confidence=0.7, support=("labour",)),
    Suggestion(recommendation="upr-9-121.2", kind="summary", code="trafficking",
               confidence=0.55, support=("trafficking",)),
    Suggestion(recommendation="upr-9-121.9", kind="provisions", code="CRC-35",
               confidence=0.4, support=("victims of trafficking",)),
]


def seed_queue(db: Database, folder: Path) -> Database:
    """``QWS`` (Queueland's only workspace): the four recommendations of ``ROWS`` and the
    six pending suggestions of ``SUGGESTED`` on three of them; the role users hold their
    roles there."""
    who = admin(db)
    create_workspace(db, who, key=QWS, jurisdiction="XQU", jurisdiction_name="Queueland",
                     fictional=True, cycle="2025")
    for username, role in ROLE_USERS.items():
        accounts.grant(db, who, username=username, workspace_key=QWS, role=role)
    rows = [{**row, "mechanism": "upr", "cycle": "9", "symbol": SYMBOL} for row in ROWS]
    service.import_file(db, who, workspace_key=QWS, path=write_csv(folder / "q.csv", rows),
                        file_format="generic", mapping={
                            "key": "key", "mechanism": "mechanism", "cycle": "cycle",
                            "text": "text", "paragraph": "paragraph",
                            "document_symbol": "symbol", "themes": "themes"})
    with db.begin() as conn:
        tracking.store_suggestions(conn, workspace_key=QWS, suggestions=SUGGESTED,
                                   tagged=[r["key"] for r in ROWS])
    return db


@pytest.fixture
def queued(web_database: Database, tmp_path: Path) -> Database:
    return seed_queue(web_database, tmp_path)


def row_keys(page: object) -> list[str]:
    return [th.select_one("a").get_text() for th in page.select(  # type: ignore[attr-defined]
        "#queue-table tbody tr th[scope=row]")]


def test_one_row_per_recommendation_in_paragraph_order_with_its_tags_grouped(
        login: Login, queued: Database) -> None:
    viewer = login("viewer")
    page = soup(viewer.get(f"{Q}/suggestions"))
    assert row_keys(page) == ["upr-9-121.2", "upr-9-121.9", "upr-9-121.10"]
    assert page.select_one("#queue-count").get_text() == (
        "3 recommendations wait for a review, with 6 suggested tags; these are 1–3.")
    past = soup(viewer.get(f"{Q}/suggestions?kind=sectors&page=2"))
    assert not past.select("#queue-table")
    assert past.select_one("#queue-count a")["href"] == f"{Q}/suggestions?kind=sectors"
    last = page.select("#queue-table tbody tr")[2]
    assert [dt.get_text() for dt in last.select("dl.suggested dt")] == [
        "Provisions", "Sectors", "Summary tags"]
    provisions = last.select("dl.suggested dd")[0].select("li")
    assert [li.select_one(".code").get_text() for li in provisions] == ["CRC-32", "CRC-35"]
    assert "0.91" in provisions[0].get_text() and "child labour" in provisions[0].get_text()
    twin = viewer.get(f"{Q}/suggestions.json").json()
    assert (twin["total"], twin["suggestions"]) == (3, 6)
    assert [len(r["suggestions"]) for r in twin["rows"]] == [1, 1, 4]
    # the filters narrow both the rows and the tags in them
    provisions_only = soup(viewer.get(f"{Q}/suggestions?kind=provisions"))
    assert row_keys(provisions_only) == ["upr-9-121.9", "upr-9-121.10"]
    assert [dt.get_text() for dt in provisions_only.select("dl.suggested dt")] == [
        "Provisions", "Provisions"]
    confident = soup(viewer.get(f"{Q}/suggestions?min_confidence=0.75"))
    assert row_keys(confident) == ["upr-9-121.10"]
    assert [c.get_text() for c in confident.select("dl.suggested .code")] == [
        "CRC-32", "child-rights"]


def test_reject_one_then_accept_all_of_a_row_and_reject_all_without_javascript(
        login: Login, queued: Database) -> None:
    contributor = login("contributor")
    page = soup(contributor.get(f"{Q}/suggestions"))
    row = page.select("#queue-table tbody tr")[2]
    form = row.select_one("form[action$='/decide-all']")
    listed = [i["value"] for i in form.select("input[name=tag]")]
    assert sorted(listed) == ["provisions:CRC-32", "provisions:CRC-35", "sectors:labour",
                              "summary:child-rights"]
    assert [b["aria-keyshortcuts"] for b in form.select("button")] == ["a", "r"]
    # one tag rejected in place...
    one = post(contributor, f"{Q}/suggestions/decide", {
        "recommendation": "upr-9-121.10", "kind": "provisions", "code": "CRC-35",
        "decision": "reject", "back": "queue"}, headers={"HX-Request": "true"})
    assert one.status_code == 200 and one.text.lstrip().startswith("<li")
    assert "Rejected" in one.text
    # ...then "accept all" with the row as it was loaded: the rejected tag stays rejected
    every = post(contributor, f"{Q}/suggestions/decide-all", [
        ("recommendation", "upr-9-121.10"), ("decision", "accept"),
        *(("tag", value) for value in listed)], headers={"HX-Request": "true"})
    assert every.status_code == 200, every.text
    decided = soup(every)
    assert decided.select_one("tr.decided th").get_text() == "upr-9-121.10"
    assert "Accepted 3 suggested tags" in decided.get_text()
    rec = service.get(queued, admin(queued), workspace_key=QWS, key="upr-9-121.10")
    assert (rec.provisions, rec.sectors, rec.summary) == (("CRC-32",), ("labour",),
                                                          ("child-rights",))
    assert rec.version == 2  # one new version for the whole row
    decisions = {(s.code, s.state.value) for s in tracking_decisions(queued, "upr-9-121.10")}
    assert decisions == {("CRC-32", "accepted"), ("CRC-35", "rejected"),
                         ("labour", "accepted"), ("child-rights", "accepted")}
    # without JavaScript: a plain form, back to the queue with its filters
    plain = post(contributor, f"{Q}/suggestions/decide-all", {
        "recommendation": "upr-9-121.2", "decision": "reject", "tag": "summary:trafficking",
        "filter_min_confidence": "0.3"})
    assert plain.status_code == 303
    assert plain.headers["location"] == f"{Q}/suggestions?min_confidence=0.3&decided=reject"
    assert service.get(queued, admin(queued), workspace_key=QWS, key="upr-9-121.2").summary == ()
    assert row_keys(soup(contributor.get(f"{Q}/suggestions"))) == ["upr-9-121.9"]


def tracking_decisions(db: Database, key: str) -> list[Suggestion]:
    with db.connect() as conn:
        return tracking.load_suggestions(conn, workspace_key=QWS, recommendation=key,
                                         state=None)


def test_a_viewer_sees_the_queue_without_forms_and_cannot_decide_a_row(
        login: Login, queued: Database) -> None:
    viewer = login("viewer")
    page = soup(viewer.get(f"{Q}/suggestions"))
    assert len(page.select("#queue-table tbody tr")) == 3
    assert not page.select("form[action*='/decide']")
    refused = post(viewer, f"{Q}/suggestions/decide-all", {
        "recommendation": "upr-9-121.2", "decision": "accept", "tag": "summary:trafficking"})
    assert refused.status_code == 403
    no_token = login("contributor").post(f"{Q}/suggestions/decide-all", data={
        "recommendation": "upr-9-121.2", "decision": "accept", "tag": "summary:trafficking"},
        follow_redirects=False)
    assert no_token.status_code == 403
    assert len(tagging.queue(queued, admin(queued), workspace_key=QWS)) == 6


def test_themes_are_a_column_and_a_filter_with_choices(login: Login, queued: Database,
                                                      client: TestClient) -> None:
    viewer = login("viewer")
    page = soup(viewer.get(Q))
    choices = [(o["value"], o.get_text()) for o in page.select("#filter-theme option")]
    assert choices == [("", "Any"), ("Child labour", "Child labour (2)"),
                       ("Labour rights", "Labour rights (1)"), ("Trafficking", "Trafficking (2)")]
    headings = [th.get_text() for th in page.select("#results thead th")]
    themes_at = headings.index("Themes")
    cells = {tr.select_one("th a").get_text(): tr.select("td")[themes_at - 1].get_text(" ")
             for tr in page.select("#results tbody tr")}
    assert "Labour rights" in cells["upr-9-121.10"] and "Trafficking" not in cells["upr-9-121.10"]
    filtered = soup(viewer.get(f"{Q}?theme=Child+labour"))
    assert sorted(a.get_text() for a in filtered.select("#results tbody th a")) == [
        "upr-9-121.10", "upr-9-121.9"]
    assert filtered.select_one("#filter-theme option[selected]")["value"] == "Child labour"
    twin = viewer.get(f"{Q}.json?theme=Trafficking").json()
    assert twin["filters"] == {"theme": "Trafficking"}
    assert sorted(i["key"] for i in twin["items"]) == ["upr-9-121.2", "upr-9-121.9"]
    both = viewer.get(f"{Q}.json?theme=Trafficking&mechanism=crc").json()
    assert both["total"] == 0
    # the API's search takes the same filter, also beside a tag filter
    token = accounts.create_token(queued, operator("setup"), username="viewer", name="tests")
    api = f"/api/workspaces/{QWS}/recommendations"
    headers = {"Authorization": f"Bearer {token}"}
    found = client.get(api, params={"theme": "Labour rights"}, headers=headers).json()
    assert [i["key"] for i in found["items"]] == ["upr-9-121.10"]
    assert found["items"][0]["themes"] == ["Child labour", "Labour rights"]
    both = client.get(api, params={"theme": "Child labour", "tag": "theme:Labour rights"},
                      headers=headers).json()
    assert [i["key"] for i in both["items"]] == ["upr-9-121.10"]


def test_accept_all_leaves_weak_tags_pending_and_title_only_support_is_named(
        login: Login, queued: Database) -> None:
    title_only = Suggestion(recommendation="upr-9-121.9", kind="provisions", code="PALERMO-6",
                            confidence=0.7, support=("title: Assistance to and protection of "
                                                     "victims of trafficking",))
    with queued.begin() as conn:  # beside its CRC-35 at 0.4
        tracking.store_suggestions(conn, workspace_key=QWS, tagged=["upr-9-121.9"],
                                   suggestions=[*SUGGESTED[-1:], title_only])
    contributor = login("contributor")
    page = soup(contributor.get(f"{Q}/suggestions"))
    assert "stay pending" in page.select_one("#queue-accept-all").get_text()
    row = page.select("#queue-table tbody tr")[1]
    tags = {li.select_one(".code").get_text(): li for li in row.select("li")}
    assert tags["PALERMO-6"].select_one(".title-only").get_text() == (
        "Suggested from the catalogue title only.")
    assert tags["CRC-35"].select_one(".title-only") is None
    assert "victims of trafficking" in tags["CRC-35"].select_one(".support").get_text()
    twin = contributor.get(f"{Q}/suggestions.json").json()
    flags = {s["code"]: s["title_only"] for r in twin["rows"] for s in r["suggestions"]
             if r["recommendation"]["key"] == "upr-9-121.9"}
    assert flags == {"PALERMO-6": True, "CRC-35": False}
    listed = [("tag", i["value"]) for i in row.select("form.row-decision input[name=tag]")]
    every = post(contributor, f"{Q}/suggestions/decide-all", [
        ("recommendation", "upr-9-121.9"), ("decision", "accept"), *listed],
        headers={"HX-Request": "true"})
    assert every.status_code == 200, every.text
    text = " ".join(soup(every).get_text().split())
    assert "Accepted one suggested tag: provisions: PALERMO-6." in text
    assert "One suggested tag below 0.5 confidence stays pending: provisions: CRC-35." in text
    left = tagging.queue(queued, admin(queued), workspace_key=QWS, recommendation="upr-9-121.9")
    assert [(s.code, s.confidence) for s in left] == [("CRC-35", 0.4)]
    # without JavaScript: back to the queue, which says what stayed pending
    plain = post(contributor, f"{Q}/suggestions/decide-all", {
        "recommendation": "upr-9-121.9", "decision": "accept", "tag": "provisions:CRC-35"})
    assert plain.headers["location"] == f"{Q}/suggestions?decided=accept&kept=1"
    notice = soup(contributor.get(plain.headers["location"])).select(".notice")
    assert any("One suggested tag below 0.5 confidence stays pending" in n.get_text()
               for n in notice)
    assert len(tagging.queue(queued, admin(queued), workspace_key=QWS,
                             recommendation="upr-9-121.9")) == 1
