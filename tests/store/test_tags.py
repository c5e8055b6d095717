"""Tag rows: a record's code lists saved in order and read back exactly, per owner and kind,
on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from impactkit.domain import Finding
from impactkit.store.db import Database
from impactkit.store.schema import finding_tags, findings
from impactkit.store.tags import FINDING_TAGS, delete_tags, insert_tags, load_tags, tag_rows


def _ids(conn: sa.Connection) -> dict[str, int]:
    return {key: id_ for id_, key in conn.execute(sa.select(findings.c.id, findings.c.key))}


def test_rows_keep_each_list_in_its_order() -> None:
    finding = Finding(key="F", area="compliance", layer="practice",
                      provisions=("CRC-32", "CRC-3", "ILO138-2"), sectors=("labour",))
    rows = tag_rows(7, finding, FINDING_TAGS)
    assert [(r["kind"], r["position"], r["code"]) for r in rows] == [
        ("provision", 0, "CRC-32"), ("provision", 1, "CRC-3"), ("provision", 2, "ILO138-2"),
        ("sector", 0, "labour")]
    assert {r["owner_id"] for r in rows} == {7}


def test_lists_read_back_as_saved_per_owner_and_kind(sample: Database) -> None:
    with sample.begin() as conn:
        ids = _ids(conn)
        owner = ids["F2"]
        delete_tags(conn, finding_tags, owner)
        finding = Finding(key="F2", area="compliance", layer="practice",
                          provisions=("CRC-35", "CRC-32", "CRC-34"),
                          groups=("working", "unaccompanied"), sectors=("labour",))
        insert_tags(conn, finding_tags, tag_rows(owner, finding, FINDING_TAGS))
    with sample.connect() as conn:
        found = load_tags(conn, finding_tags, [owner], FINDING_TAGS)
    assert found == {owner: {"provisions": ("CRC-35", "CRC-32", "CRC-34"),
                             "groups": ("working", "unaccompanied"), "sectors": ("labour",)}}


def test_owners_without_tags_are_absent_and_unknown_kinds_are_ignored(
        sample: Database) -> None:
    with sample.begin() as conn:
        ids = _ids(conn)
        delete_tags(conn, finding_tags, ids["F3"])
        conn.execute(finding_tags.insert(), [{"owner_id": ids["F1"], "kind": "retired-kind",
                                              "position": 0, "code": "x"}])
    with sample.connect() as conn:
        found = load_tags(conn, finding_tags, list(ids.values()), FINDING_TAGS)
    assert ids["F3"] not in found
    assert all("retired-kind" not in by_kind for by_kind in found.values())
    assert found[ids["F1"]]  # its own tags are still read


def test_a_query_of_owners_selects_the_same_as_their_ids(sample: Database) -> None:
    with sample.connect() as conn:
        ids = list(_ids(conn).values())
        by_ids = load_tags(conn, finding_tags, ids, FINDING_TAGS)
        by_query = load_tags(conn, finding_tags, sa.select(findings.c.id), FINDING_TAGS)
    assert by_ids == by_query and by_ids
