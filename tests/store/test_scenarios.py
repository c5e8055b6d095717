"""Saved referral scenarios: added, replaced only from the version they were based on,
listed by key, deleted, each step audited (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from tests.services.sample import WS, sample_data

from impactkit.errors import ConflictError, NotFoundError
from impactkit.services.setup import init_database
from impactkit.store import audit, scenarios, workspaces
from impactkit.store.db import Database

SITUATION = {"age_band": "15-17", "groups": ["unaccompanied"], "forms": ["domestic-servitude"]}


@pytest.fixture
def db(database: Database) -> Database:
    init_database(database, user="setup")
    with database.begin() as conn:
        workspaces.create_workspace(conn, workspace=sample_data().workspace, user="setup")
    return database


def save(db: Database, key: str, title: str, version: int | None = None
         ) -> scenarios.StoredScenario:
    with db.begin() as conn:
        return scenarios.save_scenario(conn, workspace_key=WS, key=key, title=title,
                                       document=SITUATION, route={"steps": []}, by="trainer",
                                       expected_version=version)


def test_a_scenario_is_added_then_replaced_from_its_version(db: Database) -> None:
    first = save(db, "girl-15", "Girl of 15")
    assert (first.version, first.document, first.saved_by) == (1, SITUATION, "trainer")
    second = save(db, "girl-15", "Girl of 15, after the reform", version=1)
    assert (second.version, second.title) == (2, "Girl of 15, after the reform")
    with db.connect() as conn:
        actions = [e.action for e in audit.history(conn, workspace_key=WS, record_key="girl-15")]
    assert sorted(actions) == ["create", "update"]


def test_a_stale_or_blind_save_is_refused_and_writes_nothing(db: Database) -> None:
    save(db, "girl-15", "Girl of 15")
    save(db, "girl-15", "Second", version=1)
    with pytest.raises(ConflictError, match="based on version 1") as stale:
        save(db, "girl-15", "Stale", version=1)
    assert stale.value.current_version == 2
    with pytest.raises(ConflictError, match="save it with that version"):
        save(db, "girl-15", "Blind")  # no version: would overwrite unseen
    with pytest.raises(NotFoundError):
        save(db, "boy-12", "Never saved", version=3)
    with db.connect() as conn:
        assert scenarios.get_scenario(conn, workspace_key=WS, key="girl-15").title == "Second"


def test_scenarios_are_listed_by_key_and_deleted(db: Database) -> None:
    for key in ("zeta", "alpha"):
        save(db, key, key.title())
    with db.begin() as conn:
        assert [s.key for s in scenarios.list_scenarios(conn, workspace_key=WS)] == [
            "alpha", "zeta"]
        scenarios.delete_scenario(conn, workspace_key=WS, key="zeta", by="trainer")
        assert [s.key for s in scenarios.list_scenarios(conn, workspace_key=WS)] == ["alpha"]
        with pytest.raises(NotFoundError, match="has no scenario 'zeta'"):
            scenarios.get_scenario(conn, workspace_key=WS, key="zeta")
