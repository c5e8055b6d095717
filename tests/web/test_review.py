"""The review workflow on a finding's page: steps, refusals with reasons, comments, roles."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from impactkit.store import audit
from impactkit.store.db import Database
from tests.web.conftest import LATEST
from tests.web.test_records import W, draft_finding, post, soup

Login = Callable[[str], TestClient]


def version_of(client: TestClient, key: str) -> str:
    return str(client.get(f"{W}/findings/{key}.json").json()["finding"]["version"])


def test_review_then_validate_once_there_is_evidence(login: Login,
                                                     web_database: Database) -> None:
    reviewer = login("reviewer")
    key = draft_finding(web_database)
    page = reviewer.get(f"{W}/findings/{key}")
    assert soup(page).find("form", attrs={"action": f"{W}/findings/{key}/review"})
    reviewed = post(reviewer, f"{W}/findings/{key}/review", {"version": "1"})
    assert reviewed.status_code == 303
    page = reviewer.get(reviewed.headers["location"])
    assert "Marked as reviewed." in page.text
    assert "Cannot validate yet:" in page.text  # no evidence: the button is not offered
    assert not soup(page).find("form", attrs={"action": f"{W}/findings/{key}/validate"})

    refused = post(reviewer, f"{W}/findings/{key}/validate", {"version": "2"})
    assert refused.status_code == 422
    assert "needs at least one evidence item" in soup(refused).find(role="alert").text  # type: ignore[union-attr]
    assert version_of(reviewer, key) == "2"

    added = post(reviewer, f"{W}/evidence/new", {
        "key": f"{key}-ev-new", "finding_key": key, "kind": "case-file-review",
        "title": "Review of 40 case files", "reliability": "high"})
    assert added.status_code == 303, added.text[:2000]
    validated = post(reviewer, f"{W}/findings/{key}/validate", {"version": "2"})
    assert validated.status_code == 303
    twin = reviewer.get(f"{W}/findings/{key}.json").json()
    assert (twin["finding"]["status"], twin["finding"]["reviewed_by"],
            twin["finding"]["validated_by"]) == ("validated", "reviewer", "reviewer")
    assert [(e["kind"], e["user"]) for e in twin["events"]] == [("review", "reviewer"),
                                                               ("validate", "reviewer")]
    trail = soup(reviewer.get(f"{W}/findings/{key}")).find(id="review-trail")
    assert trail is not None
    assert "Reviewed by reviewer" in trail.text and "Validated by reviewer" in trail.text
    assert len(trail.find_all("time")) == 2
    with web_database.connect() as conn:
        steps = [e.action for e in audit.history(conn, workspace_key=LATEST,
                                                 entity="finding", record_key=key)]
    assert steps[:2] == ["validate", "review"]


def test_sending_back_needs_a_comment(login: Login, web_database: Database) -> None:
    reviewer = login("reviewer")
    key = draft_finding(web_database)
    post(reviewer, f"{W}/findings/{key}/review", {"version": "1"})
    refused = post(reviewer, f"{W}/findings/{key}/send-back", {"version": "2", "comment": " "})
    assert refused.status_code == 422
    assert "sending a finding back needs a comment" in refused.text
    back = post(reviewer, f"{W}/findings/{key}/send-back",
                {"version": "2", "comment": "Cite the <2023> inspection data."})
    assert back.status_code == 303
    page = reviewer.get(back.headers["location"])
    assert "Sent back to draft." in page.text
    assert "Cite the &lt;2023&gt; inspection data." in page.text
    assert reviewer.get(f"{W}/findings/{key}.json").json()["finding"]["status"] == "draft"


def test_a_step_on_a_finding_changed_meanwhile_is_refused(login: Login,
                                                          web_database: Database) -> None:
    key = draft_finding(web_database)
    first, second = login("reviewer"), login("wsadmin")
    assert post(first, f"{W}/findings/{key}/review", {"version": "1"}).status_code == 303
    late = post(second, f"{W}/findings/{key}/review", {"version": "1"})
    assert late.status_code == 409
    assert "changed by someone else" in late.text
    assert second.get(f"{W}/findings/{key}.json").json()["finding"]["version"] == 2


def test_a_contributor_cannot_take_review_steps_nor_sees_them(login: Login,
                                                              web_database: Database) -> None:
    contributor = login("contributor")
    key = draft_finding(web_database)
    page = soup(contributor.get(f"{W}/findings/{key}"))
    assert page.find(id="review-heading") is None
    assert page.find("form", attrs={"action": f"{W}/findings/{key}/comments"}) is None
    assert page.find("a", href=f"{W}/findings/{key}/edit") is not None  # a draft: editable
    for step in ("review", "validate", "send-back", "reopen"):
        response = post(contributor, f"{W}/findings/{key}/{step}",
                        {"version": "1", "comment": "x"})
        assert response.status_code == 403, step
    assert post(contributor, f"{W}/findings/{key}/comments", {"text": "x"}).status_code == 403
    validated = next(f["key"] for f in contributor.get(
        f"{W}/findings.json?status=validated").json()["items"])
    page = soup(contributor.get(f"{W}/findings/{validated}"))
    assert page.find("a", href=f"{W}/findings/{validated}/edit") is None
    assert post(contributor, f"{W}/findings/{validated}/send-back",
                {"version": "1", "comment": "x"}).status_code == 403
    assert version_of(contributor, key) == "1"


def test_comments_post_inline_with_htmx_and_without(login: Login,
                                                    web_database: Database) -> None:
    reviewer = login("reviewer")
    key = draft_finding(web_database)
    inline = post(reviewer, f"{W}/findings/{key}/comments",
                  {"text": "Is <b>this</b> national?"},
                  headers={"HX-Request": "true", "HX-Target": "review-trail"})
    assert inline.status_code == 200
    assert inline.text.lstrip().startswith('<section id="review-trail"')
    assert "Is &lt;b&gt;this&lt;/b&gt; national?" in inline.text
    assert "Comment</strong> by reviewer" in inline.text
    empty = post(reviewer, f"{W}/findings/{key}/comments", {"text": ""},
                 headers={"HX-Request": "true"})
    assert "a comment cannot be empty" in soup(empty).find(id="comment-error").text  # type: ignore[union-attr]
    plain = post(reviewer, f"{W}/findings/{key}/comments", {"text": "Second"})
    assert plain.status_code == 303
    assert plain.headers["location"] == f"{W}/findings/{key}#review-trail"
    events = reviewer.get(f"{W}/findings/{key}.json").json()["events"]
    assert [(e["kind"], e["user"], e["text"]) for e in events] == [
        ("comment", "reviewer", "Is <b>this</b> national?"), ("comment", "reviewer", "Second")]
