"""The workspace dashboard and the explanation pages, on the demo (SQLite and PostgreSQL).

Expectations come from the analysis engine itself, through the same service the CLI's
``impact analyse --json`` and ``impact explain --json`` print (``to_dict``): the pages must show
exactly those numbers, formatted one way (score to one decimal, coverage as a whole percent),
and every number must lead to an explanation that resolves. The pages count validated
findings only unless ``?status=all`` says otherwise (tests/web/test_counting.py), so the
expectations here are the engine's with ``--status validated``.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient

from impactkit.analysis import TARGET_FORMS, score_matrix
from impactkit.services import accounts
from impactkit.services import dashboard as service
from impactkit.services.accounts import operator
from impactkit.services.analysis import analyse_workspace, explain_score, load_with_catalogue
from impactkit.settings import Settings
from impactkit.store import editing
from impactkit.store.accounts import find_user
from impactkit.store.db import Database
from impactkit.web import analysis_pages as pages
from impactkit.web.app import create_app
from tests.web.conftest import LATEST, log_in

READER = operator("tester")  # the services check access; the CLI's operator reads all

COUNTED = ("validated",)  # what the pages count by default

Login = Callable[[str], TestClient]
DASHBOARD = f"/workspaces/{LATEST}"
CALLERS = 8
WAIT_S = 30.0  # a bound on waiting for threads, so a broken cache fails instead of hanging


def page(response: Any) -> BeautifulSoup:
    assert response.status_code == 200, (response.status_code, response.text[:500])
    return BeautifulSoup(response.text, "html.parser")


def links(soup: BeautifulSoup) -> list[str]:
    main = soup.find("main")
    assert isinstance(main, Tag)
    return [str(a["href"]) for a in main.find_all("a", href=True)]


def explain_url(target: str) -> str:
    return f"{DASHBOARD}/explain/{target}"


def score_text(value: float | None) -> str:
    return "not assessed" if value is None else f"{value:.1f}"


def site_admin(db: Database) -> accounts.Principal:
    with db.connect() as conn:
        return accounts.Principal(user=find_user(conn, username="admin"))


def cell_of(soup: BeautifulSoup, target: str) -> Tag:
    cell = soup.find("td", attrs={"data-target": target})
    assert isinstance(cell, Tag), target
    return cell


# --- the heatmap -----------------------------------------------------------------------------


def test_heatmap_is_an_accessible_table_with_unassessed_cells_set_apart(login: Login) -> None:
    viewer = login("viewer")
    soup = page(viewer.get(DASHBOARD))
    data = viewer.get(DASHBOARD + ".json").json()
    table = soup.find("table", class_="heatmap")
    assert isinstance(table, Tag)
    assert table.find("caption") is not None
    assert all(th.get("scope") == "col" for th in table.thead.find_all("th"))
    assert all(th.get("scope") == "row" for th in table.tbody.find_all("th"))
    cells = [c for row in data["heatmap"]["rows"] for c in row["cells"]]
    assert len(cells) == 9 * 5  # the default catalogue's clusters x areas
    assert len(table.find_all("td", class_="heat")) == len(cells)
    states = {c["state"] for c in cells}
    assert states == {"scored", "not-assessed"}  # the demo leaves one cell unassessed
    for cell in cells:
        td = cell_of(soup, cell["target"])
        cluster, area = cell["target"].split(":")[1:]
        assert cell["target"] == f"cell:{cluster}:{area}"
        assert [a["href"] for a in td.find_all("a")] == [explain_url(cell["target"])]
        text = td.get_text(" ", strip=True)
        classes = td["class"]
        if cell["state"] == "not-assessed":
            # no number at all, a word and a pattern of its own, never a colour band
            assert cell["score"] is None
            assert text.startswith("not assessed")
            assert "heat-none" in classes
            assert not any(c[5:].isdigit() for c in classes if c.startswith("heat-"))
        else:
            band = min(int(cell["score"] // 10), 9)
            assert f"heat-{band}" in classes and "heat-none" not in classes
            assert text.startswith(f"{cell['score']:.1f} ")
            assert td["data-score"] == str(cell["score"])
        assert f"{cell['coverage'] * 100:.0f}% covered" in text
    unassessed = cell_of(soup, "cell:general-measures:inclusion")
    assert "not assessed" in unassessed.get_text()
    legend = soup.find("ul", class_="legend")
    assert isinstance(legend, Tag) and "not assessed" in legend.get_text()


def test_heatmap_cells_equal_the_matrix_and_their_explanations(login: Login,
                                                               web_database: Database) -> None:
    viewer = login("viewer")
    data = viewer.get(DASHBOARD + ".json").json()
    workspace, catalogue = load_with_catalogue(web_database, LATEST)
    matrix = score_matrix(workspace, catalogue, statuses=COUNTED)
    for row in data["heatmap"]["rows"]:
        for cell in row["cells"]:
            cluster, area = cell["target"].split(":")[1:]
            expected = matrix.cell(cluster, area).to_dict()
            for name in ("score", "coverage", "covered_cells", "total_cells", "n_findings",
                         "n_not_assessed"):
                assert cell[name] == expected[name], (cell["target"], name)
            explained = viewer.get(explain_url(cell["target"]) + ".json").json()
            assert explained["explanation"]["score"] == expected
            assert explained["explanation"] == explain_score(
                web_database, READER, key=LATEST, target=cell["target"], statuses=COUNTED).to_dict()


# --- the numbers -----------------------------------------------------------------------------


SCORE_FIELDS = ("target", "score", "coverage", "covered_cells", "total_cells", "n_findings",
                "n_not_assessed")


def same_score(entry: dict[str, Any], score: dict[str, Any]) -> None:
    assert {k: entry[k] for k in SCORE_FIELDS} == {k: score[k] for k in SCORE_FIELDS}
    assert entry["url"] == explain_url(score["target"])


def test_dashboard_numbers_equal_the_analysis_json(login: Login,
                                                   web_database: Database) -> None:
    viewer = login("viewer")
    report = analyse_workspace(web_database, READER, key=LATEST, statuses=COUNTED).to_dict()
    data = viewer.get(DASHBOARD + ".json").json()
    assert {k: data["summary"][k] for k in report["summary"]} == report["summary"]
    for entry, score in zip(data["areas"], report["scores"]["area"], strict=True):
        same_score(entry, score)
    for entry, score in zip(data["layers"], report["scores"]["layer"], strict=True):
        same_score(entry, score)
    for row, score in zip(data["heatmap"]["rows"], report["scores"]["cluster"], strict=True):
        same_score(row["cluster"], score)
    gaps = {g["code"]: g for g in data["gaps"]["clusters"]}
    for gap in report["gaps"]["cluster"]:
        shown = gaps[gap["code"]]
        assert (shown["law_policy"], shown["practice"], shown["gap"], shown["significant"]) == (
            gap["law_policy"]["score"], gap["practice"]["score"], gap["gap"], gap["significant"])
        assert shown["url"] == explain_url(gap["target"])
    assert len(gaps) == 9
    top = report["gaps"]["provision"][:10]
    assert [(g["target"], g["law_policy"], g["practice"], g["gap"]) for g in
            data["gaps"]["provisions"]] == [
        (g["target"], g["law_policy"]["score"], g["practice"]["score"], g["gap"]) for g in top]
    for entry, exclusion in zip(data["exclusions"], report["exclusion"], strict=True):
        same_score(entry, exclusion["inclusion"])
        assert (entry["group"], entry["excluded"]) == (exclusion["group"], exclusion["excluded"])
        assert [(c["criterion"], c["count"]) for c in entry["criteria"]] == [
            (c["criterion"], c["count"]) for c in exclusion["criteria"]]
    assert [e["group"] for e in data["exclusions"] if e["excluded"]] == [
        "unaccompanied", "undocumented"]
    for entry, tension in zip(data["tensions"], report["tensions"], strict=True):
        same_score(entry, tension["score"])
        assert entry["count"] == tension["count"]
    mandates = report["mandates"]
    assert [p["code"] for p in data["mandates"]["uncovered_provisions"]] == [
        u["provision"] for u in mandates["uncovered_provisions"]] == ["CRC-39"]
    assert [f["code"] for f in data["mandates"]["uncovered_forms"]] == [
        u["form"] for u in mandates["uncovered_forms"]]
    assert [u["code"] for u in data["mandates"]["uncoordinated"]] == [
        u["code"] for u in mandates["uncoordinated"]]
    assert [c["link"] for c in data["mandates"]["conflicts"]] == [
        c["link_key"] for c in mandates["conflicts"]]


def test_the_page_shows_the_numbers_of_its_json_twin(login: Login) -> None:
    viewer = login("viewer")
    soup = page(viewer.get(DASHBOARD))
    data = viewer.get(DASHBOARD + ".json").json()
    for entry in [*data["areas"], *data["layers"], *data["tensions"], *data["exclusions"]]:
        anchors = [a for a in soup.find_all("a", attrs={"data-target": entry["target"]})
                   if a.has_attr("data-score")]
        assert anchors, entry["target"]
        for a in anchors:
            assert a["data-score"] == ("" if entry["score"] is None else str(entry["score"]))
            assert a.get_text(strip=True) == score_text(entry["score"])
        covered = soup.find("a", href=entry["url"], attrs={"data-coverage": True})
        assert isinstance(covered, Tag)
        assert covered.get_text(strip=True) == (
            f"{entry['coverage'] * 100:.0f}% ({entry['covered_cells']}/{entry['total_cells']})")
    for gap in [*data["gaps"]["clusters"], *data["gaps"]["provisions"]]:
        if gap["gap"] is None:
            continue
        a = soup.find("a", attrs={"data-target": gap["target"], "data-gap": True})
        assert isinstance(a, Tag)
        assert a["data-gap"] == str(gap["gap"])
        assert a.get_text(strip=True) == f"{gap['gap']:+.1f}"
    chart = soup.find("script", id="gap-chart-data")
    assert isinstance(chart, Tag) and chart["type"] == "application/json"
    assert json.loads(chart.get_text()) == data["gaps"]["clusters"]
    assert soup.find(id="gap-chart")["data-source"] == "gap-chart-data"
    scripts = [s.get("src") for s in soup.find_all("script") if s.get("type") != "application/json"]
    assert None not in scripts  # no inline script (the CSP forbids it)
    assert "/static/vendor/plotly.min.js" in scripts and "/static/js/charts.js" in scripts


def test_every_link_on_the_dashboard_resolves(login: Login) -> None:
    viewer = login("viewer")
    found = sorted(set(links(page(viewer.get(DASHBOARD)))))
    explained = [u for u in found if u.startswith(f"{DASHBOARD}/explain/")]
    assert len(explained) > 100
    for url in found:
        response = viewer.get(url)
        assert response.status_code == 200, url
        if url in explained:
            assert viewer.get(url + ".json").status_code == 200, url


def test_the_assets_of_the_chart_are_local(login: Login) -> None:
    viewer = login("viewer")
    soup = page(viewer.get(DASHBOARD))
    for tag, attribute in (("script", "src"), ("link", "href")):
        for element in soup.find_all(tag):
            if element.has_attr(attribute):
                assert urlsplit(element[attribute]).netloc == "", element
    for asset in ("/static/js/charts.js", "/static/css/dashboard.css",
                  "/static/vendor/plotly.min.js"):
        assert viewer.get(asset).status_code == 200, asset


# --- explanation pages -----------------------------------------------------------------------


def test_explain_page_shows_findings_weights_contributions_rule_and_arithmetic(
        login: Login, web_database: Database) -> None:
    viewer = login("viewer")
    target = "area:compliance"
    expected = explain_score(web_database, READER, key=LATEST, target=target,
                             statuses=COUNTED).to_dict()
    data = viewer.get(explain_url(target) + ".json").json()
    assert data["explanation"] == expected
    soup = page(viewer.get(explain_url(target)))
    text = soup.get_text(" ", strip=True)
    assert expected["arithmetic"] in text
    assert expected["rule"] in text
    assert soup.find("dd", attrs={"data-score": str(expected["score"]["score"])}) is not None
    rows = soup.find("table", class_="explained").tbody.find_all("tr")
    assert len(rows) == len(expected["findings"]) == expected["score"]["n_findings"]
    for row, finding in zip(rows, expected["findings"], strict=True):
        link = row.find("a")
        assert link["href"] == f"{DASHBOARD}/findings/{finding['key']}"
        cells = [td.get_text(strip=True) for td in row.find_all("td")]
        assert cells == [finding["area"], finding["layer"], str(finding["rating"]),
                         finding["confidence"], finding["status"], str(finding["weight"]),
                         f"{finding['weighted_contribution']:.2f}"]
    total = soup.find("td", attrs={"data-total": True})
    assert total.get_text(strip=True) == f"{expected['total_contribution']:.2f}"
    assert abs(expected["total_contribution"] - expected["value"]) < 0.01
    for key in expected["not_assessed"]:
        assert soup.find("a", href=f"{DASHBOARD}/findings/{key}") is not None
    for url in sorted(set(links(soup)))[:40]:  # findings, related numbers, the dashboard
        assert viewer.get(url).status_code == 200, url


def test_explain_a_gap_shows_both_layers(login: Login, web_database: Database) -> None:
    viewer = login("viewer")
    expected = explain_score(web_database, READER, key=LATEST, target="gap:CRC-32",
                             statuses=COUNTED).to_dict()
    assert viewer.get(explain_url("gap:CRC-32") + ".json").json()["explanation"] == expected
    soup = page(viewer.get(explain_url("gap:CRC-32")))
    assert soup.find("dd", attrs={"data-gap": str(expected["value"])}).get_text(
        strip=True) == f"{expected['value']:+.1f}"
    law, practice = expected["components"]
    for side in (law, practice):
        assert side["arithmetic"] in soup.get_text(" ", strip=True)
        assert soup.find("dd", attrs={"data-score": str(side["score"]["score"])}) is not None
    assert len(soup.find_all("section", class_="component")) == 2
    assert expected["total_contribution"] == pytest.approx(expected["value"])


@pytest.mark.parametrize(("target", "status", "says"), [
    ("nonsense", 400, "cannot read explain target"),
    ("colour:blue", 400, "unknown explain target kind"),
    ("cell:violence", 400, "cell:<cluster>:<area>"),
    ("area:complience", 404, "did you mean compliance"),
    ("cell:violence:efectiveness", 404, "did you mean effectiveness"),
])
def test_unknown_targets_list_the_accepted_forms(login: Login, target: str, status: int,
                                                 says: str) -> None:
    viewer = login("viewer")
    response = viewer.get(explain_url(target))
    assert response.status_code == status
    soup = BeautifulSoup(response.text, "html.parser")
    assert says in soup.get_text()
    forms = [code.get_text() for code in soup.find("table").find_all("code")]
    assert forms == list(TARGET_FORMS)
    for url in links(soup):
        assert viewer.get(url).status_code == 200, url
    twin = viewer.get(explain_url(target) + ".json")
    assert twin.status_code == status
    assert twin.json()["accepted"] == list(TARGET_FORMS)
    assert says in twin.json()["message"]


# --- who may see what ------------------------------------------------------------------------


def test_outsiders_are_refused_and_anonymous_visitors_sent_to_log_in(
        client: TestClient, login: Login) -> None:
    outsider = login("outsider")
    for url in (DASHBOARD, DASHBOARD + ".json", explain_url("area:compliance"),
                explain_url("area:compliance") + ".json", explain_url("nonsense")):
        assert outsider.get(url).status_code == 403, url
    response = client.get(DASHBOARD, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next=/workspaces/{LATEST}"
    response = client.get(explain_url("gap:CRC-32"), follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert client.get(DASHBOARD + ".json").status_code == 401


def test_a_public_workspace_shows_its_dashboard_but_not_its_changes(
        client: TestClient, login: Login, web_database: Database) -> None:
    accounts.set_public(web_database, site_admin(web_database), workspace_key=LATEST,
                        public=True)
    for visitor in (client, login("outsider")):
        soup = page(visitor.get(DASHBOARD))
        assert soup.find("table", class_="heatmap") is not None
        assert "Latest changes" not in soup.get_text()
        assert f"{DASHBOARD}/audit" not in links(soup)
        data = visitor.get(DASHBOARD + ".json").json()
        assert data["latest_changes"] is None
        assert data["workspace"]["public"] is True
        assert visitor.get(explain_url("cell:violence:compliance")).status_code == 200
    member = login("viewer")
    soup = page(member.get(DASHBOARD))
    assert "Latest changes" in soup.get_text()
    changes = member.get(DASHBOARD + ".json").json()["latest_changes"]
    assert changes[0]["summary"] == "public read-only mode on"
    assert changes[0]["user"] == "admin"
    with pytest.raises(accounts.PermissionDenied):
        service.latest_changes(web_database, accounts.ANONYMOUS, key=LATEST)


# --- changes show at once --------------------------------------------------------------------


def test_the_dashboard_changes_after_an_edit(login: Login, web_database: Database) -> None:
    viewer = login("viewer")
    before = viewer.get(DASHBOARD + ".json").json()
    page_before = page(viewer.get(DASHBOARD))  # (the page's analysis part is kept, too)
    assert service.analysed(web_database, key=LATEST, statuses=COUNTED) is service.analysed(
        web_database, key=LATEST, statuses=COUNTED)  # nothing changed: served from the cache
    cached = service.analysed(web_database, key=LATEST, statuses=COUNTED)
    workspace, catalogue = load_with_catalogue(web_database, LATEST)
    target = next(f for f in workspace.findings  # rated 3, medium, validated, on CRC-34
                  if f.key == "sexual-exploitation-compliance-law-policy")
    assert (target.rating, target.area) == (3, "compliance")
    with web_database.begin() as conn:
        editing.update_record(
            conn, entity="finding", workspace_key=LATEST,
            record=dataclasses.replace(target, rating=0), expected_version=target.version,
            user="contributor")
    after = viewer.get(DASHBOARD + ".json").json()
    assert service.analysed(web_database, key=LATEST, statuses=COUNTED) is not cached
    edited, _ = load_with_catalogue(web_database, LATEST)
    expected = score_matrix(edited, catalogue, statuses=COUNTED).cell(
        "violence", "compliance").to_dict()
    old = score_matrix(workspace, catalogue, statuses=COUNTED).cell(
        "violence", "compliance").to_dict()

    def shown(data: dict[str, Any]) -> float:
        row = next(r for r in data["heatmap"]["rows"] if r["cluster"]["code"] == "violence")
        return next(c["score"] for c in row["cells"] if c["area"] == "compliance")

    assert shown(before) == old["score"]
    assert shown(after) == expected["score"] < old["score"]
    assert after["latest_changes"][0]["record_key"] == target.key
    assert after["latest_changes"][0]["user"] == "contributor"
    assert after["latest_changes"][0]["kind_label"] == "finding"
    assert cell_of(page_before, "cell:violence:compliance")["data-score"] == str(old["score"])
    soup = page(viewer.get(DASHBOARD))
    assert cell_of(soup, "cell:violence:compliance")["data-score"] == str(expected["score"])
    changes = soup.select_one("section[aria-labelledby=changes-title] tbody tr")
    assert changes is not None and "finding changed" in changes.get_text(" ", strip=True)


def test_score_states_never_show_a_missing_score_as_zero(web_database: Database) -> None:
    report = service.analysed(web_database, key=LATEST).report
    by_state = {pages.score_state(s) for s in report.all_scores()}
    assert "scored" in by_state
    unscored = [s for s in report.all_scores() if s.score is None]
    assert unscored and all(pages.score_state(s) != "scored" for s in unscored)
    zero = next(s for s in report.all_scores() if s.score == 0.0)
    assert pages.score_state(zero) == "scored"


def test_after_a_write_concurrent_views_cost_one_rebuild_and_say_they_are_refreshing(
        web_database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """N views right after a write: one analysis; while it runs, the others are served the
    previous one at once, marked refreshing (they do not queue behind the rebuild)."""
    admin = site_admin(web_database)
    before = pages.dashboard(web_database, admin, key=LATEST)
    assert not before["refreshing"]
    workspace, _ = load_with_catalogue(web_database, LATEST)
    target = next(f for f in workspace.findings
                  if f.key == "sexual-exploitation-compliance-law-policy")
    with web_database.begin() as conn:
        editing.update_record(
            conn, entity="finding", workspace_key=LATEST,
            record=dataclasses.replace(target, rating=0), expected_version=target.version,
            user="contributor")

    release, started, analyses = threading.Event(), threading.Event(), []
    real_analyse = service.analyse_with_matrix

    def held_analyse(*args: Any, **kwargs: Any) -> Any:
        analyses.append(1)
        started.set()
        assert release.wait(WAIT_S), "the test never released the rebuild"
        return real_analyse(*args, **kwargs)

    monkeypatch.setattr(service, "analyse_with_matrix", held_analyse)
    rebuilds = service.rebuilds(web_database)
    with ThreadPoolExecutor(max_workers=1) as pool:
        leader = pool.submit(pages.dashboard, web_database, admin, key=LATEST)
        assert started.wait(WAIT_S)
        with ThreadPoolExecutor(max_workers=CALLERS) as others_pool:
            others = list(others_pool.map(
                lambda _: pages.dashboard(web_database, admin, key=LATEST),
                range(CALLERS), timeout=WAIT_S))  # served while the rebuild is held
        release.set()
        fresh = leader.result(WAIT_S)
    assert len(analyses) == 1 and service.rebuilds(web_database) == rebuilds + 1
    assert all(o["refreshing"] and o["data_version"] == before["data_version"]
               and o["heatmap"] == before["heatmap"] for o in others)
    assert not fresh["refreshing"] and fresh["data_version"] > before["data_version"]
    assert fresh["latest_changes"][0]["record_key"] == target.key
    after = pages.dashboard(web_database, admin, key=LATEST)
    assert not after["refreshing"] and after["heatmap"] == fresh["heatmap"] != before["heatmap"]
    assert len(analyses) == 1


def test_the_page_says_when_it_shows_an_analysis_being_refreshed(
        login: Login, web_database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    viewer = login("viewer")
    assert page(viewer.get(DASHBOARD)).find(id="refreshing") is None
    kept = service.analysed(web_database, key=LATEST)
    monkeypatch.setattr(service, "analysed", lambda db, *, key, statuses=None:
                        dataclasses.replace(kept, refreshing=True))
    notice = page(viewer.get(DASHBOARD)).find(id="refreshing")
    assert isinstance(notice, Tag) and "will be recalculated" in notice.text
    assert viewer.get(DASHBOARD + ".json").json()["refreshing"] is True
    explained = page(viewer.get(explain_url("area:compliance"))).find(id="refreshing")
    assert isinstance(explained, Tag)


def test_under_a_stream_of_writes_the_analysis_is_rebuilt_once_per_refresh_interval(
        web_database: Database) -> None:
    """A server keeping a refresh interval shows the last analysis, marked refreshing,
    to views that come within the interval after a rebuild, and rebuilds at the first
    view after it (the interval is made to end by setting it to 0: nothing is timed)."""
    settings = Settings(secret_key="test-secret-key-not-for-production",
                        analysis_refresh_seconds=60)
    with TestClient(create_app(settings, database=web_database)) as browser:
        log_in(browser, "viewer")
        before = browser.get(DASHBOARD + ".json").json()
        rebuilt = service.rebuilds(web_database)
        workspace, _ = load_with_catalogue(web_database, LATEST)
        target = next(f for f in workspace.findings
                      if f.key == "sexual-exploitation-compliance-law-policy")
        assert target.rating is not None
        for rating in ((target.rating + 1) % 5, (target.rating + 2) % 5):  # two writes
            with web_database.begin() as conn:
                target = editing.update_record(
                    conn, entity="finding", workspace_key=LATEST,
                    record=dataclasses.replace(target, rating=rating),
                    expected_version=target.version, user="contributor")
            during = browser.get(DASHBOARD + ".json").json()
            assert during["refreshing"] is True
            assert (during["data_version"], during["heatmap"]) == (before["data_version"],
                                                                   before["heatmap"])
            notice = page(browser.get(DASHBOARD)).find(id="refreshing")
            assert isinstance(notice, Tag)
        assert service.rebuilds(web_database) == rebuilt
        service.keep_analyses(web_database, refresh_seconds=0)  # the interval is over
        after = browser.get(DASHBOARD + ".json").json()
    assert after["refreshing"] is False and after["data_version"] > before["data_version"]
    assert after["heatmap"] != before["heatmap"]
    assert service.rebuilds(web_database) == rebuilt + 1
