"""Record pages: list, view, create, edit, delete for every kind of record, through forms.

The helpers at the top (``post``, ``soup``, ``version_in``) are shared with the other
editing test modules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from httpx2 import Response

from impactkit import __version__
from impactkit.catalogue.loader import load_default_catalogue
from impactkit.store import audit
from impactkit.store.db import Database
from impactkit.store.records import load_workspace_data
from tests.web.conftest import LATEST, csrf_of

Login = Callable[[str], TestClient]
W = f"/workspaces/{LATEST}"


def post(client: TestClient, url: str, data: dict[str, Any] | list[tuple[str, str]],
         **kwargs: Any) -> Response:
    """A form post as a browser makes it: with the session's CSRF token, no redirects."""
    items = list(data.items()) if isinstance(data, dict) else list(data)
    form: dict[str, list[str]] = {"csrf_token": [csrf_of(client, "/")]}
    for name, value in items:
        form.setdefault(name, []).extend(value if isinstance(value, list) else [value])
    return client.post(url, data=form, follow_redirects=False, **kwargs)


def soup(response: Response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def version_in(page: Response) -> str:
    found = soup(page).find("input", attrs={"name": "version"})
    assert found is not None, "the form carries no version"
    return str(found["value"])


def draft_finding(db: Database, *, without_evidence: bool = True) -> str:
    with db.connect() as conn:
        data = load_workspace_data(conn, workspace_key=LATEST)
    with_evidence = {e.finding_key for e in data.evidence}
    return min(f.key for f in data.findings if f.status == "draft"
               and (f.key not in with_evidence) == without_evidence)


# entity -> (form to create, form changes for the edit, text the edited page must show)
CASES: dict[str, tuple[dict[str, Any], dict[str, Any], str]] = {
    "actors": ({"key": "t-actor", "name": "Youth court", "sector": "judiciary",
                "level": "regional", "type": "court", "description": "Hears cases."},
               {"level": "local"}, "local"),
    "instruments": ({"key": "t-law", "title": "Youth Justice Act", "kind": "law",
                     "year": "2021", "in_force": ["false", "true"],
                     "provisions": ["CRC-37", "CRC-40"], "sectors": ["judiciary"]},
                    {"in_force": ["false"], "provisions": ["CRC-40"]}, "No"),
    "mandates": ({"key": "t-mandate", "actor_key": "asylum-reception",
                  "provisions": ["CRC-22"], "groups": ["unaccompanied"],
                  "functions": ["protection"], "legal_basis": "labour-code"},
                 {"functions": ["protection", "referral"], "legal_basis": ""}, "referral"),
    "links": ({"key": "t-link", "source_key": "asylum-reception",
               "target_key": "guardianship-authority", "kind": "data-sharing"},
              {"kind": "supervision", "notes": "Monthly"}, "Monthly"),
    "evidence": ({"key": "t-evidence", "finding_key": "", "kind": "ngo-report",
                  "title": "Shelter annual report", "reliability": "medium", "date": "2024"},
                 {"title": "Shelter annual report 2024"}, "Shelter annual report 2024"),
    "indicator-values": ({"key": "t-value", "indicator": "minimum-age-employment",
                          "year": "2023", "value": "15", "sector": "labour"},
                         {"value": "16.5"}, "16.5"),
    "findings": ({"key": "t-finding", "title": "Inspectors never visit farms",
                  "area": "effectiveness", "layer": "practice",
                  "provisions": ["CRC-32", "ILO182-3"], "sectors": ["labour"],
                  "groups": ["rural", "working"], "rating": "1", "confidence": "high",
                  "narrative": "No farm was inspected."},
                 {"provisions": ["CRC-32", "CRC-36"], "rating": "not-assessed"},
                 "Not assessed"),
}


def test_every_kind_of_record_is_created_edited_and_deleted_through_its_pages(
        login: Login, web_database: Database) -> None:
    contributor = login("contributor")
    draft = draft_finding(web_database)
    for entity, (created, changes, shown) in CASES.items():
        if entity == "evidence":
            created = {**created, "finding_key": draft}
        base = f"{W}/{entity}"
        form = contributor.get(f"{base}/new")
        assert form.status_code == 200, entity
        assert soup(form).find("form", attrs={"action": f"{base}/new"}) is not None
        made = post(contributor, f"{base}/new", created)
        key = created["key"]
        assert made.status_code == 303, (entity, made.text[:2000])
        assert made.headers["location"] == f"{base}/{key}?saved=1"
        page = contributor.get(made.headers["location"])
        assert page.status_code == 200 and "Saved (version 1)" in page.text, entity

        edit = contributor.get(f"{base}/{key}/edit")
        assert version_in(edit) == "1"
        # the form comes back with the stored values: resubmit them with the changes
        values = _dict(form_values(edit))
        saved = post(contributor, f"{base}/{key}/edit", {**values, **changes, "version": "1"})
        assert saved.status_code == 303, (entity, saved.text[:2000])
        page = contributor.get(f"{base}/{key}")
        assert shown in page.text and "Saved (version 2)" in contributor.get(
            saved.headers["location"]).text, entity

        listed = contributor.get(f"{base}.json").json()
        assert key in [item["key"] for item in listed["items"]] or listed["total"] > 50

        gone = post(contributor, f"{base}/{key}/delete", {"version": "2"})
        assert gone.status_code == 303, (entity, gone.text[:2000])
        assert gone.headers["location"] == f"{base}?deleted={key}"
        assert contributor.get(f"{base}/{key}").status_code == 404, entity
        with web_database.connect() as conn:
            actions = [e.action for e in audit.history(conn, workspace_key=LATEST,
                                                       record_key=key)]
        assert actions == ["delete", "update", "create"], entity


def form_values(page: Response) -> list[tuple[str, str]]:
    """What a browser would submit from the page's record form, unchanged."""
    form = soup(page).find("form", class_="record-form")
    assert form is not None
    values: list[tuple[str, str]] = []
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or name in ("csrf_token", "version"):
            continue
        if field.name == "textarea":
            values.append((name, field.text))
        elif field.name == "select":
            values += [(name, str(o["value"])) for o in field.find_all("option")
                       if o.has_attr("selected")]
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                values.append((name, str(field["value"])))
        else:
            values.append((name, str(field.get("value", ""))))
    return values


def _dict(values: list[tuple[str, str]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for name, value in values:
        merged.setdefault(name, []).append(value)
    return merged


def test_a_finding_edit_audits_the_changed_provision_list(login: Login,
                                                          web_database: Database) -> None:
    contributor = login("contributor")
    key = draft_finding(web_database)
    edit = contributor.get(f"{W}/findings/{key}/edit")
    values = _dict(form_values(edit))
    before = list(values.get("provisions", []))
    saved = post(contributor, f"{W}/findings/{key}/edit",
                 {**values, "provisions": [*before, "CRC-36"], "version": version_in(edit)})
    assert saved.status_code == 303, saved.text[:2000]
    with web_database.connect() as conn:
        entry = audit.history(conn, workspace_key=LATEST, record_key=key)[0]
    assert (entry.action, entry.user, entry.entity) == ("update", "contributor", "finding")
    assert entry.before is not None and entry.after is not None
    assert entry.before["provisions"] == before
    assert entry.after["provisions"] == [*before, "CRC-36"]


def test_a_refused_form_names_each_problem_beside_its_field_and_keeps_the_input(
        login: Login) -> None:
    contributor = login("contributor")
    response = post(contributor, f"{W}/actors/new", {
        "key": "bad|key", "name": "", "sector": "labor", "level": "national",
        "type": "court", "description": "Kept <as typed>"})
    assert response.status_code == 422
    page = soup(response)
    summary = page.find(id="error-summary")
    assert summary is not None and "this actor was not saved: 3 problems" in summary.text
    for field, message in (("key", "contains '|'"), ("name", "name is empty"),
                           ("sector", "did you mean 'labour'")):
        error = page.find(id=f"f-{field}-error")
        assert error is not None and message in error.text, field
        control = page.find(id=f"f-{field}")
        assert control is not None and control.get("aria-invalid") == "true", field
        assert f"f-{field}-error" in str(control.get("aria-describedby")), field
        assert summary.find("a", href=f"#f-{field}") is not None
    assert page.find(id="f-key")["value"] == "bad|key"  # type: ignore[index]
    assert page.find(id="f-description").text == "Kept <as typed>"  # type: ignore[union-attr]
    assert "Kept &lt;as typed&gt;" in response.text
    unknown = page.find(id="f-sector").find("option", selected=True)  # type: ignore[union-attr]
    assert unknown is not None and unknown["value"] == "labor"
    assert contributor.get(f"{W}/actors/bad|key").status_code == 404


def test_selects_offer_catalogue_codes_with_titles_and_workspace_records(
        login: Login) -> None:
    page = soup(login("contributor").get(f"{W}/mandates/new"))
    sector_titles = page.find("fieldset", id="f-groups")
    assert sector_titles is not None and "Unaccompanied" in sector_titles.text
    provisions = page.find("fieldset", id="f-provisions")
    assert provisions is not None
    by_instrument = provisions.find(attrs={"data-view": "instrument"})
    groups = [g.legend.get_text(strip=True)
              for g in by_instrument.find_all("fieldset", class_="picker-group")]
    assert groups[0] == "CRC" and len(groups) == 9
    crc32 = by_instrument.find("input", attrs={"name": "provisions", "value": "CRC-32"})
    assert crc32 is not None and "economic exploitation" in crc32.find_parent("label").text
    actors = page.find("select", id="f-actor_key")
    assert actors is not None
    assert actors.find("option", attrs={"value": "asylum-reception"}) is not None
    assert page.find("label", attrs={"for": "f-actor_key"}) is not None


def test_a_record_still_referred_to_is_not_deleted(login: Login,
                                                  web_database: Database) -> None:
    with web_database.connect() as conn:
        data = load_workspace_data(conn, workspace_key=LATEST)
    actor = data.mandates[0].actor_key
    response = post(login("contributor"), f"{W}/actors/{actor}/delete", {"version": "1"})
    assert response.status_code == 422
    assert "still referred to by mandates" in response.text
    assert login("viewer").get(f"{W}/actors/{actor}").status_code == 200


def test_a_viewer_sees_no_edit_controls_and_is_refused_every_change(
        login: Login, web_database: Database) -> None:
    viewer = login("viewer")
    key = draft_finding(web_database)
    pages = {
        f"{W}/actors": "New actor", f"{W}/actors/asylum-reception": "/edit",
        f"{W}/findings": "New finding", f"{W}/findings/{key}": "/edit"}
    for url, control in pages.items():
        page = viewer.get(url)
        assert page.status_code == 200, url
        assert control not in page.text, url
        assert not soup(page).find_all("form", attrs={"method": "post",
                                                      "action": re.compile("/workspaces/")})
    for url in (f"{W}/actors/new", f"{W}/actors/asylum-reception/edit",
                f"{W}/findings/{key}/edit"):
        assert viewer.get(url).status_code == 403, url
    for url, data in ((f"{W}/actors/new", CASES["actors"][0]),
                      (f"{W}/actors/asylum-reception/edit", {"version": "1", "name": "X"}),
                      (f"{W}/actors/asylum-reception/delete", {"version": "1"}),
                      (f"{W}/findings/{key}/delete", {"version": "1"})):
        assert post(viewer, url, data).status_code == 403, url
    assert viewer.get(f"{W}/actors/t-actor").status_code == 404
    contributor = login("contributor")
    assert "/edit" in contributor.get(f"{W}/actors/asylum-reception").text


def test_lists_are_paged_and_have_json_twins(login: Login, web_database: Database) -> None:
    viewer, contributor = login("viewer"), login("contributor")
    with web_database.connect() as conn:
        data = load_workspace_data(conn, workspace_key=LATEST)
    for entity in ("evidence", "actors", "instruments", "mandates", "links",
                   "indicator-values"):
        _check_list(viewer, contributor, entity,
                    sorted(r.key for r in getattr(data, entity.replace("-", "_"))))


def _check_list(viewer: TestClient, contributor: TestClient, entity: str,
                everything: list[str]) -> None:
    first = viewer.get(f"{W}/{entity}.json?per_page=20").json()
    assert (first["total"], first["pages"]) == (len(everything), -(-len(everything) // 20))
    assert [item["key"] for item in first["items"]] == everything[:20]
    second = viewer.get(f"{W}/{entity}?page=2&per_page=20")
    keys = [a.text for a in soup(second).select("table.records tbody th a")]
    assert keys == everything[20:40]
    one = viewer.get(f"{W}/{entity}/{everything[0]}.json").json()
    assert one["record"]["key"] == everything[0] and one["record"]["version"] == 1
    form = contributor.get(f"{W}/{entity}/new.json").json()
    assert form["fields"][0]["name"] == "key" and form["mode"] == "new"


def test_edits_are_offered_only_where_a_save_would_be_accepted(login: Login,
                                                               web_database: Database) -> None:
    with web_database.connect() as conn:
        data = load_workspace_data(conn, workspace_key=LATEST)
    validated = {f.key for f in data.findings if f.status == "validated"}
    item = min((e for e in data.evidence if e.finding_key in validated), key=lambda e: e.key)
    contributor, reviewer = login("contributor"), login("reviewer")
    url = f"{W}/evidence/{item.key}"
    assert "/edit" not in contributor.get(url).text
    assert contributor.get(f"{url}/edit").status_code == 403
    assert contributor.get(f"{W}/findings/{item.finding_key}/edit").status_code == 403
    assert "/edit" in reviewer.get(url).text
    assert reviewer.get(f"{url}/edit").status_code == 200


def test_a_new_form_starts_from_the_defaults(login: Login) -> None:
    page = soup(login("contributor").get(f"{W}/findings/new"))
    rating = page.find("select", id="f-rating").find("option", selected=True)  # type: ignore[union-attr]
    confidence = page.find("select", id="f-confidence").find("option", selected=True)  # type: ignore[union-attr]
    assert (rating["value"], confidence["value"]) == ("not-assessed", "medium")  # type: ignore[index]
    evidence = soup(login("contributor").get(f"{W}/evidence/new?finding_key=abc"))
    chosen = evidence.find("select", id="f-finding_key").find("option", selected=True)  # type: ignore[union-attr]
    assert chosen["value"] == "abc"  # type: ignore[index]
    # the record's version never shadows the app's in the common footer
    edit = login("contributor").get(f"{W}/actors/asylum-reception/edit")
    for form_page in (page, soup(edit)):
        assert f"IMPACT {__version__} " in form_page.find("footer").text  # type: ignore[union-attr]


def test_an_unchanged_list_is_not_saved_reordered(login: Login,
                                                  web_database: Database) -> None:
    """Checkboxes come back in page (catalogue) order; the record's own order must stay."""
    order = {code: i for i, code in enumerate(load_default_catalogue().codes("sectors"))}
    with web_database.connect() as conn:
        data = load_workspace_data(conn, workspace_key=LATEST)
    finding = min((f for f in data.findings if f.status == "draft"
                   and list(f.sectors) != sorted(f.sectors, key=order.__getitem__)),
                  key=lambda f: f.key)
    contributor = login("contributor")
    edit = contributor.get(f"{W}/findings/{finding.key}/edit")
    values = _dict(form_values(edit))
    assert values["sectors"] == sorted(finding.sectors, key=order.__getitem__)  # page order
    saved = post(contributor, f"{W}/findings/{finding.key}/edit",
                 {**values, "title": "Only the title changes", "version": "1"})
    assert saved.status_code == 303
    with web_database.connect() as conn:
        entry = audit.history(conn, workspace_key=LATEST, record_key=finding.key)[0]
    assert entry.before is not None and entry.after is not None
    changed = sorted(k for k in entry.after if entry.before.get(k) != entry.after[k])
    assert changed == ["title", "updated_at", "version"]
    assert entry.after["sectors"] == list(finding.sectors)
    # a box ticked anew goes after the ones held, in page order
    edit = contributor.get(f"{W}/findings/{finding.key}/edit")
    values = _dict(form_values(edit))
    added = [c for c in order if c not in finding.sectors][:2]
    ticked = sorted([*values["sectors"], *added], key=order.__getitem__)
    post(contributor, f"{W}/findings/{finding.key}/edit",
         {**values, "sectors": ticked, "version": "2"})
    twin = contributor.get(f"{W}/findings/{finding.key}.json").json()["finding"]
    assert twin["sectors"] == [*finding.sectors, *added]
