"""Catalogues in the database: stored whole, replaced only when they changed, read back equal;
full provision texts kept apart and replaced per provision (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from impactkit.catalogue.loader import load_default_catalogue
from impactkit.errors import NotFoundError
from impactkit.services.setup import init_database
from impactkit.store import audit, catalogues
from impactkit.store.db import Database


@pytest.fixture
def db(database: Database) -> Database:
    init_database(database, user="setup")  # stores the default catalogue
    return database


def test_the_stored_catalogue_reads_back_equal_to_the_shipped_one(db: Database) -> None:
    with db.connect() as conn:
        stored = catalogues.get_catalogue(conn, key="impact-default")
        assert catalogues.catalogue_keys(conn) == ["impact-default"]
    # as data: the shipped object may carry look-up tables built by earlier use
    assert stored.model_dump(mode="json") == load_default_catalogue().model_dump(mode="json")


def test_saving_an_unchanged_catalogue_writes_nothing(db: Database) -> None:
    with db.begin() as conn:
        assert not catalogues.save_catalogue(conn, catalogue=load_default_catalogue(),
                                             user="again")
    with db.connect() as conn:
        assert not [e for e in audit.history(conn, entity="catalogue") if e.user == "again"]


def test_a_changed_catalogue_replaces_the_stored_one_and_is_audited(db: Database) -> None:
    changed = load_default_catalogue().model_copy(update={"version": "1.0-local"})
    with db.begin() as conn:
        assert catalogues.save_catalogue(conn, catalogue=changed, user="ana")
    with db.connect() as conn:
        assert catalogues.get_catalogue(conn, key="impact-default").version == "1.0-local"
        [entry] = [e for e in audit.history(conn, entity="catalogue") if e.user == "ana"]
    assert entry.action == "update" and entry.after == {"version": "1.0-local"}


def test_an_unknown_catalogue_says_how_to_get_one(db: Database) -> None:
    with pytest.raises(NotFoundError, match=r"no catalogue 'mine'.*impact init"), \
            db.connect() as conn:
        catalogues.get_catalogue(conn, key="mine")


def test_texts_are_replaced_per_provision_and_kept_when_the_framework_changes(
        db: Database) -> None:
    with db.begin() as conn:
        assert catalogues.save_texts(conn, catalogue_key="impact-default",
                                     texts={"CRC-32": "old", "CRC-34": "kept"},
                                     source="first.json", user="ana") == 2
        catalogues.save_texts(conn, catalogue_key="impact-default",
                              texts={"CRC-32": "States Parties recognize..."},
                              source="second.json", user="ana")
        assert catalogues.save_texts(conn, catalogue_key="impact-default", texts={},
                                     source="empty.json", user="ana") == 0
        changed = load_default_catalogue().model_copy(update={"version": "1.0-local"})
        catalogues.save_catalogue(conn, catalogue=changed, user="ana")
    with db.connect() as conn:
        assert catalogues.texts_for(conn, catalogue_key="impact-default") == {
            "CRC-32": "States Parties recognize...", "CRC-34": "kept"}
