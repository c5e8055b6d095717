"""The review workflow: who may take which step, what each step records, what is refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from impactkit.domain import Evidence, Finding
from impactkit.errors import ConflictError, UsageError, ValidationError
from impactkit.services import records, review
from impactkit.services.accounts import PermissionDenied, Principal
from impactkit.store import audit
from impactkit.store.db import Database
from tests.services.sample import WS

Who = Callable[[str], Principal]


def step(db: Database, principal: Principal, key: str, action: str, version: int,
         comment: str = "") -> Finding:
    return review.transition(db, principal, workspace_key=WS, finding_key=key, action=action,
                             expected_version=version, comment=comment)


def events(db: Database, key: str) -> list[tuple[str, str, str]]:
    found = review.finding_events(db, _viewer(db), workspace_key=WS, finding_key=key)
    return [(e.kind, e.user, e.text) for e in found]


def _viewer(db: Database) -> Principal:
    from impactkit.store.accounts import find_user
    with db.connect() as conn:
        return Principal(user=find_user(conn, username="viewer"))


def test_draft_to_reviewed_to_validated_records_who_and_when(db: Database, who: Who) -> None:
    reviewer = who("reviewer")
    before = datetime.now(UTC)
    reviewed = step(db, reviewer, "F2", "review", 1)
    assert (reviewed.status, reviewed.reviewed_by, reviewed.version) == (
        "reviewed", "reviewer", 2)
    with pytest.raises(ValidationError, match="at least one evidence item") as refused:
        step(db, reviewer, "F2", "validate", 2)
    assert refused.value.problems[0].field == "evidence"
    records.create_record(db, reviewer, workspace_key=WS, entity="evidence",
                          record=Evidence(key="E2", finding_key="F2", kind="ngo-report",
                                          title="Shelter report"))
    validated = step(db, reviewer, "F2", "validate", 2)
    assert (validated.status, validated.validated_by, validated.reviewed_by,
            validated.version) == ("validated", "reviewer", "reviewer", 3)

    trail = review.finding_events(db, who("viewer"), workspace_key=WS, finding_key="F2")
    assert [(e.kind, e.user) for e in trail] == [("review", "reviewer"),
                                                ("validate", "reviewer")]
    assert all(before <= e.at <= datetime.now(UTC) + timedelta(seconds=1) for e in trail)
    with db.connect() as conn:
        entries = audit.history(conn, workspace_key=WS, entity="finding", record_key="F2")
    validate, review_entry = entries[0], entries[1]
    assert (validate.action, validate.user) == ("validate", "reviewer")
    assert validate.before is not None and validate.after is not None
    assert (validate.before["status"], validate.after["status"]) == ("reviewed", "validated")
    assert review_entry.before is not None and review_entry.after is not None
    assert (review_entry.before["status"], review_entry.after["status"]) == ("draft", "reviewed")


def test_a_refused_validation_changes_nothing(db: Database, who: Who) -> None:
    with pytest.raises(ValidationError):
        step(db, who("reviewer"), "F3", "validate", 1)
    finding = records.get_record(db, who("viewer"), workspace_key=WS, entity="findings",
                                 key="F3")
    assert (finding.status, finding.version) == ("reviewed", 1)
    assert events(db, "F3") == []


def test_sending_back_needs_a_comment_and_clears_the_names(db: Database, who: Who) -> None:
    for blank in ("", "   \n"):
        with pytest.raises(ValidationError, match="needs a comment") as refused:
            step(db, who("reviewer"), "F1", "send-back", 1, comment=blank)
        assert refused.value.problems[0].field == "comment"
    back = step(db, who("reviewer"), "F1", "send-back", 1,
                comment="  The rating needs the 2023 figures.  ")
    assert (back.status, back.reviewed_by, back.validated_by) == ("draft", None, None)
    assert events(db, "F1") == [("send-back", "reviewer", "The rating needs the 2023 figures.")]
    # a draft again: its contributors may edit it
    assert "edit" in review.finding_detail(db, who("contributor"), workspace_key=WS,
                                           finding_key="F1").actions


def test_reopen_takes_a_validated_finding_back_to_review(db: Database, who: Who) -> None:
    reopened = step(db, who("wsadmin"), "F1", "reopen", 1, comment="new data")
    assert (reopened.status, reopened.validated_by, reopened.reviewed_by) == (
        "reviewed", None, "peer")
    assert events(db, "F1") == [("reopen", "wsadmin", "new data")]


@pytest.mark.parametrize(("key", "action"), [("F1", "review"), ("F2", "validate"),
                                             ("F2", "send-back"), ("F3", "reopen")])
def test_a_step_from_the_wrong_status_is_refused(db: Database, who: Who, key: str,
                                                 action: str) -> None:
    with pytest.raises(ValidationError) as refused:
        step(db, who("reviewer"), key, action, 1, comment="because")
    assert refused.value.problems[0].field == "status"


def test_only_reviewers_take_steps_or_comment(db: Database, who: Who) -> None:
    for name in ("contributor", "viewer", "outsider", "anonymous"):
        for action in ("review", "validate", "send-back", "reopen"):
            with pytest.raises(PermissionDenied):
                step(db, who(name), "F3", action, 1, comment="x")
        with pytest.raises(PermissionDenied):
            review.add_comment(db, who(name), workspace_key=WS, finding_key="F3", text="x")
    assert events(db, "F3") == []


def test_a_step_on_a_stale_version_or_an_unknown_step_is_refused(db: Database,
                                                                  who: Who) -> None:
    step(db, who("reviewer"), "F2", "review", 1)
    with pytest.raises(ConflictError) as stale:
        step(db, who("reviewer"), "F2", "send-back", 1, comment="x")
    assert stale.value.current_version == 2
    with pytest.raises(UsageError, match="unknown review step"):
        step(db, who("reviewer"), "F2", "approve", 2)


def test_comments_are_kept_in_order_and_audited(db: Database, who: Who) -> None:
    first = review.add_comment(db, who("reviewer"), workspace_key=WS, finding_key="F3",
                               text="Which districts?")
    review.add_comment(db, who("wsadmin"), workspace_key=WS, finding_key="F3",
                       text="<b>All</b> of them")
    assert first.user == "reviewer" and first.kind == "comment"
    assert events(db, "F3") == [("comment", "reviewer", "Which districts?"),
                                ("comment", "wsadmin", "<b>All</b> of them")]
    with pytest.raises(ValidationError, match="cannot be empty"):
        review.add_comment(db, who("reviewer"), workspace_key=WS, finding_key="F3", text=" ")
    with db.connect() as conn:
        entry = audit.history(conn, workspace_key=WS, record_key="F3")[0]
    assert (entry.action, entry.user) == ("comment", "wsadmin")
    assert entry.after is not None and entry.after["text"] == "<b>All</b> of them"
    finding = records.get_record(db, who("viewer"), workspace_key=WS, entity="findings",
                                 key="F3")
    assert finding.version == 1  # a comment changes no field
    with pytest.raises(PermissionDenied):
        review.finding_events(db, who("outsider"), workspace_key=WS, finding_key="F3")


@pytest.mark.parametrize(("name", "key", "actions", "blocked"), [
    ("viewer", "F2", (), []),
    ("contributor", "F2", ("edit", "delete", "add-evidence"), []),
    ("contributor", "F1", (), []),
    ("reviewer", "F2", ("edit", "delete", "add-evidence", "comment", "review"), []),
    ("reviewer", "F3", ("edit", "delete", "add-evidence", "comment", "send-back"),
     ["validate"]),
    ("wsadmin", "F1", ("edit", "delete", "add-evidence", "comment", "send-back", "reopen"),
     []),
])
def test_the_finding_page_offers_what_the_role_allows(db: Database, who: Who, name: str,
                                                      key: str, actions: tuple[str, ...],
                                                      blocked: list[str]) -> None:
    detail = review.finding_detail(db, who(name), workspace_key=WS, finding_key=key)
    assert detail.actions == actions
    assert list(detail.blocked) == blocked
    assert [e.key for e in detail.evidence] == (["E1"] if key == "F1" else [])
