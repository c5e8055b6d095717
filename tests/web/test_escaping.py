"""A script in *every* free-text field of every kind of record is shown as text on every
page that shows it: the fields come from the record specs (services.record_fields), so a
field added tomorrow is covered tomorrow. Pages are read with an HTML parser."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from impactkit.services import accounts
from impactkit.services.record_fields import FIELDS
from impactkit.services.records import get_record, update_record
from impactkit.store.accounts import find_user
from impactkit.store.db import Database
from impactkit.store.records import load_workspace_data
from tests.web.conftest import LATEST

Login = Callable[[str], TestClient]
PAYLOAD = "<script>alert('x')</script><img src=x onerror=alert(1)>"
FREE_TEXT = {entity: [s.name for s in specs if s.kind in ("text", "textarea")
                      and s.name not in ("date",)]
             for entity, specs in FIELDS.items()}
"""Free-text fields by kind of record (a date is checked as one, so it cannot hold this)."""


@pytest.fixture
def scripted(web_database: Database) -> dict[str, tuple[str, list[str]]]:
    """The first record of each kind (by key: it shows on the first page of its list) with
    the payload in every free-text field, saved through the editing services."""
    with web_database.connect() as conn:
        admin = accounts.Principal(user=find_user(conn, username="admin"))
        data = load_workspace_data(conn, workspace_key=LATEST)
    stored = {"findings": data.findings, "evidence": data.evidence, "actors": data.actors,
              "instruments": data.instruments, "mandates": data.mandates,
              "links": data.links, "indicator-values": data.indicator_values}
    chosen: dict[str, tuple[str, list[str]]] = {}
    for entity, fields in FREE_TEXT.items():
        key = min(r.key for r in stored[entity])
        current = get_record(web_database, admin, workspace_key=LATEST, entity=entity, key=key)
        changes = {name: f"{name} {PAYLOAD}" for name in fields}
        update_record(web_database, admin, workspace_key=LATEST, entity=entity,
                      record=dataclasses.replace(current, **changes),
                      expected_version=current.version)
        chosen[entity] = (key, fields)
    return chosen


def test_every_free_text_field_of_every_record_is_shown_escaped(
        login: Login, scripted: dict[str, tuple[str, list[str]]]) -> None:
    admin = login("admin")
    unescaped, missing = [], []
    for entity, (key, fields) in scripted.items():
        for url in (f"/workspaces/{LATEST}/{entity}", f"/workspaces/{LATEST}/{entity}/{key}",
                    f"/workspaces/{LATEST}/{entity}/{key}/edit",
                    f"/workspaces/{LATEST}/{entity}/{key}/history"):
            page = admin.get(url)
            assert page.status_code == 200, url
            soup = BeautifulSoup(page.text, "html.parser")
            if any("alert" in (s.string or "") for s in soup.find_all("script")) \
                    or soup.find("img", attrs={"onerror": True}):
                unescaped.append(url)
        shown = BeautifulSoup(admin.get(f"/workspaces/{LATEST}/{entity}/{key}").text,
                              "html.parser").get_text()
        missing += [f"{entity}.{name}" for name in fields if f"{name} {PAYLOAD}" not in shown]
    assert not unescaped, "pages showing a stored script as markup: " + ", ".join(unescaped)
    assert not missing, "free-text fields not shown on their record's page: " + \
        ", ".join(missing)
