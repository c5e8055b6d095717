"""The indicator pages: a workspace's readings grouped structural, process, outcome (latest
value, trend, target and distance, rating with its rule), one indicator's series as a table
and a line chart, both with JSON twins holding the same numbers; and the form curators use
to define an indicator."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bs4 import Tag
from fastapi.testclient import TestClient

from impactkit.services.indicators import defined_indicators
from impactkit.store.db import Database
from tests.web.conftest import LATEST
from tests.web.test_records import post, soup
from tests.web.test_vulnerability_pages import empty_workspace, import_test_panel

Login = Callable[[str], TestClient]
W = f"/workspaces/{LATEST}"
MARRIAGE = "child-marriage-sdg-5-3-1"  # has a target (0 by 2030) and a rating rule


def nowhere(db: Database, folder: Path) -> str:
    """The address of a workspace whose jurisdiction has only the test panel's values (child
    marriage: 12 percent in 2015, 8 percent in 2022)."""
    key = empty_workspace(db)
    import_test_panel(db, folder, jurisdiction="XNW")
    return f"/workspaces/{key}"


def rows_of(html: Tag, kind: str) -> dict[str, list[str]]:
    table = html.select_one(f'table.readings[data-kind="{kind}"]')
    assert isinstance(table, Tag), f"no {kind} table"
    return {str(row["data-code"]): [td.get_text(" ", strip=True) for td in row("td")]
            for row in table.select("tbody tr")}


def test_readings_are_grouped_by_type_and_the_twin_holds_the_same_numbers(
        login: Login) -> None:
    viewer = login("viewer")
    page = viewer.get(f"{W}/indicators")
    assert page.status_code == 200
    html = soup(page)
    nav = html.find("a", attrs={"aria-current": "page"})
    assert nav is not None and nav.text == "Indicator readings"
    twin = viewer.get(f"{W}/indicators.json").json()
    assert [g["kind"] for g in twin["groups"]] == ["structural", "process", "outcome"]
    for group in twin["groups"]:
        shown = rows_of(html, group["kind"])
        assert list(shown) == [r["code"] for r in group["readings"]]
        for reading in group["readings"]:
            latest = reading["latest"]
            assert shown[reading["code"]][1] == (
                f"{latest['value']:g} {reading['unit']} in {latest['year']}")
            assert reading["kind"] == group["kind"] == shown[reading["code"]][0]
    first = twin["groups"][0]["readings"][0]
    link = html.find("a", string=first["code"])
    assert isinstance(link, Tag) and link["href"] == f"{W}/indicators/{first['code']}"
    assert first["url"] == link["href"]
    without = [i["code"] for i in twin["without_data"]]
    assert without and not set(without) & {r["code"] for g in twin["groups"]
                                           for r in g["readings"]}
    assert not html.find("a", string="Define a new indicator")  # a viewer is no curator


def test_a_rated_reading_shows_its_target_distance_and_rule(
        login: Login, web_database: Database, tmp_path: Path) -> None:
    ws = nowhere(web_database, tmp_path)
    viewer = login("viewer")
    twin = viewer.get(f"{ws}/indicators.json").json()
    reading = next(r for g in twin["groups"] for r in g["readings"] if r["code"] == MARRIAGE)
    assert reading["latest"]["value"] == 8.0 and reading["latest"]["year"] == 2022
    assert (reading["rating"], reading["distance"], reading["target_met"]) == (2, 8.0, False)
    row = soup(viewer.get(f"{ws}/indicators")).select_one(f'tr[data-code="{MARRIAGE}"]')
    assert isinstance(row, Tag)
    texts = [td.get_text(" ", strip=True) for td in row("td")]
    assert texts[1] == "8 percent in 2022" and texts[2] == "better"
    assert texts[3] == "0 percent by 2030"
    assert texts[4] == "+8 percent from the target: not met."
    details = row.find("details")
    assert isinstance(details, Tag) and details.summary is not None
    assert details.summary.text == "Rating 2"
    assert reading["rating_rule"] in details.text
    assert "at most 15 percent: 2" in details.text


def test_one_indicator_shows_its_series_as_a_table_and_a_line_chart(
        login: Login, web_database: Database, tmp_path: Path) -> None:
    ws = nowhere(web_database, tmp_path)
    viewer = login("viewer")
    page = viewer.get(f"{ws}/indicators/{MARRIAGE}")
    assert page.status_code == 200
    html = soup(page)
    twin = viewer.get(f"{ws}/indicators/{MARRIAGE}.json").json()
    observations = twin["reading"]["observations"]
    assert [(o["year"], o["value"], o["source"]) for o in observations] == [
        (2015, 12.0, "Test survey"), (2022, 8.0, "Test survey")]
    table = [[cell.get_text(strip=True) for cell in row(["th", "td"])]
             for row in html.select("table.series tbody tr")]
    assert table == [[str(o["year"]), f"{o['value']:g}", o["source"]] for o in observations]
    svg = html.find("svg")
    assert isinstance(svg, Tag) and svg["role"] == "img"
    assert str(svg["aria-label"]).startswith("Line chart of ")
    assert "values are in the table below" in str(svg["aria-label"])
    assert twin["change_text"] == "-4 percent from 2015 to 2022 (-0.57 a year): better."
    assert viewer.get(f"{ws}/indicators/no-such-indicator").status_code == 404


def test_the_indicator_pages_are_closed_to_outsiders_and_anonymous_visitors(
        login: Login, client: TestClient) -> None:
    outsider = login("outsider")
    assert outsider.get(f"{W}/indicators").status_code == 403
    assert outsider.get(f"{W}/indicators/{MARRIAGE}").status_code == 403
    anonymous = client.get(f"{W}/indicators", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    assert client.get(f"{W}/indicators.json").status_code == 401


# --- defining an indicator -------------------------------------------------------------------
TIP = {"code": "tip-tier", "title": "US TIP report tier", "unit": "tier",
       "type": "outcome", "direction": "lower-is-better", "areas": ["effectiveness"],
       "provisions": "CRC-35", "source": "US State Department"}


def test_curators_define_an_indicator_that_every_workspace_then_offers(
        login: Login, web_database: Database) -> None:
    reviewer = login("reviewer")  # a reviewer of some workspace is a curator
    offered = soup(reviewer.get(f"{W}/indicators")).find("a", string="Define a new indicator")
    assert isinstance(offered, Tag) and offered["href"] == "/indicators/define"
    form = reviewer.get("/indicators/define")
    assert form.status_code == 200
    assert soup(form).find("input", attrs={"name": "csrf_token"}) is not None
    made = post(reviewer, "/indicators/define", TIP)
    assert made.status_code == 303 and made.headers["location"] == \
        "/indicators/define?saved=tip-tier"
    [stored] = defined_indicators(web_database)
    assert (stored.indicator.code, stored.indicator.areas, stored.indicator.provisions,
            stored.version) == ("tip-tier", ["effectiveness"], ["CRC-35"], 1)
    listed = reviewer.get("/indicators/define.json").json()["defined"]
    assert listed == [{"code": "tip-tier", "title": "US TIP report tier", "unit": "tier",
                       "type": "outcome", "version": 1}]
    viewer = login("viewer")
    without = viewer.get(f"{W}/indicators.json").json()["without_data"]
    assert "tip-tier" in [i["code"] for i in without]
    again = post(reviewer, "/indicators/define", TIP)
    assert again.status_code == 409 and "already defined" in again.text


def test_a_refused_definition_names_each_problem_and_keeps_the_input(
        login: Login, web_database: Database) -> None:
    admin = login("admin")
    bad = post(admin, "/indicators/define",
               {**TIP, "code": "Tip Tier", "lower": "1", "upper": "x"})
    assert bad.status_code == 422
    html = soup(bad)
    summary = html.select_one(".error-summary")
    assert isinstance(summary, Tag) and "upper: 'x' is not a number." in summary.text
    code = html.find("input", attrs={"name": "title"})
    assert isinstance(code, Tag) and code["value"] == "US TIP report tier"
    pattern = post(admin, "/indicators/define", {**TIP, "code": "Tip Tier"})
    assert pattern.status_code == 422 and "pattern" in pattern.text
    clash = post(admin, "/indicators/define", {**TIP, "code": MARRIAGE})
    assert clash.status_code == 400 and "choose another code" in clash.text
    unknown = post(admin, "/indicators/define", {**TIP, "areas": ["weather"]})
    assert unknown.status_code == 400 and "unknown code 'weather'" in soup(unknown).text
    assert defined_indicators(web_database) == []


def test_only_curators_define_and_never_without_the_csrf_token(
        login: Login, client: TestClient, web_database: Database) -> None:
    for name in ("viewer", "contributor", "outsider"):
        user = login(name)
        assert user.get("/indicators/define").status_code == 403, name
        assert post(user, "/indicators/define", TIP).status_code == 403, name
    anonymous = client.get("/indicators/define", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    forged = login("admin").post("/indicators/define", data=TIP, follow_redirects=False)
    assert forged.status_code == 403
    assert defined_indicators(web_database) == []
