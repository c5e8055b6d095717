"""Following recommendations up through the API, on SQLite and PostgreSQL: recommendations
added, changed and deleted by hand, actions deleted, links to findings added and removed
(with versions: 409 on a stale one, nothing written), and the recommendations of a finding.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from impactkit.recommendations.model import Action, finding_ref
from impactkit.services import accounts
from impactkit.services import recommendations as service
from impactkit.services.accounts import operator
from impactkit.store.db import Database
from impactkit.store.editing import choices
from tests.web.conftest import COMPARATIVE, EARLIER
from tests.web.test_api import assert_error
from tests.web.test_recommendation_followup import WS, admin, recs

Headers = dict[str, str]
A = f"/api/workspaces/{WS}/recommendations"
__all__ = ["recs"]  # the fixture, used by name


@pytest.fixture
def auth(web_database: Database) -> Callable[[str], Headers]:
    def make(username: str) -> Headers:
        token = accounts.create_token(web_database, operator("setup"),
                                      username=username, name="tests")
        return {"Authorization": f"Bearer {token}"}

    return make


def test_recommendations_added_changed_and_deleted(client: TestClient, auth,
                                                   recs: Database) -> None:
    contributor = auth("contributor")
    body = {"mechanism": "crc", "cycle": "5", "paragraph": "40(b)", "language": "fr",
            "text": "Renforcer l'identification des enfants victimes de la traite."}
    made = client.post(A, headers=contributor, json=body)
    assert made.status_code == 201, made.text
    assert made.json()["key"] == "crc-5-40(b)" and made.json()["version"] == 1
    assert made.headers["location"] == f"{A}/crc-5-40%28b%29"
    assert_error(client.post(A, headers=contributor, json=body), 422, "ValidationError")
    assert_error(client.post(A, headers=contributor, json={**body, "colour": "red"}), 422,
                 "ValidationError")
    changed = client.patch(f"{A}/crc-5-40(b)", headers=contributor,
                           json={"version": 1, "text": "Renforcer l'identification.",
                                 "position": "supported"})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["text"], changed.json()["position"], changed.json()["paragraph"],
            changed.json()["version"]) == ("Renforcer l'identification.", "supported", "40(b)",
                                           2)
    stale = client.patch(f"{A}/crc-5-40(b)", headers=contributor,
                         json={"version": 1, "text": "Older."})
    assert_error(stale, 409, "ConflictError")
    assert stale.json()["current_version"] == 2
    # deleting takes the admin role and the version
    assert_error(client.delete(f"{A}/crc-5-40(b)", headers=contributor,
                               params={"version": 2}), 403, "PermissionDenied")
    wsadmin = auth("wsadmin")
    assert_error(client.delete(f"{A}/crc-5-40(b)", headers=wsadmin, params={"version": 1}),
                 409, "ConflictError")
    assert client.delete(f"{A}/crc-5-40(b)", headers=wsadmin,
                         params={"version": 2}).status_code == 204
    assert_error(client.get(f"{A}/crc-5-40(b)", headers=wsadmin), 404, "NotFoundError")


def test_actions_deleted_at_their_version(client: TestClient, auth, recs: Database) -> None:
    service.add_action(recs, admin(recs), workspace_key=WS, action=Action(
        key="act-1", title="Screening", recommendations=("crc-5-35",)))
    contributor = auth("contributor")
    assert_error(client.delete(f"{A}/actions/act-1", headers=contributor,
                               params={"version": 2}), 409, "ConflictError")
    assert_error(client.delete(f"{A}/actions/act-1", headers=auth("viewer"),
                               params={"version": 1}), 403, "PermissionDenied")
    assert client.delete(f"{A}/actions/act-1", headers=contributor,
                         params={"version": 1}).status_code == 204
    assert client.get(f"{A}/actions", headers=contributor).json() == []


def test_links_to_findings_added_and_removed(client: TestClient, auth,
                                             recs: Database) -> None:
    with recs.connect() as conn:
        fkey = choices(conn, workspace_key=WS, entity="finding")[0][0]
        earlier = choices(conn, workspace_key=EARLIER, entity="finding")[0][0]
        elsewhere = choices(conn, workspace_key=COMPARATIVE[0], entity="finding")[0][0]
    contributor = auth("contributor")
    linked = client.post(f"{A}/crc-5-35/findings", headers=contributor,
                         json={"version": 1, "findings": [fkey]})
    assert linked.status_code == 200, linked.text
    assert linked.json()["findings"] == [finding_ref(WS, fkey)]
    assert_error(client.post(f"{A}/crc-5-35/findings", headers=contributor,
                             json={"version": 1, "findings": [fkey]}), 409, "ConflictError")
    missing = client.post(f"{A}/crc-5-35/findings", headers=contributor,
                          json={"version": 2, "findings": ["no-such-finding"]})
    assert_error(missing, 422, "ValidationError")
    # a finding of another State's workspace is refused; one of another cycle of the same
    # State is linked by its reference (the site administrator reads both)
    site_admin = auth("admin")
    other_state = client.post(f"{A}/crc-5-35/findings", headers=site_admin,
                              json={"version": 2,
                                    "findings": [finding_ref(COMPARATIVE[0], elsewhere)]})
    assert "another State" in assert_error(other_state, 422, "ValidationError")["problems"][0][
        "message"]
    cycles = client.post(f"{A}/crc-5-35/findings", headers=site_admin,
                         json={"version": 2, "findings": [finding_ref(EARLIER, earlier)]})
    assert cycles.status_code == 200, cycles.text
    shown = client.get(f"{A}/crc-5-35/findings", headers=site_admin).json()
    assert [(f["workspace"], f["key"]) for f in shown] == [(WS, fkey), (EARLIER, earlier)]
    assert all(f["title"] is not None and f["layer"] for f in shown)
    # the finding's side
    of_finding = client.get(f"/api/workspaces/{WS}/findings/{fkey}/recommendations",
                            headers=contributor).json()
    assert [r["recommendation"]["key"] for r in of_finding["recommendations"]] == ["crc-5-35"]
    assert of_finding["recommendations"][0]["latest_status"] is None
    # removing: by key or by reference; one not linked is named
    not_linked = client.post(f"{A}/crc-5-35/findings/unlink", headers=contributor,
                             json={"version": 3, "findings": ["F-none"]})
    assert "not linked to 'F-none'" in assert_error(not_linked, 422, "ValidationError")[
        "problems"][0]["message"]
    removed = client.post(f"{A}/crc-5-35/findings/unlink", headers=contributor,
                          json={"version": 3, "findings": [fkey]})
    assert removed.status_code == 200, removed.text
    assert removed.json()["findings"] == [finding_ref(EARLIER, earlier)]
    assert client.get(f"/api/workspaces/{WS}/findings/{fkey}/recommendations",
                      headers=contributor).json()["recommendations"] == []
