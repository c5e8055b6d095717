"""The four-eyes rule of review: whoever wrote or last changed a finding can neither review
nor validate it, unless the workspace's admins switch the rule off (audited).

Reproduction of the defect: the same account (``reviewer``) wrote a finding, marked it
reviewed and validated it, and nothing refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from impactkit.domain import Evidence, Finding
from impactkit.errors import UsageError
from impactkit.services import members, records, review, workspaces
from impactkit.services.accounts import PermissionDenied, Principal, operator
from impactkit.store import audit
from impactkit.store.db import Database
from tests.services.sample import WS

Who = Callable[[str], Principal]


def step(db: Database, principal: Principal, key: str, action: str, version: int) -> Finding:
    return review.transition(db, principal, workspace_key=WS, finding_key=key, action=action,
                             expected_version=version)


def own_finding(db: Database, author: Principal, key: str = "F9") -> Finding:
    """A draft written by ``author``, with an evidence item (so validation is possible)."""
    created: Finding = records.create_record(
        db, author, workspace_key=WS, entity="findings",
        record=Finding(key=key, area="compliance", layer="law-policy", provisions=("CRC-32",),
                       sectors=("labour",),
                       title="Labour code sets no minimum age"))
    records.create_record(db, author, workspace_key=WS, entity="evidence",
                          record=Evidence(key=f"{key}-E", finding_key=key, kind="statistics",
                                          title="Labour code"))
    return created


def test_the_author_can_neither_review_nor_validate_their_own_finding(db: Database,
                                                                      who: Who) -> None:
    reviewer, other = who("reviewer"), who("wsadmin")
    own_finding(db, reviewer)
    assert workspaces.four_eyes(db, operator("reader"), key=WS)  # on by default
    with pytest.raises(review.OwnWorkRefused) as refused:
        step(db, reviewer, "F9", "review", 1)
    assert refused.value.message == (
        f"finding 'F9' was written or last changed by reviewer, and workspace '{WS}' applies "
        "the four-eyes rule: another reviewer must review it")
    assert isinstance(refused.value, PermissionDenied)  # 403 on the web and the API
    reviewed = step(db, other, "F9", "review", 1)
    assert reviewed.reviewed_by == "wsadmin"
    with pytest.raises(review.OwnWorkRefused, match="another reviewer must validate it"):
        step(db, reviewer, "F9", "validate", 2)
    unchanged = records.get_record(db, reviewer, workspace_key=WS, entity="findings", key="F9")
    assert (unchanged.status, unchanged.version) == ("reviewed", 2)
    validated = step(db, other, "F9", "validate", 2)
    assert (validated.author, validated.reviewed_by, validated.validated_by) == (
        "reviewer", "wsadmin", "wsadmin")


def test_whoever_last_changed_a_finding_cannot_validate_it(db: Database, who: Who) -> None:
    reviewer, other = who("reviewer"), who("wsadmin")
    current = records.get_record(db, other, workspace_key=WS, entity="findings", key="F3")
    assert current.author == "team" and current.status == "reviewed"
    records.create_record(db, other, workspace_key=WS, entity="evidence",
                          record=Evidence(key="E3", finding_key="F3", kind="statistics",
                                          title="Referral times"))
    edited = records.update_record(db, other, workspace_key=WS, entity="findings",
                                   record=dataclasses.replace(current, rating=1),
                                   expected_version=current.version)
    with pytest.raises(review.OwnWorkRefused, match="last changed by wsadmin"):
        step(db, other, "F3", "validate", edited.version)
    detail = review.finding_detail(db, other, workspace_key=WS, finding_key="F3")
    assert "validate" not in detail.actions and detail.own_work
    assert "another reviewer must validate it" in detail.blocked["validate"]
    assert "send-back" in detail.actions  # sending back approves nothing
    # a comment or a review step is no change to the finding: the reviewer is still a checker
    review.add_comment(db, reviewer, workspace_key=WS, finding_key="F3", text="Looks right")
    assert step(db, reviewer, "F3", "validate", edited.version).validated_by == "reviewer"


def test_the_offered_actions_follow_the_rule(db: Database, who: Who) -> None:
    reviewer = who("reviewer")
    own_finding(db, reviewer)
    mine = review.finding_detail(db, reviewer, workspace_key=WS, finding_key="F9")
    assert "review" not in mine.actions and "comment" in mine.actions
    assert mine.blocked["review"].endswith("another reviewer must review it")
    theirs = review.finding_detail(db, who("wsadmin"), workspace_key=WS, finding_key="F9")
    assert "review" in theirs.actions and not theirs.blocked and not theirs.own_work


def test_admins_switch_the_rule_off_and_on_and_each_switch_is_audited(db: Database,
                                                                      who: Who) -> None:
    reviewer, admin = who("reviewer"), who("wsadmin")
    own_finding(db, reviewer)
    for name in ("reviewer", "contributor", "viewer", "outsider", "anonymous"):
        with pytest.raises(PermissionDenied):
            members.set_four_eyes_mode(db, who(name), workspace_key=WS, four_eyes="off")
    assert workspaces.four_eyes(db, operator("reader"), key=WS)
    assert members.set_four_eyes_mode(db, admin, workspace_key=WS, four_eyes="off") is False
    assert not workspaces.four_eyes(db, operator("reader"), key=WS)
    assert "review" in review.finding_detail(db, reviewer, workspace_key=WS,
                                             finding_key="F9").actions
    assert step(db, reviewer, "F9", "review", 1).reviewed_by == "reviewer"
    members.set_four_eyes_mode(db, admin, workspace_key=WS, four_eyes=True)
    with pytest.raises(review.OwnWorkRefused):
        step(db, reviewer, "F9", "validate", 2)
    with db.connect() as conn:
        entries = [e for e in audit.history(conn, workspace_key=WS, entity="workspace")
                   if e.before and "four_eyes" in e.before]
    assert [(e.user, e.before, e.after, e.summary) for e in entries] == [
        ("wsadmin", {"four_eyes": False}, {"four_eyes": True}, "four-eyes review on"),
        ("wsadmin", {"four_eyes": True}, {"four_eyes": False}, "four-eyes review off")]
    settings = members.workspace_settings(db, admin, workspace_key=WS)
    assert settings.four_eyes and settings.as_dict()["four_eyes"] is True
    with pytest.raises(UsageError, match="four_eyes: 'maybe' is neither yes nor no"):
        members.set_four_eyes_mode(db, admin, workspace_key=WS, four_eyes="maybe")


def test_switching_to_the_current_setting_writes_no_audit_entry(db: Database) -> None:
    with db.connect() as conn:
        before = audit.count(conn, workspace_key=WS)
    assert workspaces.set_four_eyes(db, operator("operator"), key=WS, on=True) is False
    with db.connect() as conn:
        assert audit.count(conn, workspace_key=WS) == before
