"""Recommendation pages: the search list with its filters in the URL, a recommendation's page
(tags with optimistic locking, suggestions, actions, status history), the review queue and
the import form, on SQLite and PostgreSQL.

Recommendations are seeded through :func:`impactkit.services.recommendations.import_file`
(a small generic CSV) as the site administrator; suggestions are stored directly, so the
tests do not depend on what the tagger happens to suggest.

They are seeded into a workspace of their own, ``WS``, and not into the demo's: the demo
workspaces hold recommendations (with actions and status assessments) of their own, which
would mix with these in every list, search and training. ``WS`` is a copy of the demo's
latest cycle made with the project's export and import (its actors, findings and evidence,
and no recommendation: a Data Package carries none), where the role users hold the roles
they hold in ``LATEST``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from impactkit.recommendations.model import Suggestion
from impactkit.services import accounts, exchange
from impactkit.services import recommendation_editing as editing
from impactkit.services import recommendation_tagging as tagging
from impactkit.services import recommendations as service
from impactkit.store import recommendation_tracking as tracking
from impactkit.store.accounts import find_user
from impactkit.store.db import Database
from impactkit.store.recommendation_search import SearchFilters
from tests.services.test_recommendations import MAPPING, write_csv
from tests.web.conftest import LATEST, ROLE_USERS, csrf_of
from tests.web.test_records import post, soup

Login = Callable[[str], TestClient]
WS = "recs-veldmark-2024"
R = f"/workspaces/{WS}/recommendations"
ROWS = [
    {"key": "crc-5-32a", "mechanism": "crc", "cycle": "5", "text":
     "Eliminate the worst forms of child labour, in particular in agriculture."},
    {"key": "crc-5-35", "mechanism": "crc", "cycle": "5", "text":
     "Ensure that children who were trafficked are identified and referred to services."},
    {"key": "upr-4-1", "mechanism": "upr", "cycle": "4", "text":
     "Combat trafficking in persons, especially women and children (Chile)."},
    {"key": "upr-4-2", "mechanism": "upr", "cycle": "4", "text":
     "<script>alert('x')</script> Reform the tax system to reduce inequality (Peru)."},
]


def admin(db: Database) -> accounts.Principal:
    with db.connect() as conn:
        user = find_user(conn, username="admin")
    assert user is not None
    return accounts.Principal(user=user)


def workspace_without_recommendations(db: Database, folder: Path) -> None:
    """Create ``WS``: the demo's latest cycle exported and imported under another key, for
    a State of its own (a State's workspaces share its recommendations), with the role users'
    roles in ``LATEST`` granted there, and none of the recommendations the package carries."""
    who = admin(db)
    package = exchange.export_workspace(db, who, key=LATEST, directory=folder / "package")
    workspace_csv = package.parent / "workspace.csv"
    with workspace_csv.open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    rows[0].update(jurisdiction_code="XRE", jurisdiction_name="Recsland")
    with workspace_csv.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    exchange.import_datapackage(db, who, path=package, workspace_key=WS)
    for rec in service.find(db, who, workspace_key=WS, filters=SearchFilters(),
                            limit=service.MAX_SEARCH_LIMIT).items:
        editing.delete_recommendation(db, who, workspace_key=WS, key=rec.key,
                                      expected_version=rec.version)
    for username, role in ROLE_USERS.items():
        accounts.grant(db, who, username=username, workspace_key=WS, role=role)
    assert service.find(db, who, workspace_key=WS, filters=SearchFilters()).total == 0


def seed(db: Database, folder: Path) -> Database:
    """``WS`` with the four recommendations of ``ROWS`` and two pending suggestions."""
    workspace_without_recommendations(db, folder)
    service.import_file(db, admin(db), workspace_key=WS,
                        path=write_csv(folder / "recs.csv", ROWS), file_format="generic",
                        mapping=MAPPING)
    with db.begin() as conn:
        tracking.store_suggestions(conn, workspace_key=WS,
                                   tagged=["crc-5-32a", "crc-5-35"], suggestions=[
            Suggestion(recommendation="crc-5-32a", kind="provisions", code="CRC-32",
                       confidence=0.91, support=("child labour",)),
            Suggestion(recommendation="crc-5-35", kind="summary", code="trafficking",
                       confidence=0.55, support=("trafficked",))])
    return db


@pytest.fixture
def recs(web_database: Database, tmp_path: Path) -> Database:
    """``WS`` holding the four recommendations of ``ROWS`` (no other) and two pending
    suggestions."""
    return seed(web_database, tmp_path)


def listed(client: TestClient, query: str = "") -> list[str]:
    page = client.get(f"{R}?{query}")
    assert page.status_code == 200, page.text
    rows = soup(page).select("#results tbody th[scope=row] a")
    return sorted(a.get_text() for a in rows)


def test_search_filters_live_in_the_url(login: Login, recs: Database) -> None:
    viewer = login("viewer")
    assert listed(viewer) == sorted(r["key"] for r in ROWS)
    assert listed(viewer, "mechanism=upr") == ["upr-4-1", "upr-4-2"]
    assert listed(viewer, "cycle=5") == ["crc-5-32a", "crc-5-35"]
    assert listed(viewer, "text=trafficked") == ["crc-5-35", "upr-4-1"]  # stemmed
    assert listed(viewer, "text=trafficked&mechanism=crc") == ["crc-5-35"]
    assert listed(viewer, "tag=provision:CRC-32") == []
    # the form shows the filters it was given, so the URL is the whole state
    page = soup(viewer.get(f"{R}?mechanism=upr&cycle=4"))
    assert page.select_one("#filter-mechanism option[selected]")["value"] == "upr"
    assert page.select_one("#filter-cycle")["value"] == "4"
    twin = viewer.get(f"{R}.json?mechanism=upr").json()
    assert twin["total"] == 2 and twin["filters"] == {"mechanism": "upr"}
    assert {i["key"] for i in twin["items"]} == {"upr-4-1", "upr-4-2"}
    assert all(i["latest_status"] is None for i in twin["items"])


def test_htmx_gets_only_the_results_and_a_bad_tag_filter_says_why(login: Login,
                                                                   recs: Database) -> None:
    viewer = login("viewer")
    partial = viewer.get(f"{R}?mechanism=crc",
                         headers={"HX-Request": "true", "HX-Target": "results"})
    assert partial.status_code == 200
    assert partial.text.lstrip().startswith('<section id="results"')
    assert "<html" not in partial.text
    bad = viewer.get(f"{R}?tag=nonsense")
    assert bad.status_code == 422
    assert "KIND:CODE" in soup(bad).select_one("#results [role=alert]").get_text()


def test_paging_keeps_the_filters(login: Login, recs: Database) -> None:
    viewer = login("viewer")
    first = soup(viewer.get(f"{R}?mechanism=crc&per_page=1"))
    assert len(first.select("#results tbody tr")) == 1
    following = first.select_one("a[rel=next]")["href"]
    assert "mechanism=crc" in following and "page=2" in following
    second = soup(viewer.get(following))
    assert [a.get_text() for a in second.select("#results tbody th a")] == ["crc-5-35"]


def test_a_viewer_reads_but_cannot_tag_or_decide(login: Login, recs: Database) -> None:
    viewer = login("viewer")
    page = viewer.get(f"{R}/crc-5-32a")
    assert page.status_code == 200
    assert "Eliminate the worst forms of child labour" in page.text
    assert "CRC-32" in page.text  # the pending suggestion is shown...
    assert not soup(page).select("form[action$='/tags'], form[action$='/decide']")  # ...no forms
    refused = post(viewer, f"{R}/crc-5-32a/tags", {"version": "1", "provisions": "CRC-32"})
    assert refused.status_code == 403
    refused = post(viewer, f"{R}/suggestions/decide", {
        "recommendation": "crc-5-32a", "kind": "provisions", "code": "CRC-32",
        "decision": "accept"})
    assert refused.status_code == 403
    assert service.get(recs, admin(recs), workspace_key=WS, key="crc-5-32a").provisions == ()
    assert viewer.get(f"{R}/suggestions").status_code == 200
    assert viewer.get(f"{R}/import").status_code == 403


def test_a_contributor_accepts_a_suggestion_and_the_tag_appears(login: Login,
                                                                recs: Database) -> None:
    contributor = login("contributor")
    queue = soup(contributor.get(f"{R}/suggestions"))
    rows = queue.select("tbody tr")
    assert [r.select_one("th a").get_text() for r in rows] == ["crc-5-32a", "crc-5-35"]
    assert "0.91" in rows[0].get_text() and "child labour" in rows[0].get_text()
    decided = post(contributor, f"{R}/suggestions/decide", {
        "recommendation": "crc-5-32a", "kind": "provisions", "code": "CRC-32",
        "decision": "accept", "back": "queue"}, headers={"HX-Request": "true"})
    assert decided.status_code == 200
    assert "Accepted" in decided.text and decided.text.lstrip().startswith("<li")
    page = soup(contributor.get(f"{R}/crc-5-32a"))
    assert "CRC-32" in page.select_one("#tags dl").get_text()
    assert "No pending suggestion" in page.select_one("#suggestions").get_text()
    # without JavaScript: a redirect back to the queue, with its filters
    plain = post(contributor, f"{R}/suggestions/decide", {
        "recommendation": "crc-5-35", "kind": "summary", "code": "trafficking",
        "decision": "reject", "back": "queue", "filter_kind": "summary"})
    assert plain.status_code == 303
    assert plain.headers["location"] == f"{R}/suggestions?kind=summary&decided=reject"
    assert tagging.queue(recs, admin(recs), workspace_key=WS) == []
    stored = service.get(recs, admin(recs), workspace_key=WS, key="crc-5-35")
    assert stored.summary == ()


def test_bulk_accept_takes_only_those_at_or_above_the_threshold(login: Login,
                                                                recs: Database) -> None:
    contributor = login("contributor")
    form = soup(contributor.get(f"{R}/suggestions?min_confidence=0.9"))
    assert form.select_one("#bulk-threshold")["value"] == "0.9"
    done = post(contributor, f"{R}/suggestions/accept-above", {"threshold": "0.9", "kind": ""})
    assert done.status_code == 303 and "accepted=1" in done.headers["location"]
    left = tagging.queue(recs, admin(recs), workspace_key=WS)
    assert [(s.recommendation, s.code) for s in left] == [("crc-5-35", "trafficking")]


def test_a_stale_tag_edit_gets_the_conflict_page_and_overwrites_nothing(
        login: Login, recs: Database) -> None:
    contributor = login("contributor")
    page = soup(contributor.get(f"{R}/crc-5-32a"))
    version = page.select_one("form[action$='/tags'] input[name=version]")["value"]
    assert version == "1"
    service.set_tags(recs, admin(recs), workspace_key=WS, key="crc-5-32a",
                     tags={"sectors": ("labour",)}, expected_version=1)
    stale = post(contributor, f"{R}/crc-5-32a/tags",
                 {"version": version, "provisions": "CRC-32"})
    assert stale.status_code == 409
    conflict = soup(stale)
    assert "changed by someone else" in conflict.select_one("h1").get_text()
    assert conflict.select_one("form[action$='/tags'] input[name=version]")["value"] == "2"
    stored = service.get(recs, admin(recs), workspace_key=WS, key="crc-5-32a")
    assert (stored.sectors, stored.provisions, stored.version) == (("labour",), (), 2)
    merged = post(contributor, f"{R}/crc-5-32a/tags",
                  {"version": "2", "provisions": "CRC-32", "sectors": "labour"})
    assert merged.status_code == 303
    stored = service.get(recs, admin(recs), workspace_key=WS, key="crc-5-32a")
    assert (stored.sectors, stored.provisions) == (("labour",), ("CRC-32",))


def test_an_unknown_tag_is_422_beside_the_form(login: Login, recs: Database) -> None:
    contributor = login("contributor")
    refused = post(contributor, f"{R}/crc-5-32a/tags",
                   {"version": "1", "provisions": "CRC-999"})
    assert refused.status_code == 422
    assert "CRC-999" in soup(refused).select_one("#tags [role=alert]").get_text()


@pytest.mark.parametrize("path", ["/crc-5-32a/tags", "/crc-5-32a/actions",
                                  "/crc-5-32a/status", "/suggestions/decide",
                                  "/suggestions/accept-above", "/suggestions/suggest",
                                  "/suggestions/train", "/import"])
def test_forms_without_the_csrf_token_are_403(login: Login, recs: Database, path: str) -> None:
    contributor = login("contributor")
    refused = contributor.post(R + path, data={"version": "1", "threshold": "0.5"},
                               follow_redirects=False)
    assert refused.status_code == 403
    assert "CSRF" in refused.text


def test_user_text_is_shown_escaped(login: Login, recs: Database) -> None:
    viewer = login("viewer")
    for url in (R, f"{R}/upr-4-2"):
        page = viewer.get(url)
        assert "<script>alert" not in page.text
        assert "&lt;script&gt;alert" in page.text


def test_actions_and_status_assessments_from_the_page(login: Login, recs: Database) -> None:
    contributor = login("contributor")
    actor = soup(contributor.get(f"{R}/crc-5-32a")).select_one("#action-actors option")["value"]
    added = post(contributor, f"{R}/crc-5-32a/actions", {
        "key": "labour-inspection", "title": "Inspect farms", "status": "planned",
        "due": "2026-12-31", "actors": actor, "others": "crc-5-35"})
    assert added.status_code == 303, added.text
    refused = post(contributor, f"{R}/crc-5-32a/actions", {
        "key": "bad", "title": "Bad", "others": "no-such-rec"})
    assert refused.status_code == 422 and "no-such-rec" in refused.text
    assert soup(refused).select_one("#action-key")["value"] == "bad"  # kept
    assessed = post(contributor, f"{R}/crc-5-32a/status", {
        "source": "nhri", "status": "partially-implemented", "assessed_on": "2026-01-15",
        "assessor": "Ombudsperson", "evidence": "https://example.org/r", "note": "<b>x</b>"})
    assert assessed.status_code == 303
    bad_date = post(contributor, f"{R}/crc-5-32a/status", {
        "source": "nhri", "status": "implemented", "assessed_on": "15/01/2026"})
    assert bad_date.status_code == 422 and "YYYY-MM-DD" in bad_date.text
    page = contributor.get(f"{R}/crc-5-32a")
    actions = soup(page).select_one("#actions table").get_text()
    assert "Inspect farms" in actions and actor in actions and "crc-5-35" in actions
    status = soup(page).select_one("#status table").get_text()
    assert "Partially implemented" in status and "Ombudsperson" in status
    assert "&lt;b&gt;x&lt;/b&gt;" in page.text
    # the other recommendation the action answers lists it too, and the list filters by it
    assert "labour-inspection" in contributor.get(f"{R}/crc-5-35").text
    assert listed(contributor, f"actor={actor}") == ["crc-5-32a", "crc-5-35"]
    assert listed(contributor, "status=partially-implemented") == ["crc-5-32a"]
    twin = contributor.get(f"{R}/crc-5-32a.json").json()
    assert twin["status_history"][0]["source"] == "nhri"
    assert twin["actions"][0]["key"] == "labour-inspection"


def test_import_all_or_nothing_with_every_problem_located(login: Login, recs: Database,
                                                          tmp_path: Path) -> None:
    contributor = login("contributor")
    assert contributor.get(f"{R}/import").status_code == 200
    bad = "key,mechanism,cycle,text\nx-1,crc,6,Protect children\nx-2,nobody,6,Protect\n"
    mapping = "key=key\nmechanism=mechanism\ncycle=cycle\ntext=text"
    refused = contributor.post(f"{R}/import", data={
        "csrf_token": csrf_of(contributor, "/"), "format": "generic", "mapping": mapping},
        files={"file": ("my-recs.csv", bad.encode(), "text/csv")}, follow_redirects=False)
    assert refused.status_code == 422, refused.text
    cells = [td.get_text() for td in soup(refused).select(".error-summary tbody td")]
    assert cells[:3] == ["my-recs.csv", "3", "mechanism"]
    assert listed(contributor, "cycle=6") == []  # nothing imported
    good = bad.replace("nobody", "upr")
    done = contributor.post(f"{R}/import", data={
        "csrf_token": csrf_of(contributor, "/"), "format": "generic", "mapping": mapping},
        files={"file": ("my-recs.csv", good.encode(), "text/csv")}, follow_redirects=False)
    assert done.status_code == 200
    assert "Imported 2 recommendations: 2 new" in soup(done).select_one("[role=status]").text
    assert listed(contributor, "cycle=6") == ["x-1", "x-2"]


def test_suggest_and_retrain_buttons(login: Login, recs: Database) -> None:
    contributor = login("contributor")
    ran = post(contributor, f"{R}/suggestions/suggest", {})
    assert ran.status_code == 303 and "suggested=" in ran.headers["location"]
    nothing = post(contributor, f"{R}/suggestions/train", {})
    # no decision nor tag yet: the page says what to do first
    assert nothing.status_code == 400 and "nothing to learn from" in nothing.text
