"""Importing an indicator panel from the browser (``/indicators/import``): curators upload a
CSV or XLSX file with the command line's options (mapping, indicator, layout, source, where)
and see what the import did; a refused file comes back with every problem by file, row and
column and nothing stored; only curators may, and never without the CSRF token."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

from bs4 import Tag
from fastapi.testclient import TestClient
from httpx2 import Response
from openpyxl import Workbook

from impactkit.catalogue.indicator_model import Indicator
from impactkit.domain import PanelValue
from impactkit.services.accounts import operator
from impactkit.services.catalogue import stored_catalogue
from impactkit.services.indicators import define_indicator, panel
from impactkit.store import audit
from impactkit.store.db import Database
from impactkit.store.indicator_panel import PANEL
from tests.web.conftest import LATEST, csrf_of
from tests.web.test_records import soup

Login = Callable[[str], TestClient]
URL = "/indicators/import"
MARRIAGE = "child-marriage-sdg-5-3-1"
UNDER5 = "under5-mortality-sdg-3-2-1"
SAMPLES = Path(__file__).parents[1] / "exchange" / "panel_samples"
PLAIN = (b"iso3,yr,value_pct,comment\n"
         b"AFG,2017,28.3,DHS\n"
         b"ALB,2018,11.8,\n"
         b"BGD,2019,,no survey\n")
"""A plain table whose columns need a mapping; BGD has no value (skipped, counted)."""
MAPPING = "iso3=jurisdiction\nyr=year\nvalue_pct=value"
COUNTRIES = ["AFG", "ALB", "BGD", "DZA", "BEN"]


def upload(client: TestClient, name: str, content: bytes, *, csrf: bool = True,
           **fields: str) -> Response:
    """The form posted as a browser does: the file, the fields, the session's token."""
    data: dict[str, Any] = {"layout": "auto", **fields}
    if csrf:
        data["csrf_token"] = csrf_of(client, "/")
    return client.post(URL, data=data, files={"file": (name, content, "text/csv")},
                       follow_redirects=False)


def stored(db: Database) -> dict[str, list[PanelValue]]:
    return panel(db, operator("test"), jurisdictions=COUNTRIES)


def imports(db: Database) -> int:
    """How many panel imports the audit trail records (the demo has some of its own)."""
    with db.connect() as conn:
        return audit.count(conn, entity=PANEL)


def counts_of(response: Response) -> dict[str, int]:
    return {str(dd["data-count"]): int(dd.get_text(strip=True))
            for dd in soup(response).select("dd[data-count]")}


def problems_of(response: Response) -> list[list[str]]:
    """The problems table: [file, row, column, message] per problem."""
    return [[td.get_text(strip=True) for td in row("td")]
            for row in soup(response).select(".error-summary table tbody tr")]


def test_a_curator_imports_a_mapped_table_and_sees_what_it_did(
        login: Login, web_database: Database) -> None:
    reviewer = login("reviewer")  # a reviewer of some workspace is a curator
    form = reviewer.get(URL)
    assert form.status_code == 200
    html = soup(form)
    assert html.find("input", attrs={"name": "csrf_token"}) is not None
    assert [str(r["value"]) for r in html.select('input[name="layout"]')] == [
        "auto", "columns", "sdmx"]
    offered = [str(o["value"]) for o in html.select('select[name="indicator"] option')]
    assert offered[0] == "" and MARRIAGE in offered and UNDER5 in offered
    assert {"jurisdiction", "year", "value", "indicator", "source", "note"} <= {
        code.get_text() for code in html.select("#panel-mapping-help dt code")}

    done = upload(reviewer, "marriage.csv", PLAIN, indicator=MARRIAGE, mapping=MAPPING,
                  source="Test survey")
    assert done.status_code == 200, done.text
    assert counts_of(done) == {"values": 2, "added": 2, "replaced": 0, "unchanged": 0}
    page = soup(done)
    status = page.find(attrs={"role": "status"})
    assert isinstance(status, Tag) and "read from marriage.csv (columns layout)" in status.text
    assert [str(li["data-code"]) for li in page.select("ul.jurisdictions li")] == ["AFG", "ALB"]
    assert "Afghanistan" in page.select("ul.jurisdictions li")[0].text
    skipped = [[td.get_text(strip=True) for td in row("td")]
               for row in page.select("table.skipped tbody tr")]
    assert skipped == [["no value", "1"]]
    assert [li.get_text(strip=True) for li in page.select("ul.ignored-columns li")] == [
        "comment"]
    values = stored(web_database)
    assert [(v.indicator, v.year, v.value, v.source) for v in values["AFG"]] == [
        (MARRIAGE, 2017, 28.3, "Test survey")]
    assert [(v.year, v.value) for v in values["ALB"]] == [(2018, 11.8)]
    assert "BGD" not in values
    with web_database.connect() as conn:
        entry = audit.history(conn, entity=PANEL, limit=1)[0]
    assert (entry.user, entry.record_key) == ("reviewer", "marriage.csv")

    again = upload(reviewer, "marriage.csv", PLAIN, indicator=MARRIAGE, mapping=MAPPING,
                   source="Test survey")
    assert again.status_code == 200
    assert counts_of(again) == {"values": 2, "added": 0, "replaced": 0, "unchanged": 2}
    assert stored(web_database) == values


def test_a_malformed_file_lists_every_problem_and_stores_nothing(
        login: Login, web_database: Database) -> None:
    before, trail = stored(web_database), imports(web_database)
    admin = login("admin")
    bad = (b"iso3,yr,value_pct\n"
           b"AFG,2017,28.3\n"
           b"ALB,20x8,11.8\n"
           b"DZA,2019,\"3,8\"\n"
           b"ZZZ,2019,5.0\n")
    # the browser's file name, with a folder part and odd characters, is kept but sanitised
    refused = upload(admin, "../My panel?.csv", bad, indicator=MARRIAGE, mapping=MAPPING)
    assert refused.status_code == 422
    problems = problems_of(refused)
    assert [(p[0], p[1]) for p in problems] == [("My panel_.csv", "3"), ("My panel_.csv", "4"),
                                                ("My panel_.csv", "5")]
    assert [p[2] for p in problems] == ["yr", "value_pct", "iso3"]
    assert "20x8" in problems[0][3] and "ZZZ" in problems[2][3]
    summary = soup(refused).select_one(".error-summary strong")
    assert isinstance(summary, Tag) and "nothing was imported" in summary.text
    html = soup(refused)  # the form comes back as it was sent
    mapping = html.find("textarea", attrs={"name": "mapping"})
    assert isinstance(mapping, Tag) and mapping.text == MAPPING
    chosen = html.select_one('select[name="indicator"] option[selected]')
    assert isinstance(chosen, Tag) and chosen["value"] == MARRIAGE
    assert stored(web_database) == before and imports(web_database) == trail


def test_unreadable_options_are_refused_before_the_file_is_read(
        login: Login, web_database: Database) -> None:
    before = stored(web_database)
    admin = login("admin")
    refused = upload(admin, "marriage.csv", PLAIN, indicator=MARRIAGE,
                     mapping="iso3\nvalue_pct=colour", where="SEX")
    assert refused.status_code == 422
    problems = problems_of(refused)
    assert [p[2] for p in problems] == ["mapping", "mapping", "where"]
    assert "'iso3'" in problems[0][3] and "COLUMN=FIELD" in problems[1][3]
    assert "line 1: 'SEX' is not DIMENSION=VALUE" in problems[2][3]
    no_file = admin.post(URL, data={"csrf_token": csrf_of(admin, "/"), "layout": "auto",
                                    "where": "SEX"},
                         files={"other": ("x.txt", b"", "text/plain")},
                         follow_redirects=False)
    assert no_file.status_code == 422
    assert [p[2] for p in problems_of(no_file)] == ["file", "where"]
    wrong_type = upload(admin, "marriage.ods", PLAIN, indicator=MARRIAGE, mapping=MAPPING)
    assert wrong_type.status_code == 422
    assert "marriage.ods" in problems_of(wrong_type)[0][0]
    unknown = upload(admin, "marriage.csv", PLAIN, indicator="no-such-indicator",
                     mapping=MAPPING)
    assert unknown.status_code == 422 and "no-such-indicator" in soup(unknown).text
    assert stored(web_database) == before


def test_an_sdmx_export_imports_with_no_mapping(login: Login, web_database: Database) -> None:
    admin = login("admin")
    sample = (SAMPLES / "unicef_labelled.csv").read_bytes()
    done = upload(admin, "unicef_labelled.csv", sample)
    assert done.status_code == 200, done.text
    assert counts_of(done) == {"values": 5, "added": 5, "replaced": 0, "unchanged": 0}
    page = soup(done)
    status = page.find(attrs={"role": "status"})
    assert isinstance(status, Tag) and "(sdmx layout)" in status.text
    read = {row.th.get_text(strip=True): row.td.get_text(strip=True)
            for row in page.select("table.indicators-read tbody tr") if row.th and row.td}
    assert read == {MARRIAGE: "2", UNDER5: "3"}
    skipped = {row("td")[0].get_text(strip=True): row("td")[1].get_text(strip=True)
               for row in page.select("table.skipped tbody tr")}
    assert skipped == {"SEX is not a total": "6", "no value": "1",
                       "REF_AREA is a region or group, not a country": "1"}
    ignored = [li.get_text(strip=True) for li in page.select("ul.ignored-columns li")]
    assert "UNIT_MEASURE:Unit of measure" in ignored
    values = stored(web_database)
    assert [(v.indicator, v.year, v.value) for v in values["AFG"]
            if v.indicator == UNDER5] == [(UNDER5, 2019, 60.3), (UNDER5, 2020, 58.0)]

    female = upload(admin, "unicef_labelled.csv", sample, where="SEX=F")
    assert female.status_code == 200, female.text
    # the females' under-five mortality replaces the totals; child marriage is unchanged
    assert counts_of(female) == {"values": 5, "added": 0, "replaced": 3, "unchanged": 2}
    assert [(v.year, v.value) for v in stored(web_database)["AFG"]
            if v.indicator == UNDER5] == [(2019, 56.1), (2020, 53.9)]


def test_a_workbook_imports_from_its_panel_sheet(login: Login, web_database: Database) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "notes"
    first.append(["nothing to read here"])
    sheet = book.create_sheet("panel")
    sheet.append(["jurisdiction", "year", "value", "indicator"])
    sheet.append(["BEN", 2018, 30.6, MARRIAGE])
    sheet.append(["DZA", 2019, 3.8, MARRIAGE])
    content = BytesIO()
    book.save(content)
    done = upload(login("admin"), "panel.xlsx", content.getvalue())
    assert done.status_code == 200, done.text
    assert counts_of(done) == {"values": 2, "added": 2, "replaced": 0, "unchanged": 0}
    values = stored(web_database)
    assert [(v.indicator, v.year, v.value) for v in values["BEN"]] == [(MARRIAGE, 2018, 30.6)]
    assert [(v.year, v.value) for v in values["DZA"]] == [(2019, 3.8)]


def test_a_defined_indicator_is_offered_and_the_form_has_a_json_twin(
        login: Login, web_database: Database) -> None:
    tip = Indicator.model_validate({"code": "tip-tier", "title": "US TIP report tier",
                                    "type": "outcome", "unit": "tier"})
    define_indicator(web_database, operator("setup"), indicator=tip,
                     catalogue=stored_catalogue(web_database))
    reviewer = login("reviewer")
    html = soup(reviewer.get(URL))
    group = html.select_one('optgroup[label="Indicators defined in this database"]')
    assert isinstance(group, Tag)
    assert [str(o["value"]) for o in group("option")] == ["tip-tier"]
    twin = reviewer.get(URL + ".json").json()
    assert "tip-tier" in twin["indicators"] and MARRIAGE in twin["indicators"]
    assert twin["layouts"] == ["auto", "columns", "sdmx"] and twin["problems"] == []


def test_curators_are_offered_the_page_from_the_indicator_pages(login: Login) -> None:
    reviewer = login("reviewer")
    listed = soup(reviewer.get(f"/workspaces/{LATEST}/indicators")).find(
        "a", attrs={"href": URL})
    assert isinstance(listed, Tag)
    assert isinstance(soup(reviewer.get("/indicators/define")).find("a", attrs={"href": URL}),
                      Tag)
    viewer = login("viewer")
    assert soup(viewer.get(f"/workspaces/{LATEST}/indicators")).find(
        "a", attrs={"href": URL}) is None


def test_only_curators_import_and_never_without_the_csrf_token(
        login: Login, client: TestClient, web_database: Database) -> None:
    before, trail = stored(web_database), imports(web_database)
    for name in ("viewer", "contributor", "outsider"):
        user = login(name)
        assert user.get(URL).status_code == 403, name
        assert user.get(URL + ".json").status_code == 403, name
        refused = upload(user, "marriage.csv", PLAIN, indicator=MARRIAGE, mapping=MAPPING)
        assert refused.status_code == 403, name
    anonymous = client.get(URL, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    admin = login("admin")
    # no token: refused once the form is read. Sent as a plain form: a multipart one refused
    # there leaves its spooled file open (web.security.csrf_protect does not close it)
    forged = admin.post(URL, data={"layout": "auto", "indicator": MARRIAGE,
                                   "mapping": MAPPING}, follow_redirects=False)
    assert forged.status_code == 403 and "CSRF" in forged.text
    wrong = admin.post(URL, data={"layout": "auto", "mapping": MAPPING},
                       files={"file": ("marriage.csv", PLAIN, "text/csv")},
                       headers={"X-CSRF-Token": "not-the-token"}, follow_redirects=False)
    assert wrong.status_code == 403 and "CSRF" in wrong.text
    assert stored(web_database) == before and imports(web_database) == trail
