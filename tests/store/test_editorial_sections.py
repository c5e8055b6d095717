"""Report texts in the store: written, changed and cleared against the version they started
from (a stale one is refused with the stored text, nothing written), every change audited
with the text before and after, and gone with their workspace (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic import command

from impactkit.domain import Jurisdiction, Workspace
from impactkit.errors import ConflictError
from impactkit.reports.editorial import EditorialSection
from impactkit.store import audit, workspaces
from impactkit.store import editorial as store
from impactkit.store.db import SCHEMA_HEAD, Database, alembic_config

WS = "xa-2024"


@pytest.fixture
def db(database: Database) -> Database:
    with database.begin() as conn:
        workspaces.create_workspace(conn, user="setup", workspace=Workspace(
            key=WS, title="Xa", cycle="2020-2024",
            jurisdiction=Jurisdiction(code="XAA", name="Xa", fictional=True)))
    return database


def save(db: Database, key: str, body: str, version: int | None, user: str = "ana"
         ) -> EditorialSection:
    with db.begin() as conn:
        return store.save_section(conn, workspace_key=WS, key=key, body=body,
                                  expected_version=version, user=user)


def stored(db: Database) -> list[EditorialSection]:
    with db.connect() as conn:
        return store.load_sections(conn, workspace_key=WS)


def trail(db: Database) -> list[audit.AuditEntry]:
    with db.connect() as conn:
        return list(reversed(audit.history(conn, workspace_key=WS, entity=store.ENTITY)))


def test_a_section_is_created_at_version_1_and_each_save_adds_one(db: Database) -> None:
    first = save(db, "introduction", "Veldmark is fictional.", 0)
    assert (first.key, first.body, first.version) == ("introduction",
                                                      "Veldmark is fictional.", 1)
    assert first.updated_at is not None
    assert abs(first.updated_at - datetime.now(UTC)) < timedelta(minutes=5)
    second = save(db, "introduction", "Veldmark is a fictional country.", 1, user="bo")
    assert (second.body, second.version) == ("Veldmark is a fictional country.", 2)
    save(db, "cluster:violence", "Violence.", None)  # None, as 0: not written yet
    assert [(s.key, s.version) for s in stored(db)] == [("cluster:violence", 1),
                                                        ("introduction", 2)]
    entries = trail(db)
    assert [(e.user, e.action, e.record_key) for e in entries] == [
        ("ana", "create", "introduction"), ("bo", "update", "introduction"),
        ("ana", "create", "cluster:violence")]
    assert entries[0].before is None
    assert entries[0].after is not None and entries[0].after["body"] == "Veldmark is fictional."
    assert entries[1].before is not None and entries[1].after is not None
    assert (entries[1].before["body"], entries[1].before["version"]) == (
        "Veldmark is fictional.", 1)
    assert (entries[1].after["body"], entries[1].after["version"]) == (
        "Veldmark is a fictional country.", 2)


def test_a_stale_save_is_refused_with_the_stored_text_and_writes_nothing(
        db: Database) -> None:
    save(db, "conclusions", "Ana's conclusions.", 0)
    save(db, "conclusions", "Ana's second thoughts.", 1)
    with pytest.raises(ConflictError) as stale:
        save(db, "conclusions", "Bo's conclusions.", 1, user="bo")
    assert stale.value.current_version == 2
    assert stale.value.current == stored(db)[0]
    assert isinstance(stale.value.current, EditorialSection)
    assert stale.value.current.body == "Ana's second thoughts."
    assert "you started from version 1, the stored one is version 2" in stale.value.message
    assert [(s.body, s.version) for s in stored(db)] == [("Ana's second thoughts.", 2)]
    assert [e.user for e in trail(db)] == ["ana", "ana"]


def test_writing_a_section_someone_else_wrote_first_is_a_conflict(db: Database) -> None:
    save(db, "context", "Ana's context.", 0)
    with pytest.raises(ConflictError) as stale:
        save(db, "context", "Bo's context.", 0, user="bo")
    assert stale.value.current_version == 1
    assert "was written by someone else" in stale.value.message
    assert [s.body for s in stored(db)] == ["Ana's context."]


def test_clearing_deletes_the_row_audits_the_text_and_checks_the_version(
        db: Database) -> None:
    save(db, "state-comments", "The State replies.", 0)
    with db.begin() as conn, pytest.raises(ConflictError):
        store.clear_section(conn, workspace_key=WS, key="state-comments",
                            expected_version=2, user="bo")
    with db.begin() as conn:
        cleared = store.clear_section(conn, workspace_key=WS, key="state-comments",
                                      expected_version=1, user="bo")
    assert cleared is not None and cleared.body == "The State replies."
    assert stored(db) == []
    last = trail(db)[-1]
    assert (last.user, last.action, last.after) == ("bo", "delete", None)
    assert last.before is not None and last.before["body"] == "The State replies."
    # a save based on the cleared version finds it gone: a conflict, carrying nothing
    with pytest.raises(ConflictError) as stale:
        save(db, "state-comments", "Too late.", 1)
    assert (stale.value.current, stale.value.current_version) == (None, 0)
    assert "was cleared by someone else" in stale.value.message
    # clearing what is not written, from version 0, changes nothing
    with db.begin() as conn:
        assert store.clear_section(conn, workspace_key=WS, key="state-comments",
                                   expected_version=0, user="bo") is None
    assert len(trail(db)) == 2


def test_deleting_the_workspace_deletes_its_sections(db: Database) -> None:
    save(db, "introduction", "Gone with the workspace.", 0)
    with db.begin() as conn:
        workspaces.delete_workspace(conn, key=WS, user="admin")
    with db.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM editorial_sections")).scalar_one() \
            == 0


def test_many_sections_are_added_at_once_and_audited_one_by_one(db: Database) -> None:
    with db.begin() as conn:
        count = store.add_sections(conn, workspace_key=WS, sections=[
            EditorialSection(key="introduction", body="One."),
            EditorialSection(key="conclusions", body="Two.")], user="setup", summary="demo")
    assert count == 2
    assert [(s.key, s.body, s.version) for s in stored(db)] == [
        ("conclusions", "Two.", 1), ("introduction", "One.", 1)]
    assert [(e.action, e.record_key, e.summary) for e in trail(db)] == [
        ("create", "introduction", "demo"), ("create", "conclusions", "demo")]


def test_migration_0008_upgrades_a_database_at_0007_and_downgrades(
        empty_database: Database) -> None:
    """Evidence stored before the flag existed is not confidential; going back removes the
    flag and the texts, and keeps the evidence."""
    config = alembic_config()
    with empty_database.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0007")
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
    assert empty_database.current_revision() == SCHEMA_HEAD
    with empty_database.begin() as conn:
        assert conn.execute(sa.text("SELECT confidential FROM evidence")).scalar_one() \
            in (False, 0)
        store.save_section(conn, workspace_key="xa", key="introduction", body="Text.",
                           expected_version=0, user="ana")
    with empty_database.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0007")
    with empty_database.connect() as conn:
        inspector = sa.inspect(conn)
        assert not inspector.has_table("editorial_sections")
        assert "confidential" not in {c["name"] for c in inspector.get_columns("evidence")}
        assert conn.execute(sa.text("SELECT key FROM evidence")).scalars().all() == ["E1"]
    assert empty_database.current_revision() == "0007"
