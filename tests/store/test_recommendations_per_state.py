"""Recommendations belong to the State: every workspace (cycle) of one jurisdiction shares
them, an import into any cycle merges by stable key, a cycle's report sees what was made up
to its year, and migration 0012 merges the copies earlier versions kept per workspace."""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa
from alembic import command

from impactkit.domain import Jurisdiction, Workspace
from impactkit.recommendations.model import (
    Action,
    ImplementationStatus,
    Mechanism,
    Recommendation,
    StatusAssessment,
    StatusSource,
)
from impactkit.store import audit
from impactkit.store import recommendation_tracking as tracking
from impactkit.store import recommendations as store
from impactkit.store.db import Database, alembic_config
from impactkit.store.recommendation_search import SearchFilters, search
from impactkit.store.workspaces import create_workspace, delete_workspace

STATE = Jurisdiction("XAA", "Xa")


def _two_cycles(database: Database) -> None:
    with database.begin() as conn:
        for key, year in (("xa-2019", 2019), ("xa-2024", 2024)):
            create_workspace(conn, workspace=Workspace(
                key=key, title=key, jurisdiction=STATE, cycle=str(year), year=year),
                user="test")
        create_workspace(conn, workspace=Workspace(
            key="xb-2024", title="Xb", jurisdiction=Jurisdiction("XBB", "Xb"), cycle="2024",
            year=2024), user="test")


def _rec(key: str, made: date | None = None, **tags: tuple[str, ...]) -> Recommendation:
    return Recommendation(key=key, mechanism=Mechanism.UPR, text=f"Text of {key}.",
                          paragraph=key.rsplit("-", 1)[-1], cycle="3", date=made, **tags)


def test_an_import_into_another_cycle_merges_and_keeps_peoples_work(database: Database
                                                                     ) -> None:
    _two_cycles(database)
    with database.begin() as conn:
        store.save_imported(conn, workspace_key="xa-2019", records=[_rec("upr-3-121.2")],
                            families={}, by="ana")
        rec = store.get_recommendation(conn, workspace_key="xa-2019", key="upr-3-121.2")
        store.update_recommendation(conn, workspace_key="xa-2019", expected_version=1,
                                    record=_with(rec, provisions=("CRC-35",)), by="ana")
        tracking.add_action(conn, workspace_key="xa-2019", by="ana", action=Action(
            key="A1", title="Shelter", recommendations=("upr-3-121.2",)))
        tracking.add_status(conn, workspace_key="xa-2019", by="ana", assessment=(
            StatusAssessment(recommendation="upr-3-121.2", source=StatusSource.NHRI,
                             status=ImplementationStatus.PARTIAL,
                             assessed_on=date(2021, 5, 1))))
    with database.begin() as conn:  # the same file, imported into the next cycle
        summary = store.save_imported(conn, workspace_key="xa-2024",
                                      records=[_rec("upr-3-121.2"), _rec("upr-3-121.10")],
                                      families={}, by="ben")
    assert (summary.added, summary.unchanged) == (1, 1)
    with database.connect() as conn:
        seen = store.load_recommendations(conn, workspace_key="xa-2024")
        assert [r.key for r in seen] == ["upr-3-121.2", "upr-3-121.10"]  # natural order
        assert seen[0].provisions == ("CRC-35",)
        assert [a.key for a in tracking.load_actions(conn, workspace_key="xa-2024")] == ["A1"]
        history = tracking.status_history(conn, workspace_key="xa-2024", recommendation=(
            "upr-3-121.2"))
        assert [h.status for h in history] == [ImplementationStatus.PARTIAL]
        assert store.load_recommendations(conn, workspace_key="xb-2024") == []
        # the later cycle's history shows the changes made from the earlier one
        trail = audit.history(conn, workspace_key="xa-2024", record_key="upr-3-121.2")
        assert {(e.workspace_key, e.user, e.action) for e in trail} >= {
            ("xa-2019", "ana", "create"), ("xa-2019", "ana", "update")}
        assert audit.history(conn, workspace_key="xb-2024", record_key="upr-3-121.2") == []


def test_a_cycle_sees_what_was_made_up_to_its_year(database: Database) -> None:
    _two_cycles(database)
    with database.begin() as conn:
        store.save_imported(conn, workspace_key="xa-2024", families={}, by="ana", records=[
            _rec("upr-3-1", date(2019, 11, 8)), _rec("upr-4-1", date(2024, 1, 20)),
            _rec("own-1")])
        for year in (2020, 2025):
            tracking.add_status(conn, workspace_key="xa-2024", by="ana", assessment=(
                StatusAssessment(recommendation="upr-3-1", source=StatusSource.STATE,
                                 status=ImplementationStatus.PARTIAL,
                                 assessed_on=date(year, 3, 1))))
    with database.connect() as conn:
        early = store.load_recommendations(conn, workspace_key="xa-2019", up_to_cycle=True)
        late = store.load_recommendations(conn, workspace_key="xa-2024", up_to_cycle=True)
        assessed = tracking.status_histories(conn, workspace_key="xa-2024", up_to_cycle=True)
    assert [r.key for r in early] == ["own-1", "upr-3-1"]  # undated: kept
    assert [r.key for r in late] == ["own-1", "upr-3-1", "upr-4-1"]
    assert [h.assessed_on.year for h in assessed["upr-3-1"]] == [2020]


def test_deleting_a_cycle_keeps_the_states_recommendations_until_the_last(
        database: Database) -> None:
    _two_cycles(database)
    with database.begin() as conn:
        store.save_imported(conn, workspace_key="xa-2019", records=[_rec("upr-3-1")],
                            families={}, by="ana")
        delete_workspace(conn, key="xa-2019", user="ana")
    with database.connect() as conn:
        assert [r.key for r in store.load_recommendations(conn, workspace_key="xa-2024")] == [
            "upr-3-1"]
    with database.begin() as conn:  # its last workspace gone, nothing could show them
        delete_workspace(conn, key="xa-2024", user="ana")
        left = conn.execute(sa.text("SELECT count(*) FROM recommendations")).scalar()
    assert left == 0


def _with(rec: Recommendation, **changes: object) -> Recommendation:
    import dataclasses

    return dataclasses.replace(rec, **changes)  # type: ignore[arg-type]


# --- migration 0012 ------------------------------------------------------------------------
_INSERTS = (
    "INSERT INTO jurisdictions (id, code, name, kind, fictional) "
    "VALUES (1, 'XAA', 'Xa', 'country', true)",
    "INSERT INTO workspaces (id, key, title, jurisdiction_id, cycle, year, catalogue_key, "
    "created_at) VALUES (1, 'xa-2019', 'Xa 2019', 1, '2019', 2019, 'impact-default', "
    "CURRENT_TIMESTAMP), (2, 'xa-2024', 'Xa 2024', 1, '2024', 2024, 'impact-default', "
    "CURRENT_TIMESTAMP), (3, 'xa-2014', 'Xa 2014', 1, '2014', 2014, 'impact-default', "
    "CURRENT_TIMESTAMP)",
    # the same recommendation in three cycles (tagged differently), one only in 2019, and
    # one key used in two for different texts (with a reiteration of it in 2019)
    "INSERT INTO recommendations (id, workspace_id, key, mechanism, text, paragraph, version,"
    " family, search_terms) VALUES "
    "(1, 1, 'upr-3-121.2', 'upr', 'Protect children.', '121.2', 3, 'upr-3-121.2', 'protect'),"
    "(2, 2, 'upr-3-121.2', 'upr', 'Protect  children', '121.2', 1, 'upr-3-121.2', 'protect'),"
    "(3, 1, 'upr-3-121.10', 'upr', 'Train judges.', '121.10', 1, 'upr-3-121.10', 'train'),"
    "(4, 1, 'own-1', 'national', 'Open shelters.', '', 1, 'own-1', 'open'),"
    "(5, 2, 'own-1', 'national', 'Fund guardians.', '', 1, 'own-1', 'fund'),"
    "(6, 3, 'upr-3-121.2', 'upr', 'Protect children', '121.2', 5, 'upr-3-121.2', 'protect'),"
    "(7, 1, 'own-2', 'national', 'Open more shelters.', '', 1, 'own-1', 'open')",
    "INSERT INTO recommendation_tags (owner_id, kind, position, code) VALUES "
    "(1, 'provision', 0, 'CRC-35'), (1, 'finding', 0, 'F-1'), "
    "(2, 'provision', 0, 'CRC-34'), (2, 'provision', 1, 'CRC-35'), (2, 'finding', 0, 'F-1')",
    "INSERT INTO status_assessments (id, recommendation_id, source, status, assessed_on, "
    "recorded_by, recorded_at) VALUES "
    "(1, 1, 'nhri', 'planned', '2020-01-01', 'ana', CURRENT_TIMESTAMP), "
    "(2, 2, 'nhri', 'partially-implemented', '2024-06-01', 'ben', CURRENT_TIMESTAMP)",
    "INSERT INTO tag_suggestions (id, recommendation_id, kind, code, confidence, support, "
    "state, decided_by) VALUES "
    "(1, 1, 'provision', 'CRC-39', 0.8, '[]', 'accepted', 'ana'), "
    "(2, 2, 'provision', 'CRC-39', 0.7, '[]', 'pending', NULL)",
    "INSERT INTO actions (id, workspace_id, key, title, status, version) VALUES "
    "(1, 1, 'A1', 'Shelter', 'planned', 1), (2, 2, 'A1', 'Shelter', 'implemented', 2), "
    "(3, 1, 'A2', 'Fund', 'planned', 1), (4, 2, 'A2', 'Train', 'planned', 1)",
    "INSERT INTO own_recommendations (id, workspace_id, key, text, grade, basis, status, "
    "tags, version, updated_at) VALUES (1, 1, 'O1', 'Fund shelters.', 'priority', 'gap', "
    "'draft', '{\"related\": [\"own-1\", \"upr-3-121.2\"]}', 1, CURRENT_TIMESTAMP)",
    "INSERT INTO action_tags (owner_id, kind, position, code) VALUES "
    "(1, 'recommendation', 0, 'upr-3-121.2'), (3, 'recommendation', 0, 'own-1'), "
    "(4, 'recommendation', 0, 'own-1')",
)


def test_migration_0012_merges_the_copies_of_two_cycles_and_loses_nothing(
        empty_database: Database) -> None:
    config = alembic_config()
    with empty_database.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0011")
        for statement in _INSERTS:
            conn.execute(sa.text(statement))
    empty_database.migrate()
    with empty_database.connect() as conn:
        recs = {r.key: r for r in store.load_recommendations(conn, workspace_key="xa-2019")}
        assert list(recs) == ["own-1", "own-1-xa-2019", "own-2", "upr-3-121.2",
                              "upr-3-121.10"]
        merged = recs["upr-3-121.2"]
        assert merged.provisions == ("CRC-34", "CRC-35")
        assert merged.findings == ("xa-2024/F-1", "xa-2019/F-1")
        assert merged.version == 5  # the highest of the three copies
        assert recs["own-2"].family == "own-1-xa-2019"  # its family follows the renamed one
        assert (recs["own-1"].text, recs["own-1-xa-2019"].text) == (
            "Fund guardians.", "Open shelters.")
        history = tracking.status_history(conn, workspace_key="xa-2024",
                                          recommendation="upr-3-121.2")
        assert [h.status.value for h in history] == ["planned", "partially-implemented"]
        (suggestion,) = tracking.load_suggestions(conn, workspace_key="xa-2024", state=None)
        assert (suggestion.state.value, suggestion.decided_by) == ("accepted", "ana")
        actions = {a.key: a for a in tracking.load_actions(conn, workspace_key="xa-2024")}
        assert sorted(actions) == ["A1", "A2", "A2-xa-2019"]
        assert actions["A1"].status is ImplementationStatus.IMPLEMENTED
        assert actions["A1"].recommendations == ("upr-3-121.2",)
        assert actions["A2-xa-2019"].recommendations == ("own-1-xa-2019",)
        assert actions["A2"].recommendations == ("own-1",)
        related = conn.execute(sa.text("SELECT tags FROM own_recommendations")).scalar()
        related = json.loads(related) if isinstance(related, str) else related
        assert related["related"] == ["own-1-xa-2019", "upr-3-121.2"]
        # the search index follows the rebuilt table
        found = search(conn, workspace_key="xa-2024", filters=SearchFilters(text="train"))
        assert [r.key for r in found.items] == ["upr-3-121.10"]
    with empty_database.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0011")
    with empty_database.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT workspace_id, key FROM recommendations ORDER BY key")).all()
        assert [tuple(r) for r in rows] == [(1, "own-1"), (1, "own-1-xa-2019"), (1, "own-2"),
                                            (1, "upr-3-121.10"), (1, "upr-3-121.2")]
        links = conn.execute(sa.text("SELECT code FROM recommendation_tags WHERE kind = "
                                     "'finding' ORDER BY position")).scalars().all()
        assert links == ["xa-2024/F-1", "F-1"]  # the first cycle's own findings: bare keys
    empty_database.migrate()  # and up again
    with empty_database.connect() as conn:
        found = search(conn, workspace_key="xa-2014", filters=SearchFilters(text="train"))
        assert [r.key for r in found.items] == ["upr-3-121.10"]
