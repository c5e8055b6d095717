"""The comparison page: two or more readable workspaces side by side (SQLite and PostgreSQL).

Expectations come from the engine's own comparison (what ``impact compare --json`` prints;
the page counts validated findings only unless ``status=all``, like ``--status validated``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient

from impactkit.services import accounts
from impactkit.services.accounts import operator
from impactkit.services.analysis import compare_workspaces
from impactkit.services.catalogue import stored_catalogue
from impactkit.services.workspaces import create_workspace
from impactkit.store import catalogues
from impactkit.store.accounts import find_user
from impactkit.store.db import Database
from tests.web.conftest import ALL_DEMO, EARLIER, LATEST

READER = operator("tester")  # the services check access; the CLI's operator reads all

Login = Callable[[str], TestClient]
BOTH = f"/compare?w={EARLIER}&w={LATEST}"


def page(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def site_admin(db: Database) -> accounts.Principal:
    with db.connect() as conn:
        return accounts.Principal(user=find_user(conn, username="admin"))


def without_urls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_urls(v) for k, v in value.items() if k != "url"}
    if isinstance(value, list):
        return [without_urls(v) for v in value]
    return value


def test_compare_the_two_demo_cycles(login: Login, web_database: Database) -> None:
    admin = login("admin")
    expected = compare_workspaces(web_database, READER, keys=[EARLIER, LATEST],
                                  statuses=["validated"]).to_dict()
    response = admin.get(BOTH.replace("/compare", "/compare.json"))
    assert response.status_code == 200
    data = response.json()
    assert data["selected"] == [EARLIER, LATEST]
    assert without_urls(data["comparison"]) == expected
    assert len(expected["rows"]) == 5 + 9 + 3  # areas, clusters, layers
    for row in data["comparison"]["rows"]:
        for key, value in zip((EARLIER, LATEST), row["values"], strict=True):
            assert value["url"] == f"/workspaces/{key}/explain/{row['kind']}:{row['code']}"
    soup = page(admin.get(BOTH))
    for row in data["comparison"]["rows"]:
        target = f"{row['kind']}:{row['code']}"
        for key, value in zip((EARLIER, LATEST), row["values"], strict=True):
            cell = soup.find("td", attrs={"data-workspace": key, "data-target": target})
            assert isinstance(cell, Tag), (key, target)
            assert cell["data-score"] == str(value["score"])
            assert cell.get_text(strip=True) == f"{value['score']:.1f}"
            assert cell.find("a")["href"] == value["url"]
        later = row["values"][1]
        shown = soup.find("td", attrs={"data-score-difference": str(later["score_difference"])})
        assert isinstance(shown, Tag), target
        assert shown.get_text(strip=True) == f"{round(later['score_difference'], 1) + 0.0:+.1f}"
    # the planted pattern: law and policy improved more than practice between the cycles
    layers = {r["code"]: r["values"][1]["score_difference"] for r in expected["rows"]
              if r["kind"] == "layer"}
    assert layers["law-policy"] > layers["practice"]
    main = soup.find("main")
    for url in sorted({a["href"] for a in main.find_all("a", href=True)}):
        assert admin.get(url).status_code == 200, url
    for table in soup.find_all("table", class_="compare"):
        assert table.find("caption") is not None
        assert all(th.get("scope") for th in table.find_all("th"))


def test_the_form_is_a_shareable_get_listing_readable_workspaces(login: Login) -> None:
    admin = login("admin")
    soup = page(admin.get(f"/compare?w={LATEST}&w={EARLIER}"))
    form = soup.find("form", class_="compare-form")
    assert form["method"] == "get" and form["action"] == "/compare"
    boxes = form.find_all("input", attrs={"type": "checkbox", "name": "w"})
    assert [b["value"] for b in boxes] == ALL_DEMO
    assert {str(b["value"]) for b in boxes if b.has_attr("checked")} == {EARLIER, LATEST}
    for box in boxes:  # every input has its label
        assert form.find("label", attrs={"for": box["id"]}) is not None
    assert form.find("fieldset").find("legend") is not None
    # the order of the URL decides the baseline
    data = admin.get(f"/compare.json?w={LATEST}&w={EARLIER}").json()
    assert [w["workspace"] for w in data["comparison"]["workspaces"]] == [LATEST, EARLIER]

    viewer = login("viewer")  # a member of LATEST only
    choices = viewer.get("/compare.json").json()["choices"]
    assert [c["key"] for c in choices] == [LATEST]
    unchosen = page(viewer.get("/compare"))
    assert unchosen.find("form", class_="compare-form") is not None
    assert unchosen.find("table") is None


def test_fewer_than_two_workspaces_is_explained(login: Login) -> None:
    admin = login("admin")
    for url in (f"/compare?w={LATEST}", f"/compare?w={LATEST}&w={LATEST}"):
        response = admin.get(url)
        assert response.status_code == 400
        assert "choose at least two workspaces" in page(response).get_text()
        twin = admin.get(url.replace("/compare", "/compare.json"))
        assert twin.status_code == 400
        assert twin.json()["error"] == "UsageError"
        assert twin.json()["selected"] == [LATEST]
    assert admin.get("/compare").status_code == 200


def test_workspaces_of_different_catalogues_are_refused(login: Login,
                                                        web_database: Database) -> None:
    variant = stored_catalogue(web_database).model_copy(update={"key": "impact-variant"})
    with web_database.begin() as conn:
        catalogues.save_catalogue(conn, catalogue=variant, user="setup")
    create_workspace(web_database, operator("setup"), key="variant-2024", jurisdiction="XV",
                     cycle="2024",
                     jurisdiction_name="Variantland", fictional=True,
                     catalogue_key="impact-variant")
    admin = login("admin")
    response = admin.get(f"/compare?w={LATEST}&w=variant-2024")
    assert response.status_code == 400
    message = page(response).find(attrs={"role": "alert"}).get_text()
    assert "different catalogues" in message
    assert "'variant-2024' uses 'impact-variant'" in message
    assert page(response).find("table", class_="compare") is None
    twin = admin.get(f"/compare.json?w={LATEST}&w=variant-2024")
    assert twin.status_code == 400
    assert twin.json()["error"] == "UsageError"
    assert "different catalogues" in twin.json()["message"]
    assert twin.json()["comparison"] is None


def test_only_readable_workspaces_can_be_compared(client: TestClient, login: Login,
                                                  web_database: Database) -> None:
    viewer = login("viewer")
    assert viewer.get(BOTH).status_code == 403
    assert viewer.get(BOTH.replace("/compare", "/compare.json")).status_code == 403
    # anonymous, nothing public: log in first
    response = client.get("/compare", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert client.get("/compare.json").status_code == 401
    # a public workspace can be chosen anonymously, a private one still cannot
    accounts.set_public(web_database, site_admin(web_database), workspace_key=LATEST,
                        public=True)
    choices = client.get("/compare.json").json()["choices"]
    assert [c["key"] for c in choices] == [LATEST]
    response = client.get(BOTH, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    accounts.set_public(web_database, site_admin(web_database), workspace_key=EARLIER,
                        public=True)
    assert client.get(BOTH).status_code == 200
