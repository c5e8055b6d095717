"""Templates of the system map's spreadsheets: listed for members of the workspace, linked
from the record lists for contributors, downloaded as CSV and XLSX whose header is the
table's columns and which the importer reads back once filled in."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from impactkit.exchange.map_sheets import COLUMNS_SHEET, header
from impactkit.exchange.map_tables import MAP_TABLE_KINDS, SERVICES, read_map_table
from impactkit.services.catalogue import workspace_catalogue
from impactkit.store.db import Database
from impactkit.store.records import load_workspace_data
from tests.web.conftest import LATEST
from tests.web.test_records import W, soup

Login = Callable[[str], TestClient]
TEMPLATES = f"{W}/map-templates"


def test_the_page_lists_every_template_with_its_columns(login: Login) -> None:
    viewer = login("viewer")
    page = viewer.get(TEMPLATES)
    assert page.status_code == 200
    links = {a["href"] for a in soup(page).select("a[download]")}
    assert links == {f"{TEMPLATES}/{kind}.{suffix}" for kind in MAP_TABLE_KINDS
                     for suffix in ("csv", "xlsx")}
    twin = viewer.get(f"{TEMPLATES}.json").json()
    assert [t["kind"] for t in twin["templates"]] == list(MAP_TABLE_KINDS)
    assert all(t["columns"] == header(t["kind"]) for t in twin["templates"])


@pytest.mark.parametrize("kind", MAP_TABLE_KINDS)
def test_a_csv_template_is_the_header_row_and_reads_back(
        kind: str, login: Login, web_database: Database, tmp_path: Path) -> None:
    response = login("contributor").get(f"{TEMPLATES}/{kind}.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert f'filename="{kind}.csv"' in response.headers["content-disposition"]
    text = response.content.decode("utf-8-sig")
    assert text.splitlines() == [",".join(header(kind))]
    filled = tmp_path / f"{kind}.csv"
    filled.write_text(text + ",".join(row_for(kind)) + "\r\n", encoding="utf-8")
    assert read_back(web_database, filled, kind) == (2 if kind == SERVICES else 1)


@pytest.mark.parametrize("kind", MAP_TABLE_KINDS)
def test_a_workbook_template_explains_each_column_with_the_catalogue_s_codes(
        kind: str, login: Login, web_database: Database, tmp_path: Path) -> None:
    response = login("viewer").get(f"{TEMPLATES}/{kind}.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"] == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [kind, COLUMNS_SHEET]
    sheet, guide = workbook.worksheets
    assert [cell.value for cell in sheet[1]] == header(kind)
    explained = {row[0]: row for row in guide.iter_rows(min_row=2, values_only=True)}
    assert list(explained) == header(kind)
    codes = " ".join(str(row[3]) for row in explained.values())
    catalogue = workspace_catalogue(web_database, LATEST)
    if kind in ("actors", SERVICES):
        assert all(code in codes for code in catalogue.codes("sectors"))
    if kind in ("mandates", SERVICES):
        assert all(code in codes for code in catalogue.codes("mandate_functions"))
    sheet.append(row_for(kind))
    filled = tmp_path / f"{kind}.xlsx"
    workbook.save(filled)
    assert read_back(web_database, filled, kind) == (2 if kind == SERVICES else 1)


def row_for(kind: str) -> list[str]:
    """A row any workspace of the demo accepts in a ``kind`` template."""
    values = {"key": "new-1", "name": "New service", "sector": "child-protection",
              "title": "New law", "kind": "law" if kind == "instruments" else "referral",
              "in_force": "true", "actor_key": "police-atu", "source_key": "police-atu",
              "target_key": "prosecutor-general"}
    return [values.get(name, "") for name in header(kind)]


def read_back(db: Database, path: Path, kind: str) -> int:
    with db.connect() as conn:
        known = load_workspace_data(conn, workspace_key=LATEST)
    incoming = read_map_table(path, kind, workspace_catalogue(db, LATEST), known=known)
    return len(incoming.actors) + len(incoming.instruments) + len(incoming.mandates) + \
        len(incoming.links)


def test_only_members_get_the_templates(client: TestClient, login: Login) -> None:
    anonymous = client.get(f"{TEMPLATES}/mandates.csv", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login")
    assert client.get(f"{TEMPLATES}.json").status_code == 401
    assert login("outsider").get(f"{TEMPLATES}/mandates.csv").status_code == 403
    assert login("viewer").get(f"{TEMPLATES}/findings.csv").status_code == 404
    assert login("viewer").get(f"{TEMPLATES}/mandates.ods").status_code == 404


def test_the_record_lists_of_the_map_link_to_the_templates_for_contributors(
        login: Login) -> None:
    contributor, viewer = login("contributor"), login("viewer")
    for entity in ("actors", "instruments", "mandates", "links"):
        links = [a["href"] for a in soup(contributor.get(f"{W}/{entity}")).select("a")]
        assert TEMPLATES in links, entity
        assert TEMPLATES not in [a["href"] for a in soup(viewer.get(f"{W}/{entity}")).select("a")]
    assert TEMPLATES not in [a["href"] for a in soup(contributor.get(f"{W}/evidence")).select("a")]
