"""Following recommendations up in the store: actions (versioned, audited), the history of
status assessments, the tagger's queue of suggestions and its trained models (SQLite and
PostgreSQL)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
from tests.store.recommendation_sample import WS, rec, save

from impactkit.errors import ConflictError, NotFoundError
from impactkit.recommendations.model import (
    Action,
    ImplementationStatus,
    StatusAssessment,
    StatusSource,
    Suggestion,
    SuggestionState,
)
from impactkit.store import audit
from impactkit.store import recommendation_tracking as store
from impactkit.store.db import Database

DECIDED = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)


def suggestion(key: str, code: str, confidence: float) -> Suggestion:
    return Suggestion(recommendation=key, kind="sectors", code=code, confidence=confidence,
                      support=("labour inspection",))


def test_actions_are_added_once_listed_by_recommendation_and_edited_over_a_version(
        rec_db: Database) -> None:
    save(rec_db, rec("r1"), rec("r2"))
    plan = Action(key="a1", title="Hire 40 labour inspectors", recommendations=("r1",),
                  due=date(2026, 1, 31))
    with rec_db.begin() as conn:
        store.add_action(conn, workspace_key=WS, action=plan, by="ana")
        store.add_action(conn, workspace_key=WS, by="ana",
                         action=Action(key="a2", title="Train", recommendations=("r2",)))
    with pytest.raises(ConflictError, match="already has an action 'a1'"), \
            rec_db.begin() as conn:
        store.add_action(conn, workspace_key=WS, action=plan, by="bo")
    with rec_db.begin() as conn:
        done = dataclasses.replace(plan, status=ImplementationStatus.PARTIAL,
                                   actors=("labour-inspectorate",))
        saved = store.update_action(conn, workspace_key=WS, action=done, expected_version=1,
                                    by="ana")
    assert saved.version == 2
    with pytest.raises(ConflictError, match="now version 2") as stale, \
            rec_db.begin() as conn:
        store.update_action(conn, workspace_key=WS, action=plan, expected_version=1, by="bo")
    assert stale.value.current_version == 2
    with rec_db.connect() as conn:
        [for_r1] = store.load_actions(conn, workspace_key=WS, recommendation="r1")
        assert [a.key for a in store.load_actions(conn, workspace_key=WS)] == ["a1", "a2"]
        assert [e.action for e in audit.history(conn, workspace_key=WS, entity="action")] \
            == ["update", "create", "create"]
        with pytest.raises(NotFoundError, match="no action 'a9'"):
            store.get_action(conn, workspace_key=WS, key="a9")
    assert (for_r1.status, for_r1.actors, for_r1.due) == (
        ImplementationStatus.PARTIAL, ("labour-inspectorate",), date(2026, 1, 31))


def test_status_assessments_are_kept_oldest_first_and_the_latest_is_listed(
        rec_db: Database) -> None:
    save(rec_db, rec("r1"), rec("r2"), rec("r3", cycle="4"), families={"r3": "r1"})
    assessments = [
        StatusAssessment(recommendation="r1", source=StatusSource.STATE,
                         status=ImplementationStatus.IMPLEMENTED, assessed_on=date(2024, 5, 1)),
        StatusAssessment(recommendation="r1", source=StatusSource.NHRI,
                         status=ImplementationStatus.PARTIAL, assessed_on=date(2023, 1, 1),
                         assessor="Ombudsperson", evidence="Annual report 2022, p. 14")]
    with rec_db.begin() as conn:
        for item in assessments:
            stored = store.add_status(conn, workspace_key=WS, assessment=item, by="ana")
    assert stored.recorded_by == "ana" and stored.recorded_at is not None
    with rec_db.connect() as conn:
        history = store.status_history(conn, workspace_key=WS, recommendation="r1")
        details = store.list_details(conn, workspace_key=WS, keys=["r1", "r2"])
    assert [(h.source, h.assessed_on) for h in history] == [
        (StatusSource.NHRI, date(2023, 1, 1)), (StatusSource.STATE, date(2024, 5, 1))]
    assert history[0].evidence == "Annual report 2022, p. 14"
    latest, family = details["r1"]
    assert latest is not None and latest.status is ImplementationStatus.IMPLEMENTED
    assert family == 1  # r3 shares its family
    assert details["r2"] == (None, 0)


def test_new_suggestions_replace_the_pending_ones_and_decisions_stay(rec_db: Database) -> None:
    save(rec_db, rec("r1"), rec("r2"))
    with rec_db.begin() as conn:
        assert store.store_suggestions(conn, workspace_key=WS, tagged=["r1", "r2"],
                                       suggestions=[suggestion("r1", "labour", 0.9),
                                                    suggestion("r1", "health", 0.4),
                                                    suggestion("r2", "education", 0.7),
                                                    suggestion("gone", "labour", 0.9)]) == 3
        store.mark_decided(conn, workspace_key=WS, recommendation="r1", kind="sectors",
                           code="labour", state=SuggestionState.ACCEPTED, by="ana",
                           at=DECIDED)
        store.mark_decided(conn, workspace_key=WS, recommendation="r2", kind="groups",
                           code="migrant", state=SuggestionState.REJECTED, by="ana",
                           at=DECIDED)
        # the tagger runs again on r1: health is no longer proposed, labour is decided
        assert store.store_suggestions(conn, workspace_key=WS, tagged=["r1"], suggestions=[
            suggestion("r1", "labour", 0.95), suggestion("r1", "justice", 0.5)]) == 1
    with rec_db.connect() as conn:
        pending = store.load_suggestions(conn, workspace_key=WS)
        every = store.load_suggestions(conn, workspace_key=WS, state=None)
        confident = store.load_suggestions(conn, workspace_key=WS, min_confidence=0.6)
        page = store.load_suggestions(conn, workspace_key=WS, limit=1, offset=1)
    assert [(s.recommendation, s.code) for s in pending] == [("r2", "education"),
                                                            ("r1", "justice")]
    decided = {(s.code, s.state, s.decided_by) for s in every
               if s.state is not SuggestionState.PENDING}
    assert decided == {("labour", SuggestionState.ACCEPTED, "ana"),
                       ("migrant", SuggestionState.REJECTED, "ana")}
    assert [s.code for s in confident] == ["education"]
    assert [s.code for s in page] == ["justice"]


def test_the_latest_trained_model_is_read_back(rec_db: Database) -> None:
    with rec_db.connect() as conn:
        assert store.latest_model(conn, workspace_key=WS) is None
    with rec_db.begin() as conn:
        store.save_model(conn, workspace_key=WS, model=b"\x00first", examples=10, by="ana")
        store.save_model(conn, workspace_key=WS, model=b"\x00second", examples=20, by="ana")
    with rec_db.connect() as conn:
        assert store.latest_model(conn, workspace_key=WS) == b"\x00second"
        [entry, _] = audit.history(conn, workspace_key=WS, entity="tagger-model")
    assert entry.summary == "trained on 20 decisions"
