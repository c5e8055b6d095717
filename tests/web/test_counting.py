"""Which findings the analysis pages count: validated only by default, all with ?status=all.

Reproduction of the defect: the demo's 2024 workspace holds draft and reviewed findings, yet
the dashboard mixed them into its numbers and had no way to show validated findings only,
nor said what it counted. Expectations come from the engine (``impact analyse --status
validated`` and without a filter).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient

from impactkit.services import accounts
from impactkit.services import dashboard as service
from impactkit.services.accounts import operator
from impactkit.services.analysis import analyse_workspace, explain_score
from impactkit.store.db import Database
from impactkit.store.records import load_workspace_data
from tests.web.conftest import EARLIER, LATEST

READER = operator("tester")  # the services check access; the CLI's operator reads all

Login = Callable[[str], TestClient]
DASHBOARD = f"/workspaces/{LATEST}"


def page(response: Any) -> BeautifulSoup:
    assert response.status_code == 200, (response.status_code, response.text[:500])
    return BeautifulSoup(response.text, "html.parser")


def statuses(db: Database) -> Counter[str]:
    with db.connect() as conn:
        return Counter(str(f.status) for f in
                       load_workspace_data(conn, workspace_key=LATEST).findings)


def counting_text(soup: BeautifulSoup) -> str:
    found = soup.find("p", class_="counting-text")
    assert isinstance(found, Tag)
    return found.get_text(" ", strip=True)


def test_the_dashboard_counts_validated_findings_unless_told_otherwise(
        login: Login, web_database: Database) -> None:
    counts = statuses(web_database)
    total = sum(counts.values())
    assert 0 < counts["validated"] < total  # the demo has drafts and reviewed findings too
    viewer = login("viewer")
    default = viewer.get(DASHBOARD + ".json").json()
    validated = viewer.get(DASHBOARD + ".json?status=validated").json()
    everything = viewer.get(DASHBOARD + ".json?status=all").json()
    assert default == validated

    assert default["counting"] == {
        "status": ["validated"], "default": True, "counted": counts["validated"],
        "total": total,
        "text": f"Counting validated findings only: {counts['validated']} of {total}.",
        "switch": default["counting"]["switch"]}
    assert everything["counting"]["status"] == ["all"]
    assert everything["counting"]["counted"] == everything["counting"]["total"] == total
    assert everything["counting"]["text"].startswith(
        f"Counting all {total} findings, draft and reviewed included.")

    only = analyse_workspace(web_database, READER, key=LATEST, statuses=["validated"]).to_dict()
    every = analyse_workspace(web_database, READER, key=LATEST).to_dict()
    assert [a["score"] for a in default["areas"]] == [a["score"] for a in
                                                      only["scores"]["area"]]
    assert [a["score"] for a in everything["areas"]] == [a["score"] for a in
                                                         every["scores"]["area"]]
    assert [a["score"] for a in default["areas"]] != [a["score"] for a in everything["areas"]]
    assert default["summary"]["findings"] == counts["validated"]
    assert everything["summary"]["findings"] == total


def test_the_page_says_what_it_counts_and_its_links_keep_the_switch(login: Login) -> None:
    viewer = login("viewer")
    default = page(viewer.get(DASHBOARD))
    assert counting_text(default).startswith("Counting validated findings only:")
    switch = default.find("p", class_="counting-switch")
    assert isinstance(switch, Tag)
    assert switch.find("strong", attrs={"aria-current": "true"}).get_text() == (
        "Validated findings only")
    to_all = switch.find("a", attrs={"data-status": "all"})
    assert isinstance(to_all, Tag) and to_all["href"] == f"{DASHBOARD}?status=all"

    everything = page(viewer.get(str(to_all["href"])))
    assert counting_text(everything).startswith("Counting all ")
    main = everything.find("main")
    assert isinstance(main, Tag)
    explained = [str(a["href"]) for a in main.find_all("a", href=True)
                 if f"{DASHBOARD}/explain/" in str(a["href"])]
    assert len(explained) > 100
    assert all(url.endswith("?status=all") for url in explained)
    findings_link = main.find("a", href=f"{DASHBOARD}/findings")
    assert findings_link is not None  # all findings: the list unfiltered
    assert default.find("a", href=f"{DASHBOARD}/findings?status=validated") is not None


def test_an_explanation_counts_what_its_url_says(login: Login, web_database: Database) -> None:
    viewer = login("viewer")
    target = "area:compliance"
    base = f"{DASHBOARD}/explain/{target}"
    default = viewer.get(base + ".json").json()
    everything = viewer.get(base + ".json?status=all").json()
    assert default["explanation"] == explain_score(web_database, READER, key=LATEST, target=target,
                                                   statuses=["validated"]).to_dict()
    assert everything["explanation"] == explain_score(web_database, READER, key=LATEST,
                                                      target=target).to_dict()
    assert default["explanation"]["value"] != everything["explanation"]["value"]
    assert default["counting"]["status"] == ["validated"]
    assert everything["counting"]["status"] == ["all"]
    assert everything["dashboard_url"] == f"{DASHBOARD}?status=all"
    assert all(r["url"].endswith("?status=all") for r in everything["related"])
    soup = page(viewer.get(base + "?status=all"))
    assert counting_text(soup).startswith("Counting all ")
    crumb = soup.find("p", class_="breadcrumb")
    assert isinstance(crumb, Tag) and crumb.find("a")["href"] == f"{DASHBOARD}?status=all"
    unknown = viewer.get(f"{DASHBOARD}/explain/area:complience?status=all")
    assert unknown.status_code == 404
    assert all(a["href"].endswith("?status=all") for a in
               BeautifulSoup(unknown.text, "html.parser").select("main a[href]"))


def test_an_unknown_status_is_refused_naming_the_accepted_ones(login: Login) -> None:
    viewer = login("viewer")
    for url in (DASHBOARD + ".json?status=final", DASHBOARD + ".json?status=all&status=draft",
                f"{DASHBOARD}/explain/area:compliance.json?status=final",
                f"/compare.json?w={EARLIER}&w={LATEST}&status=final"):
        response = viewer.get(url)
        assert response.status_code == 400, url
        assert "draft, reviewed, validated" in response.json()["message"], url


def test_the_comparison_counts_what_its_url_says(login: Login, web_database: Database) -> None:
    admin = login("admin")
    both = f"/compare.json?w={EARLIER}&w={LATEST}"
    default = admin.get(both).json()
    everything = admin.get(both + "&status=all").json()
    assert default["comparison"]["workspaces"][0]["statuses"] == ["validated"]
    assert everything["comparison"]["workspaces"][0]["statuses"] is None
    assert default["counting"]["status"] == ["validated"]
    assert [c["key"] for c in everything["counted"]] == [EARLIER, LATEST]
    assert everything["counted"][1]["counted"] == sum(statuses(web_database).values())
    row = everything["comparison"]["rows"][0]
    assert all(v["url"].endswith("?status=all") for v in row["values"] if v["url"])
    soup = page(admin.get(f"/compare?w={EARLIER}&w={LATEST}&status=all"))
    radio = soup.find("input", attrs={"name": "status", "value": "all"})
    assert isinstance(radio, Tag) and radio.has_attr("checked")
    texts = [p.get_text(" ", strip=True) for p in soup.select("p.counting-text")]
    assert len(texts) == 2 and all("Counting all " in t for t in texts)


def test_the_filter_is_part_of_the_analysis_cache_key(web_database: Database) -> None:
    only = service.analysed(web_database, key=LATEST, statuses=("validated",))
    every = service.analysed(web_database, key=LATEST)
    assert only is not every
    assert only is service.analysed(web_database, key=LATEST, statuses=("validated",))
    assert every is service.analysed(web_database, key=LATEST)
    assert only.report.statuses == ("validated",) and every.report.statuses is None


def test_the_api_and_its_analysis_share_the_vocabulary(client: TestClient,
                                                       web_database: Database) -> None:
    secret = accounts.create_token(web_database, operator("setup"), username="viewer", name="tests")
    headers = {"Authorization": f"Bearer {secret}"}
    base = f"/api/workspaces/{LATEST}"
    everything = client.get(f"{base}/analysis?status=all", headers=headers).json()
    assert everything == client.get(f"{base}/analysis", headers=headers).json()
    assert everything["filter"] == {"statuses": None}
    validated = client.get(f"{base}/analysis?status=validated", headers=headers).json()
    assert validated["filter"] == {"statuses": ["validated"]}
    explained = client.get(f"{base}/explain/area:compliance?status=all", headers=headers)
    assert explained.status_code == 200
    admin = accounts.create_token(web_database, operator("setup"), username="admin", name="tests")
    compared = client.get(f"/api/compare?w={EARLIER}&w={LATEST}&status=validated",
                          headers={"Authorization": f"Bearer {admin}"}).json()
    assert compared["workspaces"][0]["statuses"] == ["validated"]
