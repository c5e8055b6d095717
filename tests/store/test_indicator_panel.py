"""Panels and indicator definitions in the store: replace-by-key imports, versions,
the jurisdiction's workspace values, and migration 0009 on a database at 0008."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from impactkit.catalogue.indicator_model import Indicator
from impactkit.domain import Jurisdiction, PanelValue
from impactkit.store import audit
from impactkit.store import indicator_panel as store
from impactkit.store.db import Database, alembic_config

FRANCE = Jurisdiction(code="FRA", name="France")


def test_panel_values_replace_by_jurisdiction_indicator_and_year(database: Database) -> None:
    rows = [PanelValue("FRA", "child-labour", 2019, 1.5, "UNICEF"),
            PanelValue("FRA", "child-labour", 2021, 1.2, "UNICEF")]
    with database.begin() as conn:
        first = store.save_panel(conn, rows=rows, names={"FRA": FRANCE}, user="ana",
                                 source_file="a.csv")
    assert first == {"added": 2, "replaced": 0, "unchanged": 0}
    changed = [rows[0], PanelValue("FRA", "child-labour", 2021, 1.1, "UNICEF, revised")]
    with database.begin() as conn:
        second = store.save_panel(conn, rows=changed, names={"FRA": FRANCE}, user="ana",
                                  source_file="b.csv")
        loaded = store.load_panel(conn)
        trail = audit.history(conn, entity=store.PANEL)
    assert second == {"added": 0, "replaced": 1, "unchanged": 1}
    assert loaded == {"FRA": [rows[0], changed[1]]}
    assert [e.record_key for e in trail] == ["b.csv", "a.csv"]
    assert trail[0].after is not None and trail[0].after["replaced"] == 1


def test_definitions_round_trip_and_count_in_the_stamp(database: Database) -> None:
    tier = Indicator(code="tip-tier", title="TIP tier", type="outcome", unit="tier",
                     direction="lower-is-better", dimension="protection", factor="risk",
                     goalposts={"lower": 1, "upper": 4})  # type: ignore[arg-type]
    with database.begin() as conn:
        empty = store.definitions_stamp(conn)
        store.save_definition(conn, indicator=tier, expected_version=None, user="ana")
        assert store.definitions_stamp(conn) != empty
        [stored] = store.load_definitions(conn)
    assert stored.indicator == tier and stored.version == 1


def test_migration_0009_upgrades_a_database_at_0008_and_downgrades(
        empty_database: Database) -> None:
    """Evidence stored before it could cite an indicator cites none; going back drops the
    new tables and the column and keeps the evidence."""
    config = alembic_config()
    with empty_database.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0008")
        conn.execute(sa.text(
            "INSERT INTO jurisdictions (id, code, name, kind, fictional) "
            "VALUES (1, 'XAA', 'Xa', 'country', true)"))
        conn.execute(sa.text(
            "INSERT INTO workspaces (id, key, title, jurisdiction_id, cycle, catalogue_key, "
            "created_at) VALUES (1, 'xa', 'Xa', 1, '2024', 'impact-default', "
            "CURRENT_TIMESTAMP)"))
        conn.execute(sa.text(
            "INSERT INTO findings (id, workspace_id, key, area, layer, rating_state, "
            "confidence, status) VALUES (1, 1, 'F1', 'compliance', 'practice', "
            "'not-assessed', 'medium', 'draft')"))
        conn.execute(sa.text(
            "INSERT INTO evidence (id, workspace_id, key, finding_id, kind, title, "
            "reliability) VALUES (1, 1, 'E1', 1, 'desk-review', 'Law review', 'high')"))
    empty_database.migrate()
    with empty_database.connect() as conn:
        assert conn.execute(sa.text("SELECT indicator FROM evidence")).scalar_one() is None
    with empty_database.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0008")
    with empty_database.connect() as conn:
        inspector = sa.inspect(conn)
        for table in ("indicator_panel", "indicator_definitions", "own_recommendations"):
            assert not inspector.has_table(table)
        assert "indicator" not in {c["name"] for c in inspector.get_columns("evidence")}
        assert conn.execute(sa.text("SELECT key FROM evidence")).scalars().all() == ["E1"]
