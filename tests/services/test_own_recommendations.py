"""The assessing body's own recommendations through the services: drafting from the gaps,
roles, versions and conflicts, and the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from impactkit.errors import ConflictError, PermissionDenied, UsageError, ValidationError
from impactkit.recommendations.own import Grade, OwnRecommendation, OwnStatus
from impactkit.services import own_recommendations as own
from impactkit.services.accounts import Principal
from impactkit.store import audit
from impactkit.store.db import Database
from tests.services.sample import WS

Who = Callable[[str], Principal]


def test_drafting_stores_drafts_once_and_viewers_may_only_preview(db: Database,
                                                                  who: Who) -> None:
    preview = own.propose(db, who("viewer"), key=WS, save=False)
    assert preview.drafts and (preview.added, preview.refreshed) == (0, 0)
    assert own.list_own(db, who("viewer"), key=WS) == []
    with pytest.raises(PermissionDenied):
        own.propose(db, who("viewer"), key=WS)
    first = own.propose(db, who("contributor"), key=WS)
    assert first.added == len(first.drafts) == len(preview.drafts)
    keys = [d.recommendation.key for d in first.drafts]
    # CRC-19 is rated in a finding, yet no actor's mandate names it: nobody is responsible
    unmandated = next(d.recommendation for d in first.drafts
                      if d.recommendation.basis == "unmandated"
                      and "CRC-19" in d.recommendation.provisions)
    assert unmandated.grade is Grade.URGE
    stored = {r.key: r for r in own.list_own(db, who("viewer"), key=WS)}
    assert sorted(stored) == sorted(keys)
    assert all(r.status is OwnStatus.DRAFT and r.version == 1 for r in stored.values())
    again = own.propose(db, who("contributor"), key=WS)
    assert (again.added, again.refreshed) == (0, 0)


def test_edits_need_the_version_read_and_acceptance_needs_a_reviewer(db: Database,
                                                                      who: Who) -> None:
    own.propose(db, who("contributor"), key=WS)
    record = own.list_own(db, who("viewer"), key=WS)[0]
    edited = own.edit(db, who("contributor"), key=WS,
                      record=replace(record, text="Mandate a body for it."), expected_version=1)
    assert edited.version == 2
    with pytest.raises(ConflictError) as conflict:
        own.edit(db, who("contributor"), key=WS, record=replace(record, text="Other."),
                 expected_version=1)
    assert isinstance(conflict.value.current, OwnRecommendation)
    assert conflict.value.current.text == "Mandate a body for it."
    with pytest.raises(UsageError, match="reviewer"):
        own.edit(db, who("contributor"), key=WS,
                 record=replace(edited, status=OwnStatus.ACCEPTED), expected_version=2)
    accepted = own.edit(db, who("reviewer"), key=WS,
                        record=replace(edited, status=OwnStatus.ACCEPTED), expected_version=2)
    assert accepted.status is OwnStatus.ACCEPTED
    # drafting again leaves what people decided alone
    own.propose(db, who("contributor"), key=WS)
    assert own.get_own(db, who("viewer"), key=WS, record_key=record.key) == accepted
    with db.connect() as conn:
        trail = [(e.action, e.user) for e in audit.history(
            conn, workspace_key=WS, entity="own-recommendation", record_key=record.key)]
    assert trail[:2] == [("update", "reviewer"), ("update", "contributor")]


def test_hand_written_recommendations_and_deleting(db: Database, who: Who) -> None:
    record = OwnRecommendation(key="ours-1", text="Publish the referral protocol.",
                               grade=Grade.CONSIDER, basis="person", basis_target="",
                               rationale="Frontline staff do not know it.", actors=("moj",),
                               status=OwnStatus.ACCEPTED, version=7)
    saved = own.write(db, who("contributor"), key=WS, record=record)
    assert (saved.status, saved.version) == (OwnStatus.DRAFT, 1)
    with pytest.raises(UsageError, match="already exist"):
        own.write(db, who("contributor"), key=WS, record=record)
    with pytest.raises(ValidationError) as invalid:
        own.write(db, who("contributor"), key=WS, record=replace(
            record, key="x|y", text=" ", actors=("nobody",), provisions=("CRC-999",)))
    assert sorted(p.field or "" for p in invalid.value.problems) == [
        "actors", "key", "provisions", "text"]
    with pytest.raises(ConflictError):
        own.delete(db, who("contributor"), key=WS, record_key="ours-1", expected_version=3)
    own.delete(db, who("contributor"), key=WS, record_key="ours-1", expected_version=1)
    assert own.list_own(db, who("viewer"), key=WS) == []
    with pytest.raises(PermissionDenied):
        own.list_own(db, who("outsider"), key=WS)
