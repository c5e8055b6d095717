"""Recommendations in the store: imports merged by key (the file's source fields, people's
tags), edits over a version, deletions, every change audited (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses

import pytest
from tests.store.recommendation_sample import WS, rec, save

from impactkit.errors import ConflictError, ImportRejected, NotFoundError
from impactkit.store import audit
from impactkit.store import recommendation_editing as editing
from impactkit.store import recommendations as store
from impactkit.store.db import Database


def test_an_import_adds_then_changes_nothing_when_repeated(rec_db: Database) -> None:
    first = save(rec_db, rec("r1"), rec("r2", "Adopt a national referral mechanism."))
    assert (first.added, first.updated, first.unchanged, first.total) == (2, 0, 0, 2)
    again = save(rec_db, rec("r1"), rec("r2", "Adopt a national referral mechanism."))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    with rec_db.connect() as conn:
        loaded = store.load_recommendations(conn, workspace_key=WS)
        assert audit.count(conn, workspace_key=WS, entity=store.ENTITY) == 2
    assert [r.key for r in loaded] == ["r1", "r2"]
    assert loaded[0] == dataclasses.replace(rec("r1"), family="r1")


def test_a_reimport_takes_the_files_text_and_keeps_peoples_tags(rec_db: Database) -> None:
    save(rec_db, rec("r1"))
    with rec_db.begin() as conn:
        stored = store.get_recommendation(conn, workspace_key=WS, key="r1")
        store.update_recommendation(conn, workspace_key=WS, by="ana", expected_version=1,
                                    record=dataclasses.replace(stored, sectors=("health",),
                                                               provisions=("CRC-32",)))
    summary = save(rec_db, rec("r1", "Strengthen labour inspection, in agriculture above all.",
                           sectors=("labour", "education")))
    assert summary.updated == 1
    with rec_db.connect() as conn:
        merged = store.get_recommendation(conn, workspace_key=WS, key="r1")
    assert merged.text.endswith("above all.")
    assert (merged.sectors, merged.provisions, merged.version) == (("health",), ("CRC-32",), 3)


def test_two_documents_cannot_share_a_key_and_nothing_is_written(rec_db: Database) -> None:
    save(rec_db, rec("r1"))
    with pytest.raises(ImportRejected, match="another document"):
        save(rec_db, rec("r2"), rec("r1", document_symbol="CRC/C/XAT/CO/5-6"))
    with rec_db.connect() as conn:
        assert [r.key for r in store.load_recommendations(conn, workspace_key=WS)] == ["r1"]


def test_a_stale_edit_is_refused_with_the_stored_version(rec_db: Database) -> None:
    save(rec_db, rec("r1"))
    with rec_db.begin() as conn:
        stored = store.get_recommendation(conn, workspace_key=WS, key="r1")
        saved = store.update_recommendation(conn, workspace_key=WS, by="ana",
                                            expected_version=1,
                                            record=dataclasses.replace(stored, groups=("x",)))
    assert saved.version == 2
    with pytest.raises(ConflictError) as stale, rec_db.begin() as conn:
        store.update_recommendation(conn, workspace_key=WS, by="bo", expected_version=1,
                                    record=dataclasses.replace(stored, groups=("y",)))
    assert stale.value.current_version == 2
    with rec_db.connect() as conn:
        assert store.get_recommendation(conn, workspace_key=WS, key="r1").groups == ("x",)


def test_an_import_puts_stored_recommendations_in_their_new_family(rec_db: Database) -> None:
    save(rec_db, rec("r1"))
    save(rec_db, rec("r9", cycle="4"), families={"r1": "r1", "r9": "r1"})
    with rec_db.connect() as conn:
        loaded = {r.key: r for r in store.load_recommendations(conn, workspace_key=WS)}
    assert (loaded["r9"].family, loaded["r1"].family) == ("r1", "r1")
    save(rec_db, rec("r0", cycle="2"), families={"r0": "r0", "r1": "r0", "r9": "r0"})
    with rec_db.connect() as conn:
        loaded = {r.key: r for r in store.load_recommendations(conn, workspace_key=WS)}
        entries = audit.history(conn, workspace_key=WS, record_key="r1")
    assert (loaded["r1"].family, loaded["r1"].version) == ("r0", 2)
    assert entries[0].summary == "reiteration family"


def test_deleting_keeps_the_record_in_the_trail(rec_db: Database) -> None:
    save(rec_db, rec("r1"))
    with rec_db.begin() as conn:
        editing.delete_recommendation(conn, workspace_key=WS, key="r1", expected_version=1,
                                      by="ana")
    with rec_db.connect() as conn:
        with pytest.raises(NotFoundError, match="no recommendation 'r1'"):
            store.get_recommendation(conn, workspace_key=WS, key="r1")
        with pytest.raises(NotFoundError):
            store.record_id(conn, workspace_key=WS, key="r1")
        entry = audit.history(conn, workspace_key=WS, record_key="r1")[0]
    assert entry.action == "delete" and entry.before is not None
    assert entry.before["text"] == rec("r1").text
