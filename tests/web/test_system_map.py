"""The system map pages: the network view and its tables, the referral navigator, saved
scenarios and their replay, on SQLite and PostgreSQL (the demo workspace's map: 57 actors,
gaps in prosecution, overlaps, one declared conflict, isolated and bridging actors).

The map is changed through :mod:`impactkit.services.records`, as the record pages do, so a
replay sees what a reform would change.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from impactkit.domain import Actor, Mandate
from impactkit.services import accounts
from impactkit.services import records as record_service
from impactkit.store.db import Database
from impactkit.store.records import load_workspace_data
from tests.web.conftest import LATEST
from tests.web.test_recommendations import admin
from tests.web.test_records import post, soup

Login = Callable[[str], TestClient]
MAP = f"/workspaces/{LATEST}/map"
NAV = f"{MAP}/navigator"
# the default situation of the CLI: no group, no form, at the local level
ASK = {"age_band": "12-14", "level": "local"}
SCENARIO = {"key": "amira-1", "title": "Amira, session 1", "session": "1",
            "note_kind_0": "hindering", "note_dimension_0": "coordination",
            "note_text_0": "The harbour police and social services do not talk.",
            "note_kind_1": "risk", "note_dimension_1": "", "note_text_1": "Out of school.",
            **ASK}


def map_data(db: Database) -> Any:
    with db.connect() as conn:
        return load_workspace_data(conn, workspace_key=LATEST)


def figure_of(page: Any) -> dict[str, Any]:
    block = soup(page).find("script", id="map-data")
    assert block is not None, "the page carries no map data for the graph"
    found: dict[str, Any] = json.loads(block.string)
    return found


# --- the map ------------------------------------------------------------------------------
def test_a_viewer_sees_the_network_and_its_tables(login: Login, web_database: Database
                                                  ) -> None:
    viewer = login("viewer")
    page = viewer.get(MAP)
    assert page.status_code == 200, page.text
    html = soup(page)
    assert html.find("a", attrs={"aria-current": "page"}).get_text() == "System map"
    data = map_data(web_database)
    twin = viewer.get(f"{MAP}.json").json()
    # the graph and the actor table list every actor, with the same flags
    figure = figure_of(page)
    assert {n["key"] for n in figure["nodes"]} == {a.key for a in data.actors}
    # (a page of the table holds 50 rows: ask for every actor on one)
    rows = soup(viewer.get(MAP, params={"size": "500"})).select("#actors-table tbody tr")
    assert len(rows) == len(data.actors) == twin["summary"]["actors"]
    flagged = {r["data-actor"]: r.find_all("td")[-1].get_text(" ", strip=True) for r in rows}
    assert twin["isolated"] and all(flagged[a] == "isolated" for a in twin["isolated"])
    bridges = [b["actor"] for b in twin["bridges"]]
    assert bridges and all("bridge" in flagged[a] for a in bridges)
    # nodes carry a position (seeded: the same on every visit), a colour and a level shape
    again = figure_of(viewer.get(MAP))
    assert [(n["x"], n["y"]) for n in again["nodes"]] == [(n["x"], n["y"])
                                                           for n in figure["nodes"]]
    shapes = {n["level"]: n["symbol"] for n in figure["nodes"]}
    assert shapes == {"national": "circle", "regional": "square", "local": "diamond"}
    # the conflict link is styled apart and named in the legend
    assert figure["edge_styles"]["conflict"]["dash"] == "dash"
    assert "(red, dashed)" in html.select_one(".map-legend").get_text()
    # gaps, overlaps, conflicts and densities: the same counts in the page and the twin
    assert len(html.select("#gaps-table tbody tr")) == len(twin["gaps"]) > 0
    assert len(html.select("#overlaps-table tbody tr")) == len(twin["overlaps"]) > 0
    conflict = twin["conflicts"][0]
    cells = [td.get_text(strip=True) for td in html.select("#conflicts-table tbody td")]
    names = {a.key: a.name for a in data.actors}
    assert cells[:2] == [names[key] for key in conflict["actor_keys"]]
    assert len(html.select("#density-table tbody tr")) == len(
        [d for d in twin["density"] if d["possible"]])
    first_gap = html.select_one("#gaps-table tbody tr").find_all("td")[-1].get_text()
    assert first_gap == twin["gaps"][0]["reason"]


def test_filters_pick_out_actors_and_narrow_the_gaps(login: Login, web_database: Database
                                                     ) -> None:
    viewer = login("viewer")
    twin = viewer.get(f"{MAP}.json", params={"sector": "law-enforcement",
                                             "level": "local"}).json()
    data = map_data(web_database)
    expected = {a.key for a in data.actors if a.sector == "law-enforcement"
                and a.level == "local"}
    assert expected and {r["key"] for r in twin["actors"] if r["picked"]} == expected
    page = viewer.get(MAP, params={"sector": "law-enforcement", "level": "local"})
    shown = {r["data-actor"] for r in soup(page).select("#actors-table tbody tr")}
    assert shown == expected
    assert len(figure_of(page)["nodes"]) == len(data.actors)  # the others fade, stay drawn

    form = viewer.get(f"{MAP}.json", params={"form": "forced-criminality"}).json()
    assert form["gaps"] and {g["form"] for g in form["gaps"]} == {"forced-criminality"}
    picked = {r["key"] for r in form["actors"] if r["picked"]}
    specific = {m.actor_key for m in data.mandates
                if m.functions and "forced-criminality" in m.forms}
    assert specific <= picked < {a.key for a in data.actors}


def test_an_unknown_filter_is_named_with_the_accepted_codes(login: Login) -> None:
    viewer = login("viewer")
    page = viewer.get(MAP, params={"sector": "astrology"})
    assert page.status_code == 422
    text = soup(page).get_text()
    assert "unknown sector 'astrology'" in text and "law-enforcement" in text
    twin = viewer.get(f"{MAP}.json", params={"sector": "astrology"})
    assert twin.status_code == 422
    assert twin.json()["problems"][0]["field"] == "sector"


def test_actor_names_are_escaped_in_the_page_and_the_graph_data(
        login: Login, web_database: Database) -> None:
    evil = "<script>alert('map')</script> Unit"
    record_service.create_record(web_database, admin(web_database), workspace_key=LATEST,
                                 entity="actors", record=Actor(
                                     key="evil-unit", name=evil, sector="labour"))
    page = login("viewer").get(MAP)
    assert page.status_code == 200
    assert evil not in page.text
    assert "&lt;script&gt;alert(" in page.text  # in the table
    # in the JSON block for the graph, < is escaped, so the block cannot be closed early
    block = re.search(r'<script type="application/json" id="map-data">(.*?)</script>',
                      page.text, re.S)
    assert block and "<" not in block.group(1)
    assert any(n["name"] == evil for n in json.loads(block.group(1))["nodes"])


def test_outsiders_and_anonymous_visitors_are_refused(client: TestClient, login: Login
                                                      ) -> None:
    assert login("outsider").get(MAP).status_code == 403
    anonymous = client.get(MAP, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")


# --- the navigator --------------------------------------------------------------------------
def test_the_navigator_form_states_that_no_personal_data_is_kept(login: Login) -> None:
    page = login("viewer").get(NAV)
    assert page.status_code == 200
    html = soup(page)
    assert "No personal data is needed or kept" in html.get_text()
    form = html.find("form", class_="navigator-form")
    assert form["method"] == "get"
    names = {i["name"] for i in form.find_all(["input", "select"]) if i.get("name")}
    assert names == {"age_band", "age_in_doubt", "group", "form", "need", "level", "place"}
    doubt = form.find("input", attrs={"name": "age_in_doubt"})
    assert doubt["type"] == "checkbox"
    assert doubt.find_parent("label").get_text(strip=True) == "The child's age is in doubt"
    needs = [fs.find("legend").get_text() for fs in form.select("fieldset.need-dimension")]
    assert needs == ["Survival", "Development", "Protection", "Participation"]
    assert html.find("ol", class_="steps") is None  # nothing asked, no answer


def test_the_navigator_answers_with_steps_paths_and_gaps(login: Login,
                                                        web_database: Database) -> None:
    viewer = login("viewer")
    ask = {**ASK, "form": "sexual-exploitation", "group": "unaccompanied",
           "need": ["protection", "survival:CRC-24"]}
    page = viewer.get(NAV, params=ask)
    assert page.status_code == 200, page.text
    twin = viewer.get(f"{NAV}.json", params=ask).json()["route"]
    html = soup(page)
    steps = html.select("ol.steps > li")
    assert [s["data-step"] for s in steps] == [s["code"] for s in twin["steps"]]
    # the pathway for an unaccompanied child: a guardian, family tracing, a durable solution
    assert {"guardian", "family-tracing", "durable-solution"} <= {s["code"] for s in
                                                                 twin["steps"]}
    provisions = {p["code"]: p["reasons"] for p in twin["provisions"]}
    assert {"kind": "need", "code": "survival:CRC-24"} in provisions["CRC-24"]
    assert {"kind": "group", "code": "unaccompanied"} in provisions["CRC-20"]
    assert twin["trafficking"] and twin["trafficking_forms"] == ["sexual-exploitation"]
    assert "presumed victim of trafficking" in html.select_one(".trafficking-note").get_text()
    table = html.select_one("table.provisions")
    assert [th.get_text() for th in table.select("thead th")] == [
        "Provision", "Title", "Why it applies"]
    rows = table.select("tbody tr")
    assert len(rows) == len(twin["provisions"])
    crc20 = table.select_one('tr[data-provision="CRC-20"]').get_text(" ", strip=True)
    assert "Owed to unaccompanied children in particular." in crc20
    guardian = html.select_one('li[data-step="guardian"]')
    assert "(urgent: without delay)" in guardian.select_one(".step-title").get_text()
    assert "Applies to unaccompanied children." in guardian.select_one("ul.why").get_text()
    assert "CRC-20" in guardian.select_one(".legal-basis").get_text()
    for step, item in zip(twin["steps"], steps, strict=True):
        path = item.select_one(".referral-path").get_text(" ", strip=True)
        assert path.count("→") == max(len(step["referral_path"]) - 1, 0)
        assert len(item.select(".step-gaps li")) == len(step["gaps"])
    keys = [a.key for a in map_data(web_database).actors if "-" in a.key]
    for gap in twin["gaps"]:  # institutions are named, never given by record key
        assert not [k for k in keys if k in gap["reason"]], gap
    gap = html.select_one(".route-gaps li")
    assert gap.get_text(" ", strip=True).startswith("Gap:")  # said in words, not colour
    assert twin["gaps"][0]["reason"] in gap.get_text()


def strip_follow_up(db: Database) -> None:
    """Take follow-up, and durable solutions (which carry it), out of every mandate."""
    who = admin(db)
    for mandate in map_data(db).mandates:
        if {"durable-solution", "follow-up"} & set(mandate.functions):
            record_service.update_record(
                db, who, workspace_key=LATEST, entity="mandates",
                record=dataclasses.replace(mandate, functions=tuple(
                    f for f in mandate.functions
                    if f not in ("durable-solution", "follow-up"))),
                expected_version=mandate.version)


def test_a_step_nobody_is_mandated_for_is_a_gap_with_its_reason(
        login: Login, web_database: Database) -> None:
    """Take follow-up out of every mandate: the answer still lists the step, says nobody is
    mandated and why; it is not an empty answer."""
    strip_follow_up(web_database)
    viewer = login("viewer")
    twin = viewer.get(f"{NAV}.json", params=ASK).json()["route"]
    assert [s["code"] for s in twin["steps"]] == [
        "identification", "referral", "best-interests", "protection", "follow-up"]
    last = twin["steps"][-1]
    assert last["actors"] == []
    assert [g["kind"] for g in last["gaps"]] == ["no-actor"]
    assert last["gaps"][0]["reason"] == (
        "Nobody is mandated for the step Follow-up: no mandate names follow-up, and no "
        "mandate for durable solution cites any of CRC-25, CRC-39.")
    item = soup(viewer.get(NAV, params=ASK)).select_one('li[data-step="follow-up"]')
    text = item.get_text(" ", strip=True)
    assert "nobody is mandated" in text
    assert "Gap: Nobody mandated" in text and last["gaps"][0]["reason"] in text


def test_a_situation_with_unknown_codes_is_refused_with_each_problem(login: Login) -> None:
    viewer = login("viewer")
    ask = {"age_band": "18-25", "form": "piracy", "level": "local"}
    page = viewer.get(NAV, params=ask)
    assert page.status_code == 422
    text = soup(page).get_text()
    assert "unknown age band '18-25'" in text and "'piracy'" in text
    assert viewer.get(f"{NAV}.json", params=ask).status_code == 422


# --- scenarios ------------------------------------------------------------------------------
def test_saving_a_scenario_needs_a_contributor(login: Login) -> None:
    viewer = login("viewer")
    page = viewer.get(NAV, params=ASK)
    assert soup(page).find("form", attrs={"method": "post"}) is not None  # logout only
    assert "Save the scenario" not in page.text
    assert post(viewer, f"{MAP}/scenarios", SCENARIO).status_code == 403
    assert viewer.get(f"{MAP}/scenarios.json").json()["scenarios"] == []


def test_saving_without_the_csrf_token_is_refused(login: Login) -> None:
    contributor = login("contributor")
    refused = contributor.post(f"{MAP}/scenarios", data=SCENARIO, follow_redirects=False)
    assert refused.status_code == 403
    assert contributor.get(f"{MAP}/scenarios.json").json()["scenarios"] == []


def test_a_contributor_saves_a_scenario_from_the_answer(login: Login) -> None:
    contributor = login("contributor")
    page = contributor.get(NAV, params={**ASK, "form": "forced-begging"})
    form = soup(page).find("form", attrs={"action": f"{MAP}/scenarios"})
    assert form is not None
    hidden = {(i["name"], i["value"]) for i in form.find_all("input", type="hidden")}
    assert ("form", "forced-begging") in hidden and ("age_band", "12-14") in hidden
    saved = post(contributor, f"{MAP}/scenarios", {**SCENARIO, "form": "forced-begging"})
    assert saved.status_code == 303
    assert saved.headers["location"] == f"{MAP}/scenarios/amira-1?saved=1"
    listed = contributor.get(f"{MAP}/scenarios")
    assert "Amira, session 1" in listed.text
    replay = contributor.get(f"{MAP}/scenarios/amira-1")
    assert replay.status_code == 200
    text = soup(replay).get_text(" ", strip=True)
    assert "Nothing changed" in text and "Coordination" in text
    assert "The harbour police and social services do not talk." in text
    twin = contributor.get(f"{MAP}/scenarios/amira-1.json").json()
    assert twin["scenario"]["situation"]["forms"] == ["forced-begging"]
    assert twin["scenario"]["notes"][0] == {
        "kind": "hindering", "dimension": "coordination",
        "text": "The harbour police and social services do not talk."}
    assert twin["scenario"]["session"] == 1
    # the same key again is a clash, not an overwrite
    again = post(contributor, f"{MAP}/scenarios", {**SCENARIO, "title": "Other"})
    assert again.status_code == 409 and "exists" in again.text
    assert "Other" in soup(again).find("input", attrs={"name": "title"})["value"]


def test_a_scenario_with_a_bad_note_is_refused_with_the_form_kept(login: Login) -> None:
    contributor = login("contributor")
    bad = {**SCENARIO, "note_dimension_0": "", "session": "9"}
    refused = post(contributor, f"{MAP}/scenarios", bad)
    assert refused.status_code == 422
    assert "must name its systemic dimension" in refused.text
    assert "session 9" in refused.text
    html = soup(refused)
    assert html.find("textarea", attrs={"name": "note_text_0"}).get_text() == (
        SCENARIO["note_text_0"])
    assert contributor.get(f"{MAP}/scenarios.json").json()["scenarios"] == []


def test_replay_after_a_new_mandate_shows_the_fixed_gap(login: Login, web_database: Database
                                                        ) -> None:
    strip_follow_up(web_database)
    contributor = login("contributor")
    assert post(contributor, f"{MAP}/scenarios", SCENARIO).status_code == 303
    before = contributor.get(f"{MAP}/scenarios/amira-1.json").json()
    broken = [g for g in before["now"]["gaps"] if g["step"] == "follow-up"]
    assert [g["kind"] for g in broken] == ["no-actor"]
    local = next(a for a in map_data(web_database).actors if a.level == "local")
    principal = accounts.Principal(user=_user(web_database, "contributor"))
    record_service.create_record(web_database, principal, workspace_key=LATEST,
                                 entity="mandates", record=Mandate(
                                     key="local-follow-up", actor_key=local.key,
                                     functions=("follow-up",)))
    replay = contributor.get(f"{MAP}/scenarios/amira-1")
    twin = contributor.get(f"{MAP}/scenarios/amira-1.json").json()
    fixed = twin["change"]["fixed_gaps"]
    assert ("follow-up", "no-actor") in {(g["step"], g["kind"]) for g in fixed}
    assert "follow-up" in twin["change"]["changed_steps"]
    items = [li.get_text(" ", strip=True) for li in soup(replay).select("ul.fixed-gaps li")]
    assert len(items) == len(fixed)
    assert any(i.startswith("Fixed: Nobody mandated (Follow-up)") and broken[0]["reason"] in i
               for i in items)
    step = soup(replay).select_one('li[data-step="follow-up"]')
    assert local.name in step.select_one(".responsible").get_text()


def test_a_contributor_deletes_a_scenario(login: Login) -> None:
    contributor = login("contributor")
    assert post(contributor, f"{MAP}/scenarios", SCENARIO).status_code == 303
    assert post(login("viewer"), f"{MAP}/scenarios/amira-1/delete", {}).status_code == 403
    gone = post(contributor, f"{MAP}/scenarios/amira-1/delete", {})
    assert gone.status_code == 303
    assert contributor.get(f"{MAP}/scenarios.json").json()["scenarios"] == []
    assert contributor.get(f"{MAP}/scenarios/amira-1").status_code == 404


@pytest.mark.parametrize("path", ["/map/scenarios/nothing", "/map/scenarios/nothing.json"])
def test_an_unknown_scenario_is_not_found(login: Login, path: str) -> None:
    assert login("viewer").get(f"/workspaces/{LATEST}{path}").status_code == 404


def _user(db: Database, name: str) -> Any:
    from impactkit.store.accounts import find_user
    with db.connect() as conn:
        user = find_user(conn, username=name)
    assert user is not None
    return user
