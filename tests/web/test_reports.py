"""The Reports pages and the report endpoints of the API (SQLite and PostgreSQL).

Real app, real database, nothing mocked: each download is the service's report built from
the demo and rendered. PDF takes about two seconds a document, so one test renders one PDF;
the other formats are cheap.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from impactkit.errors import UsageError
from impactkit.services import accounts
from impactkit.services.accounts import operator
from impactkit.services.records import workspace_view
from impactkit.services.reports import ReportRequest, build_document
from impactkit.store.accounts import find_user
from impactkit.store.db import Database
from impactkit.web.report_files import compared_keys, content_disposition, word_limit
from impactkit.web.urls import explain_url
from tests.web.conftest import ALL_DEMO, EARLIER, LATEST

Login = Callable[[str], TestClient]
BASE = "http://testserver"  # the TestClient's address: the links' base
PAGE = f"/workspaces/{LATEST}/reports"
DOWNLOAD = f"{PAGE}/download"
API = f"/api/workspaces/{LATEST}/reports"
HTML, PDF = "text/html; charset=utf-8", "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def title_of(db: Database, key: str) -> str:
    return workspace_view(db, operator("tests"), workspace_key=key).title


def user(db: Database, username: str) -> accounts.Principal:
    with db.connect() as conn:
        return accounts.Principal(user=find_user(conn, username=username))


def radio_values(page: BeautifulSoup, name: str) -> list[str]:
    return [str(i["value"]) for i in page.select(f'form input[type=radio][name="{name}"]')]


def assert_file(response: Any, media_type: str, name: str, *, how: str = "attachment") -> None:
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"] == media_type
    assert response.headers["content-disposition"] == f'{how}; filename="{name}"'
    assert response.headers["cache-control"] == "no-store"


def assert_refused_with_field(response: Any, field: str) -> None:
    """The app's 400 error page, naming the field."""
    assert response.status_code == 400, response.text[:300]
    message = soup(response).select_one("p.error[role=alert]")
    assert message is not None
    assert f"'{field}'" in message.get_text()


# --- the page ---------------------------------------------------------------------------------


def test_the_reports_page_offers_each_report_to_a_viewer(login: Login) -> None:
    viewer = login("viewer")
    response = viewer.get(PAGE)
    assert response.status_code == 200
    page = soup(response)
    assert page.h1 is not None and page.h1.get_text() == "Reports"
    current = page.select_one('header nav a[aria-current="page"]')
    assert current is not None and current.get_text() == "Reports"
    assert current["href"] == PAGE
    form = page.select_one("form.report-form")
    assert form is not None
    assert (form["method"], form["action"]) == ("get", DOWNLOAD)
    assert not form.select('input[name="csrf_token"]')  # a GET form changes nothing
    assert radio_values(page, "kind") == ["national", "alternative", "recommendations"]
    assert radio_values(page, "format") == ["html", "pdf", "docx"]
    assert radio_values(page, "status") == ["validated", "all"]  # a member may take drafts
    for name in ("kind", "format", "status"):  # the first choice is on
        checked = page.select(f'input[name="{name}"][checked]')
        assert [str(i["value"]) for i in checked] == [radio_values(page, name)[0]]
    for kind in ("national", "alternative", "recommendations"):  # each says what it is
        about = page.select_one(f"#kind-{kind}-about")
        assert about is not None and len(about.get_text().split()) > 10
    assert [str(o["value"]) for o in page.select("select#scheme option")] == [
        "crc-2015", "crc-2005"]
    assert page.select_one("input#word_limit[type=number]") is not None
    twin = viewer.get(f"{PAGE}.json").json()
    assert [k["value"] for k in twin["kinds"]] == ["national", "alternative", "recommendations"]
    assert twin["download_url"] == DOWNLOAD
    assert [s["code"] for s in twin["schemes"]] == ["crc-2015", "crc-2005"]


def test_every_workspace_page_links_to_the_reports(login: Login) -> None:
    dashboard = soup(login("viewer").get(f"/workspaces/{LATEST}"))
    assert [a.get_text() for a in dashboard.select(f'header nav a[href="{PAGE}"]')] == [
        "Reports"]


# --- the files --------------------------------------------------------------------------------


def test_the_html_report_names_the_workspace_and_links_its_notes_to_this_server(
        login: Login, web_database: Database) -> None:
    viewer = login("viewer")
    response = viewer.get(DOWNLOAD, params={"kind": "national", "format": "html",
                                            "status": "validated"})
    assert_file(response, HTML, f"impact-national-{LATEST}.html")
    report = soup(response)
    assert report.h1 is not None
    assert title_of(web_database, LATEST) in report.h1.get_text()
    links = [str(a["href"]) for a in report.select("#notes li a[href]")]
    # one link per note, to the page explaining that note's number, on this server
    document = build_document(web_database, user(web_database, "viewer"),
                              ReportRequest("national", (LATEST,), "html"))
    assert len(document.notes) > 10
    assert links == [BASE + explain_url(n.workspace, n.target) for n in document.notes]
    assert links[0].startswith(f"{BASE}/workspaces/{LATEST}/explain/")
    assert links[0].endswith(f"/explain/{document.notes[0].target}")
    explained = viewer.get(links[0])  # the same user follows a link: the page is there
    assert explained.status_code == 200
    assert soup(explained).h1 is not None


def test_drafts_are_labelled_and_their_explanations_count_them_too(login: Login) -> None:
    viewer = login("viewer")
    response = viewer.get(DOWNLOAD, params={"kind": "national", "format": "html",
                                            "status": "all"})
    assert_file(response, HTML, f"impact-national-{LATEST}.html")
    cover = soup(response).select_one("dl.provenance")
    assert cover is not None and "drafts" in cover.get_text()
    links = [str(a["href"]) for a in soup(response).select("#notes li a[href]")]
    assert links and all(link.endswith("?status=all") for link in links)


def test_the_word_file_is_a_docx_of_the_alternative_report(login: Login) -> None:
    viewer = login("viewer")
    response = viewer.get(DOWNLOAD, params={"kind": "alternative", "format": "docx",
                                            "status": "validated", "scheme": "crc-2005",
                                            "word_limit": "5000"})
    assert_file(response, DOCX, f"impact-alternative-{LATEST}.docx")
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        assert "word/document.xml" in docx.namelist()
        text = docx.read("word/document.xml").decode("utf-8")
    assert "CRC/C/58/Rev.1" in text  # the 2005 guidelines, as chosen
    assert "CRC/C/58/Rev.3" not in text
    assert "5,000" in text  # the words counted against the limit given


def test_the_pdf_comes_from_the_page_and_from_the_api(login: Login) -> None:
    viewer = login("viewer")
    response = viewer.get(API + "/recommendations", params={"format": "pdf"})
    assert_file(response, PDF, f"impact-recommendations-{LATEST}.pdf")
    assert response.content.startswith(b"%PDF-")


def test_an_html_report_can_be_shown_in_the_browser(login: Login) -> None:
    response = login("viewer").get(DOWNLOAD, params={"kind": "recommendations",
                                                     "format": "html", "inline": "1"})
    assert_file(response, HTML, f"impact-recommendations-{LATEST}.html", how="inline")


@pytest.mark.parametrize(("params", "field"), [
    ({"kind": "shadow", "format": "html"}, "kind"),
    ({"kind": "comparative", "format": "html"}, "kind"),  # has its own page
    ({"kind": "national", "format": "rtf"}, "format"),
    ({"kind": "national"}, None),  # a missing field: FastAPI's own refusal (422)
    ({"kind": "alternative", "format": "html", "word_limit": "many"}, "word_limit"),
    ({"kind": "alternative", "format": "html", "word_limit": "0"}, "word_limit"),
    ({"kind": "alternative", "format": "html", "scheme": "crc-1991"}, "scheme"),
    ({"kind": "national", "format": "html", "status": "approved"}, "status"),
])
def test_choices_not_understood_are_refused_naming_the_field(
        login: Login, params: dict[str, str], field: str | None) -> None:
    response = login("viewer").get(DOWNLOAD, params=params)
    if field is None:
        assert response.status_code == 422
        assert "format" in response.text
    else:
        assert_refused_with_field(response, field)


# --- who may --------------------------------------------------------------------------------


def _statuses(client: TestClient, key: str) -> dict[str, tuple[int, str]]:
    """What the dashboard, the Reports page, a download and the API answer."""
    answers = {
        "dashboard": client.get(f"/workspaces/{key}", follow_redirects=False),
        "page": client.get(f"/workspaces/{key}/reports", follow_redirects=False),
        "download": client.get(f"/workspaces/{key}/reports/download",
                               params={"kind": "national", "format": "html"},
                               follow_redirects=False),
        "api": client.get(f"/api/workspaces/{key}/reports/national",
                          params={"format": "html"}, follow_redirects=False),
        "api analysis": client.get(f"/api/workspaces/{key}/analysis",
                                   follow_redirects=False),
    }
    return {name: (r.status_code, r.headers.get("location", "").split("?")[0])
            for name, r in answers.items()}


def test_those_who_may_not_read_a_workspace_are_refused_as_on_its_dashboard(
        login: Login, client: TestClient) -> None:
    outsider = _statuses(login("outsider"), LATEST)
    assert outsider == dict.fromkeys(outsider, (403, ""))
    viewer_elsewhere = _statuses(login("viewer"), EARLIER)  # a member of the other only
    assert viewer_elsewhere == outsider
    anonymous = _statuses(client, LATEST)
    assert anonymous == {"dashboard": (303, "/login"), "page": (303, "/login"),
                         "download": (303, "/login"), "api": (401, ""),
                         "api analysis": (401, "")}


def test_an_anonymous_reader_of_a_public_workspace_gets_validated_findings_only(
        client: TestClient, web_database: Database) -> None:
    accounts.set_public(web_database, user(web_database, "admin"), workspace_key=LATEST,
                        public=True)
    page = soup(client.get(PAGE))
    assert radio_values(page, "status") == []  # no choice: validated findings only
    assert [str(i["value"]) for i in page.select('form input[type=hidden][name="status"]')] \
        == ["validated"]
    assert "Members can include drafts" in page.get_text()
    assert client.get(f"{PAGE}.json").json()["statuses"] == [
        {"value": "validated", "label": "Validated findings only",
         "about": "What may be published."}]
    response = client.get(DOWNLOAD, params={"kind": "recommendations", "format": "html",
                                            "status": "validated"})
    assert_file(response, HTML, f"impact-recommendations-{LATEST}.html")
    assert title_of(web_database, LATEST) in response.text
    refused = client.get(DOWNLOAD, params={"kind": "recommendations", "format": "html",
                                           "status": "all"}, follow_redirects=False)
    assert (refused.status_code, refused.headers["location"].split("?")[0]) == (303, "/login")
    api = client.get(f"{API}/recommendations", params={"format": "html", "status": "all"})
    assert api.status_code == 401
    assert "validated findings only" in api.json()["message"]
    assert client.get(f"{API}/recommendations", params={"format": "html"}).status_code == 200


# --- the comparative report -------------------------------------------------------------------


def test_the_comparative_page_offers_the_readable_workspaces(
        login: Login, web_database: Database) -> None:
    admin = login("admin")
    compare = soup(admin.get(f"/compare?w={EARLIER}&w={LATEST}"))
    link = compare.find("a", string="comparative report")
    assert link is not None
    assert link["href"] == f"/reports/comparative?w={EARLIER}&w={LATEST}"
    page = soup(admin.get(str(link["href"])))
    form = page.select_one("form.report-form")
    assert form is not None and form["action"] == "/reports/comparative/download"
    boxes = page.select('input[type=checkbox][name="w"]')
    assert {str(b["value"]) for b in boxes} == set(ALL_DEMO)
    assert {str(b["value"]) for b in boxes if b.has_attr("checked")} == {EARLIER, LATEST}
    assert radio_values(page, "format") == ["html", "pdf", "docx"]
    viewer = login("viewer")  # reads one workspace only: it is all there is to choose
    choices = viewer.get("/reports/comparative.json").json()["choices"]
    assert [c["key"] for c in choices] == [LATEST]
    assert viewer.get(f"/reports/comparative?w={EARLIER}").status_code == 403


def test_the_comparative_report_needs_two_workspaces(login: Login,
                                                     web_database: Database) -> None:
    admin = login("admin")
    response = admin.get("/reports/comparative/download",
                         params={"w": [EARLIER, LATEST], "format": "html"})
    assert_file(response, HTML, f"impact-comparative-{EARLIER}-{LATEST}.html")
    report = soup(response)
    assert report.h1 is not None
    for key in (EARLIER, LATEST):
        assert title_of(web_database, key) in report.get_text()
    one = admin.get("/reports/comparative/download", params={"w": [LATEST], "format": "html"})
    assert_refused_with_field(one, "w")
    twice = admin.get("/reports/comparative/download",
                      params={"w": [LATEST, LATEST], "format": "html"})
    assert_refused_with_field(twice, "w")
    api = admin.get("/api/reports/comparative", params={"w": [EARLIER, LATEST],
                                                         "format": "html"})
    assert_file(api, HTML, f"impact-comparative-{EARLIER}-{LATEST}.html")
    api_one = admin.get("/api/reports/comparative", params={"w": [LATEST], "format": "html"})
    assert api_one.status_code == 400
    assert api_one.json()["error"] == "UsageError" and "'w'" in api_one.json()["message"]
    # a workspace one may not read is refused before anything is counted
    viewer = login("viewer")
    refused = viewer.get("/reports/comparative/download",
                         params={"w": [LATEST, EARLIER], "format": "html"})
    assert refused.status_code == 403
    assert viewer.get("/api/reports/comparative",
                      params={"w": [LATEST, EARLIER], "format": "html"}).status_code == 403


# --- the API ------------------------------------------------------------------------------------


def test_the_api_refuses_choices_in_its_one_error_shape(login: Login) -> None:
    viewer = login("viewer")
    unknown = viewer.get(f"{API}/shadow", params={"format": "html"})
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "UsageError" and "'kind'" in unknown.json()["message"]
    words = viewer.get(f"{API}/alternative", params={"format": "html", "word_limit": 0})
    assert words.status_code == 422
    problems = words.json()["problems"]
    assert [(p["location"], p["field"]) for p in problems] == [("query", "word_limit")]


def test_the_schema_documents_the_files(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/workspaces/{key}/reports/{kind}", "/api/reports/comparative"):
        operation = paths[path]["get"]
        content = operation["responses"]["200"]["content"]
        assert set(content) == {"text/html", "application/pdf", DOCX}
        assert content["application/pdf"]["schema"] == {"type": "string", "format": "binary"}
        assert {"400", "401", "403", "404", "422"} <= set(operation["responses"])
        formats = next(p for p in operation["parameters"] if p["name"] == "format")
        assert formats["required"] is True
        assert formats["schema"]["enum"] == ["html", "pdf", "docx"]
    kinds = next(p for p in paths["/api/workspaces/{key}/reports/{kind}"]["get"]["parameters"]
                 if p["name"] == "kind")
    assert kinds["schema"]["enum"] == ["national", "alternative", "recommendations"]


# --- the pieces ---------------------------------------------------------------------------------


def test_a_file_name_in_another_script_keeps_an_ascii_fallback() -> None:
    assert content_disposition("attachment", "impact-national-demo.pdf") == \
        'attachment; filename="impact-national-demo.pdf"'
    assert content_disposition("inline", "impact-national-ьщ.html") == (
        "inline; filename=\"impact-national-__.html\"; "
        "filename*=UTF-8''impact-national-%D1%8C%D1%89.html")


def test_word_limits_and_workspaces_are_read_as_typed() -> None:
    assert [word_limit(v) for v in (None, "", " ", "120", 120)] == [None, None, None, 120, 120]
    for bad in ("-3", "0", "1.5", "²", "10000000", "many"):
        with pytest.raises(UsageError, match="'word_limit'"):
            word_limit(bad)
    assert compared_keys(["b", " a ", "", "b"]) == ("b", "a")
