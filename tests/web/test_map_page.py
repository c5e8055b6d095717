"""The map page as a person reads it: the summary first, one page of each long table, the
detail behind a gap and an overlap a link away, and one count of gaps everywhere (the map,
its JSON twin, the dashboard and the analysis engine behind ``impact analyse``).

The large map is built by hand (a thousand actors, with holes whose number is known): the
demo's counts change as the demo does, so on the demo the tests compare the counts with each
other, never with a fixed number.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from impactkit.analysis import analyse
from impactkit.catalogue.loader import load_default_catalogue
from impactkit.domain import (
    Actor,
    CoordinationLink,
    Jurisdiction,
    Mandate,
    Workspace,
    WorkspaceData,
)
from impactkit.services import accounts, workspaces
from impactkit.services.accounts import operator
from impactkit.store.db import Database
from impactkit.store.records import add_records, load_workspace_data
from tests.web.conftest import LATEST
from tests.web.test_records import soup

Login = Callable[[str], TestClient]
BIG = "big-map"
SIZE = 1000
SECTORS = ("child-protection", "law-enforcement", "health", "education", "immigration")
LEVELS = ("local", "local", "local", "regional", "national")
# every function but prevention (nobody) and monitoring (only for girls, limited to them)
HELD = ("identification", "referral", "assessment", "protection", "durable-solution",
        "prosecution")


def big_map() -> WorkspaceData:
    """A thousand actors: most with a general mandate for two functions, one in ten naming
    labour exploitation for identification (an overlap of a hundred actors, ten pairs of
    whom refer to each other), one limited to girls for monitoring; a referral chain
    through every fifth actor, the rest unlinked."""
    actors = [Actor(key=f"a{i:04d}", name=f"Service {i}", sector=SECTORS[i % len(SECTORS)],
                    level=LEVELS[i % len(LEVELS)], type="service") for i in range(SIZE)]
    mandates = []
    for i, actor in enumerate(actors):
        if i % 10 == 0:
            mandates.append(Mandate(key=f"m{i}", actor_key=actor.key,
                                    functions=("identification",),
                                    forms=("labour-exploitation",)))
        else:
            mandates.append(Mandate(key=f"m{i}", actor_key=actor.key,
                                    functions=(HELD[i % 6], HELD[(i + 1) % 6])))
    mandates.append(Mandate(key="m-girls", actor_key="a0001", functions=("monitoring",),
                            groups=("girls",), limited_to_groups=True))
    links = [CoordinationLink(key=f"l{i}", source_key=f"a{i:04d}",
                              target_key=f"a{i + 5:04d}", kind="referral")
             for i in range(0, SIZE - 5, 5)]
    links += [CoordinationLink(key=f"k{i}", source_key=f"a{i:04d}",
                               target_key=f"a{i + 10:04d}", kind="referral")
              for i in range(0, 100, 10)]  # ten pairs of identifying actors coordinate
    return WorkspaceData(
        workspace=Workspace(key=BIG, title="Big map", cycle="2024",
                            jurisdiction=Jurisdiction(code="XBG", name="Bigland",
                                                      fictional=True)),
        actors=actors, mandates=mandates, links=links)


@pytest.fixture
def big(web_database: Database) -> WorkspaceData:
    setup = operator("setup")
    workspaces.create_workspace(web_database, setup, key=BIG, jurisdiction="XBG",
                                jurisdiction_name="Bigland", fictional=True, cycle="2024")
    data = big_map()
    with web_database.begin() as conn:
        add_records(conn, workspace_key=BIG, data=data, user="setup", summary="big map")
    accounts.grant(web_database, setup, username="viewer", workspace_key=BIG,
                   role=accounts.Role.VIEWER)
    return data


def counts_of(client: TestClient, db: Database, key: str) -> tuple[int, int, int]:
    """Gaps as the map's twin, the dashboard's twin and the analysis engine count them."""
    on_map = client.get(f"/workspaces/{key}/map.json").json()["summary"]["gaps"]
    board = client.get(f"/workspaces/{key}.json")
    assert board.status_code == 200, board.text
    on_board = len(board.json()["mandates"]["function_gaps"])
    with db.connect() as conn:
        data = load_workspace_data(conn, workspace_key=key)
    engine = len(analyse(data, load_default_catalogue()).function_gaps)
    return on_map, on_board, engine


def summary_counts(page: Any) -> dict[str, int]:
    return {row["data-kind"]: int(row.select_one("td.num").get_text())
            for row in soup(page).select("#summary-table tbody tr")}


def test_the_demo_counts_gaps_the_same_on_the_map_the_dashboard_and_in_the_analysis(
        login: Login, web_database: Database) -> None:
    viewer = login("viewer")
    on_map, on_board, engine = counts_of(viewer, web_database, LATEST)
    assert on_map == on_board == engine
    twin = viewer.get(f"/workspaces/{LATEST}/map.json").json()
    page = viewer.get(f"/workspaces/{LATEST}/map")
    assert set(summary_counts(page)) >= {"gaps", "overlaps", "conflicts"}
    assert summary_counts(page) == {k: v for k, v in twin["summary"].items()
                                    if k in summary_counts(page)}
    # the dashboard never lists a clause no actor carries out
    board = viewer.get(f"/workspaces/{LATEST}.json").json()
    assert "CRC-41" not in {p["code"] for p in board["mandates"]["uncovered_provisions"]}
    assert "CRC-41" not in soup(viewer.get(f"/workspaces/{LATEST}")).select_one(
        "#mandates-title").parent.get_text()


def test_a_thousand_actor_map_is_a_page_a_person_can_read(login: Login, big: WorkspaceData,
                                                           web_database: Database) -> None:
    viewer = login("viewer")
    forms = load_default_catalogue().codes("forms")
    page = viewer.get(f"/workspaces/{BIG}/map")
    assert page.status_code == 200, page.text
    html = soup(page)
    # the summary comes first, with the counts of the hand-built map
    sections = [h.get_text() for h in html.select("main h2")]
    assert sections[0] == "What the analysis finds"
    counts = summary_counts(page)
    assert counts["gaps"] == 2 * len(forms)  # prevention and monitoring, once per form
    assert counts["overlaps"] == 1  # identification of labour exploitation
    twin = viewer.get(f"/workspaces/{BIG}/map.json").json()
    assert twin["summary"]["actors"] == SIZE
    assert twin["summary"]["gaps"] == counts["gaps"] == len(twin["gaps"])
    # the hundred identifying actors: 4,950 pairs, of which those referring do not count
    [overlap] = twin["overlaps"]
    assert (overlap["pairs"], overlap["uncoordinated_count"]) == (4950, 4950 - 10)
    assert counts_of(viewer, web_database, BIG) == (2 * len(forms),) * 3
    # every long table holds one page of rows, with a pager to the rest
    assert len(html.select("#actors-table tbody tr")) == 50
    pager = html.select_one("#actors-title").parent.select_one("nav.pager")
    assert "Rows 1–50 of 1000" in pager.get_text(" ", strip=True)
    assert len(html.select("#isolated-list li")) == 50  # 800 isolated actors, one page
    assert len(html.select("main tr")) < 400
    second = soup(viewer.get(pager.select_one("a[rel=next]")["href"]))
    first_keys = {r["data-actor"] for r in html.select("#actors-table tbody tr")}
    second_keys = {r["data-actor"] for r in second.select("#actors-table tbody tr")}
    assert len(second_keys) == 50 and not first_keys & second_keys


def test_a_gap_links_to_the_groups_and_mandates_behind_it(login: Login, big: WorkspaceData
                                                          ) -> None:
    viewer = login("viewer")
    html = soup(viewer.get(f"/workspaces/{BIG}/map", params={"form": "labour-exploitation"}))
    row = html.select_one('#gaps-table tr[data-function="monitoring"]')
    assert row is not None
    groups = load_default_catalogue().codes("child_groups")
    detail = viewer.get(row.select_one("a")["href"])
    assert detail.status_code == 200, detail.text
    text = soup(detail).get_text(" ", strip=True)
    assert "Nobody holds monitoring for labour exploitation" in text
    twin = viewer.get(f"/workspaces/{BIG}/map/gaps/labour-exploitation/monitoring.json").json()
    assert twin["gap"]["groups"] == [g for g in groups if g != "girls"]
    assert [(m["key"], m["actor"], m["groups"]) for m in twin["limited"]] == [
        ("m-girls", "Service 1", ["girls"])]
    assert "Service 1" in soup(detail).select_one("#limited-table").get_text()
    # no gap there: not found
    assert viewer.get(f"/workspaces/{BIG}/map/gaps/labour-exploitation/referral"
                      ).status_code == 404


def test_an_overlap_lists_its_pairs_a_page_at_a_time(login: Login, big: WorkspaceData
                                                     ) -> None:
    viewer = login("viewer")
    base = f"/workspaces/{BIG}/map/overlaps/labour-exploitation/identification"
    first = viewer.get(f"{base}.json").json()
    assert (first["total"], first["page"], len(first["pairs"])) == (4940, 1, 50)
    assert first["pages"] == 99
    last = viewer.get(f"{base}.json", params={"page": 99}).json()
    assert len(last["pairs"]) == 4940 - 98 * 50
    assert ["a0000", "a0010"] not in first["pairs"]  # they refer to each other
    assert first["pairs"][0] == ["a0000", "a0020"]
    page = viewer.get(base, params={"page": 2})
    rows = soup(page).select("#pairs-table tbody tr")
    assert len(rows) == 50
    assert "Service" in rows[0].get_text()
