"""The audit trail: every entry kept with who, when, what and the record before and after;
read back newest first, filtered exactly and paged (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from impactkit.domain import Actor
from impactkit.store import audit
from impactkit.store.db import Database


def write(database: Database, **entry: object) -> None:
    with database.begin() as conn:
        audit.record(conn, **{"workspace_key": "xa", "entity": "actor", "action": "update",
                              "user": "ana", **entry})  # type: ignore[arg-type]


def test_an_entry_keeps_the_record_before_and_after_as_data(database: Database) -> None:
    before = Actor(key="moj", name="Ministry of Justice", sector="judiciary")
    after = Actor(key="moj", name="Ministry of Justice and Human Rights", sector="judiciary",
                  version=2)
    write(database, record_key="moj", before=before, after=after, summary="renamed")
    with database.connect() as conn:
        [entry] = audit.history(conn)
    assert (entry.user, entry.workspace_key, entity_action(entry)) == \
        ("ana", "xa", ("actor", "update"))
    assert entry.before is not None and entry.after is not None
    assert (entry.before["name"], entry.after["name"], entry.after["version"]) == \
        ("Ministry of Justice", "Ministry of Justice and Human Rights", 2)
    assert entry.summary == "renamed"
    assert entry.at.tzinfo is not None
    assert abs(entry.at - datetime.now(UTC)) < timedelta(minutes=5)


def test_many_records_get_one_entry_each(database: Database) -> None:
    actors = [Actor(key=f"a{i}", name=f"Actor {i}", sector="labour") for i in range(3)]
    with database.begin() as conn:
        assert audit.record_many(conn, user="importer", workspace_key="xa", entity="actor",
                                 action="create", records=actors, summary="import") == 3
        assert audit.record_many(conn, user="importer", workspace_key="xa", entity="actor",
                                 action="delete", records=actors[:1]) == 1
        assert audit.record_many(conn, user="x", workspace_key="xa", entity="actor",
                                 action="create", records=[]) == 0
    with database.connect() as conn:
        entries = audit.history(conn)
    assert [(e.action, e.record_key) for e in entries] == [
        ("delete", "a0"), ("create", "a2"), ("create", "a1"), ("create", "a0")]
    assert entries[0].before is not None and entries[0].after is None  # a deletion
    assert entries[1].before is None and entries[1].after is not None


def test_filters_match_exactly_and_pages_are_stable(database: Database) -> None:
    for i, (user, entity) in enumerate([("ana", "actor"), ("bo", "finding"), ("ana", "finding"),
                                        ("100%", "finding"), ("ana", "evidence")]):
        write(database, user=user, entity=entity, record_key=f"r{i}")
    write(database, workspace_key="other", record_key="elsewhere")
    with database.connect() as conn:
        assert [e.record_key for e in audit.history(conn, workspace_key="xa", user="ana")] \
            == ["r4", "r2", "r0"]
        assert [e.record_key for e in audit.history(conn, user="100%")] == ["r3"]
        assert audit.history(conn, user="%") == []  # a bound value, never a pattern
        assert audit.count(conn, workspace_key="xa", entity=["finding", "evidence"]) == 4
        pages = [audit.history(conn, workspace_key="xa", limit=2, offset=start)
                 for start in (0, 2, 4)]
        assert [[e.record_key for e in page] for page in pages] == \
            [["r4", "r3"], ["r2", "r1"], ["r0"]]
        assert audit.users_of(conn, workspace_key="xa") == ["100%", "ana", "bo"]


def test_time_filters_take_since_inclusive_and_until_exclusive(database: Database) -> None:
    write(database, record_key="r0")
    with database.connect() as conn:
        [entry] = audit.history(conn)
        assert audit.count(conn, since=entry.at) == 1
        assert audit.count(conn, until=entry.at) == 0
        assert audit.count(conn, since=entry.at + timedelta(seconds=1)) == 0
        naive = entry.at.replace(tzinfo=None)  # read as UTC, as stored
        assert audit.count(conn, since=naive, until=naive + timedelta(seconds=1)) == 1


@pytest.mark.parametrize(("actions", "expected"), [
    (["create"], "u0"), (["create", "update"], "u1"), (["create", "review"], "u0"), ([], None),
])
def test_who_last_changed_a_record_counts_creations_and_updates(
        database: Database, actions: list[str], expected: str | None) -> None:
    for i, action in enumerate(actions):
        write(database, user=f"u{i}", entity="finding", record_key="F1", action=action)
    write(database, user="other", entity="finding", record_key="F2", action="update")
    with database.connect() as conn:
        assert audit.last_changed_by(conn, workspace_key="xa", entity="finding",
                                     record_key="F1") == expected


def entity_action(entry: audit.AuditEntry) -> tuple[str, str]:
    return entry.entity, entry.action
