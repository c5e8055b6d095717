"""Following recommendations up in the web app, on SQLite and PostgreSQL: links between a
recommendation and findings shown and edited on both pages, recommendations and actions
written, edited and deleted by hand (versions, conflict pages, audit), and the progress page
whose every number links to exactly the recommendations behind it.

The seeded workspace is the page tests' ``WS`` (:mod:`tests.web.test_recommendations`): a copy
of the demo's latest cycle holding four recommendations of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from impactkit.domain import Actor
from impactkit.errors import ConflictError
from impactkit.recommendations.model import (
    Action,
    ImplementationStatus,
    StatusAssessment,
    StatusSource,
    finding_ref,
)
from impactkit.recommendations.own import Grade, OwnRecommendation
from impactkit.services import accounts, exchange, own_recommendations, records
from impactkit.services import recommendation_editing as editing
from impactkit.services import recommendation_links as links
from impactkit.services import recommendations as service
from impactkit.store import audit
from impactkit.store.db import Database
from impactkit.store.editing import choices, get_record
from impactkit.store.recommendation_search import SearchFilters
from impactkit.web.routes import recommendation_actions
from tests.services.test_recommendations import MAPPING, write_csv
from tests.web.conftest import LATEST, ROLE_USERS
from tests.web.test_recommendations import ROWS, WS, R, admin, listed
from tests.web.test_records import post, soup, version_in

Login = Callable[[str], TestClient]


def seed_followup(db: Database, folder: Path) -> Database:
    """``WS``, a copy of the demo's latest cycle (its findings and actors), seeing exactly
    the four recommendations of ``ROWS`` and no action: whatever the copy brought or the
    workspaces of its State share is deleted first."""
    who = admin(db)
    package = exchange.export_workspace(db, who, key=LATEST, directory=folder / "package")
    exchange.import_datapackage(db, who, path=package, workspace_key=WS)
    for username, role in ROLE_USERS.items():
        accounts.grant(db, who, username=username, workspace_key=WS, role=role)
    for action in service.actions_of(db, who, workspace_key=WS):
        editing.delete_action(db, who, workspace_key=WS, key=action.key,
                              expected_version=action.version)
    for rec in service.find(db, who, workspace_key=WS, filters=SearchFilters(),
                            limit=1000).items:
        editing.delete_recommendation(db, who, workspace_key=WS, key=rec.key,
                                      expected_version=rec.version)
    service.import_file(db, who, workspace_key=WS, file_format="generic", mapping=MAPPING,
                        path=write_csv(folder / "recs.csv", ROWS))
    return db


@pytest.fixture
def recs(web_database: Database, tmp_path: Path) -> Database:
    return seed_followup(web_database, tmp_path)


def a_finding(db: Database) -> tuple[str, str]:
    with db.connect() as conn:
        return choices(conn, workspace_key=WS, entity="finding")[0]


def audited(db: Database, key: str) -> list[tuple[str, str]]:
    with db.connect() as conn:
        return [(e.action, e.summary) for e in audit.history(conn, workspace_key=WS,
                                                              record_key=key)]


def test_links_are_shown_and_edited_on_both_pages(login: Login, recs: Database) -> None:
    fkey, title = a_finding(recs)
    own_recommendations.write(recs, admin(recs), key=WS, record=OwnRecommendation(
        key="own-referral", text="Refer every identified child.", grade=Grade.URGE,
        basis="person", basis_target="", rationale="", related=("crc-5-35",)))
    contributor = login("contributor")
    page = contributor.get(f"{R}/crc-5-35")
    offered = [box["value"] for box in soup(page).select("#link-findings input[name=findings]")]
    assert fkey in offered
    assert "It is linked to no finding yet." in page.text
    # a stale version changes nothing and says so
    stale = post(contributor, f"{R}/crc-5-35/links", {"version": "7", "findings": fkey})
    assert stale.status_code == 409 and "changed by someone else" in stale.text
    assert service.get(recs, admin(recs), workspace_key=WS, key="crc-5-35").findings == ()
    saved = post(contributor, f"{R}/crc-5-35/links",
                 {"version": version_in(page), "findings": fkey})
    assert saved.status_code == 303, saved.text
    stored = service.get(recs, admin(recs), workspace_key=WS, key="crc-5-35")
    assert stored.findings == (finding_ref(WS, fkey),) and stored.version == 2
    assert ("update", f"link findings: {WS}/{fkey}") in audited(recs, "crc-5-35")
    # the recommendation's page names the finding, its layer and status, and links to it
    row = soup(contributor.get(f"{R}/crc-5-35")).select_one("#findings tbody tr")
    assert row.select_one("th a")["href"] == f"/workspaces/{WS}/findings/{fkey}"
    with recs.connect() as conn:
        finding = get_record(conn, workspace_key=WS, entity="finding", key=fkey)
    cells = [td.get_text(" ", strip=True) for td in row.select("td")]
    assert title in row.select_one("th").get_text()
    assert cells[:2] == [finding.layer, str(finding.status)]
    # the finding's page lists the recommendation and the own recommendation following it
    finding_page = contributor.get(f"/workspaces/{WS}/findings/{fkey}")
    section = soup(finding_page).select_one("#recommendations")
    assert [a.get_text() for a in section.select("tbody th a")] == ["crc-5-35"]
    assert "own-referral" in section.get_text()
    twin = contributor.get(f"/workspaces/{WS}/findings/{fkey}.json").json()
    assert [r["key"] for r in twin["recommendations"]] == ["crc-5-35"]
    assert twin["own_recommendations"] == ["own-referral"]
    # linked from the finding's page too: all the recommendations ticked, or none
    link_url = f"/workspaces/{WS}/findings/{fkey}/recommendations"
    refused = post(contributor, link_url, {"recommendations": ["upr-4-1", "upr-4-99"]})
    assert refused.status_code == 422
    alert = soup(refused).select_one(".error-summary").get_text()
    assert "no link was saved" in alert and "no recommendation 'upr-4-99'" in alert
    assert service.get(recs, admin(recs), workspace_key=WS, key="upr-4-1").findings == ()
    with pytest.raises(ConflictError):  # a version given and stale: none linked either
        links.link_to_finding(recs, admin(recs), workspace_key=WS, finding_key=fkey,
                              recommendations=["upr-4-2", "crc-5-32a"],
                              versions={"upr-4-2": 1, "crc-5-32a": 7})
    assert [service.get(recs, admin(recs), workspace_key=WS, key=k).findings
            for k in ("upr-4-2", "crc-5-32a")] == [(), ()]
    linked = post(contributor, link_url, {"recommendations": "upr-4-1"})
    assert linked.status_code == 303, linked.text
    keys = [a.get_text() for a in soup(contributor.get(f"/workspaces/{WS}/findings/{fkey}"))
            .select("#recommendations tbody th a")]
    assert keys == ["crc-5-35", "upr-4-1"]
    # removed from the recommendation's page: gone from both
    removed = post(contributor, f"{R}/crc-5-35/links",
                   {"version": "2", "unlink": finding_ref(WS, fkey)})
    assert removed.status_code == 303, removed.text
    assert service.get(recs, admin(recs), workspace_key=WS, key="crc-5-35").findings == ()
    keys = [a.get_text() for a in soup(contributor.get(f"/workspaces/{WS}/findings/{fkey}"))
            .select("#recommendations tbody th a")]
    assert keys == ["upr-4-1"]
    # a viewer sees the links and no form
    viewer = soup(login("viewer").get(f"{R}/upr-4-1"))
    assert viewer.select("#findings tbody tr") and not viewer.select("#findings form")
    refused = post(login("viewer"), f"{R}/upr-4-1/links", {"version": "2", "findings": fkey})
    assert refused.status_code == 403


def test_recommendations_written_edited_and_deleted_by_hand(login: Login,
                                                            recs: Database) -> None:
    contributor = login("contributor")
    assert contributor.get(f"{R}/new").status_code == 200
    refused = post(contributor, f"{R}/new", {"mechanism": "upr", "text": "", "date": "soon"})
    assert refused.status_code == 422
    errors = soup(refused).select_one("#error-summary").get_text()
    assert "text is empty" in errors and "'soon' is not a date" in errors
    made = post(contributor, f"{R}/new", {
        "mechanism": "upr", "cycle": "4", "paragraph": "121.10", "text": "Protect children "
        "on the move from trafficking.", "document_symbol": "A/HRC/43/15",
        "date": "2024-03-01", "position": "supported", "language": "en"})
    assert made.status_code == 303, made.text
    assert made.headers["location"] == f"{R}/upr-4-121.10?done=created"
    again = post(contributor, f"{R}/new", {"mechanism": "upr", "cycle": "4",
                                           "paragraph": "121.10", "text": "Other."})
    assert again.status_code == 422
    assert "Veldmark already has a recommendation with the key 'upr-4-121.10'" \
        in soup(again).select_one("#error-summary").get_text()
    # editing the source fields, with the version; a stale save gets both versions
    form = contributor.get(f"{R}/upr-4-121.10/edit")
    assert version_in(form) == "1"
    fields = {"mechanism": "upr", "cycle": "4", "paragraph": "121.10", "language": "en",
              "document_symbol": "A/HRC/43/15", "date": "2024-03-01",
              "position": "supported"}
    saved = post(contributor, f"{R}/upr-4-121.10/edit",
                 {**fields, "version": "1", "text": "Protect children on the move."})
    assert saved.status_code == 303, saved.text
    stale = post(contributor, f"{R}/upr-4-121.10/edit",
                 {**fields, "version": "1", "text": "My older idea."})
    assert stale.status_code == 409
    page = soup(stale)
    assert [r.select_one("th").get_text() for r in page.select("table.compare tr.differs")] \
        == ["Text"]
    assert version_in(stale) == "2"  # the form saves over the stored version
    assert page.select_one("#f-text").get_text() == "My older idea."  # holding mine
    stored = service.get(recs, admin(recs), workspace_key=WS, key="upr-4-121.10")
    assert stored.text == "Protect children on the move." and stored.version == 2
    assert [a for a, _ in audited(recs, "upr-4-121.10")] == ["update", "create"]
    # deleting: the admin's, after a confirmation page that names what goes with it
    service.add_action(recs, admin(recs), workspace_key=WS, action=Action(
        key="act-1", title="Screening", recommendations=("upr-4-121.10", "upr-4-1")))
    assert contributor.get(f"{R}/upr-4-121.10/delete").status_code == 403
    wsadmin = login("wsadmin")
    confirm = wsadmin.get(f"{R}/upr-4-121.10/delete")
    assert confirm.status_code == 200
    assert "1 action answers it" in confirm.text and version_in(confirm) == "2"
    assert post(wsadmin, f"{R}/upr-4-121.10/delete", {"version": "1"}).status_code == 409
    gone = post(wsadmin, f"{R}/upr-4-121.10/delete", {"version": "2"})
    assert gone.status_code == 303, gone.text
    assert "upr-4-121.10" not in listed(wsadmin)
    assert wsadmin.get(f"{R}/upr-4-121.10").status_code == 404
    action = service.actions_of(recs, admin(recs), workspace_key=WS)[0]
    assert action.recommendations == ("upr-4-1",) and action.version == 2
    assert audited(recs, "upr-4-121.10")[0][0] == "delete"


def test_actions_edited_and_deleted_with_versions(login: Login, recs: Database) -> None:
    who = admin(recs)
    actors = [key for key, _ in choices_of_actors(recs)]
    service.add_action(recs, who, workspace_key=WS, action=Action(
        key="act-1", title="Screening", recommendations=("crc-5-35",)))
    contributor = login("contributor")
    page = soup(contributor.get(f"{R}/crc-5-35"))
    edit_link = page.select_one('#actions a[href$="/actions/act-1/edit"]')
    assert edit_link is not None
    form = contributor.get(edit_link["href"])
    assert version_in(form) == "1"
    sent = {"title": "Screening at borders", "description": "", "status": "implemented",
            "due": "2025-06-30", "actors": actors[:2], "recommendations": ["crc-5-35",
                                                                          "upr-4-1"]}
    saved = post(contributor, edit_link["href"], {**sent, "version": "1"})
    assert saved.status_code == 303, saved.text
    action = service.actions_of(recs, who, workspace_key=WS)[0]
    assert (action.title, action.status, action.due, action.actors, action.recommendations,
            action.version) == ("Screening at borders", ImplementationStatus.IMPLEMENTED,
                                date(2025, 6, 30), tuple(actors[:2]),
                                ("crc-5-35", "upr-4-1"), 2)
    stale = post(contributor, edit_link["href"], {**sent, "title": "Mine", "version": "1"})
    assert stale.status_code == 409
    assert [r.select_one("th").get_text() for r in soup(stale).select("tr.differs")] \
        == ["Title"]
    bad = post(contributor, edit_link["href"], {**sent, "status": "done", "version": "2"})
    assert bad.status_code == 422
    assert "unknown status 'done'" in soup(bad).select_one("#error-summary").get_text()
    delete_url = f"{R}/crc-5-35/actions/act-1/delete"
    assert "It answers 2 recommendations" in contributor.get(delete_url).text
    assert post(contributor, delete_url, {"version": "1"}).status_code == 409
    assert post(contributor, delete_url, {"version": "2"}).status_code == 303
    assert service.actions_of(recs, who, workspace_key=WS) == []
    with recs.connect() as conn:
        trail = [e.action for e in audit.history(conn, workspace_key=WS, entity="action",
                                                 record_key="act-1")]
    assert trail[:3] == ["delete", "update", "create"]


def test_action_form_keeps_what_the_action_names_and_cut_pickers_say_so(
        login: Login, recs: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    who = admin(recs)
    # an action written from another cycle of the State, naming an actor of that cycle only
    records.create_record(recs, who, workspace_key=LATEST, entity="actors",
                          record=Actor(key="office-2024", name="Office", sector="labour"))
    service.add_action(recs, who, workspace_key=LATEST, action=Action(
        key="act-2", title="Office hours", recommendations=("upr-4-1",),
        actors=("office-2024",)))
    assert "office-2024" not in [key for key, _ in choices_of_actors(recs)]
    monkeypatch.setattr(recommendation_actions, "PICKER_LIMIT", 2)  # 2 of the 4 offered
    contributor = login("contributor")
    url = f"{R}/upr-4-1/actions/act-2/edit"
    form = soup(contributor.get(url))
    actor = form.select_one('input[name=actors][value="office-2024"]')
    assert actor.has_attr("checked")
    assert "office-2024 (not in this cycle's system map)" in actor.parent.get_text()
    boxes = {box["value"]: box.parent.get_text(" ", strip=True)
             for box in form.select("input[name=recommendations]")}
    assert list(boxes) == ["crc-5-32a", "crc-5-35", "upr-4-1"]  # the first 2, and its own
    assert "not known" not in boxes["upr-4-1"]
    assert "The first 2 of the 4 recommendations" in form.select_one("#f-recommendations"
                                                                     ).get_text()
    saved = post(contributor, url, {"version": "1", "title": "Office hours", "status":
                                    "planned", "actors": "office-2024",
                                    "recommendations": "upr-4-1",
                                    "more_recommendations": "upr-4-2"})
    assert saved.status_code == 303, saved.text
    action = service.actions_of(recs, who, workspace_key=WS)[0]
    assert (action.actors, action.recommendations) == (("office-2024",),
                                                        ("upr-4-1", "upr-4-2"))
    # the finding page's picker says so too, and takes keys written in its box
    fkey, _title = a_finding(recs)
    page = soup(contributor.get(f"/workspaces/{WS}/findings/{fkey}"))
    assert "The first 2 of the 4 recommendations" in page.select_one("#link-cut").get_text()
    assert [b["value"] for b in page.select("#link-recommendations input[type=checkbox]")] \
        == ["crc-5-32a", "crc-5-35"]
    linked = post(contributor, f"/workspaces/{WS}/findings/{fkey}/recommendations",
                  {"more_recommendations": "upr-4-2"})
    assert linked.status_code == 303, linked.text
    assert service.get(recs, who, workspace_key=WS, key="upr-4-2").findings \
        == (finding_ref(WS, fkey),)


def choices_of_actors(db: Database) -> list[tuple[str, str]]:
    with db.connect() as conn:
        return choices(conn, workspace_key=WS, entity="actor")


def test_progress_numbers_link_to_exactly_the_recommendations_behind_them(
        login: Login, recs: Database) -> None:
    who = admin(recs)
    actors = [key for key, _ in choices_of_actors(recs)]
    for key, clusters in (("crc-5-32a", ("violence",)), ("upr-4-1", ("violence",)),
                          ("crc-5-35", ("special-protection", "general-measures"))):
        rec = service.get(recs, who, workspace_key=WS, key=key)
        service.set_tags(recs, who, workspace_key=WS, key=key, tags={"clusters": clusters},
                         expected_version=rec.version)
    service.add_action(recs, who, workspace_key=WS, action=Action(
        key="act-1", title="Inspections", recommendations=("crc-5-32a",), actors=(actors[0],)))
    for key, source, status, day in (
            ("crc-5-32a", StatusSource.STATE, ImplementationStatus.IMPLEMENTED, 1),
            ("crc-5-32a", StatusSource.NHRI, ImplementationStatus.PARTIAL, 2),
            ("upr-4-1", StatusSource.NHRI, ImplementationStatus.PARTIAL, 1)):
        service.add_status(recs, who, workspace_key=WS, assessment=StatusAssessment(
            recommendation=key, source=source, status=status, assessed_on=date(2024, 5, day)))
    viewer = login("viewer")
    page = viewer.get(f"{R}/progress")
    assert page.status_code == 200
    html = soup(page)
    assert html.select_one("figure svg[role=img]") is not None  # the chart, beside the table
    clusters = [row["data-value"] for row in html.select("#cluster-table tbody tr")]
    assert clusters == ["general-measures", "violence", "special-protection", "none"]  # I-IX
    cells = {(row["data-source"], cell["data-status"]): cell
             for row in html.select("#status-table tbody tr")
             for cell in row.select("td")}
    assert cells[("state", "implemented")].get_text() == "1"
    assert cells[("state", "none")].get_text() == "3"
    assert cells[("nhri", "partially-implemented")].get_text() == "2"
    assert cells[("any", "partially-implemented")].get_text() == "2"
    assert cells[("any", "none")].get_text() == "2"
    expected = {
        ("#cluster-table", "violence"): ["crc-5-32a", "upr-4-1"],
        ("#cluster-table", "general-measures"): ["crc-5-35"],
        ("#mechanism-table", "upr"): ["upr-4-1", "upr-4-2"],
        ("#actor-table", actors[0]): ["crc-5-32a"],
        ("#actor-table", "none"): ["crc-5-35", "upr-4-1", "upr-4-2"],
    }
    for (table, value), keys in expected.items():
        link = html.select_one(f'{table} tr[data-value="{value}"] a')
        assert link.get_text() == str(len(keys))
        assert behind(viewer, link["href"]) == keys, (table, value)
    for (source, status), keys in {("any", "partially-implemented"): ["crc-5-32a", "upr-4-1"],
                                   ("nhri", "partially-implemented"): ["crc-5-32a", "upr-4-1"],
                                   ("state", "implemented"): ["crc-5-32a"],
                                   ("any", "none"): ["crc-5-35", "upr-4-2"]}.items():
        assert behind(viewer, cells[(source, status)].select_one("a")["href"]) == keys
    twin = viewer.get(f"{R}/progress.json").json()
    assert twin["total"] == 4
    assert {r["value"]: r["count"] for r in twin["cluster"]} == {
        "violence": 2, "general-measures": 1, "special-protection": 1, "none": 1}
    mechanism = html.select_one('#mechanism-table tr[data-value="upr"] th').get_text()
    assert mechanism == "Universal Periodic Review upr"
    assert viewer.get(f"{R}/progress?show=colour:red").status_code == 422


def behind(client: TestClient, url: str) -> list[str]:
    """The recommendations a number links to: the list's rows, or the page's own list."""
    parts = urlsplit(url)
    if parts.path.endswith("/progress"):
        assert "show" in parse_qs(parts.query)
        page = soup(client.get(url))
        return sorted(a.get_text() for a in page.select("#shown li > a"))
    return listed(client, parts.query)
