"""The report texts pages and API: listed for readers, written by contributors through a
form that carries its version, conflicts that keep the text typed beside the stored one,
and Markdown shown so that nothing a member types can run in a reader's browser."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient

from impactkit.services import accounts
from impactkit.services.accounts import operator
from impactkit.store import audit
from impactkit.store.db import Database
from tests.web.conftest import LATEST
from tests.web.test_records import W, post, soup

Login = Callable[[str], TestClient]
TEXTS = f"{W}/texts"
HOSTILE = ("<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
           "[click](javascript:alert(3)) and [fine](https://example.org)\n")


def markdown_of(page: BeautifulSoup, index: int = 0) -> Tag:
    found = page.select(".markdown")
    assert len(found) > index, "no rendered text on the page"
    return found[index]


def assert_inert(block: Tag) -> None:
    """Nothing in ``block`` can run: no script, no element with an event handler, no
    javascript: address; the typed HTML is there as text."""
    assert block.find("script") is None and block.find("img") is None
    for element in block.find_all(True):
        assert not [a for a in element.attrs if a.lower().startswith("on")], element
        for name in ("href", "src"):
            assert not str(element.get(name, "")).lower().startswith("javascript"), element
    assert "<script>alert(1)</script>" in block.text
    assert "<img src=x onerror=alert(2)>" in block.text
    assert [a["href"] for a in block.find_all("a")] == ["https://example.org"]


def test_the_list_shows_every_section_with_the_demo_texts(login: Login) -> None:
    viewer = login("viewer")
    page = viewer.get(TEXTS)
    assert page.status_code == 200
    html = soup(page)
    nav = html.find("a", attrs={"aria-current": "page"})
    assert nav is not None and nav.text == "Report texts" and nav["href"] == TEXTS
    rows = {row.th.a.text: [td.text.strip() for td in row.find_all("td")]  # type: ignore[union-attr]
            for row in html.select("table.texts tbody tr")}
    assert rows["Introduction"][0].startswith("This assessment reviews how the Republic of "
                                              "Veldmark")
    assert rows["Introduction"][1] == "1"
    assert rows["Context"][:2] == ["Not written.", "none"]
    assert rows["Conclusions"][0].startswith("Veldmark's laws on child labour")
    assert "Violence against children" in rows
    assert not html.select("a.button")  # a viewer reads, never writes
    data = viewer.get(f"{TEXTS}.json").json()
    assert [s["key"] for s in data["sections"]][:2] == ["introduction", "context"]
    assert data["sections"][0]["written"] and data["sections"][0]["version"] == 1
    assert data["sections"][1] == {"key": "context", "heading": "Context", "written": False,
                                   "known": True, "version": 0, "body": "",
                                   "updated_at": None, "url": f"{TEXTS}/context"}
    contributor = login("contributor")
    edit_links = [a["href"] for a in soup(contributor.get(TEXTS)).select("a.button")]
    assert f"{TEXTS}/introduction#edit" in edit_links and f"{TEXTS}/context#edit" in edit_links


def test_a_section_page_renders_the_markdown_and_offers_the_form_to_writers(
        login: Login) -> None:
    viewer = login("viewer")
    html = soup(viewer.get(f"{TEXTS}/introduction"))
    rendered = markdown_of(html)
    assert rendered.find("ul") is not None  # the demo's list
    assert html.find("textarea") is None
    contributor = login("contributor")
    form = soup(contributor.get(f"{TEXTS}/introduction")).find("form", id="edit")
    assert isinstance(form, Tag)
    assert form["action"] == f"{TEXTS}/introduction"
    assert form.find("input", attrs={"name": "version"})["value"] == "1"  # type: ignore[index]
    textarea = form.find("textarea", attrs={"name": "body"})
    assert textarea is not None and textarea.text.startswith("This assessment reviews")
    assert viewer.get(f"{TEXTS}/summary").status_code == 404


def test_a_contributor_writes_changes_and_clears_a_section(login: Login,
                                                           web_database: Database) -> None:
    contributor = login("contributor")
    made = post(contributor, f"{TEXTS}/context",
                {"version": "0", "body": "Veldmark is fictional.\r\n\r\n- one\r\n- two",
                 "action": "save"})
    assert made.status_code == 303
    assert made.headers["location"] == f"{TEXTS}/context?saved=1"
    page = contributor.get(made.headers["location"])
    assert "Saved (version 1)." in page.text
    assert markdown_of(soup(page)).find("li") is not None
    assert contributor.get(f"{TEXTS}/context.json").json()["section"]["body"] == \
        "Veldmark is fictional.\n\n- one\n- two"
    changed = post(contributor, f"{TEXTS}/context", {"version": "1", "body": "Shorter."})
    assert changed.status_code == 303
    assert "Saved (version 2)." in contributor.get(changed.headers["location"]).text
    cleared = post(contributor, f"{TEXTS}/context", {"version": "2", "body": "  "})
    assert cleared.headers["location"] == f"{TEXTS}/context?cleared=1"
    assert "Cleared" in contributor.get(cleared.headers["location"]).text
    with web_database.connect() as conn:
        entries = audit.history(conn, workspace_key=LATEST, entity="editorial-section",
                                record_key="context")
    assert [(e.action, e.user) for e in entries] == [
        ("delete", "contributor"), ("update", "contributor"), ("create", "contributor")]


def test_a_stale_save_shows_both_texts_keeps_mine_and_merges(login: Login) -> None:
    ana, bo = login("contributor"), login("reviewer")
    first = post(ana, f"{TEXTS}/introduction", {"version": "1", "body": "Ana's <b>text</b>."})
    assert first.status_code == 303
    late = post(bo, f"{TEXTS}/introduction", {"version": "1", "body": "Bo's text."})
    assert late.status_code == 409
    page = soup(late)
    alert = page.find(role="alert")
    assert alert is not None and "was changed by someone else" in alert.text
    form = page.find("form", id="edit")
    assert isinstance(form, Tag)
    assert form.find("textarea").text == "Bo's text."  # type: ignore[union-attr]
    assert form.find("input", attrs={"name": "version"})["value"] == "2"  # type: ignore[index]
    assert form.find("button", attrs={"value": "save"}).text == \
        "Save my text over version 2"  # type: ignore[union-attr]
    theirs = markdown_of(page)  # the stored text, beside the form
    assert theirs.text.strip() == "Ana's <b>text</b>." and theirs.find("b") is None
    assert ana.get(f"{TEXTS}/introduction.json").json()["section"]["body"] == \
        "Ana's <b>text</b>."  # nothing written
    merged = post(bo, f"{TEXTS}/introduction", {"version": "2", "body": "Bo's and Ana's."})
    assert merged.status_code == 303
    assert bo.get(f"{TEXTS}/introduction.json").json()["section"]["version"] == 3


def test_writing_is_refused_to_viewers_and_without_the_csrf_token(
        login: Login, web_database: Database) -> None:
    viewer = login("viewer")
    refused = post(viewer, f"{TEXTS}/introduction", {"version": "1", "body": "Mine now."})
    assert refused.status_code == 403
    contributor = login("contributor")
    forged = contributor.post(f"{TEXTS}/introduction", data={"version": "1", "body": "Forged."},
                              follow_redirects=False)
    assert forged.status_code == 403
    with web_database.connect() as conn:
        assert audit.history(conn, workspace_key=LATEST, entity="editorial-section",
                             since=None, user="viewer") == []
        assert audit.history(conn, workspace_key=LATEST, entity="editorial-section",
                             user="contributor") == []


def test_typed_html_and_javascript_links_are_shown_inert(login: Login) -> None:
    contributor = login("contributor")
    preview = post(contributor, f"{TEXTS}/context",
                   {"version": "0", "body": HOSTILE, "action": "preview"})
    assert preview.status_code == 200
    assert "Preview of your text (not saved)" in preview.text
    assert_inert(markdown_of(soup(preview)))
    assert contributor.get(f"{TEXTS}/context.json").json()["section"]["version"] == 0
    saved = post(contributor, f"{TEXTS}/context", {"version": "0", "body": HOSTILE})
    assert saved.status_code == 303
    assert_inert(markdown_of(soup(login("viewer").get(f"{TEXTS}/context"))))


def test_an_unknown_section_and_a_missing_version_are_refused(login: Login) -> None:
    contributor = login("contributor")
    assert post(contributor, f"{TEXTS}/weather", {"version": "0", "body": "x"}
                ).status_code == 404
    assert post(contributor, f"{TEXTS}/context", {"body": "x"}).status_code == 400


def test_the_changes_page_names_texts_without_broken_links(login: Login) -> None:
    contributor = login("contributor")
    post(contributor, f"{TEXTS}/introduction", {"version": "1", "body": "Changed."})
    trail = contributor.get(f"{W}/audit?entity=texts")
    assert trail.status_code == 200
    html = soup(trail)
    rows = html.select("table.audit tbody tr")
    assert rows and all("editorial section" in row.text for row in rows)
    hrefs = [a["href"] for row in rows for a in row.find_all("a")]
    assert not [h for h in hrefs if "/texts/" in h or "/history" in h]
    data = contributor.get(f"{W}/audit.json?entity=texts").json()
    newest = data["entries"][0]
    assert (newest["entity"], newest["record_key"], newest["action"]) == (
        "texts", "introduction", "update")
    assert (newest["record_url"], newest["history_url"]) == (None, None)
    assert {c["field"] for c in newest["changes"]} == {"body"}
    dashboard = contributor.get(f"{W}.json").json()
    assert dashboard["latest_changes"][0]["kind_label"] == "editorial section"


# --- the API --------------------------------------------------------------------------------
@pytest.fixture
def auth(web_database: Database) -> Callable[[str], dict[str, str]]:
    def make(username: str) -> dict[str, str]:
        token = accounts.create_token(web_database, operator("setup"), username=username,
                                      name="tests")
        return {"Authorization": f"Bearer {token}"}
    return make


API = f"/api/workspaces/{LATEST}/texts"


def test_the_api_lists_and_saves_texts_with_versions(
        client: TestClient, auth: Callable[[str], dict[str, str]]) -> None:
    listed = client.get(API, headers=auth("viewer"))
    assert listed.status_code == 200
    sections = {s["key"]: s for s in listed.json()["sections"]}
    assert sections["introduction"]["written"] and sections["introduction"]["version"] == 1
    assert sections["context"]["version"] == 0
    assert sections["cluster:violence"]["heading"] == "Violence against children"

    created = client.put(f"{API}/context", headers=auth("contributor"),
                         json={"body": "Context.\r\n", "version": 0})
    assert created.status_code == 200, created.text
    assert {k: created.json()[k] for k in ("key", "body", "version")} == {
        "key": "context", "body": "Context.\n", "version": 1}
    stale = client.put(f"{API}/context", headers=auth("reviewer"),
                       json={"body": "Mine.", "version": 0})
    assert stale.status_code == 409
    body = stale.json()
    assert (body["error"], body["current_version"]) == ("ConflictError", 1)
    assert body["current"]["body"] == "Context.\n" and body["current"]["version"] == 1
    cleared = client.put(f"{API}/context", headers=auth("reviewer"),
                         json={"body": "", "version": 1})
    assert cleared.status_code == 200
    assert (cleared.json()["body"], cleared.json()["version"]) == ("", 0)
    gone = client.put(f"{API}/context", headers=auth("contributor"),
                      json={"body": "Again.", "version": 1})
    assert gone.status_code == 409 and gone.json()["current"] is None


def test_the_api_refuses_viewers_outsiders_unknown_sections_and_long_texts(
        client: TestClient, auth: Callable[[str], dict[str, str]]) -> None:
    assert client.put(f"{API}/context", headers=auth("viewer"),
                      json={"body": "No.", "version": 0}).status_code == 403
    assert client.get(API, headers=auth("outsider")).status_code == 403
    assert client.get(API).status_code == 401
    unknown = client.put(f"{API}/weather", headers=auth("contributor"),
                         json={"body": "Sunny.", "version": 0})
    assert unknown.status_code == 422
    assert [p["field"] for p in unknown.json()["problems"]] == ["key"]
    long = client.put(f"{API}/context", headers=auth("contributor"),
                      json={"body": "x" * 100_001, "version": 0})
    assert long.status_code == 422
    assert [p["field"] for p in long.json()["problems"]] == ["body"]
    extra = client.put(f"{API}/context", headers=auth("contributor"),
                       json={"body": "x", "version": 0, "title": "no such field"})
    assert extra.status_code == 422
