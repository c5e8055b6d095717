"""Browsing and editing records through the services: filters, permissions, versions, audit."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from impactkit.domain import Actor, Evidence, FindingStatus, Mandate, RatingState
from impactkit.errors import ConflictError, NotFoundError, UsageError, ValidationError
from impactkit.services import records
from impactkit.services.accounts import PermissionDenied, Principal
from impactkit.services.records import FindingFilters
from impactkit.store import audit
from impactkit.store.db import Database
from tests.services.sample import WS

Who = Callable[[str], Principal]


def keys(db: Database, principal: Principal, **filters: str) -> list[str]:
    page = records.list_records(db, principal, workspace_key=WS, entity="findings",
                                filters=FindingFilters(**filters))
    assert page.total == len(page.items)
    return [f.key for f in page.items]


def trail(db: Database, key: str) -> list[audit.AuditEntry]:
    with db.connect() as conn:
        return audit.history(conn, workspace_key=WS, record_key=key)


def test_pages_are_cut_in_order_of_key(db: Database, who: Who) -> None:
    first = records.list_records(db, who("viewer"), workspace_key=WS, entity="findings",
                                 per_page=2)
    second = records.list_records(db, who("viewer"), workspace_key=WS, entity="findings",
                                  page=2, per_page=2)
    assert [f.key for f in first.items] == ["F1", "F2"]
    assert [f.key for f in second.items] == ["F3"]
    assert (first.total, first.pages, second.first_index, second.last_index) == (3, 2, 3, 3)
    actors = records.list_records(db, who("viewer"), workspace_key=WS, entity="actors")
    assert [a.key for a in actors.items] == ["lab", "moj"]


@pytest.mark.parametrize(("filters", "expected"), [
    ({"area": "compliance"}, ["F1"]),
    ({"layer": "practice"}, ["F1", "F3"]),
    # F2 names the violence cluster; F3 rates CRC-19, a violence article
    ({"cluster": "violence"}, ["F2", "F3"]),
    # CRC-32 is special protection; violence (named by F2) shares CRC-34, 37, 39 with it
    ({"cluster": "special-protection"}, ["F1", "F2"]),
    ({"provision": "CRC-19"}, ["F2", "F3"]),
    ({"provision": "CRC-32"}, ["F1"]),
    ({"provision": "ILO182-3", "cluster": "violence"}, []),
    ({"sector": "labour"}, ["F1"]),
    ({"group": "working"}, ["F1"]),
    ({"status": "reviewed"}, ["F3"]),
    ({"rating": "2"}, ["F3"]),
    ({"rating": "rated"}, ["F1", "F3"]),
    ({"rating": "not-assessed"}, ["F2"]),
    ({"rating": "not-applicable"}, []),
    ({"text": "INSPECTIONS"}, ["F1"]),
    ({"text": "left"}, ["F2"]),
    ({"area": "compliance", "sector": "child-protection"}, []),
])
def test_finding_filters(db: Database, who: Who, filters: dict[str, str],
                         expected: list[str]) -> None:
    assert keys(db, who("viewer"), **filters) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("%", ["F1"]),  # only F1's narrative holds a literal "100%"
    ("_", ["F1"]),  # ... and a literal underscore
    ("0%", ["F1"]),
    ("' OR 1=1 --", []),
    ("'; DROP TABLE findings; --", []),
    ("\\", []),
])
def test_sql_metacharacters_in_filters_match_literally(db: Database, who: Who, text: str,
                                                       expected: list[str]) -> None:
    assert keys(db, who("viewer"), text=text) == expected
    assert keys(db, who("viewer"), area=text) == []
    assert keys(db, who("viewer"), cluster=text, sector=text) == []
    assert len(keys(db, who("viewer"))) == 3  # the table is still there


def test_a_rating_filter_that_is_no_rating_is_refused(db: Database, who: Who) -> None:
    with pytest.raises(ValidationError) as refused:
        keys(db, who("viewer"), rating="high")
    assert [p.field for p in refused.value.problems] == ["rating"]
    with pytest.raises(UsageError, match="findings only"):
        records.list_records(db, who("viewer"), workspace_key=WS, entity="actors",
                             filters=FindingFilters(area="compliance"))


def test_reading_needs_read_access(db: Database, who: Who) -> None:
    for name in ("anonymous", "outsider"):
        with pytest.raises(PermissionDenied):
            records.list_records(db, who(name), workspace_key=WS, entity="findings")
        with pytest.raises(PermissionDenied):
            records.get_record(db, who(name), workspace_key=WS, entity="actors", key="moj")
    assert records.get_record(db, who("viewer"), workspace_key=WS, entity="actors",
                              key="moj").name == "Ministry of Justice"
    with pytest.raises(NotFoundError, match="no actor 'nobody'"):
        records.get_record(db, who("viewer"), workspace_key=WS, entity="actors", key="nobody")
    with pytest.raises(NotFoundError, match="unknown kind of record"):
        records.get_record(db, who("viewer"), workspace_key=WS, entity="people", key="moj")


NEW_RECORDS: dict[str, dict[str, str | list[str]]] = {
    "actors": {"key": "pol", "name": "Police", "sector": "law-enforcement",
               "level": "national", "type": "police"},
    "instruments": {"key": "tip", "title": "Anti-trafficking Act", "kind": "law",
                    "year": "2019", "in_force": ["false", "true"],
                    "provisions": ["PALERMO-3", "CRC-35"], "sectors": ["law-enforcement"]},
    "mandates": {"key": "m2", "actor_key": "moj", "provisions": ["CRC-40"],
                 "functions": ["prosecution", "protection"], "legal_basis": "lc"},
    "links": {"key": "l2", "source_key": "lab", "target_key": "moj", "kind": "data-sharing"},
    "findings": {"key": "F9", "area": "coherence", "layer": "law-policy",
                 "provisions": ["CRC-32"], "sectors": ["labour", "education"],
                 "rating": "not-applicable", "confidence": "low",
                 "tension_sectors": ["education"], "tension_instruments": ["lc"],
                 "narrative": "<script>alert(1)</script>"},
    "evidence": {"key": "E9", "finding_key": "F2", "kind": "ngo-report",
                 "title": "Shelter report", "reliability": "medium", "date": "2024"},
    "indicator-values": {"key": "I9", "indicator": "minimum-age-employment",
                         "year": "2023", "value": "15.5", "sector": "labour"},
}


@pytest.mark.parametrize("entity", list(NEW_RECORDS))
def test_create_read_update_delete_every_entity(db: Database, who: Who, entity: str) -> None:
    contributor = who("contributor")
    catalogue = records.workspace_catalogue(db, WS)
    record = records.record_from_fields(entity, NEW_RECORDS[entity], catalogue)
    created = records.create_record(db, contributor, workspace_key=WS, entity=entity,
                                    record=record)
    assert created.version == 1
    stored = records.get_record(db, who("viewer"), workspace_key=WS, entity=entity,
                                key=record.key)
    assert stored == created

    changed = dataclasses.replace(stored, **_a_change(entity))
    saved = records.update_record(db, contributor, workspace_key=WS, entity=entity,
                                  record=changed, expected_version=1)
    assert saved.version == 2
    assert records.get_record(db, contributor, workspace_key=WS, entity=entity,
                              key=record.key) == saved

    records.delete_record(db, contributor, workspace_key=WS, entity=entity, key=record.key,
                          expected_version=2)
    with pytest.raises(NotFoundError):
        records.get_record(db, contributor, workspace_key=WS, entity=entity, key=record.key)
    actions = [(e.action, e.user) for e in trail(db, record.key)
               if e.entity != "workspace"]
    assert actions == [("delete", "contributor"), ("update", "contributor"),
                       ("create", "contributor")]
    delete, update, create = trail(db, record.key)
    assert create.before is None and create.after is not None
    assert update.before is not None and update.after is not None
    assert delete.after is None and delete.before == update.after


def _a_change(entity: str) -> dict[str, object]:
    changes: dict[str, dict[str, object]] = {
            "actors": {"level": "regional"}, "instruments": {"in_force": False},
            "mandates": {"actor_key": "lab", "provisions": ("CRC-40", "CRC-37")},
            "links": {"legal_basis": "lc"},
            "findings": {"sectors": ("labour",), "tension_sectors": ()},
            "evidence": {"title": "Shelter report 2024", "source": "Safe Haven"},
            "indicator-values": {"value": 16.25}}
    return changes[entity]


def test_a_new_finding_is_a_draft_of_its_creator(db: Database, who: Who) -> None:
    record = records.record_from_fields("findings", {
        **NEW_RECORDS["findings"], "status": "validated", "author": "someone-else"},
        records.workspace_catalogue(db, WS))
    record = dataclasses.replace(record, status=FindingStatus.VALIDATED, validated_by="x")
    created = records.create_record(db, who("contributor"), workspace_key=WS,
                                    entity="findings", record=record)
    assert (created.status, created.author, created.validated_by) == ("draft", "contributor",
                                                                       None)
    assert created.narrative == "<script>alert(1)</script>"  # stored as typed


def test_creating_needs_the_contributor_role_and_sound_references(db: Database,
                                                                   who: Who) -> None:
    actor = Actor(key="new", name="New agency", sector="labour")
    for name in ("viewer", "outsider", "anonymous"):
        with pytest.raises(PermissionDenied):
            records.create_record(db, who(name), workspace_key=WS, entity="actors",
                                  record=actor)
    with pytest.raises(ValidationError) as duplicate:
        records.create_record(db, who("contributor"), workspace_key=WS, entity="actors",
                              record=dataclasses.replace(actor, key="moj"))
    assert duplicate.value.problems[0].field == "key"
    assert "already used" in duplicate.value.problems[0].message
    with pytest.raises(ValidationError) as dangling:
        records.create_record(db, who("contributor"), workspace_key=WS, entity="mandates",
                              record=Mandate(key="m3", actor_key="nobody", legal_basis="nix"))
    assert sorted((p.field, p.message) for p in dangling.value.problems) == [
        ("actor_key", "no actor has key 'nobody' in this workspace"),
        ("legal_basis", "no law or policy has key 'nix' in this workspace")]
    with pytest.raises(ValidationError) as bad_code:
        records.create_record(db, who("contributor"), workspace_key=WS, entity="actors",
                              record=dataclasses.replace(actor, sector="labor"))
    assert bad_code.value.problems[0].field == "sector"
    with pytest.raises(UsageError, match="Actor objects"):
        records.create_record(db, who("contributor"), workspace_key=WS, entity="actors",
                              record=Mandate(key="m4", actor_key="lab"))
    assert records.list_records(db, who("viewer"), workspace_key=WS,
                                entity="actors").total == 2


def test_an_update_records_the_changed_provision_list_before_and_after(db: Database,
                                                                        who: Who) -> None:
    mandate = records.get_record(db, who("contributor"), workspace_key=WS,
                                 entity="mandates", key="m1")
    changed = dataclasses.replace(mandate, provisions=("CRC-32", "CRC-36"), actor_key="moj")
    records.update_record(db, who("contributor"), workspace_key=WS, entity="mandates",
                          record=changed, expected_version=1)
    entry = trail(db, "m1")[0]
    assert (entry.action, entry.user, entry.entity) == ("update", "contributor", "mandate")
    assert entry.before is not None and entry.after is not None
    assert (entry.before["provisions"], entry.after["provisions"]) == (
        ["CRC-32"], ["CRC-32", "CRC-36"])
    assert (entry.before["actor_key"], entry.after["actor_key"]) == ("lab", "moj")
    assert (entry.before["version"], entry.after["version"]) == (1, 2)


def test_a_stale_update_or_delete_writes_nothing(db: Database, who: Who) -> None:
    reviewer = who("reviewer")
    current = records.get_record(db, reviewer, workspace_key=WS, entity="findings", key="F2")
    first = records.update_record(db, reviewer, workspace_key=WS, entity="findings",
                                  record=dataclasses.replace(current, title="Mine"),
                                  expected_version=1)
    entries = len(trail(db, "F2"))
    with pytest.raises(ConflictError) as stale:
        records.update_record(db, who("contributor"), workspace_key=WS, entity="findings",
                              record=dataclasses.replace(current, title="Theirs"),
                              expected_version=1)
    assert stale.value.current_version == 2
    assert stale.value.current == first
    assert "version 1" in stale.value.message and "version 2" in stale.value.message
    with pytest.raises(ConflictError):
        records.delete_record(db, reviewer, workspace_key=WS, entity="findings", key="F2",
                              expected_version=1)
    assert records.get_record(db, reviewer, workspace_key=WS, entity="findings",
                              key="F2") == first
    assert len(trail(db, "F2")) == entries


def test_findings_past_draft_are_the_reviewers_to_change(db: Database, who: Who) -> None:
    validated = records.get_record(db, who("contributor"), workspace_key=WS,
                                   entity="findings", key="F1")
    retitled = dataclasses.replace(validated, title="Better title",
                                   status=FindingStatus.DRAFT)
    with pytest.raises(PermissionDenied, match="reviewer role"):
        records.update_record(db, who("contributor"), workspace_key=WS, entity="findings",
                              record=retitled, expected_version=1)
    with pytest.raises(PermissionDenied):
        records.delete_record(db, who("contributor"), workspace_key=WS, entity="findings",
                              key="F1", expected_version=1)
    saved = records.update_record(db, who("reviewer"), workspace_key=WS, entity="findings",
                                  record=retitled, expected_version=1)
    # review fields are not input: the status asked for (draft) is ignored
    assert (saved.title, saved.status, saved.validated_by) == ("Better title", "validated",
                                                              "lead")
    draft = records.get_record(db, who("contributor"), workspace_key=WS, entity="findings",
                               key="F2")
    records.update_record(db, who("contributor"), workspace_key=WS, entity="findings",
                          record=dataclasses.replace(draft, rating=3,
                                                     rating_state=RatingState.RATED),
                          expected_version=1)


def test_evidence_follows_its_finding(db: Database, who: Who) -> None:
    item = Evidence(key="E3", finding_key="F3", kind="statistics", title="Case data")
    with pytest.raises(PermissionDenied, match="reviewed finding"):
        records.create_record(db, who("contributor"), workspace_key=WS, entity="evidence",
                              record=item)
    records.create_record(db, who("reviewer"), workspace_key=WS, entity="evidence",
                          record=item)
    only = records.get_record(db, who("reviewer"), workspace_key=WS, entity="evidence",
                              key="E1")
    with pytest.raises(ValidationError, match="at least one evidence item") as refused:
        records.delete_record(db, who("reviewer"), workspace_key=WS, entity="evidence",
                              key="E1", expected_version=1)
    assert "send the finding back" in refused.value.problems[0].message
    with pytest.raises(ValidationError, match="at least one evidence item"):
        records.update_record(db, who("reviewer"), workspace_key=WS, entity="evidence",
                              record=dataclasses.replace(only, finding_key="F2"),
                              expected_version=1)
    assert records.get_record(db, who("reviewer"), workspace_key=WS, entity="evidence",
                              key="E1") == only


def test_a_record_still_referred_to_is_not_deleted(db: Database, who: Who) -> None:
    with pytest.raises(ValidationError) as refused:
        records.delete_record(db, who("contributor"), workspace_key=WS, entity="actors",
                              key="lab", expected_version=1)
    assert "mandates m1; coordination links l1" in refused.value.problems[0].message
    with pytest.raises(ValidationError, match="coordination links l1"):
        records.delete_record(db, who("contributor"), workspace_key=WS,
                              entity="instruments", key="lc", expected_version=1)
    records.delete_record(db, who("contributor"), workspace_key=WS, entity="links",
                          key="l1", expected_version=1)
    records.delete_record(db, who("contributor"), workspace_key=WS, entity="actors",
                          key="moj", expected_version=1)
    assert [a.key for a in records.list_records(db, who("viewer"), workspace_key=WS,
                                                entity="actors").items] == ["lab"]


def test_a_deleted_finding_takes_its_evidence_with_it_audited(db: Database,
                                                              who: Who) -> None:
    records.delete_record(db, who("reviewer"), workspace_key=WS, entity="findings", key="F1",
                          expected_version=1)
    assert records.list_records(db, who("viewer"), workspace_key=WS,
                                entity="evidence").total == 0
    entry = trail(db, "E1")[0]
    assert (entry.action, entry.entity, entry.summary) == ("delete", "evidence",
                                                           "deleted with finding 'F1'")
    assert entry.before is not None and entry.before["finding_key"] == "F1"


def test_the_catalogue_is_parsed_once(db: Database) -> None:
    assert records.workspace_catalogue(db, WS) is records.workspace_catalogue(db, WS)
