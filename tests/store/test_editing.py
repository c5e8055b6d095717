"""One-record editing in the store: paging, references, versions, dependents, events."""

from __future__ import annotations

import dataclasses

import pytest
from tests.services.sample import WS

from impactkit.domain import Finding, NationalInstrument
from impactkit.errors import ConflictError, NotFoundError, ValidationError
from impactkit.store import audit, editing, records
from impactkit.store.db import Database


def test_pages_load_the_same_records_as_the_bulk_loader(sample: Database) -> None:
    with sample.connect() as conn:
        everything = records.load_workspace_data(conn, workspace_key=WS)
        for entity, table in (("finding", "findings"), ("mandate", "mandates"),
                              ("instrument", "instruments"), ("link", "links"),
                              ("evidence", "evidence"), ("actor", "actors"),
                              ("indicator-value", "indicator_values")):
            expected = sorted(getattr(everything, table), key=lambda r: r.key)
            items, total = editing.list_page(conn, workspace_key=WS, entity=entity, limit=100)
            assert (items, total) == (expected, len(expected)), entity
        page, total = editing.list_page(conn, workspace_key=WS, entity="finding", offset=1,
                                        limit=1)
    assert ([f.key for f in page], total) == (["F2"], 3)


def test_a_new_record_gets_version_1_and_an_audited_tag_list(sample: Database) -> None:
    law = NationalInstrument(key="tip", title="Trafficking Act", kind="law", version=7,
                             provisions=("PALERMO-3", "CRC-35"), sectors=("judiciary",))
    with sample.begin() as conn:
        saved = editing.insert_record(conn, workspace_key=WS, entity="instrument", record=law,
                                      user="ana")
    assert saved == dataclasses.replace(law, version=1)
    with sample.connect() as conn:
        entry = audit.history(conn, workspace_key=WS, record_key="tip")[0]
    assert (entry.action, entry.user, entry.before) == ("create", "ana", None)
    assert entry.after is not None and entry.after["provisions"] == ["PALERMO-3", "CRC-35"]


def test_references_are_checked_by_key(sample: Database) -> None:
    coherence = Finding(key="F8", area="coherence", layer="law-policy", clusters=("violence",),
                        sectors=("labour",), tension_instruments=("lc", "nope"))
    with pytest.raises(ValidationError) as refused, sample.begin() as conn:
        editing.insert_record(conn, workspace_key=WS, entity="finding", record=coherence,
                              user="ana")
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("tension_instruments", "no law or policy has key 'nope' in this workspace")]
    with sample.begin() as conn:
        editing.insert_record(conn, workspace_key=WS, entity="finding",
                              record=dataclasses.replace(coherence, tension_instruments=("lc",)),
                              user="ana")
        assert editing.dependents(conn, workspace_key=WS, entity="instrument", key="lc") == {
            "mandate": ["m1"], "link": ["l1"], "finding": ["F8"]}
        assert editing.dependents(conn, workspace_key=WS, entity="actor", key="moj") == {
            "link": ["l1"]}


def test_an_update_replaces_tags_and_a_stale_one_writes_nothing(sample: Database) -> None:
    with sample.begin() as conn:
        f1 = editing.get_record(conn, workspace_key=WS, entity="finding", key="F1")
        saved = editing.update_record(conn, workspace_key=WS, entity="finding",
                                      record=dataclasses.replace(f1, provisions=("CRC-36",)),
                                      expected_version=1, user="ana")
    assert (saved.provisions, saved.version, saved.created_at) == (("CRC-36",), 2,
                                                                   f1.created_at)
    with pytest.raises(ConflictError) as stale, sample.begin() as conn:
        editing.update_record(conn, workspace_key=WS, entity="finding",
                              record=dataclasses.replace(f1, title="x"), expected_version=1,
                              user="bo")
    assert stale.value.current == saved
    with sample.connect() as conn:
        assert editing.get_record(conn, workspace_key=WS, entity="finding", key="F1") == saved
        entries = audit.history(conn, workspace_key=WS, record_key="F1")
    assert [e.user for e in entries if e.action == "update"] == ["ana"]
    assert entries[0].before["provisions"] == ["CRC-32", "ILO182-3"]  # type: ignore[index]
    assert entries[0].after["provisions"] == ["CRC-36"]  # type: ignore[index]


def test_deleting_a_finding_takes_its_evidence_and_events(sample: Database) -> None:
    with sample.begin() as conn:
        editing.add_comment(conn, workspace_key=WS, finding_key="F1", user="ana", text="hm")
        editing.delete_record(conn, workspace_key=WS, entity="finding", key="F1",
                              expected_version=1, user="ana")
    with sample.connect() as conn:
        assert editing.list_page(conn, workspace_key=WS, entity="evidence")[1] == 0
        assert [(e.entity, e.record_key, e.action) for e in audit.history(
            conn, workspace_key=WS, limit=3)] == [("finding", "F1", "delete"),
                                                  ("evidence", "E1", "delete"),
                                                  ("finding", "F1", "comment")]
        with pytest.raises(NotFoundError, match="no finding 'F1' in workspace 'xa-2024'"):
            editing.events_of(conn, workspace_key=WS, finding_key="F1")


def test_events_read_oldest_first(sample: Database) -> None:
    with sample.begin() as conn:
        for text in ("one", "two", "three"):
            editing.add_comment(conn, workspace_key=WS, finding_key="F2", user="ana",
                                text=text)
        editing.add_event(conn, workspace_key=WS, finding_key="F2", user="bo", kind="review")
    with sample.connect() as conn:
        found = editing.events_of(conn, workspace_key=WS, finding_key="F2")
    assert [(e.kind, e.text) for e in found] == [("comment", "one"), ("comment", "two"),
                                                 ("comment", "three"), ("review", "")]
    assert all(e.at.tzinfo is not None for e in found)


def test_the_catalogue_stamp_names_the_workspace_catalogue(sample: Database) -> None:
    with sample.connect() as conn:
        key, loaded_at, texts = editing.catalogue_stamp(conn, workspace_key=WS)
        assert (key, texts) == ("impact-default", None)
        assert loaded_at is not None
        with pytest.raises(NotFoundError, match="no workspace 'nope'"):
            editing.catalogue_stamp(conn, workspace_key="nope")
