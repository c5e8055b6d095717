"""Rows and records, kind by kind: every kind reads back through its entity as the bulk
loader reads it, references shown as keys (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from tests.services.sample import WS

from impactkit.errors import UsageError
from impactkit.kinds import KINDS, RecordKind
from impactkit.store import records, rows, workspaces
from impactkit.store.db import Database


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_each_kind_reads_back_as_the_bulk_loader_reads_it(sample: Database,
                                                         kind: RecordKind) -> None:
    spec = rows.entity(kind.name)
    with sample.connect() as conn:
        whole = records.load_workspace_data(conn, workspace_key=WS)
        ws_id = workspaces.ws_id(conn, WS)
        found = list(conn.execute(rows.select(spec).where(spec.table.c.workspace_id == ws_id)
                                  .order_by(spec.table.c.id)))
        loaded = rows.load(conn, spec, found)
    expected = getattr(whole, kind.field)
    assert loaded == expected and loaded, kind.name
    for record, row in zip(loaded, found, strict=True):
        own = rows.values(spec, record)
        assert set(own) <= set(spec.table.c.keys())
        assert not {"id", "workspace_id", "key", "version"} & set(own)
        assert not {ref.column for ref in spec.references} & set(own)
        for ref in spec.references:  # ids in the table, keys on the record
            assert getattr(row, ref.attribute) == getattr(record, ref.attribute)


def test_an_unknown_kind_is_refused_with_the_known_ones() -> None:
    with pytest.raises(UsageError, match="use one of: actor, instrument, mandate"):
        rows.entity("actors")


def test_a_missing_optional_reference_reads_as_none(sample: Database) -> None:
    spec = rows.entity("link")
    with sample.begin() as conn:
        conn.execute(spec.table.update().values(legal_basis_id=None))
    with sample.connect() as conn:
        found = list(conn.execute(rows.select(spec)))
        [link] = rows.load(conn, spec, found)
    assert link.legal_basis is None and link.source_key == "moj"


def test_every_reference_names_a_stored_kind() -> None:
    for spec in rows.ENTITIES.values():
        for ref in spec.references:
            target = rows.ENTITIES[ref.target]
            column = spec.table.c[ref.column]
            assert isinstance(column.type, sa.Integer)
            assert any(fk.column.table is target.table for fk in column.foreign_keys)
