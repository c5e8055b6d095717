"""Mandate scope in the store: limited_to_groups, levels and age bands round-trip, and
migration 0010 on a database at 0009 keeps every mandate, reading its groups as served in
particular."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from impactkit.domain import Actor, Jurisdiction, Mandate, Workspace, WorkspaceData
from impactkit.store.db import Database, alembic_config
from impactkit.store.records import add_records, load_workspace_data
from impactkit.store.workspaces import create_workspace


def test_scope_fields_round_trip(database: Database) -> None:
    data = WorkspaceData(
        workspace=Workspace(key="xs", title="Xs", jurisdiction=Jurisdiction("XSS", "Xs"),
                            cycle="2025"),
        actors=[Actor(key="police", name="National police", sector="law-enforcement")],
        mandates=[Mandate(key="m", actor_key="police", functions=("identification",),
                          groups=("unaccompanied",), limited_to_groups=True,
                          levels=("regional", "local"), age_bands=("12-14", "15-17"))])
    with database.begin() as conn:
        create_workspace(conn, workspace=data.workspace, user="test")
        add_records(conn, workspace_key="xs", data=data, user="test")
    with database.connect() as conn:
        (mandate,) = load_workspace_data(conn, workspace_key="xs").mandates
    assert mandate.limited_to_groups is True
    assert mandate.levels == ("regional", "local")
    assert mandate.age_bands == ("12-14", "15-17")


def test_migration_0010_upgrades_a_database_at_0009_and_downgrades(
        empty_database: Database) -> None:
    config = alembic_config()
    with empty_database.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0009")
        conn.execute(sa.text(
            "INSERT INTO jurisdictions (id, code, name, kind, fictional) "
            "VALUES (1, 'XAA', 'Xa', 'country', true)"))
        conn.execute(sa.text(
            "INSERT INTO workspaces (id, key, title, jurisdiction_id, cycle, catalogue_key, "
            "created_at) VALUES (1, 'xa', 'Xa', 1, '2024', 'impact-default', "
            "CURRENT_TIMESTAMP)"))
        conn.execute(sa.text(
            "INSERT INTO actors (id, workspace_id, key, name, sector, level, type) "
            "VALUES (1, 1, 'centre', 'Centre', 'child-protection', 'local', 'agency')"))
        conn.execute(sa.text(
            "INSERT INTO mandates (id, workspace_id, key, actor_id) VALUES (1, 1, 'M1', 1)"))
        conn.execute(sa.text(
            "INSERT INTO mandate_tags (owner_id, kind, position, code) "
            "VALUES (1, 'group', 0, 'unaccompanied')"))
    empty_database.migrate()
    with empty_database.connect() as conn:
        (mandate,) = load_workspace_data(conn, workspace_key="xa").mandates
    assert mandate.groups == ("unaccompanied",) and mandate.limited_to_groups is False
    with empty_database.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0009")
    with empty_database.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("mandates")}
        assert "limited_to_groups" not in columns
        assert conn.execute(sa.text("SELECT key FROM mandates")).scalars().all() == ["M1"]
        assert conn.execute(sa.text("SELECT code FROM mandate_tags")).scalars().all() == [
            "unaccompanied"]
