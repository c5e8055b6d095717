"""The findings list (filters in the URL, paging, htmx, JSON twin, speed) and a finding's
page (every field, evidence, escaping)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from urllib.parse import urlencode

from fastapi.testclient import TestClient

from impactkit.catalogue.loader import load_default_catalogue
from impactkit.domain import Finding
from impactkit.services import accounts
from impactkit.services.records import get_record, update_record
from impactkit.store.accounts import find_user
from impactkit.store.db import Database
from impactkit.store.records import load_workspace_data
from tests.web.conftest import LATEST
from tests.web.test_records import W, soup

Login = Callable[[str], TestClient]


def demo_findings(db: Database) -> list[Finding]:
    with db.connect() as conn:
        return sorted(load_workspace_data(conn, workspace_key=LATEST).findings,
                      key=lambda f: f.key)


def listed(client: TestClient, **filters: str) -> tuple[list[str], int]:
    body = client.get(f"{W}/findings.json?{urlencode({**filters, 'per_page': '500'})}").json()
    return [item["key"] for item in body["items"]], body["total"]


def test_filters_in_the_url_select_what_a_plain_reading_of_the_data_selects(
        login: Login, web_database: Database) -> None:
    viewer = login("viewer")
    findings = demo_findings(web_database)
    catalogue = load_default_catalogue()
    violence = set(next(c for c in catalogue.clusters if c.code == "violence").provisions)

    def reaches_violence(f: Finding) -> bool:
        """Analysis's reading: the finding names or reaches a provision of the cluster."""
        reached = set(f.provisions) | {p for c in catalogue.clusters if c.code in f.clusters
                                       for p in c.provisions}
        return bool(reached & violence)

    expectations: list[tuple[dict[str, str], Callable[[Finding], bool]]] = [
        ({"area": "compliance"}, lambda f: f.area == "compliance"),
        ({"layer": "practice", "status": "draft"},
         lambda f: f.layer == "practice" and f.status == "draft"),
        ({"sector": "labour", "group": "working"},
         lambda f: "labour" in f.sectors and "working" in f.groups),
        ({"rating": "0"}, lambda f: f.rating == 0),
        ({"rating": "not-assessed"}, lambda f: f.rating_state == "not-assessed"),
        ({"provision": "CRC-32"},
         lambda f: "CRC-32" in f.provisions or "special-protection" in f.clusters),
        ({"cluster": "violence"}, reaches_violence),
        ({"text": "inspect"},
         lambda f: "inspect" in f.title.lower() or "inspect" in f.narrative.lower()),
    ]
    for filters, keep in expectations:
        expected = [f.key for f in findings if keep(f)]
        assert expected, f"the demo should have findings for {filters}"
        assert listed(viewer, **filters) == (expected, len(expected)), filters
    # the page shows the same count, and the filter form holds the chosen values
    page = soup(viewer.get(f"{W}/findings?area=compliance&layer=practice"))
    expected_count = sum(1 for f in findings if f.area == "compliance"
                         and f.layer == "practice")
    assert f"of {expected_count} matching the filters" in page.find(id="count").text  # type: ignore[union-attr]
    form = page.find("form", class_="filters")
    assert form is not None and form["method"] == "get"
    chosen = {s["name"]: s.find("option", selected=True) for s in form.find_all("select")}
    assert chosen["area"]["value"] == "compliance"  # type: ignore[index]
    assert chosen["layer"]["value"] == "practice"  # type: ignore[index]
    assert chosen["sector"] is None
    assert {s["name"] for s in form.find_all(["select", "input"])} == {
        "area", "layer", "cluster", "provision", "sector", "group", "status", "rating", "text"}


def test_sql_metacharacters_in_filters_are_plain_text(login: Login,
                                                      web_database: Database) -> None:
    viewer = login("viewer")
    total = len(demo_findings(web_database))
    for text in ("' OR 1=1 --", "%", "_", "%%", "\" OR \"\"=\"", "'; DROP TABLE findings; --"):
        expected = [f.key for f in demo_findings(web_database)
                    if text.lower() in f.title.lower() or text.lower() in f.narrative.lower()]
        assert listed(viewer, text=text) == (expected, len(expected)), text
        for name in ("area", "cluster", "provision", "sector", "group", "status"):
            assert listed(viewer, **{name: text}) == ([], 0), (name, text)
        assert viewer.get(f"{W}/findings?{urlencode({'text': text})}").status_code == 200
    assert listed(viewer)[1] == total  # nothing was dropped


def test_a_rating_filter_that_is_no_rating_is_explained(login: Login) -> None:
    page = login("viewer").get(f"{W}/findings?rating=' OR 1=1 --")
    assert page.status_code == 422
    assert "is not a rating filter" in page.text
    assert "No finding matches these filters" in page.text


def test_the_list_is_paged_in_key_order_and_links_keep_the_filters(
        login: Login, web_database: Database) -> None:
    viewer = login("viewer")
    drafts = [f.key for f in demo_findings(web_database) if f.status == "draft"]
    assert len(drafts) > 50
    second = viewer.get(f"{W}/findings?status=draft&page=2")
    page = soup(second)
    shown = [row.find("span", class_="code").text  # type: ignore[union-attr]
             for row in page.select("table.records tbody tr")]
    assert shown == drafts[50:100]
    pager = page.find("nav", class_="pager")
    assert pager is not None
    previous = pager.find("a", rel="prev")
    assert previous is not None and previous["href"] == f"{W}/findings?status=draft&page=1"
    body = viewer.get(f"{W}/findings.json?status=draft&page=2").json()
    assert (body["page"], body["per_page"], body["pages"], body["total"]) == (
        2, 50, -(-len(drafts) // 50), len(drafts))
    assert body["filters"] == {"status": "draft"}
    assert body["items"][0]["key"] == drafts[50]


def test_htmx_gets_only_the_results(login: Login) -> None:
    viewer = login("viewer")
    partial = viewer.get(f"{W}/findings?area=coherence",
                         headers={"HX-Request": "true", "HX-Target": "results"})
    assert partial.status_code == 200
    assert partial.text.lstrip().startswith('<section id="results"')
    assert "<html" not in partial.text
    full = viewer.get(f"{W}/findings?area=coherence")
    assert "<html" in full.text and 'hx-push-url="true"' in full.text


def test_a_kept_results_table_gives_way_to_the_next_change(
        login: Login, web_database: Database) -> None:
    """The results table is kept per data version (web/fragments.py): a change made
    elsewhere (here through the service layer, as the CLI or the API would) must show on
    the very next view, with the same filters, on both databases."""
    viewer = login("viewer")
    url = f"{W}/findings?layer=practice"
    first = viewer.get(url)
    assert viewer.get(url).text == first.text  # kept: the same table again
    with web_database.connect() as conn:
        admin = accounts.Principal(user=find_user(conn, username="admin"))
    shown = soup(first).select_one("#results tbody th a")
    assert shown is not None
    finding_key = shown["href"].rsplit("/", 1)[-1]
    current = get_record(web_database, admin, workspace_key=LATEST, entity="findings",
                         key=finding_key)
    update_record(web_database, admin, workspace_key=LATEST, entity="findings",
                  record=dataclasses.replace(current, title="Renamed since the last view"),
                  expected_version=current.version)
    after = soup(viewer.get(url)).select_one("#results tbody th a")
    assert after is not None and after.text == "Renamed since the last view"
    partial = viewer.get(url, headers={"HX-Request": "true", "HX-Target": "results"})
    assert "Renamed since the last view" in partial.text


def test_a_finding_page_shows_every_field_its_evidence_and_escaped_text(
        login: Login, web_database: Database) -> None:
    with web_database.connect() as conn:
        data = load_workspace_data(conn, workspace_key=LATEST)
        admin = accounts.Principal(user=find_user(conn, username="admin"))
    finding = next(f for f in sorted(data.findings, key=lambda f: f.key)
                   if f.groups and f.status == "validated")
    evidence = sorted(e.title for e in data.evidence if e.finding_key == finding.key)
    current = get_record(web_database, admin, workspace_key=LATEST, entity="findings",
                         key=finding.key)
    update_record(web_database, admin, workspace_key=LATEST, entity="findings",
                  record=dataclasses.replace(current, narrative="<script>alert('x')</script>"),
                  expected_version=current.version)
    viewer = login("viewer")
    response = viewer.get(f"{W}/findings/{finding.key}")
    assert response.status_code == 200
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in response.text
    assert "<script>alert" not in response.text
    page = soup(response)
    fields = {dt.text: dd for dt, dd in zip(page.select("dl.record dt"),
                                            page.select("dl.record dd"), strict=True)}
    assert set(finding.provisions) <= set(fields["Provisions"].text.split())
    assert all(group in fields["Child groups"].text for group in finding.groups)
    assert fields["Validated by"].text == finding.validated_by
    assert fields["Area of analysis"].find("span", class_="code").text == finding.area  # type: ignore[union-attr]
    shown = sorted(a.text for a in page.select("#evidence-heading ~ table tbody th a"))
    assert shown == evidence
    twin = viewer.get(f"{W}/findings/{finding.key}.json").json()
    assert twin["finding"]["narrative"] == "<script>alert('x')</script>"
    assert twin["finding"]["version"] == current.version + 1
    assert sorted(e["title"] for e in twin["evidence"]) == evidence
    assert twin["actions"] == []
